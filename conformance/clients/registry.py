"""Finding a client driver by name.

Built-in drivers are listed here; third-party drivers register a ``ClientDriver`` class (or a
factory returning one) under the entry-point group ``amplify_password_conformance.clients``. A name
of the form ``package.module:attribute`` loads that attribute directly. Each call builds a new
driver, so that what a run's sessions share is never shared with another run.
"""
from __future__ import annotations

from importlib.metadata import entry_points
from typing import Any

from conformance.clients.contract import ClientDriver
from targets.registry import load_by_path

ENTRY_POINT_GROUP = "amplify_password_conformance.clients"

_BUILT_IN: dict[str, str] = {
    "python": "conformance.clients.python:PythonDriver",
    "amplify-js": "conformance.clients.amplify_js:AmplifyJsDriver",
}


def available_clients() -> list[str]:
    """Every client name that ``--client`` accepts without an import path."""
    return sorted({*_BUILT_IN, *(ep.name for ep in entry_points(group=ENTRY_POINT_GROUP))})


def client_driver(name: str) -> ClientDriver:
    """A new, not yet started driver for the client called ``name``.

    ValueError, in one sentence, when the name is unknown, its import path does not load, or what it
    names does not build a driver. Whether the client can run here is the driver's
    ``check_available()``.
    """
    if name in _BUILT_IN:
        factory = _load(name, _BUILT_IN[name])
    elif ":" in name:
        factory = _load(name, name)
    else:
        matches = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == name]
        if not matches:
            raise ValueError(f"unknown client {name!r}; choose one of {', '.join(available_clients())} "
                             "or give an import path such as my_package.my_module:MyDriver")
        try:
            factory = matches[0].load()
        except Exception as error:
            raise ValueError(f"cannot load client {name!r} from its entry point {matches[0].value!r}: "
                             f"{type(error).__name__}: {error}") from None
    try:
        driver = factory()
    except Exception as error:  # a third-party factory may fail in any way; say which and why
        raise ValueError(f"building the client {name!r} failed: {type(error).__name__}: {error}") from None
    if not isinstance(driver, ClientDriver):
        raise ValueError(f"{name!r} did not produce a client driver (got {type(driver).__name__}); a driver "
                         "has a name and check_available, start, session and stop, as "
                         "conformance.clients.contract.ClientDriver says")
    return driver


def _load(name: str, spec: str) -> Any:
    try:
        return load_by_path(spec)
    except ImportError as error:
        raise ValueError(f"cannot load client {name!r}: {error}") from None
