"""Under pytest-xdist, pools track the definitions: items go to workers by backend definition.

The backlog's choices are checked on made-up groups, with a small simulation of workers taking items
as they finish others; the scheduler's part of pytest-xdist's protocol with stand-in workers; and the
whole chain (workers leaving their groups, the controller reading them) by runs of the specification.
"""
from __future__ import annotations

import heapq
import json
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
from pytest_bdd.feature import get_features

from conformance.catalogue import FEATURES_PATH
from conformance.commands.whole_run import run_in_subprocess
from conformance.scheduling import MIN_PENDING, MIN_SHARE, PREFETCH, Backlog, DefinitionScheduling, steps_definition


# --- the definition a scenario names ---------------------------------------------------------------

def test_a_scenario_names_its_definition_by_its_backend_step():
    steps = ["a backend defined with login by email", "a user with a verified email address"]
    assert steps_definition(steps) == "email"
    assert steps_definition(['a backend is defined with login by email and phone and accountRecovery "NONE"']) \
        == "email+phone NONE"


def test_two_phrasings_of_one_definition_are_one_group():
    one = 'a backend defined with login by email and accountRecovery "NONE" and user existence errors revealed'
    other = 'a backend defined with login by email and user existence errors revealed and accountRecovery "NONE"'
    assert steps_definition([one]) == steps_definition([other])


def test_a_scenario_without_a_backend_names_no_definition():
    assert steps_definition(['a user pool is created directly with the recovery mechanisms "admin_only:1"']) is None


def test_a_phrase_the_suite_cannot_read_is_its_own_group():
    assert steps_definition(["a backend defined with login by carrier pigeon"]) == "login by carrier pigeon"


# --- the backlog ---------------------------------------------------------------------------------

def simulate(groups: list[str | None], workers: int, starts: list[float] | None = None,
             durations: list[float] | None = None) -> tuple[dict[int, list[int]], float]:
    """Workers take one item at a time as they finish the last; returns each one's items and the end."""
    backlog = Backlog(groups)
    durations = durations or [1.0] * len(groups)
    free = [(start, worker) for worker, start in enumerate(starts or [0.0] * workers)]
    heapq.heapify(free)
    taken: dict[int, list[int]] = {worker: [] for worker in range(workers)}
    end = 0.0
    while free:
        now, worker = heapq.heappop(free)
        index = backlog.take(worker)
        if index is None:
            end = max(end, now)
            continue
        taken[worker].append(index)
        heapq.heappush(free, (now + durations[index], worker))
    return taken, end


def pools(groups: list[str | None], taken: dict[int, list[int]]) -> int:
    return sum(len({groups[i] for i in items} - {None}) for items in taken.values())


def the_suites_shape() -> list[str | None]:
    """One definition for most scenarios, two dozen used by a few each, and items that name none."""
    small = [f"d{n}" for n in range(24) for _ in range(1 + n % 4)]
    return ["email"] * 177 + small + [None] * 9


def test_every_item_goes_out_exactly_once():
    groups = the_suites_shape()
    taken, _ = simulate(groups, 8)
    assert sorted(i for items in taken.values() for i in items) == list(range(len(groups)))


def test_with_one_worker_there_is_one_pool_per_definition():
    groups = the_suites_shape()
    taken, _ = simulate(groups, 1)
    assert pools(groups, taken) == len(set(groups) - {None}) == 25


@pytest.mark.parametrize("workers", [2, 4, 8])
def test_pools_stay_close_to_the_definitions_and_the_workers_finish_together(workers):
    groups = the_suites_shape()
    starts = [0.5 * w for w in range(workers)]  # workers come up one after another
    taken, end = simulate(groups, workers, starts)
    assert pools(groups, taken) <= 25 + workers - 1
    ideal = (len(groups) + sum(starts)) / workers  # every worker busy from its start to the end
    assert end <= ideal + 2


def test_a_worker_keeps_to_the_definition_it_holds():
    groups = ["a", "a", "a", "a", "b", "b", "b", "b"]
    taken, _ = simulate(groups, 2)
    assert [{groups[i] for i in items} for items in taken.values()] == [{"a"}, {"b"}]


