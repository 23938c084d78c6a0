"""The suite catches broken implementations: every mutant in tests/mutants.py must fail the gate.

Each mutant runs the whole specification in its own process; two run at a time. A mutant marked
``gate_fails=False`` breaks only SHOULD behaviour: it must be caught as a SHOULD warning while the
gate passes.
"""
from __future__ import annotations

import pytest

from conformance.catalogue import load_catalogue
from mutants import MUTANTS
from conformance.commands.whole_run import ROOT
from mutation_table import (
    BROKEN,
    GATE_FAILS,
    WARNING_ONLY,
    detection,
    detections,
    flagged,
    proven_by,
    render,
    run_all,
    unproven,
)

MUTATION_TABLE = ROOT / "reports" / "output" / "mutation.md"  # the run's table, kept as an artefact

pytestmark = pytest.mark.mutation


@pytest.fixture(scope="module")
def mutation_runs(tmp_path_factory):
    return run_all(tmp_path_factory.mktemp("mutation"))


def test_the_reference_passes_the_gate(mutation_runs):
    baseline = mutation_runs["baseline"]
    assert baseline.passes_the_gate, f"exit {baseline.exit_code}, gate {baseline.gate!r}:\n{baseline.output}"
    assert "failed" not in baseline.statuses.values()


def test_there_are_enough_mutants():
    assert len(MUTANTS) >= 30


def test_every_requirement_detects_a_mutant(mutation_runs):
    catalogue = load_catalogue()
    detected = detections(mutation_runs)
    MUTATION_TABLE.parent.mkdir(parents=True, exist_ok=True)
    MUTATION_TABLE.write_text(render(detected, catalogue), encoding="utf-8")
    missing = unproven(detected, catalogue)
    assert not missing, (
        "requirements that detect no mutant (unproven; a requirement counts only in a run that fails the gate, "
        f"or, if SHOULD, in a run caught only as a warning): {missing}"
    )


@pytest.mark.parametrize("name", sorted(MUTANTS))
def test_mutant_is_detected(name, mutation_runs):
    mutant = MUTANTS[name]
    run = mutation_runs[name]
    found = detection(run, mutation_runs["baseline"])
    assert found.verdict != BROKEN, (
        f"{name} is a broken mutant: its run ended in an error (exit {run.exit_code}, "
        f"gate {run.gate or 'none: no results'}):\n{run.output}"
    )
    assert len(found.changed) < len(run.statuses) / 3, (
        f"{name} changes {len(found.changed)} requirements: it breaks the harness, not one behaviour:\n{run.output}"
    )
    if mutant.gate_fails:
        assert found.verdict == GATE_FAILS, (
            f"the gate passes against {name} ({mutant.breaks}): {found.verdict}, flagged by {flagged(found)}"
        )
    else:
        assert found.verdict == WARNING_ONLY and proven_by(found, load_catalogue()), (
            f"{name} ({mutant.breaks}) should be caught only as a SHOULD warning: {found.verdict}, "
            f"flagged by {flagged(found)}"
        )
    missing = set(mutant.killed_by) - set(found.changed)
    assert not missing, (
        f"{name} ({mutant.breaks}) was expected to be caught by {sorted(missing)}; caught by {flagged(found)}"
    )
