"""Reaching AWS for the ``cognito`` target and its commands: credentials, Region and endpoint.

The standard boto3 credential chain and Region apply (environment, shared config and credentials
files, SSO, instance roles, ...). For testing, ``CONFORMANCE_COGNITO_ENDPOINT_URL`` sends every
request of the target and its commands to one endpoint instead of AWS (moto server serves every
service on one port); boto3's own ``AWS_ENDPOINT_URL`` works too.
"""
from __future__ import annotations

import os
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from targets.boto import NO_RETRY_CONFIG
from targets.contract import TargetError

ENDPOINT_ENV = "CONFORMANCE_COGNITO_ENDPOINT_URL"
CREDENTIALS_FIX = ("configure AWS credentials as for the AWS CLI (aws configure, aws sso login, AWS_PROFILE, or "
                   "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY); see docs/COGNITO.md")
REGION_FIX = "set AWS_REGION or AWS_DEFAULT_REGION (or a region in your AWS profile); see docs/COGNITO.md"

# The suite's bookkeeping clients (clean-up, oracle, capture stack): standard retries, short timeouts.
# Unlike the scenarios' own client (targets.boto.NO_RETRY_CONFIG), these must ride out AWS's
# throttling and transient errors: a clean-up that gave up at the first ThrottlingException would
# leave pools behind in the account, and nothing they do is evidence about the service under test.
BOOKKEEPING_CONFIG = Config(retries={"mode": "standard", "max_attempts": 5}, connect_timeout=5, read_timeout=20)


class AwsAccess:
    """One boto3 session, checked once, that hands out clients for the services the target uses."""

    def __init__(self, environ: dict[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        self.endpoint_url = env.get(ENDPOINT_ENV) or None
        try:
            self.session = boto3.session.Session()
        except BotoCoreError as error:  # e.g. AWS_PROFILE names a profile that does not exist
            raise TargetError(f"the AWS configuration cannot be read ({error}); {CREDENTIALS_FIX}") from None
        self._account_id: str | None = None
        # The AWS CLI and newer SDKs read AWS_REGION; older botocore only AWS_DEFAULT_REGION.
        self._region = self.session.region_name or env.get("AWS_REGION") or None

    @property
    def region(self) -> str:
        region = self._region
        if not region:
            raise TargetError(f"no AWS Region is configured; {REGION_FIX}")
        return region

    @property
    def partition(self) -> str:
        try:
            return self.session.get_partition_for_region(self.region)
        except Exception:  # an unknown Region (or an emulator's): assume the commercial partition
            return "aws"

    def check(self) -> None:
        """Refuse, in one sentence, when the Region or credentials are missing or refused."""
        _ = self.region
        try:
            credentials = self.session.get_credentials()
        except BotoCoreError as error:
            raise TargetError(f"the AWS credentials cannot be loaded ({error}); {CREDENTIALS_FIX}") from None
        if credentials is None:
            raise TargetError(f"no AWS credentials were found; {CREDENTIALS_FIX}")
        _ = self.account_id

    @property
    def account_id(self) -> str:
        if self._account_id is None:
            try:
                self._account_id = self.client("sts").get_caller_identity()["Account"]
            except ClientError as error:
                code = error.response.get("Error", {}).get("Code", "error")
                raise TargetError(f"AWS refused the credentials ({code}); {CREDENTIALS_FIX}") from None
            except BotoCoreError as error:
                raise TargetError(f"AWS could not be reached ({error}); check the network connection "
                                  f"(and {ENDPOINT_ENV}, if you set it)") from None
        return self._account_id

    def client(self, service: str, *, under_test: bool = False) -> Any:
        return self.session.client(service, region_name=self.region, endpoint_url=self.endpoint_url,
                                   config=NO_RETRY_CONFIG if under_test else BOOKKEEPING_CONFIG)

    def describe(self) -> str:
        where = f"endpoint {self.endpoint_url}" if self.endpoint_url else "AWS"
        return f"{where}, Region {self._region or '(none)'}"