def test_the_definition_with_most_items_is_taken_first():
    backlog = Backlog(["small", "big", "big", "big"])
    assert backlog.take("w") == 1
    assert backlog.held_by("w") == ["big"]


def test_items_naming_no_definition_come_before_sharing_a_definition():
    backlog = Backlog(["a"] * 10 + [None])
    backlog.take("first")
    assert backlog.take("second") == 10  # the free item, not a share of "a"
    assert backlog.take("second") == 1  # then a share of "a"
    assert backlog.held_by("second") == ["a"]


def test_a_definition_is_shared_only_while_each_holder_keeps_enough_items():
    backlog = Backlog(["a"] * (2 * MIN_SHARE))
    backlog.take("first")  # leaves 2 * MIN_SHARE - 1: not enough for two holders
    assert backlog.take("second") is None
    backlog = Backlog(["a"] * (2 * MIN_SHARE + 1))
    backlog.take("first")
    assert backlog.take("second") is not None


def test_items_given_back_go_first_and_a_departed_worker_holds_nothing():
    backlog = Backlog(["a", "a", "a"])
    first, second = backlog.take("w"), backlog.take("w")
    backlog.leave("w")
    backlog.give_back([first, second])
    assert backlog.take("other") == first
    assert backlog.held_by("other") == ["a"]
    assert backlog.held_by("w") == []


# --- the scheduler, with stand-in workers --------------------------------------------------------

class Worker:
    def __init__(self, name: str) -> None:
        self.gateway = SimpleNamespace(id=name)
        self.workerinput = {"workerid": name}
        self.sent: list[int] = []
        self.shutting_down = False

    def send_runtest_some(self, indices):
        self.sent.extend(indices)

    def shutdown(self):
        self.shutting_down = True


class Log:
    def __call__(self, *words):
        self.said = " ".join(map(str, words))

    @property
    def definitionsched(self):
        return self


def scheduler(tmp_path: Path, groups: dict[str, str | None] | None = None, *names: str):
    reports = []
    config = SimpleNamespace(hook=SimpleNamespace(pytest_collectreport=lambda report: reports.append(report)))
    if groups is not None:
        (tmp_path / "gw0.json").write_text(json.dumps(groups), encoding="utf-8")
    sched = DefinitionScheduling(config, Log(), tmp_path)
    workers = [Worker(name) for name in names or ("gw0", "gw1")]
    for worker in workers:
        sched.add_node(worker)
    return sched, workers, reports


COLLECTION = [f"steps/test_specification.py::test_{n}" for n in range(8)]
LONGER = [f"steps/test_specification.py::test_{n}" for n in range(20)]


def test_a_worker_starts_as_soon_as_its_own_collection_is_in(tmp_path):
    sched, (first, second), _ = scheduler(tmp_path)
    sched.add_node_collection(first, LONGER)
    assert sched.collection_is_completed
    sched.schedule()
    assert len(first.sent) == PREFETCH and second.sent == []
    sched.add_node_collection(second, LONGER)
    sched.schedule()
    assert len(second.sent) == PREFETCH and not set(first.sent) & set(second.sent)


def test_near_the_end_a_worker_holds_only_the_item_it_runs_and_the_next(tmp_path):
    sched, (first, second), _ = scheduler(tmp_path)
    for worker in (first, second):
        sched.add_node_collection(worker, LONGER)
        sched.schedule()
    while len(sched.backlog) >= PREFETCH * 2:  # enough for both to hold PREFETCH
        sched.mark_test_complete(first, sched.node2pending[first][0])
        assert len(sched.node2pending[first]) == PREFETCH
    sched.mark_test_complete(first, sched.node2pending[first][0])
    assert len(sched.node2pending[first]) == MIN_PENDING


def test_the_workers_groups_decide_who_runs_what(tmp_path):
    groups = {nodeid: ("a" if n % 2 else "b") for n, nodeid in enumerate(COLLECTION)}
    sched, (first, second), _ = scheduler(tmp_path, groups)
    for worker in (first, second):
        sched.add_node_collection(worker, COLLECTION)
        sched.schedule()
    while not sched.tests_finished:
        for worker in (first, second):
            if sched.node2pending[worker]:
                sched.mark_test_complete(worker, sched.node2pending[worker][0])
    assert {groups[COLLECTION[i]] for i in first.sent} == {"b"}
    assert {groups[COLLECTION[i]] for i in second.sent} == {"a"}
    assert sorted(first.sent + second.sent) == list(range(len(COLLECTION)))


