"""The real aws-amplify library, driven in a Node process: ``--client amplify-js``."""
from conformance.clients.amplify_js.client import AmplifyJsClient, AmplifyJsDriver, unavailable_reason

__all__ = ["AmplifyJsClient", "AmplifyJsDriver", "unavailable_reason"]
