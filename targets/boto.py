"""The boto3 client the emulator targets hand out, configured as the target contract requires."""
from __future__ import annotations

from typing import Any

import boto3
from botocore.config import Config

REGION = "us-east-1"
# Emulators accept any credentials; these only keep boto3 from looking for real ones.
DUMMY_CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "aws_session_token": "testing"}
# The suite observes the service's own checks, and retries are the Amplify client's business.
CLIENT_CONFIG = Config(retries={"total_max_attempts": 1}, parameter_validation=False)


def cognito_client(endpoint_url: str | None = None, region: str = REGION) -> Any:
    """A ``cognito-idp`` client with retries and parameter validation off and dummy credentials."""
    return boto3.client("cognito-idp", region_name=region, endpoint_url=endpoint_url, config=CLIENT_CONFIG,
                        **DUMMY_CREDENTIALS)
