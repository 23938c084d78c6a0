"""boto3 for the targets: the one Region the emulators and the reference use, the client configuration
the target contract requires, and the ``cognito-idp`` client the emulator targets hand out."""
from __future__ import annotations

from typing import Any, Mapping

import boto3
from botocore.config import Config

# The Region of every target that runs on this machine (the reference, moto, cognito-local): their
# pool IDs, ARNs and token issuers carry it, and in-process moto keeps its state under it.
REGION = "us-east-1"
# Emulators accept any credentials; these only keep boto3 from looking for real ones.
DUMMY_CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "aws_session_token": "testing"}
# The scenarios' clients: the suite observes the service's own checks, and retries are the Amplify
# client's business, so botocore neither retries nor validates parameters (the target contract).
NO_RETRY_CONFIG = Config(retries={"total_max_attempts": 1}, parameter_validation=False)


def cognito_client(endpoint_url: str | None = None, region: str = REGION,
                   credentials: Mapping[str, str] | None = None) -> Any:
    """A ``cognito-idp`` client with retries and parameter validation off, signing with ``credentials``
    (boto3's ``aws_access_key_id``, ``aws_secret_access_key`` and ``aws_session_token`` keywords) or,
    without them, with dummy credentials."""
    return boto3.client("cognito-idp", region_name=region, endpoint_url=endpoint_url, config=NO_RETRY_CONFIG,
                        **(DUMMY_CREDENTIALS if credentials is None else credentials))
