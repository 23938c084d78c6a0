"""Allure: labels for requirement, level and run; the pinned Allure 3 command line; no analytics tag."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from reports.allure_offline import main as strip_main
from reports.allure_offline import strip_analytics

ROOT = Path(__file__).resolve().parents[1]

# As @allurereport/plugin-awesome 3.18 writes it into every report.
ALLURE_PAGE = """<body>
    <script src="data:text/javascript;base64,AAAA"></script>
    <script async src="https://www.googletagmanager.com/gtag/js?id=G-LNDJ3J7WT0"></script>
    <script>
        window.dataLayer = window.dataLayer || [];
        function gtag(){dataLayer.push(arguments);}
        gtag('js', new Date());
        gtag('config', 'G-LNDJ3J7WT0', {
          "report": "awesome",
          "single_file": "true"
        });
    </script>
    <script async>
      window.allureReportDataReady = false;
    </script>
</body>"""


def test_the_analytics_tag_is_removed_and_the_report_s_own_scripts_kept():
    page = strip_analytics(ALLURE_PAGE)

    assert "googletagmanager" not in page and "gtag" not in page
    assert 'src="data:text/javascript;base64,AAAA"' in page
    assert "window.allureReportDataReady = false;" in page


def test_the_stripper_rewrites_the_report_folder_and_refuses_an_unknown_template(tmp_path, capsys):
    (tmp_path / "index.html").write_text(ALLURE_PAGE, encoding="utf-8")
    assert strip_main([str(tmp_path)]) == 0
    assert "googletagmanager" not in (tmp_path / "index.html").read_text(encoding="utf-8")

    unknown = '<script src="https://www.googletagmanager.com/x.js"></script>'
    (tmp_path / "index.html").write_text(unknown, encoding="utf-8")
    assert strip_main([str(tmp_path)]) == 2
    assert "the Allure template changed" in capsys.readouterr().err
    assert strip_main([str(tmp_path / "empty")]) == 2


def test_allure_3_is_pinned_with_a_lock_file():
    package = json.loads((ROOT / "reports" / "allure" / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "reports" / "allure" / "package-lock.json").read_text(encoding="utf-8"))

    pinned = package["devDependencies"]["allure"]
    assert pinned.split(".")[0] == "3" and pinned[0].isdigit(), "an exact Allure 3 version"
    assert lock["packages"]["node_modules/allure"]["version"] == pinned


@pytest.mark.skipif(importlib.util.find_spec("allure_pytest_bdd") is None,
                    reason="allure-pytest-bdd is not installed (pip install -e .[allure])")
def test_results_carry_requirement_level_and_run_labels(tmp_path):
    results = tmp_path / "allure-results"
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--target", "reference", "--results", str(tmp_path / "results.json"),
         "-p", "reports.allure_labels", f"--alluredir={results}", "-k", "default_recovery_channel"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stdout[-2000:] + completed.stderr[-2000:]

    found = [json.loads(path.read_text(encoding="utf-8")) for path in results.glob("*-result.json")]
    assert found
    for result in found:
        labels = {(label["name"], label["value"]) for label in result["labels"]}
        assert ("requirement", "req_default_recovery_channel") in labels
        assert ("level", "must") in labels and ("severity", "critical") in labels
        assert ("target", "reference") in labels
        assert ("parentSuite", "reference / python / reference") in labels
        assert ("tag", "req_default_recovery_channel") in labels  # allure-pytest-bdd's own, from the Gherkin tag
    environment = (results / "environment.properties").read_text(encoding="utf-8").splitlines()
    assert "target=reference" in environment and "client=python" in environment
