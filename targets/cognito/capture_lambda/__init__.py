"""The capture Lambda function's source (deployed by ``python -m targets.cognito bootstrap``)."""
