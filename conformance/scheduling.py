"""Under pytest-xdist, the specification's items go to the workers by backend definition.

Each worker provisions a user pool for every backend definition its items use, on first use
(``conformance/session.py``). pytest-xdist's default scheduling deals the items out in collection
order, so most definitions got a pool in nearly every worker. Here a worker that needs items is given,
in this order:

1. items of a definition it already has a pool for;
2. the items of a definition no worker has taken yet, the one with the most items first;
3. items whose scenario names no definition;
4. a share of another worker's definition, the one with the most items left per worker holding it, when
   each of them keeps at least ``MIN_SHARE`` items: one definition is used by most scenarios, and
   sharing it out at the end is what keeps the workers finishing together.

A run therefore creates a pool per distinct definition plus one per share taken in step 4. The items
of one definition are independent of each other (each scenario makes its own users), so sharing a
definition changes only the pool count.

A worker is given items as soon as its own collection is in, rather than when the slowest worker has
started up; every later collection is still compared with the first, and a worker whose collection
differs is given nothing and reported as a collection error. On a terminal the worker status line
pytest-xdist rewrites as the later workers finish collecting may overwrite the first progress dots.

pytest-xdist tells the controller the workers' node IDs only. The workers, which hold the items,
leave each item's definition in a folder the controller names (``DefinitionDistribution``), and
the scheduler reads the first collection's when it arrives. Without it every item counts as naming no
definition, and scheduling is load balancing alone.
"""
from __future__ import annotations

import difflib
import json
import shutil
import tempfile
from collections import deque
from collections.abc import Hashable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from pytest_bdd.scenario import scenario_wrapper_template_registry

from conformance.phrases import WordingError, parse_definition

if TYPE_CHECKING:  # pytest-xdist is optional: only a run with workers makes this scheduler
    from xdist.remote import Producer
    from xdist.workermanage import WorkerController

# The steps that name a backend definition (steps/given.py): "Given a backend defined with <phrase>"
# and "When a backend is defined with <phrase>".
BACKEND_STEP_PREFIXES = ("a backend defined with ", "a backend is defined with ")
# Items a worker holds: the one it runs and the next (pytest needs it to finish the current one), and
# while the backlog lasts one more, so that it never waits for the controller between items; near the
# end, the last items wait for whichever worker is free rather than behind a busy one.
MIN_PENDING = 2
PREFETCH = 3
# A worker shares another worker's definition only when each holder is left at least this many items.
MIN_SHARE = 2
_FOLDER = "conformance_definition_groups"  # the workerinput key naming where workers leave their groups
PLUGIN_NAME = "conformance-distribution"  # -p no:conformance-distribution keeps pytest-xdist's own scheduling


def definition_group(item: pytest.Item) -> str | None:
    """The backend definition ``item``'s scenario provisions, as a label; None when it names none."""
    template = scenario_wrapper_template_registry.get(getattr(item, "obj", None))
    if template is None:
        return None
    callspec = getattr(item, "callspec", None)
    example = callspec.params.get("_pytest_bdd_example", {}) if callspec else {}
    return steps_definition(step.name for step in template.render(example).steps)


def steps_definition(steps: Iterable[str]) -> str | None:
    """The backend definition these steps (their text, without the keyword) provision, as a label.

    The label is the definition's own description, so that two phrasings of one definition share a
    group as they share a pool; a phrase the suite cannot read is its own label (its item will say
    what is wrong with it).
    """
    labels = []
    for step in steps:
        phrase = next((step[len(p):] for p in BACKEND_STEP_PREFIXES if step.startswith(p)), None)
        if phrase is None:
            continue
        try:
            labels.append(parse_definition(phrase).describe())
        except WordingError:
            labels.append(phrase)
    return " + ".join(labels) or None


