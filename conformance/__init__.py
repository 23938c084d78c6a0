"""The engine of the Amplify Auth password-management conformance suite."""

__version__ = "0.1.0"