def test_without_the_groups_scheduling_is_by_load_alone(tmp_path):
    sched, (first, second), _ = scheduler(tmp_path)
    sched.add_node_collection(first, COLLECTION)
    sched.schedule()
    assert "scheduling by load alone" in sched.log.said
    assert first.sent == [0, 1, 2]


def test_a_worker_that_collected_other_items_is_reported_and_given_nothing(tmp_path):
    sched, (first, second), reports = scheduler(tmp_path)
    sched.add_node_collection(first, COLLECTION)
    sched.schedule()
    sched.add_node_collection(second, COLLECTION[:-1])
    sched.schedule()
    assert second.sent == [] and second.shutting_down
    assert reports and reports[0].failed and "gw1 collected other test items than gw0" in str(reports[0].longrepr)


def test_a_crashed_workers_items_go_to_the_others(tmp_path):
    sched, (first, second), _ = scheduler(tmp_path)
    for worker in (first, second):
        sched.add_node_collection(worker, COLLECTION)
        sched.schedule()
    running, waiting, sent = first.sent[0], first.sent[1:], len(second.sent)
    assert sched.remove_node(first) == COLLECTION[running]  # pytest-xdist reports it as the crash
    sched.mark_test_complete(second, second.sent[0])
    assert second.sent[sent:sent + len(waiting)] == waiting  # what it did not get to runs next
    while not sched.tests_finished:
        sched.mark_test_complete(second, sched.node2pending[second][0])
    assert sorted(second.sent) == sorted(set(range(len(COLLECTION))) - {running})


def test_the_run_is_finished_when_every_worker_holds_at_most_its_last_item(tmp_path):
    sched, (first,), _ = scheduler(tmp_path, None, "gw0")
    assert not sched.tests_finished  # no collection yet
    sched.add_node_collection(first, COLLECTION[:2])
    sched.schedule()
    assert first.sent == [0, 1] and not sched.tests_finished
    sched.mark_test_complete(first, 0)
    assert first.shutting_down and sched.tests_finished  # it runs its last item as it stops


# --- the whole chain -----------------------------------------------------------------------------

SELECTION = "recovery_setting or recovery_channel"


def selected_groups(document: dict) -> Counter:
    """How many of the run's items use each definition, read from the features as the workers do."""
    templates = {(Path(f.filename).name, s.name): s for f in get_features([str(FEATURES_PATH)])
                 for s in f.scenarios.values()}
    items = [i for r in document["requirements"] for i in r["items"]]
    rendered = [templates[i["feature"], i["scenario"]].render(i["example"]) for i in items]
    return Counter(steps_definition(step.name for step in scenario.steps) for scenario in rendered)


def test_two_workers_create_one_pool_per_definition_the_run_uses(tmp_path):
    one = run_in_subprocess(tmp_path / "one.json", "--target=reference", "-k", SELECTION)
    two = run_in_subprocess(tmp_path / "two.json", "--target=reference", "-k", SELECTION, workers=2)
    assert one.exit_code == two.exit_code == 0, two.output
    groups = selected_groups(two.document)
    # No definition here has enough items to be shared between two workers, so the count is exact.
    assert max(groups.values()) < 2 * MIN_SHARE, groups
    assert two.document["run"]["workers"] == 2
    definitions = len(groups) - (None in groups)
    assert two.document["run"]["pools_created"] == one.document["run"]["pools_created"] == definitions
    assert two.item_statuses == one.item_statuses


@pytest.mark.parametrize("options, scheduler", [
    ((), "DefinitionScheduling"),
    (("-p", "no:conformance-distribution"), "LoadScheduling"),
    (("--dist", "worksteal"), "WorkStealingScheduling"),
])
def test_n_alone_schedules_by_definition_and_pytest_xdists_own_modes_stay_available(tmp_path, options, scheduler):
    run = run_in_subprocess(tmp_path / "r.json", "--target=reference", "-k", "default_recovery_channel", "-vv",
                            *options, workers=2)
    assert run.exit_code == 0, run.output
    assert f"scheduling tests via {scheduler}" in run.output
