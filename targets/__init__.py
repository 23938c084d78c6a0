"""The services under test: the target contract (``contract``), the targets, and finding them by name
(``registry``, whose ``available_targets`` and ``create_target`` are also importable from here)."""
from targets.registry import available_targets, create_target

__all__ = ["available_targets", "create_target"]
