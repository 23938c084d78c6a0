"""From what the auth construct synthesizes to what a target is asked to create.

The construct's stack holds an ``AWS::Cognito::UserPool`` and an ``AWS::Cognito::UserPoolClient``.
Their CloudFormation properties are, name for name, the parameters of CreateUserPool and
CreateUserPoolClient, so the mapping keeps every property the API's input shape (botocore's
service model) has and drops the rest, each drop recorded with its reason:

- properties the API does not take at creation (e.g. ``EnabledMfas``, set by SetUserPoolMfaConfig);
- values that only CloudFormation can resolve (``Ref``, ``Fn::GetAtt``: the client's
  ``UserPoolId``), and a whole structure with such a member (``SmsConfiguration``, which names the
  IAM role the stack creates): half a configuration is not what the stack deploys;
- the names the suite gives itself (``UserPoolName``, ``ClientName``: the run names its pools).

The suite's one departure is the reference mapping's: the app client also allows
``ALLOW_USER_PASSWORD_AUTH`` so that scenarios can sign in without SRP (unless the definition
overrides ``ExplicitAuthFlows`` itself, in which case its list stands, as in the reference).

The ``amplify_outputs`` auth section is derived from the construct's stack outputs the way the
Amplify client configuration generator reads them: ``passwordPolicyMinLength`` (a string) becomes
``password_policy.min_length``, the ``REQUIRES_*`` entries of ``passwordPolicyRequirements`` become
the ``require_*`` flags, ``usernameAttributes`` becomes ``username_attributes``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import botocore.session

from conformance.definitions.reference import SUITE_SIGN_IN_FLOW

# Names the run chooses itself (see conformance.session.Session.backend).
SUITE_NAMED = {"UserPoolName", "PoolName", "ClientName"}
_REQUIREMENT_FLAGS = {
    "REQUIRES_LOWERCASE": "require_lowercase",
    "REQUIRES_UPPERCASE": "require_uppercase",
    "REQUIRES_NUMBERS": "require_numbers",
    "REQUIRES_SYMBOLS": "require_symbols",
}


@dataclass
class Mapped:
    """API parameters, and the CloudFormation properties left out with why."""

    parameters: dict[str, Any]
    dropped: dict[str, str] = field(default_factory=dict)  # property path -> reason


@lru_cache(maxsize=None)
def _input_shape(operation: str) -> Any:
    model = botocore.session.get_session().get_service_model("cognito-idp")
    return model.operation_model(operation).input_shape


def is_intrinsic(value: Any) -> bool:
    """Whether ``value`` is a CloudFormation intrinsic (Ref, Fn::…) that only a deployment resolves."""
    if not isinstance(value, dict) or len(value) != 1:
        return False
    key = next(iter(value))
    return key == "Ref" or key.startswith("Fn::")


def pool_parameters(properties: dict[str, Any]) -> Mapped:
    """CreateUserPool parameters from the UserPool's CloudFormation properties."""
    return _map(properties, _input_shape("CreateUserPool"))


def client_parameters(properties: dict[str, Any], *, flows_overridden: bool = False) -> Mapped:
    """CreateUserPoolClient parameters from the UserPoolClient's properties, plus the suite's sign-in flow."""
    mapped = _map(properties, _input_shape("CreateUserPoolClient"))
    flows = list(mapped.parameters.get("ExplicitAuthFlows") or [])
    if not flows_overridden and SUITE_SIGN_IN_FLOW not in flows:
        mapped.parameters["ExplicitAuthFlows"] = flows + [SUITE_SIGN_IN_FLOW]
    return mapped


def amplify_outputs(stack_outputs: dict[str, Any]) -> dict[str, Any]:
    """The ``auth`` section of amplify_outputs.json the construct's outputs produce (the parts the suite reads)."""
    outputs: dict[str, Any] = {}
    minimum = stack_outputs.get("passwordPolicyMinLength")
    requirements_text = stack_outputs.get("passwordPolicyRequirements")
    if minimum or requirements_text:
        requirements = json.loads(requirements_text) if requirements_text else []
        policy: dict[str, Any] = {}
        if minimum:
            policy["min_length"] = int(minimum)
        policy.update({flag: name in requirements for name, flag in _REQUIREMENT_FLAGS.items()})
        outputs["password_policy"] = policy
    for source, target in (("usernameAttributes", "username_attributes"),
                           ("signupAttributes", "standard_required_attributes"),
                           ("verificationMechanisms", "user_verification_types")):
        if stack_outputs.get(source):
            outputs[target] = json.loads(stack_outputs[source])
    return outputs


# --- plumbing -------------------------------------------------------------------------------

def _map(properties: dict[str, Any], shape: Any) -> Mapped:
    mapped = Mapped(parameters={})
    for name, value in properties.items():
        if name in SUITE_NAMED:
            mapped.dropped[name] = "the run names its pools and clients itself"
        elif name not in shape.members:
            mapped.dropped[name] = f"not a parameter of {shape.name.removesuffix('Request')}"
        else:
            kept = _keep(value, shape.members[name], name, mapped.dropped)
            if kept is not _DROP:
                mapped.parameters[name] = kept
    return mapped


_DROP = object()


def _keep(value: Any, shape: Any, path: str, dropped: dict[str, str]) -> Any:
    if is_intrinsic(value):
        dropped[path] = f"{next(iter(value))} is resolved only by a CloudFormation deployment"
        return _DROP
    if shape.type_name == "structure" and isinstance(value, dict):
        result = {}
        for name, member in value.items():
            if name not in shape.members:
                dropped[f"{path}.{name}"] = "not a member of the API's structure"
                continue
            kept = _keep(member, shape.members[name], f"{path}.{name}", dropped)
            if kept is _DROP:  # half a configuration is not what the stack deploys
                dropped[path] = f"its {name} is resolved only by a CloudFormation deployment"
                return _DROP
            result[name] = kept
        return result
    if shape.type_name == "list" and isinstance(value, list):
        items = [_keep(item, shape.member, f"{path}[{index}]", dropped) for index, item in enumerate(value)]
        return [item for item in items if item is not _DROP]
    return value
