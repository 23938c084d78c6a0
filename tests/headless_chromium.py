"""A small driver for Debian's headless Chromium over the DevTools protocol, for the report tests.

It records what a page does (console messages, exceptions, log entries, network requests, dialogs),
evaluates JavaScript, clicks with real mouse events and takes screenshots.
"""
from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

EXECUTABLES = ("chromium", "chromium-browser")
_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
    "--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
    "--remote-debugging-port=0",
)


def find_chromium() -> str | None:
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    return next((found for name in EXECUTABLES if (found := shutil.which(name))), None)


class BrowserError(RuntimeError):
    pass


class Chromium:
    """One headless browser with one page; use as a context manager."""

    def __init__(self, executable: str, profile: Path, width: int = 1280, height: int = 900) -> None:
        self.executable = executable
        self.profile = profile
        self.width, self.height = width, height
        self.events: list[tuple[str, dict[str, Any]]] = []
        self._process: subprocess.Popen | None = None
        self._socket = None
        self._session = ""
        self._next_id = 0

    def __enter__(self) -> "Chromium":
        import websocket  # websocket-client

        self.profile.mkdir(parents=True, exist_ok=True)
        self._process = subprocess.Popen(
            [self.executable, *_FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.exists() and len(port_file.read_text().splitlines()) >= 2):
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.__exit__(None, None, None)
                raise BrowserError("chromium did not start its DevTools endpoint")
            time.sleep(0.05)
        port, path = port_file.read_text().splitlines()[:2]
        self._socket = websocket.create_connection(
            f"ws://127.0.0.1:{port}{path}", timeout=30, suppress_origin=True, http_no_proxy=["127.0.0.1"])
        target = self.send("Target.createTarget", {"url": "about:blank"}, browser=True)["targetId"]
        self._session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True},
                                  browser=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable")
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": self.width, "height": self.height, "deviceScaleFactor": 1, "mobile": False})
        return self

    def __exit__(self, *exc_info: Any) -> None:
        try:
            if self._socket is not None:
                try:
                    self.send("Browser.close", browser=True)
                except Exception:  # noqa: BLE001 - the browser may already be gone
                    pass
                self._socket.close()
        finally:
            if self._process is not None:
                try:
                    self._process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self._process.kill()
                    self._process.wait(timeout=10)

    # --- protocol -----------------------------------------------------------------------------------

    def send(self, method: str, params: dict[str, Any] | None = None, browser: bool = False) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if not browser:
            message["sessionId"] = self._session
        self._socket.send(json.dumps(message))
        while True:
            reply = self._receive()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})

    def _receive(self) -> dict[str, Any]:
        reply = json.loads(self._socket.recv())
        if "method" in reply:
            self.events.append((reply["method"], reply.get("params", {})))
        return reply

    def wait_for(self, method: str, timeout: float = 20) -> dict[str, Any]:
        seen = len(self.events)
        for name, params in self.events[:seen]:
            if name == method:
                return params
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._receive()
            for name, params in self.events[seen:]:
                if name == method:
                    return params
            seen = len(self.events)
        raise BrowserError(f"no {method} within {timeout} s")

    # --- what a test does -----------------------------------------------------------------------------

    def open(self, url: str) -> None:
        self.events.clear()
        self.send("Page.navigate", {"url": url})
        self.wait_for("Page.loadEventFired")
        self.evaluate("new Promise(r => requestAnimationFrame(() => r(true)))")

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression!r} threw: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def click(self, selector: str) -> None:
        """A real mouse click in the middle of the element, scrolled into view first."""
        box = self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); if (!e) return null;"
            " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
            " return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()")
        if box is None:
            raise BrowserError(f"nothing matches {selector!r}")
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent",
                      {"type": kind, "x": box["x"], "y": box["y"], "button": "left", "clickCount": 1})
        self.evaluate("new Promise(r => requestAnimationFrame(() => r(true)))")

    def choose(self, selector: str, value: str) -> None:
        """Pick an option of a select as a user would: the value changes and a change event fires."""
        self.evaluate(
            f"(() => {{ const s = document.querySelector({json.dumps(selector)}); s.value = {json.dumps(value)};"
            " s.dispatchEvent(new Event('change', {bubbles: true})); return s.value; })()")

    def screenshot(self, path: Path, full_page: bool = False) -> Path:
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            size = self.send("Page.getLayoutMetrics")["cssContentSize"]
            params.update(captureBeyondViewport=True,
                          clip={"x": 0, "y": 0, "width": self.width, "height": size["height"], "scale": 1})
        else:
            self.evaluate("window.scrollTo(0, 0)")
        data = self.send("Page.captureScreenshot", params)["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    # --- what the page did ------------------------------------------------------------------------------

    def requested_urls(self) -> list[str]:
        return [params["request"]["url"] for name, params in self.events if name == "Network.requestWillBeSent"]

    def problems(self) -> list[str]:
        """Console errors and warnings, uncaught exceptions, error log entries and dialogs."""
        found = []
        for name, params in self.events:
            if name == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning", "assert"):
                found.append(f"console.{params['type']}: " + " ".join(
                    str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
            elif name == "Runtime.exceptionThrown":
                found.append("exception: " + str(params.get("exceptionDetails", {}).get("text")))
            elif name == "Log.entryAdded" and params["entry"].get("level") in ("error", "warning"):
                found.append(f"log {params['entry']['level']}: {params['entry'].get('text')}")
            elif name == "Page.javascriptDialogOpening":
                found.append(f"dialog: {params.get('message')}")
        return found
