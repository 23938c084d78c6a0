"""The suite catches broken implementations: every mutant in tests/mutants.py must be detected.

Each mutant runs the whole specification in its own process; two run at a time.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from conformance.catalogue import load_catalogue
from mutants import MUTANTS
from mutation_run import ROOT, run_specification
from mutation_table import detections, render, unproven

MUTATION_TABLE = ROOT / "reports" / "output" / "mutation.md"  # the run's table, kept as an artefact

pytestmark = pytest.mark.mutation


@pytest.fixture(scope="module")
def mutation_runs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mutation")
    jobs = {"baseline": ()} | {name: (mutant.argument,) for name, mutant in MUTANTS.items()}
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {name: pool.submit(run_specification, folder / f"{name}.json", *options)
                   for name, options in jobs.items()}
        return {name: future.result() for name, future in futures.items()}


def test_the_reference_passes_the_gate(mutation_runs):
    baseline = mutation_runs["baseline"]
    assert baseline.exit_code == 0, baseline.output
    assert "failed" not in baseline.statuses.values()


def test_there_are_enough_mutants():
    assert len(MUTANTS) >= 30


def test_every_requirement_detects_a_mutant(mutation_runs):
    detected = detections(mutation_runs)
    missing = unproven(detected, list(load_catalogue()))
    assert not missing, f"requirements that detect no mutant (unproven): {missing}"
    MUTATION_TABLE.parent.mkdir(parents=True, exist_ok=True)
    MUTATION_TABLE.write_text(render(detected, list(load_catalogue())), encoding="utf-8")


@pytest.mark.parametrize("name", sorted(MUTANTS))
def test_mutant_is_detected(name, mutation_runs):
    mutant = MUTANTS[name]
    run = mutation_runs[name]
    assert run.statuses, f"the run against {name} wrote no results:\n{run.output}"
    detecting = run.detecting(mutation_runs["baseline"])
    assert detecting, f"no requirement detects the mutant {name} ({mutant.breaks})"
    assert len(detecting) < len(run.statuses) / 3, (
        f"{name} changes {len(detecting)} requirements: it breaks the harness, not one behaviour:\n{run.output}"
    )
    missing = set(mutant.killed_by) - detecting
    assert not missing, f"{name} ({mutant.breaks}) was expected to be caught by {sorted(missing)}; caught by {sorted(detecting)}"
