// Filters of the single-file report: by status, by feature and by words. Without JavaScript every
// requirement is shown and the toolbar is hidden.
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  var chips = Array.prototype.slice.call(document.querySelectorAll("[data-filter-status]"));
  var feature = document.getElementById("filter-feature");
  var words = document.getElementById("filter-text");
  var requirements = Array.prototype.slice.call(document.querySelectorAll("details.req"));
  var groups = Array.prototype.slice.call(document.querySelectorAll(".feature-group"));
  var scopes = Array.prototype.slice.call(document.querySelectorAll(".scope-group"));
  var shown = document.getElementById("shown");
  var nothing = document.getElementById("nothing-shown");

  function pressed(chip) { return chip.getAttribute("aria-pressed") === "true"; }

  function apply() {
    var statuses = {};
    chips.forEach(function (chip) { if (pressed(chip)) { statuses[chip.getAttribute("data-filter-status")] = true; } });
    var chosenFeature = feature ? feature.value : "";
    var query = words ? words.value.trim().toLowerCase() : "";
    var count = 0;
    requirements.forEach(function (requirement) {
      var features = (requirement.getAttribute("data-features") || "").split("|");
      var visible = statuses[requirement.getAttribute("data-status")] === true &&
        (!chosenFeature || features.indexOf(chosenFeature) >= 0) &&
        (!query || (requirement.getAttribute("data-search") || "").indexOf(query) >= 0);
      requirement.hidden = !visible;
      if (visible) { count += 1; }
    });
    groups.forEach(function (group) { group.hidden = !group.querySelector("details.req:not([hidden])"); });
    scopes.forEach(function (scope) { scope.hidden = !scope.querySelector("details.req:not([hidden])"); });
    if (shown) { shown.textContent = count + " of " + requirements.length + " requirements shown"; }
    if (nothing) { nothing.hidden = count > 0 || requirements.length === 0; }
  }

  function setAll(predicate) {
    chips.forEach(function (chip) {
      chip.setAttribute("aria-pressed", predicate(chip) ? "true" : "false");
    });
    apply();
  }

  chips.forEach(function (chip) {
    chip.addEventListener("click", function () {
      chip.setAttribute("aria-pressed", pressed(chip) ? "false" : "true");
      apply();
    });
  });
  function on(id, event, handler) {
    var element = document.getElementById(id);
    if (element) { element.addEventListener(event, handler); }
  }
  on("only-attention", "click", function () {
    setAll(function (chip) { return chip.getAttribute("data-attention") === "yes"; });
  });
  on("all-statuses", "click", function () { setAll(function () { return true; }); });
  on("filter-feature", "change", apply);
  on("filter-text", "input", apply);
  on("expand-all", "click", function () {
    requirements.forEach(function (requirement) { if (!requirement.hidden) { requirement.open = true; } });
  });
  on("collapse-all", "click", function () {
    requirements.forEach(function (requirement) { requirement.open = false; });
  });

  // A link to #req_id opens that requirement, even when it arrives after load.
  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id ? document.getElementById(id) : null;
    if (target && target.tagName === "DETAILS") {
      target.hidden = false;
      target.open = true;
      var group = target.closest(".feature-group");
      if (group) { group.hidden = false; }
      var scope = target.closest(".scope-group");
      if (scope) { scope.hidden = false; }
    }
  }
  window.addEventListener("hashchange", openTarget);
  apply();
  openTarget();
})();
