"""The ``cognito`` target (real Amazon Cognito) and its commands.

    pytest --target cognito                               # the specification against real Cognito
    python -m targets.cognito bootstrap                   # deploy the capture stack (idempotent)
    python -m targets.cognito teardown                    # remove the capture stack
    python -m targets.cognito sweep --older-than 2h [--delete]

Set-up, cost and clean-up are explained in docs/COGNITO.md.
"""
from targets.cognito.target import CognitoTarget

__all__ = ["CognitoTarget"]
