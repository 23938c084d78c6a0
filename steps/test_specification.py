"""Collects every scenario in features/ as a test item."""
from pytest_bdd import scenarios

scenarios("../features")
