from conformance.commands.benchmark import Configuration, Measurement, default_plan, speedups, table


def measurement(workers=1, latency=0, wall=10.0, items=100, item_seconds=5.0, service=3.0, backoff=0.5):
    return Measurement(Configuration("reference-http", workers, latency), 0, items, wall, item_seconds,
                       400, service, backoff, 16)


def test_overhead_leaves_out_service_time_and_client_backoff():
    assert measurement().overhead_ms_per_item == 1000 * (5.0 - 3.0 - 0.5) / 100
    assert measurement().calls_per_item == 4.0


def test_speedups_compare_every_worker_count_with_one():
    notes = speedups([measurement(1, 60, wall=40.0), measurement(8, 60, wall=10.0)])
    assert notes == ["60 ms latency: 8 workers are 4.0x faster than 1"]


def test_the_table_has_a_row_per_measurement():
    text = table([measurement(), measurement(2)])
    assert text.count("\n| reference-http |") == 2


def test_the_quick_plan_still_has_one_and_eight_workers_under_latency():
    latency = [c.workers for c in default_plan(quick=True) if c.latency_ms]
    assert latency == [1, 8]
