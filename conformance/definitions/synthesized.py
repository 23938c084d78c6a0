"""What a definitions mapping produces for one definition."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from conformance.definitions.model import AuthDefinition


@dataclass(frozen=True)
class SynthesizedAuth:
    """CreateUserPool and CreateUserPoolClient parameters (names aside), and the ``auth`` section of
    ``amplify_outputs.json`` the backend would publish to clients."""

    pool: dict[str, Any]
    client: dict[str, Any]
    outputs: dict[str, Any]


class DefinitionsMapping(Protocol):
    name: str

    def synthesize(self, definition: AuthDefinition) -> SynthesizedAuth: ...
