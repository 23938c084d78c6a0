"""Comparing a run's observed answers with a recording, call by call: the error code, the message, the
response's shape and the masking pattern of destinations.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from localhost.files import write_atomically



def shape(value: Any, path: str = "") -> set[str]:
    """Every path in a response with the type found there: ``CodeDeliveryDetails.Destination:string``."""
    if isinstance(value, dict):
        paths = {f"{path}:object"} if path else set()
        for key, child in value.items():
            paths |= shape(child, f"{path}.{key}" if path else key)
        return paths
    if isinstance(value, list):
        paths = {f"{path}:list"}
        for child in value:
            paths |= shape(child, f"{path}[]")
        return paths
    kind = {bool: "boolean", int: "number", float: "number", str: "string", type(None): "null"}.get(type(value), "other")
    return {f"{path}:{kind}"}


def _destinations(value: Any) -> list[str]:
    if isinstance(value, dict):
        found = [value["Destination"]] if isinstance(value.get("Destination"), str) else []
        return found + [d for k, v in value.items() if k != "Destination" for d in _destinations(v)]
    if isinstance(value, list):
        return [d for v in value for d in _destinations(v)]
    return []


def compare_calls(recorded: list[dict[str, Any]], observed: list[dict[str, Any]], item: str) -> list[dict[str, Any]]:
    """The deviations of ``observed`` from ``recorded`` for one test item, call by call."""
    def keyed(calls: list[dict[str, Any]]) -> dict[tuple[str, int], dict[str, Any]]:
        seen: dict[str, int] = {}
        result = {}
        for call in calls:
            seen[call["operation"]] = seen.get(call["operation"], 0) + 1
            result[(call["operation"], seen[call["operation"]])] = call
        return result

    def deviation(kind: str, key: tuple[str, int], cognito: Any, target: Any) -> dict[str, Any]:
        return {"item": item, "operation": key[0], "call": key[1], "kind": kind, "cognito": cognito, "target": target}

    expected, actual = keyed(recorded), keyed(observed)
    deviations = []
    for key in sorted(expected.keys() | actual.keys()):
        want, got = expected.get(key), actual.get(key)
        if got is None:
            deviations.append(deviation("missing_call", key, "called", "not called"))
            continue
        if want is None:
            deviations.append(deviation("extra_call", key, "not called", "called"))
            continue
        want_code = (want.get("error") or {}).get("code")
        got_code = (got.get("error") or {}).get("code")
        if want_code != got_code:
            deviations.append(deviation("error_code", key, want_code or "success", got_code or "success"))
        elif want_code and want["error"]["message"] != got["error"]["message"]:
            deviations.append(deviation("message", key, want["error"]["message"], got["error"]["message"]))
        if want.get("http_status") != got.get("http_status"):
            deviations.append(deviation("http_status", key, want.get("http_status"), got.get("http_status")))
        want_shape, got_shape = shape(want.get("response")), shape(got.get("response"))
        if want_shape != got_shape:
            deviations.append(deviation("shape", key, sorted(want_shape - got_shape), sorted(got_shape - want_shape)))
        want_masks, got_masks = _destinations(want.get("response")), _destinations(got.get("response"))
        if want_masks != got_masks:
            deviations.append(deviation("masking", key, want_masks, got_masks))
    return deviations


def compare(recording: dict[str, Any], observed: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Deviations per requirement, for the requirements and items both the recording and the run have."""
    result: dict[str, list[dict[str, Any]]] = {}
    for requirement, seen in sorted(observed.items()):
        recorded = recording.get("requirements", {}).get(requirement)
        if recorded is None:
            continue
        deviations = []
        for item, calls in sorted(seen["items"].items()):
            if item in recorded["items"]:
                deviations += compare_calls(recorded["items"][item]["calls"], calls["calls"], item)
        result[requirement] = deviations
    return result


def write_comparison(deviations: dict[str, list[dict[str, Any]]], recording: Path, target: str, path: Path) -> None:
    document = {
        "schema": "amplify-password-conformance/recording-comparison",
        "schema_version": 1,
        "recording": str(recording),
        "target": target,
        "requirements_compared": len(deviations),
        "requirements_deviating": sum(1 for d in deviations.values() if d),
        "deviations": deviations,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n")


def summary_lines(deviations: dict[str, list[dict[str, Any]]]) -> list[str]:
    deviating = {req: found for req, found in deviations.items() if found}
    lines = [f"recording comparison: {len(deviations)} requirement(s) compared, {len(deviating)} deviate from the recording"]
    for requirement, found in deviating.items():
        kinds: dict[str, int] = {}
        for deviation in found:
            kinds[deviation["kind"]] = kinds.get(deviation["kind"], 0) + 1
        first = found[0]
        lines.append(f"  {requirement}: " + ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
                     + f" (first: {first['operation']} #{first['call']} {first['kind']}: recorded "
                     + f"{_short(first['cognito'])}, this run {_short(first['target'])})")
    return lines


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    return text if len(text) <= 80 else text[:79] + "…"
