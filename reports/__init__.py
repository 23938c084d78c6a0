"""Compliance reports built from a run's results document (reports/SCHEMA.md): ``reports.build`` writes
summary.md and report.html for one run, ``reports.matrix`` compares several, ``python -m reports`` does
either from the command line."""
