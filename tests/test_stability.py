from conformance.commands.stability import differing, main


def test_identical_runs_differ_nowhere():
    runs = [{"a": "passed", "b": "warning"}, {"a": "passed", "b": "warning"}]
    assert differing(runs) == {}


def test_a_changed_or_missing_item_is_reported_with_every_run_status():
    runs = [{"a": "passed", "b": "passed"}, {"a": "failed", "b": "passed"}, {"b": "passed"}]
    assert differing(runs) == {"a": ["passed", "failed", "missing"]}


def test_fewer_than_two_runs_is_a_usage_error(capsys):
    try:
        main(["--runs", "1"])
    except SystemExit as exit_:
        assert exit_.code == 2
    else:
        raise AssertionError("expected a usage error")
    assert "at least 2" in capsys.readouterr().err
