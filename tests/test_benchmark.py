from conformance.commands.benchmark import (
    Configuration,
    Measurement,
    default_plan,
    median_run,
    pools_note,
    report,
    speedups,
    table,
)


def measurement(workers=1, latency=0, wall=10.0, items=100, item_seconds=5.0, service=3.0, backoff=0.5, pools=16,
                by_definition=True):
    return Measurement(Configuration("reference-http", workers, latency, by_definition), 0, items, wall, item_seconds,
                       400, service, backoff, pools)


def test_overhead_leaves_out_service_time_and_client_backoff():
    assert measurement().overhead_ms_per_item == 1000 * (5.0 - 3.0 - 0.5) / 100
    assert measurement().calls_per_item == 4.0


def test_speedups_compare_every_worker_count_with_one():
    notes = speedups([[measurement(1, 60, wall=40.0)], [measurement(8, 60, wall=10.0)]])
    assert notes == ["60 ms latency: 8 workers are 4.0x faster than 1"]


def test_repeated_speedups_are_the_median_of_the_rounds_with_their_range():
    one = [measurement(1, 60, wall=w) for w in (40.0, 44.0, 42.0)]
    eight = [measurement(8, 60, wall=w) for w in (10.0, 10.0, 12.0)]
    assert speedups([one, eight]) == ["60 ms latency: 8 workers are 4.0x faster than 1 (3.5x to 4.4x over 3 rounds)"]


def test_the_table_has_a_row_per_configuration_with_the_median_run_and_the_spread():
    text = table([[measurement()], [measurement(2, wall=w) for w in (9.0, 11.0, 10.0)]])
    assert text.count("\n| reference-http |") == 2
    assert "| 10.0 (9.0–11.0) |" in text


def test_the_table_says_how_items_went_to_the_workers():
    text = table([[measurement()], [measurement(8)], [measurement(8, by_definition=False)]])
    assert [line.split(" | ")[3] for line in text.splitlines()[2:]] == ["one process", "by definition", "xdist's load"]


def test_pytest_xdists_own_scheduling_is_compared_with_one_worker_too():
    rows = [[measurement(1, 60, wall=40.0, pools=25)], [measurement(8, 60, wall=8.0, pools=31)],
            [measurement(8, 60, wall=10.0, pools=52, by_definition=False)]]
    assert speedups(rows)[1] == "60 ms latency: 8 workers with pytest-xdist's own scheduling are 4.0x faster than 1"
    assert pools_note(rows).endswith("; 31 with 8 workers, 52 with 8 workers and pytest-xdist's own scheduling")


def test_the_median_run_is_the_middle_one():
    runs = [measurement(wall=w) for w in (3.0, 1.0, 2.0)]
    assert median_run(runs).wall_seconds == 2.0


def test_the_pools_note_compares_each_worker_count_with_the_definitions():
    note = pools_note([[measurement(1, 60, pools=25)], [measurement(2, 60, pools=26)], [measurement(8, 60, pools=31)]])
    assert note == "user pools: 25 with 1 worker (one per distinct definition); 26 with 2 workers, 31 with 8 workers"


def test_the_report_ends_with_the_speedup_and_the_pools():
    text = report([[measurement(1, 60, wall=40.0, pools=25)], [measurement(8, 60, wall=10.0, pools=31)]])
    assert text.splitlines()[-2:] == ["- 60 ms latency: 8 workers are 4.0x faster than 1",
                                      "- user pools: 25 with 1 worker (one per distinct definition); 31 with 8 workers"]


def test_the_quick_plan_still_has_one_and_eight_workers_under_latency():
    latency = [c.workers for c in default_plan(quick=True) if c.latency_ms]
    assert latency == [1, 8]


def test_the_full_plan_compares_the_default_under_n_with_pytest_xdists_own():
    eight = [c.scheduling for c in default_plan(quick=False) if c.latency_ms and c.workers == 8]
    assert eight == ["by definition", "xdist's load"]


def test_of_an_even_number_of_rounds_the_less_favourable_middle_ratio_is_the_speedup():
    one = [measurement(1, 60, wall=40.0), measurement(1, 60, wall=40.0)]
    eight = [measurement(8, 60, wall=10.0), measurement(8, 60, wall=8.0)]
    assert speedups([one, eight]) == ["60 ms latency: 8 workers are 4.0x faster than 1 (4.0x to 5.0x over 2 rounds)"]
