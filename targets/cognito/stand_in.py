"""AWS stood in by a moto server, to exercise the ``cognito`` target and its commands without AWS.

The suite's own tests use it, and so can anyone who wants to see the target work before giving it
an AWS account::

    python -m targets.cognito.stand_in     # prints the environment to export, serves until Ctrl-C

Every variable it sets points the target at the loopback moto server with made-up credentials; the
real AWS configuration files are hidden, so nothing can reach AWS by accident.
"""
from __future__ import annotations

import os
import secrets
import sys
import time
from typing import Any

from localhost.processes import log_file
from targets.boto import REGION
from targets.cognito.aws import ENDPOINT_ENV
from targets.moto.server import moto_server_process


class AwsStandIn:
    """A moto server on 127.0.0.1 (started and stopped by PID) and the environment that points at it."""

    def __init__(self) -> None:
        self.server = moto_server_process(log_file("aws-stand-in"), name="moto server (AWS stand-in)",
                                          fix="install moto with its server extra: pip install 'moto[server]'")
        # Unique per stand-in, so that a test can look for them in whatever a run leaves behind.
        self.access_key = "AKIA" + secrets.token_hex(8).upper()
        self.secret_key = secrets.token_urlsafe(30)

    def start(self) -> None:
        self.server.start()

    def stop(self) -> None:
        self.server.stop()

    @property
    def url(self) -> str:
        return self.server.url

    def environment(self, base: dict[str, str] | None = None) -> dict[str, str]:
        env = {k: v for k, v in (os.environ if base is None else base).items()
               if not k.startswith("AWS_") and not k.startswith("CONFORMANCE_")}
        env.update({
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": self.secret_key,
            "AWS_DEFAULT_REGION": REGION,
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "AWS_EC2_METADATA_DISABLED": "true",
            ENDPOINT_ENV: self.url,
        })
        return env

    def reset(self) -> None:
        """Forget every resource (moto's reset endpoint)."""
        import urllib.request

        urllib.request.urlopen(urllib.request.Request(f"{self.url}/moto-api/reset", method="POST"), timeout=10).read()

    def client(self, service: str) -> Any:
        import boto3

        return boto3.client(service, region_name=REGION, endpoint_url=self.url, aws_access_key_id=self.access_key,
                            aws_secret_access_key=self.secret_key)


def main() -> int:
    stand_in = AwsStandIn()
    stand_in.start()
    try:
        for key, value in sorted(stand_in.environment({}).items()):
            print(f"export {key}={value}")
        print("# serving until Ctrl-C", flush=True)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        return 0
    finally:
        stand_in.stop()


if __name__ == "__main__":
    sys.exit(main())
