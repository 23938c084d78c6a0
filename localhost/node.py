"""Node.js on this machine: the npm packages the suite pins, and long-lived Node processes.

:class:`NpmPins` says whether a folder's ``node_modules`` holds exactly the versions its
``package.json`` pins (cognito-local, aws-amplify, the auth construct): a run refuses to start on
another version rather than report its behaviour as the pinned one's.

:class:`NodeBridge` is a long-lived Node process spoken to in JSON lines: how the suite runs Amplify's
own JavaScript.

The amplify-js client (``conformance/clients/amplify_js/bridge.mjs``) and the amplify-backend
synthesizer (``conformance/definitions/amplify_backend/synthesize.mjs``) both follow this protocol.
A process is started once, greets with ``{"id": 0, "ok": true, "value": {...}}``, then answers one
request at a time (one JSON object per line on stdin, one per line on stdout, matched by ``id``),
and exits when its stdin closes, which also happens when the Python process dies. Its stderr
(warnings, stack traces) goes to a log file that every error message names.
"""
from __future__ import annotations

import itertools
import json
import os
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

from localhost.processes import STOP_GRACE_SECONDS

_EOF = object()


class NpmPins:
    """The npm packages ``package.json`` in ``folder`` pins (its ``dependencies``), as installed there."""

    def __init__(self, folder: Path, packages: tuple[str, ...]) -> None:
        self.folder = folder
        self.packages = packages

    def pinned(self) -> dict[str, str]:
        """The version package.json pins for each package."""
        dependencies = json.loads((self.folder / "package.json").read_text(encoding="utf-8"))["dependencies"]
        return {name: dependencies[name] for name in self.packages}

    def installed(self) -> dict[str, str | None]:
        """The version installed under ``node_modules`` for each package (None when it is missing)."""
        versions: dict[str, str | None] = {}
        for name in self.packages:
            try:
                manifest = self.folder / "node_modules" / name / "package.json"
                versions[name] = json.loads(manifest.read_text(encoding="utf-8"))["version"]
            except (OSError, ValueError, KeyError):
                versions[name] = None
        return versions

    def unavailable(self, needs: str) -> str | None:
        """Why these packages cannot run here, in one sentence without the fix: no ``node`` on PATH
        (``needs`` says who needs which Node.js), or :meth:`problem`; None when they can."""
        if shutil.which("node") is None:
            return f"{needs}, and no node is on PATH (install it)"
        return self.problem()

    def problem(self) -> str | None:
        """What keeps the install from being the pinned one, in one sentence without the fix; None when
        every package is installed at its pinned version."""
        installed = self.installed()
        missing = [name for name in self.packages if installed[name] is None]
        if missing:
            return f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not installed in {self.folder}"
        pinned = self.pinned()
        wrong = [f"{name} {installed[name]}, not the pinned {pinned[name]}"
                 for name in self.packages if installed[name] != pinned[name]]
        return f"{self.folder} has {'; '.join(wrong)}" if wrong else None


class BridgeError(RuntimeError):
    """The Node process failed (exited, hung, or hit a bug outside aws-amplify's AuthErrors).

    Deliberately not an AuthError: a scenario expecting a call to fail must not pass because the
    process running the library died. A run meeting one ends with the verdict error.
    """

    breakdown_part = "a Node.js process of the suite"


