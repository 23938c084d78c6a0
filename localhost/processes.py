"""Running a server as a child process on a free loopback port, and stopping exactly that process.

The emulator targets that serve HTTP (moto server, cognito-local) share this: pick a free port on
127.0.0.1, start the command with its output in a log file, wait until the port answers, and stop the
child by its PID at the end, also when the run is interrupted or the server never came up. On Linux
the child is also asked to die with the test process (``PR_SET_PDEATHSIG``), so that even a killed
run leaves no server behind.
"""
from __future__ import annotations

import atexit
import itertools
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

from localhost.files import write_atomically

HOST = "127.0.0.1"
STOP_GRACE_SECONDS = 5.0
# Server logs outlive the run so that a failure can be read afterwards; CONFORMANCE_LOG_DIR moves them.
DEFAULT_LOG_DIR = Path(__file__).resolve().parent.parent / "reports" / "output" / "logs"
_log_numbers = itertools.count(1)


class ServerError(RuntimeError):
    """A local server could not be started or used; the message names its log and the fix."""


def log_file(name: str) -> Path:
    """A new log file for the server ``name``, under CONFORMANCE_LOG_DIR or reports/output/logs."""
    directory = Path(os.environ.get("CONFORMANCE_LOG_DIR") or DEFAULT_LOG_DIR)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    return directory / f"{name}-{stamp}-{os.getpid()}-{next(_log_numbers)}.log"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def port_is_open(port: int) -> bool:
    """Whether something accepts connections on 127.0.0.1:``port``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.2)
        return probe.connect_ex((HOST, port)) == 0


def _die_with_parent() -> None:  # runs in the child between fork and exec
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            PR_SET_PDEATHSIG = 1
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        except (OSError, AttributeError):
            pass


class LocalServer:
    """One emulator process listening on 127.0.0.1.

    ``command`` (and ``env_for_port``, variables added to ``env``) are built from the port chosen at
    start; ``ready`` says whether the listening server answers properly (default: the port accepts
    connections); ``fix`` ends every error message with what to do about it.
    """

    def __init__(self, name: str, command: Callable[[int], list[str]], *, log_path: Path, cwd: Path | None = None,
                 env: dict[str, str] | None = None, env_for_port: Callable[[int], dict[str, str]] | None = None,
                 fix: str = "", start_timeout: float = 30.0, ready: Callable[[int], bool] = port_is_open,
                 scrub_log: Callable[[str], str] | None = None) -> None:
        self.name = name
        self.log_path = log_path
        self._command = command
        self._cwd = cwd
        self._env = env
        self._env_for_port = env_for_port
        self._fix = fix
        self._start_timeout = start_timeout
        self._ready = ready
        self._scrub_log = scrub_log  # takes secrets the server printed (e.g. the codes it delivered) out of its log
        self.port: int | None = None
        self.process: subprocess.Popen | None = None

    @property
    def pid(self) -> int | None:
        return None if self.process is None else self.process.pid

    @property
    def url(self) -> str:
        if self.port is None:
            raise ServerError(f"{self.name} has not been started")
        return f"http://{HOST}:{self.port}"

    def start(self) -> None:
        self.port = free_port()
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        command = self._command(self.port)
        env = dict(os.environ if self._env is None else self._env)
        if self._env_for_port is not None:
            env.update(self._env_for_port(self.port))
        with open(self.log_path, "ab") as log:
            log.write(f"$ {' '.join(command)}\n".encode())
            log.flush()
            try:
                self.process = subprocess.Popen(
                    command, cwd=self._cwd, env=env, stdin=subprocess.DEVNULL, stdout=log,
                    stderr=subprocess.STDOUT, preexec_fn=_die_with_parent if os.name == "posix" else None,
                )
            except OSError as error:
                raise ServerError(f"{self.name} could not be started ({error}){self._then_fix}") from None
            log.write(f"[conformance] started {self.name} as pid {self.process.pid} on {HOST}:{self.port}\n".encode())
            log.flush()
        atexit.register(self.stop)
        deadline = time.monotonic() + self._start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                code = self.process.returncode
                self.stop()
                raise ServerError(f"{self.name} exited with status {code} before listening on port {self.port}; "
                                  f"see its log {self.log_path}{self._then_fix}")
            if port_is_open(self.port) and self._ready(self.port):
                return
            time.sleep(0.05)
        self.stop()
        raise ServerError(f"{self.name} did not answer on {HOST}:{self.port} within {self._start_timeout:.0f} s; "
                          f"see its log {self.log_path}{self._then_fix}")

    def exited(self) -> str | None:
        """A sentence saying that the started process has exited, and where its log is; None while it runs."""
        if self.process is None or self.process.poll() is None:
            return None
        return (f"{self.name} (pid {self.process.pid}) exited with status {self.process.returncode} during the run; "
                f"see its log {self.log_path}")

    @property
    def _then_fix(self) -> str:
        return f"; {self._fix}" if self._fix else ""

    def stop(self) -> None:
        """Stop the child by its PID (SIGTERM, then SIGKILL after a grace period); safe to call twice."""
        process, self.process = self.process, None
        atexit.unregister(self.stop)
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(STOP_GRACE_SECONDS)
        self.scrub_log()

    def scrub_log(self) -> None:
        """Rewrite the kept log without the secrets ``scrub_log`` finds; the log outlives the run."""
        if self._scrub_log is None or not self.log_path.is_file():
            return
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        scrubbed = self._scrub_log(text)
        if scrubbed != text:
            write_atomically(self.log_path, scrubbed)
