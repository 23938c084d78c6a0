"""The mutation self-test measures whole runs the same way as the suite's other tools."""
from conformance.commands.whole_run import ROOT, SpecificationRun, run_specification

__all__ = ["ROOT", "SpecificationRun", "run_specification"]