class NodeBridge:
    """A Node script answering JSON requests, one per line."""

    def __init__(self, node: str, script: Path, *, log_path: Path, name: str = "the Node process",
                 call_timeout: float = 60.0, start_timeout: float = 30.0) -> None:
        self.name = name
        self.log_path = log_path
        self._command = [node, str(script)]
        self._cwd = script.parent
        self._call_timeout = call_timeout
        self._start_timeout = start_timeout
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._replies: queue.Queue = queue.Queue()
        self._process: subprocess.Popen | None = None
        self._failure: str | None = None  # why the process can no longer answer
        self.info: dict[str, Any] = {}

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    @property
    def alive(self) -> bool:
        return self._process is not None and self._failure is None and self._process.poll() is None

    def start(self) -> dict[str, Any]:
        """Start the process and wait for its greeting; BridgeError if it does not come."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            log.write(f"$ {' '.join(self._command)}\n".encode())
            log.flush()
            try:
                self._process = subprocess.Popen(
                    self._command, cwd=self._cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
                    env={**os.environ, "NODE_NO_WARNINGS": "1"},
                )
            except OSError as error:
                raise BridgeError(f"{self.name} could not be started ({error})") from None
        threading.Thread(target=self._read, args=(self._process.stdout,), name=f"{self.name} reader",
                         daemon=True).start()
        greeting = self._await(0, self._start_timeout, "its start")
        self.info = dict(greeting.get("value") or {})
        return self.info

    def request(self, op: str, **fields: Any) -> dict[str, Any]:
        """Send one request and return the reply (a dict with ``ok``); BridgeError when none comes."""
        what = fields.get("api") or op
        with self._lock:
            if self._process is None or self._failure is not None:
                raise BridgeError(self._failure or f"{self.name} is not running")
            number = next(self._ids)
            try:
                self._process.stdin.write((json.dumps({"id": number, "op": op, **fields}) + "\n").encode())
                self._process.stdin.flush()
            except (BrokenPipeError, OSError):
                self._await(number, 2.0, what)  # reports how the process ended
                raise BridgeError(self._fail(f"{self.name} (pid {self.pid}) no longer reads requests"))
            reply = self._await(number, self._call_timeout, what)
        if "bridgeError" in reply:
            raise BridgeError(f"{reply['bridgeError']} (during {what}); see {self.log_path}")
        return reply

    def stop(self, graceful: bool = True) -> None:
        """End the process by its PID: close its stdin (when ``graceful``), then SIGTERM, then SIGKILL.

        Safe to call twice.
        """
        process, self._process = self._process, None
        if process is None:
            return
        self._failure = self._failure or f"{self.name} was stopped"
        try:
            process.stdin.close()
        except OSError:
            pass
        for signal_it in ((None,) if graceful else ()) + (process.terminate, process.kill):
            if signal_it is not None:
                signal_it()
            try:
                process.wait(STOP_GRACE_SECONDS)
                break
            except subprocess.TimeoutExpired:
                continue
        if process.stdout is not None:
            process.stdout.close()

    # --- plumbing ---------------------------------------------------------------------------

    def _read(self, stream: Any) -> None:
        for line in stream:
            try:
                self._replies.put(json.loads(line))
            except ValueError:
                self._replies.put({"id": None, "bridgeError": f"{self.name} wrote a line that is not JSON: {line[:200]!r}"})
        self._replies.put(_EOF)

    def _await(self, number: int, timeout: float, what: str) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            try:
                reply = self._replies.get(timeout=max(remaining, 0))
            except queue.Empty:
                pid = self.pid
                self._fail(f"{self.name} (pid {pid}) did not answer {what} within {timeout:.0f} s and was stopped; "
                           f"see {self.log_path}")
                self.stop(graceful=False)
                raise BridgeError(self._failure) from None
            if reply is _EOF:
                status = self._exit_status()
                raise BridgeError(self._fail(
                    f"{self.name} (pid {self.pid}) exited with status {status} during {what}; see {self.log_path}"))
            if reply.get("id") == number:
                return reply
            if reply.get("id") is None and "bridgeError" in reply:
                raise BridgeError(f"{reply['bridgeError']}; see {self.log_path}")
            # else: the late answer to a request that timed out before; it has no reader any more

    def _exit_status(self) -> int | str:
        if self._process is None:
            return "unknown"
        try:
            return self._process.wait(STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            return "unknown (still running)"

    def _fail(self, reason: str) -> str:
        self._failure = self._failure or reason
        return self._failure
