"""Commands around the ``cognito`` target: bootstrap, teardown, sweep. See docs/COGNITO.md."""
from __future__ import annotations

import argparse
import sys

from botocore.exceptions import BotoCoreError, ClientError

from targets.cognito.aws import AwsAccess
from targets.cognito.capture import CaptureStackManager
from targets.cognito.packaging import build_package
from targets.cognito.quotas import SetupRetry
from targets.cognito.sweep import parse_age, sweep
from targets.contract import TargetError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m targets.cognito",
                                     description="Manage what the cognito target leaves in an AWS account.")
    commands = parser.add_subparsers(dest="command", required=True)
    bootstrap = commands.add_parser("bootstrap", help="deploy the capture stack that reads delivered codes (idempotent)")
    bootstrap.add_argument("--no-vendor", action="store_true",
                           help="deploy the handler without the AWS Encryption SDK (only useful against an emulator)")
    commands.add_parser("teardown", help="remove the capture stack (its KMS key is scheduled for deletion in 7 days)")
    commands.add_parser("status", help="say whether the capture stack is deployed")
    sweeping = commands.add_parser("sweep", help="list (or delete) the suite's user pools older than an age whose "
                                   "run is over (its process gone, or its lease run out)")
    sweeping.add_argument("--older-than", required=True, metavar="AGE", help="e.g. 90s, 30m, 2h, 1d")
    sweeping.add_argument("--delete", action="store_true", help="delete them (without it: a dry run)")
    return parser


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    try:
        access = AwsAccess()
        access.check()
        if arguments.command == "bootstrap":
            CaptureStackManager(access).bootstrap(lambda: build_package(vendor=not arguments.no_vendor))
        elif arguments.command == "teardown":
            CaptureStackManager(access).teardown()
        elif arguments.command == "status":
            stack = CaptureStackManager(access).find()
            print(f"capture stack {'deployed' if stack else 'not deployed'} in {access.describe()}")
            return 0 if stack else 1
        else:
            age = parse_age(arguments.older_than)
            client = access.client("cognito-idp", under_test=True)
            SetupRetry().attach(client)
            problems = [pool for pool in sweep(client, age, delete=arguments.delete) if pool.problem]
            return 1 if problems else 0
    except (TargetError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except (ClientError, BotoCoreError) as error:
        print(f"error: AWS refused a request ({error}); check the credentials' permissions (docs/COGNITO.md)",
              file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
