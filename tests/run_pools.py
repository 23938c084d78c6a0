"""What a run of the cognito target left in the AWS stand-in: the pools that carry its run tag."""
from __future__ import annotations

from typing import Any

from targets.cognito.tagging import RUN_TAG


def tagged_pools(client: Any, run_id: str) -> list[str]:
    """The IDs of the pools tagged with ``run_id`` (a pool deleted while this looks is not one)."""
    found = []
    for page in client.get_paginator("list_user_pools").paginate(MaxResults=60):
        for pool in page["UserPools"]:
            try:
                tags = client.describe_user_pool(UserPoolId=pool["Id"])["UserPool"].get("UserPoolTags") or {}
            except client.exceptions.ResourceNotFoundException:
                continue
            if tags.get(RUN_TAG) == run_id:
                found.append(pool["Id"])
    return found
