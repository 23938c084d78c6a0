"""Loading an object named ``package.module:attribute``, for plug-ins given on the command line."""
from __future__ import annotations

import importlib
from typing import Any


def load_by_path(spec: str) -> Any:
    """The attribute ``spec`` names; ImportError with one clear sentence when it cannot be loaded."""
    module_name, separator, attribute = spec.partition(":")
    if not separator or not module_name or not attribute:
        raise ImportError(f"{spec!r} is not of the form package.module:attribute")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise ImportError(f"cannot import {module_name!r} (from {spec!r}): {error}") from error
    try:
        return getattr(module, attribute)
    except AttributeError:
        raise ImportError(f"module {module_name!r} has no attribute {attribute!r}") from None
