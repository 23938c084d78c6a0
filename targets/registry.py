"""Finding a target by name.

Built-in targets are listed here; third-party targets register a ``Target`` subclass (or a factory
returning a ``Target``) under the entry-point group ``amplify_password_conformance.targets``. A name
of the form ``package.module:attribute`` loads that attribute directly, which is handy for a target
kept next to the code it tests. The suite's other plug-ins (clients, definitions, an endpoint's
code oracle and clock) are loaded by import path the same way, with :func:`load_by_path`.
"""
from __future__ import annotations

import importlib
from importlib.metadata import entry_points
from typing import Any, Callable

from targets.contract import Target, TargetError

ENTRY_POINT_GROUP = "amplify_password_conformance.targets"

_BUILT_IN: dict[str, str] = {
    "reference": "targets.reference:ReferenceTarget",
    "reference-http": "targets.reference:ReferenceHttpTarget",
    "moto": "targets.moto.inprocess:MotoTarget",
    "moto-server": "targets.moto.server:MotoServerTarget",
    "cognito-local": "targets.cognito_local.target:CognitoLocalTarget",
    "endpoint": "targets.endpoint:EndpointTarget",
    "cognito": "targets.cognito:CognitoTarget",
}


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


def _load(spec: str) -> Callable[[], Target]:
    try:
        return load_by_path(spec)
    except ImportError as error:
        raise TargetError(f"cannot load target {spec!r}: {error}") from None


def available_targets() -> list[str]:
    """Every target name that ``--target`` accepts without an import path."""
    names = set(_BUILT_IN)
    names.update(ep.name for ep in entry_points(group=ENTRY_POINT_GROUP))
    return sorted(names)


def create_target(name: str) -> Target:
    """Build the target called ``name``; raise TargetError naming the choices when it is unknown."""
    if name in _BUILT_IN:
        factory = _load(_BUILT_IN[name])
    elif ":" in name:
        factory = _load(name)
    else:
        matches = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == name]
        if not matches:
            raise TargetError(
                f"unknown target {name!r}; choose one of {', '.join(available_targets())} "
                "or give an import path such as my_package.my_module:MyTarget"
            )
        factory = matches[0].load()
    try:
        target = factory()
    except TargetError:
        raise
    except Exception as error:  # a third-party factory may fail in any way; say which and why
        raise TargetError(f"building the target {name!r} failed: {type(error).__name__}: {error}") from None
    if not isinstance(target, Target):
        raise TargetError(f"{name!r} did not produce a Target (got {type(target).__name__})")
    return target
