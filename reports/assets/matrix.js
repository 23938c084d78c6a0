// Filters of the matrix: only the rows where the runs differ, one feature, words in the ID or statement.
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  var differences = document.getElementById("only-differences");
  var feature = document.getElementById("filter-feature");
  var words = document.getElementById("filter-text");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.req-row"));
  var featureRows = Array.prototype.slice.call(document.querySelectorAll("tr.feature-row"));
  var shown = document.getElementById("shown");
  var nothing = document.getElementById("nothing-shown");

  function apply() {
    var onlyDifferences = differences ? differences.checked : false;
    var chosenFeature = feature ? feature.value : "";
    var query = words ? words.value.trim().toLowerCase() : "";
    var count = 0;
    var visibleFeatures = {};
    rows.forEach(function (row) {
      var visible = (!onlyDifferences || row.getAttribute("data-differs") === "yes") &&
        (!chosenFeature || row.getAttribute("data-feature") === chosenFeature) &&
        (!query || (row.getAttribute("data-search") || "").indexOf(query) >= 0);
      row.hidden = !visible;
      if (visible) {
        count += 1;
        visibleFeatures[row.getAttribute("data-feature")] = true;
      }
    });
    featureRows.forEach(function (row) { row.hidden = !visibleFeatures[row.getAttribute("data-feature")]; });
    if (shown) { shown.textContent = count + " of " + rows.length + " requirements shown"; }
    if (nothing) { nothing.hidden = count > 0 || rows.length === 0; }
  }

  [differences, feature].forEach(function (element) { if (element) { element.addEventListener("change", apply); } });
  if (words) { words.addEventListener("input", apply); }
  apply();
})();