class Backlog:
    """The items not yet sent to a worker, by definition, and which workers hold which definitions."""

    def __init__(self, groups: Sequence[str | None]) -> None:
        self._unsent: dict[str, deque[int]] = {}  # definition -> its unsent items, in collection order
        self._free: deque[int] = deque()  # unsent items that name no definition
        self._group = list(groups)
        for index, group in enumerate(groups):
            (self._free if group is None else self._unsent.setdefault(group, deque())).append(index)
        self._holders: dict[str, set[Hashable]] = {group: set() for group in self._unsent}
        self._held: dict[Hashable, list[str]] = {}  # worker -> the definitions it holds, in the order taken

    def __len__(self) -> int:
        return len(self._free) + sum(len(items) for items in self._unsent.values())

    def held_by(self, worker: Hashable) -> list[str]:
        return list(self._held.get(worker, ()))

    def take(self, worker: Hashable) -> int | None:
        """The next item for ``worker``; None when nothing is left that it should run."""
        held = self._held.setdefault(worker, [])
        for group in held:
            if self._unsent[group]:
                return self._unsent[group].popleft()
        untaken = [g for g, items in self._unsent.items() if items and not self._holders[g]]
        if untaken:
            return self._hold(worker, max(untaken, key=lambda g: len(self._unsent[g])))
        if self._free:
            return self._free.popleft()
        shareable = [g for g, items in self._unsent.items()
                     if g not in held and len(items) >= MIN_SHARE * (len(self._holders[g]) + 1)]
        if shareable:
            return self._hold(worker, max(shareable, key=lambda g: len(self._unsent[g]) / (len(self._holders[g]) + 1)))
        return None

    def _hold(self, worker: Hashable, group: str) -> int:
        self._holders[group].add(worker)
        self._held[worker].append(group)
        return self._unsent[group].popleft()

    def give_back(self, indices: Sequence[int]) -> None:
        """Items a worker was sent and did not run (it crashed): first in line again."""
        for index in reversed(indices):
            group = self._group[index]
            (self._free if group is None else self._unsent[group]).appendleft(index)

    def leave(self, worker: Hashable) -> None:
        """``worker`` is gone: its definitions no longer count it as a holder."""
        for group in self._held.pop(worker, []):
            self._holders[group].discard(worker)


class DefinitionScheduling:
    """pytest-xdist's scheduler interface (``xdist.scheduler.protocol.Scheduling``) over a Backlog."""

    def __init__(self, config: pytest.Config, log: Producer, folder: Path | None = None) -> None:
        self.config = config
        self.log = log.definitionsched
        self.folder = folder
        self.node2collection: dict[WorkerController, list[str]] = {}
        self.node2pending: dict[WorkerController, list[int]] = {}
        self.collection: list[str] | None = None
        self.backlog = Backlog([])

    @property
    def nodes(self) -> list[WorkerController]:
        return list(self.node2pending)

    @property
    def collection_is_completed(self) -> bool:
        """True from the first collection on: a worker starts as soon as it has collected."""
        return bool(self.node2collection)

    @property
    def tests_finished(self) -> bool:
        if self.collection is None or self.backlog:
            return False
        return all(len(pending) < 2 for pending in self.node2pending.values())

    @property
    def has_pending(self) -> bool:
        return bool(self.backlog) or any(self.node2pending.values())

    def add_node(self, node: WorkerController) -> None:
        assert node not in self.node2pending
        self.node2pending[node] = []

    def add_node_collection(self, node: WorkerController, collection: Sequence[str]) -> None:
        assert node in self.node2pending
        if self.collection is not None and list(collection) != self.collection:
            first = next(iter(self.node2collection))
            message = _collection_diff(first.gateway.id, self.collection, node.gateway.id, list(collection))
            self.log(message)
            self.config.hook.pytest_collectreport(
                report=pytest.CollectReport(nodeid=node.gateway.id, outcome="failed", longrepr=message, result=[]))
            node.shutdown()
            return
        self.node2collection[node] = list(collection)

    def schedule(self) -> None:
        """Called each time a worker's collection is in: the first one sets up the backlog."""
        if self.collection is None:
            node, collection = next(iter(self.node2collection.items()))
            self.collection = collection
            self.backlog = Backlog(self._groups(node, collection))
        for node in self.node2collection:
            self._feed(node)

    def mark_test_complete(self, node: WorkerController, item_index: int, duration: float = 0) -> None:
        self.node2pending[node].remove(item_index)
        self._feed(node)

    def mark_test_pending(self, item: str) -> None:
        assert self.collection is not None
        self.backlog.give_back([self.collection.index(item)])
        for node in self.node2collection:
            self._feed(node)

    def remove_pending_tests_from_node(self, node: WorkerController, indices: Sequence[int]) -> None:
        raise NotImplementedError("this scheduler never asks a worker to give items back")

    def remove_node(self, node: WorkerController) -> str | None:
        pending = self.node2pending.pop(node)
        self.node2collection.pop(node, None)
        self.backlog.leave(node)
        if not pending:
            return None
        assert self.collection is not None
        crashed = self.collection[pending.pop(0)]
        self.backlog.give_back(pending)
        for other in self.node2collection:
            self._feed(other)
        return crashed

    def _feed(self, node: WorkerController) -> None:
        """Top ``node`` up to PREFETCH items (MIN_PENDING near the end); shut it down when nothing is left for it."""
        if node.shutting_down:
            return
        pending = self.node2pending[node]
        backlog_lasts = len(self.backlog) >= PREFETCH * len(self.node2collection)
        wanted = (PREFETCH if backlog_lasts else MIN_PENDING) - len(pending)
        items = []
        while len(items) < wanted:
            index = self.backlog.take(node)
            if index is None:
                break
            items.append(index)
        if items:
            pending.extend(items)
            node.send_runtest_some(items)
        if len(items) < wanted:
            node.shutdown()  # it runs what it holds, then stops

    def _groups(self, node: WorkerController, collection: list[str]) -> list[str | None]:
        """Each item's definition, as the worker that collected it left them."""
        try:
            path = Path(self.folder or "") / f"{node.workerinput['workerid']}.json"
            groups = json.loads(path.read_text(encoding="utf-8")) if self.folder else {}
        except (OSError, ValueError, KeyError) as error:
            self.log(f"no definition groups from {node.gateway.id} ({error}); scheduling by load alone")
            groups = {}
        return [groups.get(nodeid) for nodeid in collection]


