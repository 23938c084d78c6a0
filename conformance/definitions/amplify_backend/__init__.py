"""The real ``@aws-amplify/auth-construct``, synthesized offline in Node: ``--definitions amplify-backend``."""
from conformance.definitions.amplify_backend.synthesizer import (
    AmplifyBackendDefinitions,
    DefinitionsUnavailable,
    unavailable_reason,
)

__all__ = ["AmplifyBackendDefinitions", "DefinitionsUnavailable", "unavailable_reason"]
