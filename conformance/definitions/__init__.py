"""How ``defineAuth`` props become a user pool: the definition model and the mappings."""
from __future__ import annotations

from conformance.definitions.model import (
    ACCOUNT_RECOVERY_VALUES,
    AuthDefinition,
    DefinitionError,
)
from conformance.definitions.reference import ReferenceDefinitions
from conformance.definitions.synthesized import DefinitionsMapping, SynthesizedAuth

MAPPINGS = {"reference": ReferenceDefinitions}


def create_definitions(name: str) -> DefinitionsMapping:
    """The mapping called ``name``; ValueError naming the choices when unknown."""
    try:
        return MAPPINGS[name]()
    except KeyError:
        raise ValueError(f"unknown definitions {name!r}; choose one of {', '.join(sorted(MAPPINGS))}") from None


__all__ = [
    "ACCOUNT_RECOVERY_VALUES",
    "AuthDefinition",
    "DefinitionError",
    "DefinitionsMapping",
    "SynthesizedAuth",
    "create_definitions",
]
