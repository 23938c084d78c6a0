import pytest

from conformance.commands.whole_run import WholeRun
from conformance.commands.survey import END, START, SurveyRow, replace_section, table

DOCUMENT = {
    "run": {"target": {"name": "moto", "version": "5.2.5"}},
    "summary": {"requirements": {"passed": 3, "failed": 2, "not_applicable": 1},
                "service_requirements": {"passed": 2, "failed": 2},
                "items": {"passed": 7, "failed": 2, "warning": 1}},
    "requirements": [],
}


def test_a_row_shows_requirement_and_item_counts():
    row = SurveyRow("moto", "python", "reference", WholeRun(1, "", 4.2, DOCUMENT))
    assert row.cells() == ["moto 5.2.5", "python", "reference", "3", "2", "0", "1", "2 / 2",
                           "7 passed, 2 failed, 1 warning, 0 not applicable", "4.2 s"]


def test_a_target_that_could_not_run_says_why():
    row = SurveyRow("cognito-local", "python", "reference",
                    WholeRun(4, "ERROR: run npm ci in targets/node/cognito-local\n", 0.5))
    assert row.cells()[-1] == "did not run: run npm ci in targets/node/cognito-local"


def test_the_table_replaces_only_the_marked_section():
    text = f"before\n{START}\nold\n{END}\nafter\n"
    updated = replace_section(text, table([], "python -m conformance.commands.survey"))
    assert updated.startswith("before\n") and updated.endswith("after\n") and "old" not in updated
    assert "Produced by `python -m conformance.commands.survey`" in updated


def test_a_readme_without_markers_is_refused():
    with pytest.raises(ValueError, match="markers"):
        replace_section("no markers", "table")


def test_the_real_library_runs_only_where_there_is_an_endpoint():
    from conformance.commands.survey import plan
    assert plan(["reference", "moto-server"], True) == [
        ("reference", "python"), ("moto-server", "python"), ("moto-server", "amplify-js")]
    assert plan(["reference", "moto-server"], False) == [("reference", "python"), ("moto-server", "python")]


def test_client_differences_count_items_with_another_status():
    from conformance.commands.survey import client_differences

    def row(client, statuses):
        document = {"requirements": [{"id": "r", "status": "passed",
                                      "items": [{"nodeid": n, "status": st} for n, st in statuses.items()]}]}
        return SurveyRow("moto-server", client, "reference", WholeRun(0, "", 1.0, document))

    notes = client_differences([row("python", {"a": "passed", "b": "failed"}),
                                row("amplify-js", {"a": "passed", "b": "passed"})])
    assert notes == ["moto-server: 1 of 2 test items differ in status between the python client and the real "
                     "aws-amplify (b)"]


def test_the_matrix_of_the_runs_is_written_beside_their_results(tmp_path):
    from conformance.commands.survey import write_matrix
    from tests.report_documents import document, requirement, run

    (tmp_path / "a.report.html").write_text("<html></html>", encoding="utf-8")  # a's page; b has none
    written = write_matrix([(str(tmp_path / "a.json"), document([requirement("req_a", "passed")], the_run=run("moto"))),
                            (str(tmp_path / "b.json"),
                             document([requirement("req_a", "failed")], the_run=run("moto-server")))],
                           tmp_path)

    assert written == [tmp_path / "matrix.html", tmp_path / "matrix.md"]
    assert "| `req_a` ≠ | MUST | ✓ passed | ✗ failed |" in (tmp_path / "matrix.md").read_text(encoding="utf-8")
    assert 'href="a.report.html"' in (tmp_path / "matrix.html").read_text(encoding="utf-8")  # each run's page, linked
