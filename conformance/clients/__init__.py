"""Who speaks the Amplify API to the target: the client axis.

``contract`` says what a client driver and its app sessions offer; ``registry`` finds the driver a
``--client`` names; ``python`` and ``amplify_js`` are the built-in ones.
"""
from conformance.clients.contract import AmplifyClient, AuthError, ClientDriver, ClientUnavailable, RequestTally

__all__ = ["AmplifyClient", "AuthError", "ClientDriver", "ClientUnavailable", "RequestTally"]
