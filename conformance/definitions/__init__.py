"""How ``defineAuth`` props become a user pool: the definition model and the mappings."""
from __future__ import annotations

from conformance.definitions.model import (
    ACCOUNT_RECOVERY_VALUES,
    AuthDefinition,
    DefinitionError,
)
from conformance.definitions.reference import ReferenceDefinitions
from conformance.definitions.synthesized import DefinitionsMapping, SynthesizedAuth
from conformance.definitions.amplify_backend import AmplifyBackendDefinitions
from targets.registry import load_by_path

MAPPINGS = {"reference": ReferenceDefinitions, "amplify-backend": AmplifyBackendDefinitions}


def create_definitions(name: str) -> DefinitionsMapping:
    """The mapping called ``name`` (or loaded from ``package.module:Factory``); ValueError when unknown."""
    if name in MAPPINGS:
        return MAPPINGS[name]()
    if ":" in name:
        try:
            return load_by_path(name)()
        except ImportError as error:
            raise ValueError(f"cannot load definitions {name!r}: {error}") from None
    raise ValueError(f"unknown definitions {name!r}; choose one of {', '.join(sorted(MAPPINGS))}")


__all__ = [
    "ACCOUNT_RECOVERY_VALUES",
    "AuthDefinition",
    "DefinitionError",
    "DefinitionsMapping",
    "SynthesizedAuth",
    "create_definitions",
]