def _collection_diff(first: str, expected: list[str], other: str, collected: list[str]) -> str:
    lines = difflib.unified_diff(expected, collected, fromfile=first, tofile=other, lineterm="")
    return (f"{other} collected other test items than {first}; pytest-xdist needs every worker to collect "
            "the same items in the same order:\n" + "\n".join(lines))


class DefinitionDistribution:
    """The plugin that puts DefinitionScheduling in place of pytest-xdist's default (``--dist load``).

    In the controller it names a folder for the workers' groups and makes the scheduler; in a worker it
    leaves the groups of the items collected there, before pytest-xdist reports the collection.
    """

    def __init__(self) -> None:
        self.folder: Path | None = None

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node: WorkerController) -> None:
        if self.folder is None:
            self.folder = Path(tempfile.mkdtemp(prefix="conformance-groups-"))
        node.workerinput[_FOLDER] = str(self.folder)

    @pytest.hookimpl(optionalhook=True, tryfirst=True)
    def pytest_xdist_make_scheduler(self, config: pytest.Config, log: Producer) -> DefinitionScheduling:
        return DefinitionScheduling(config, log, self.folder)

    @pytest.hookimpl(tryfirst=True)  # before pytest-xdist sends the collection to the controller
    def pytest_collection_finish(self, session: pytest.Session) -> None:
        workerinput: dict[str, Any] = getattr(session.config, "workerinput", {})
        if _FOLDER in workerinput:
            groups = {item.nodeid: definition_group(item) for item in session.items}
            path = Path(workerinput[_FOLDER]) / f"{workerinput['workerid']}.json"
            path.write_text(json.dumps(groups), encoding="utf-8")

    def pytest_unconfigure(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


def register(config: pytest.Config) -> None:
    """Schedule a specification run by definition when it uses pytest-xdist's default distribution.

    ``-n N`` alone means ``--dist load``; any other ``--dist`` mode keeps pytest-xdist's own scheduler,
    and so does ``-p no:conformance-distribution`` with ``--dist load``.
    A worker (whose own ``dist`` is "no") takes part when the controller named it a folder for its groups.
    """
    if getattr(config.option, "dist", "no") == "load" or _FOLDER in getattr(config, "workerinput", {}):
        config.pluginmanager.register(DefinitionDistribution(), PLUGIN_NAME)
