"""The GitHub Actions recipe (docs/github-actions.yml, explained in docs/CI.md) works as written.

The workflow is parsed and its steps checked: the implementation starts before the gate runs, the
job summary and the artefact are written whatever the gate's verdict (``if: always()``), and the moto it
installs is the one pyproject.toml's emulators extra pins. Then the shell of its start, gate, summary and
stop steps runs here, in a temporary directory standing in for the checkout, with ``$GITHUB_STEP_SUMMARY``
a temporary file: the gate must pass and the job summary must receive the run's Markdown summary. The
recipe's ports (5000 and 5001) are used when they are free, otherwise two free ones replace them.
The installed command is replaced by its local equivalent, ``python -m conformance.commands.gate``.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from localhost.processes import free_port

yaml = pytest.importorskip("yaml", reason="PyYAML is not installed: pip install -e '.[selftest]'")

ROOT = Path(__file__).resolve().parent.parent
RECIPE = ROOT / "docs" / "github-actions.yml"
COMMAND = "amplify-password-conformance"
START, GATE, SUMMARY, ARTEFACT, STOP = ("Start the implementation under test", "Run the gate",
                                        "Write the summary to the job summary", "Keep the report",
                                        "Stop the implementation under test")


def workflow() -> dict:
    return yaml.safe_load(RECIPE.read_text(encoding="utf-8"))


def steps() -> list[dict]:
    jobs = workflow()["jobs"]
    assert list(jobs) == ["conformance"], list(jobs)
    return jobs["conformance"]["steps"]


def step(name: str) -> dict:
    found = [s for s in steps() if s.get("name") == name]
    assert len(found) == 1, f"the recipe has {len(found)} steps named {name!r}"
    return found[0]


def names() -> list[str]:
    return [s.get("name") for s in steps()]


def emulators_pin() -> str:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    (pin,) = [requirement for requirement in extras["emulators"] if requirement.startswith("moto")]
    return pin


# --- the workflow's structure ----------------------------------------------------------------------------

def test_the_recipe_is_a_workflow_with_one_job_on_ubuntu():
    document = workflow()
    triggers = document.get("on", document.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers and "pull_request" in triggers
    job = document["jobs"]["conformance"]
    assert job["runs-on"] == "ubuntu-latest"
    assert all("name" in s and ("run" in s) != ("uses" in s) for s in job["steps"]), job["steps"]


def test_the_recipe_checks_out_the_suite_and_sets_up_python_and_node():
    used = [s["uses"].split("@")[0] for s in steps() if "uses" in s]
    assert used[:3] == ["actions/checkout", "actions/setup-python", "actions/setup-node"], used
    python = next(s for s in steps() if s.get("uses", "").startswith("actions/setup-python"))
    assert tuple(int(part) for part in str(python["with"]["python-version"]).split(".")) >= (3, 11)
    node = next(s for s in steps() if s.get("uses", "").startswith("actions/setup-node"))
    assert str(node["with"]["node-version"]) == "20"


def test_the_suite_is_installed_not_editable_and_gives_the_command_the_gate_runs():
    install = step("Install the suite")["run"]
    assert re.search(r"pip install \.(\s|$)", install) and "-e" not in install.split(), install
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert COMMAND in scripts
    assert step(GATE)["run"].startswith(COMMAND + " ")


def test_the_recipe_installs_the_moto_that_the_emulators_extra_pins():
    pin = emulators_pin()
    install = step("Install the implementation under test")["run"]
    assert re.findall(r"moto\[server\]==[\w.]+", install) == [pin], (install, pin)
    assert re.findall(r"moto\S*==[\w.]+", RECIPE.read_text(encoding="utf-8")) == [pin]  # no other moto anywhere


def test_the_implementation_starts_and_is_waited_for_before_the_gate_runs():
    order = names()
    assert order.index("Install the implementation under test") < order.index(START) < order.index(GATE)
    start = step(START)["run"]
    assert "python -m moto.server -H 127.0.0.1 -p 5000" in start
    assert "python -m targets.moto.oracle_server --moto-url http://127.0.0.1:5000 --port 5001" in start
    assert start.count("--retry-connrefused") == 2  # waits for both before going on
    gate = step(GATE)
    assert gate["env"]["CONFORMANCE_ENDPOINT_URL"] == "http://127.0.0.1:5001"
    assert gate["env"]["CONFORMANCE_CODE_ORACLE"] == "http://127.0.0.1:5001/oracle"
    assert "--target=endpoint" in gate["run"] and "--expectations=expectations/moto.toml" in gate["run"]
    assert (ROOT / "expectations" / "moto.toml").is_file()
    assert "if" not in gate  # the gate's exit code is the job's verdict


def test_the_job_summary_and_the_artefact_are_written_whatever_the_verdict():
    order = names()
    results = re.search(r"--results=(\S+)/results\.json", step(GATE)["run"]).group(1)
    summary = step(SUMMARY)
    assert summary["if"] == "always()" and order.index(GATE) < order.index(SUMMARY)
    assert summary["run"].strip() == f'cat {results}/summary.md >> "$GITHUB_STEP_SUMMARY"'
    artefact = step(ARTEFACT)
    assert artefact["if"] == "always()" and artefact["uses"].startswith("actions/upload-artifact@")
    paths = artefact["with"]["path"].split()
    assert {f"{results}/report.html", f"{results}/results.json"} <= set(paths), paths
    assert step(STOP)["if"] == "always()" and order[-1] == STOP


# --- the recipe's shell, run here --------------------------------------------------------------------------

def _free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _ports() -> dict[str, str]:
    """The recipe's ports, or free ones in their place when something else holds them."""
    moto, oracle = (5000, 5001) if _free(5000) and _free(5001) else (free_port(), free_port())
    return {"127.0.0.1:5000": f"127.0.0.1:{moto}", "-p 5000": f"-p {moto}",
            "127.0.0.1:5001": f"127.0.0.1:{oracle}", "--port 5001": f"--port {oracle}"}


def _local(text: str, ports: dict[str, str]) -> str:
    for recipe, here in ports.items():
        text = text.replace(recipe, here)
    return text.replace(COMMAND + " ", f'"{sys.executable}" -m conformance.commands.gate ')


def _shell(script: str, cwd: Path, env: dict[str, str], log: Path, timeout: float) -> tuple[int, str]:
    """Runs a step's ``run`` as GitHub's default shell on Linux does (bash -e, pipefail)."""
    with log.open("w", encoding="utf-8") as out:
        completed = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=cwd,
                                   env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                   timeout=timeout)
    return completed.returncode, log.read_text(encoding="utf-8", errors="replace")


def _stop(pids: list[int]) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            continue
    deadline = time.monotonic() + 15
    for pid in pids:
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
        else:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


@pytest.mark.slow
def test_the_recipe_run_here_passes_the_gate_and_fills_the_job_summary(tmp_path):
    pytest.importorskip("flask", reason="moto server is not installed: pip install -e '.[emulators]'")
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed; the recipe waits for its servers with curl, as GitHub's runners have it")
    workspace = tmp_path / "checkout"  # stands in for the job's checkout: the recipe reads expectations/ there
    shutil.copytree(ROOT / "expectations", workspace / "expectations")
    job_summary = tmp_path / "step_summary.md"
    job_summary.write_text("", encoding="utf-8")
    ports = _ports()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONFORMANCE_", "AWS_"))}
    env.update(PATH=os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
               PYTHONPATH=str(ROOT), GITHUB_STEP_SUMMARY=str(job_summary),
               CONFORMANCE_LOG_DIR=str(tmp_path / "logs"))
    output = workspace / "conformance-output"
    pids: list[int] = []
    try:
        code, log = _shell(_local(step(START)["run"], ports), workspace, env, tmp_path / "start.log", 180)
        pids = [int((output / name).read_text()) for name in ("moto.pid", "oracle.pid") if (output / name).exists()]
        assert code == 0, log
        assert len(pids) == 2, log
        assert "code oracle (CONFORMANCE_CODE_ORACLE): http://" + ports["127.0.0.1:5001"] + "/oracle" in log

        gate = step(GATE)
        gate_env = env | {name: _local(str(value), ports) for name, value in gate["env"].items()}
        code, log = _shell(_local(gate["run"], ports), workspace, gate_env, tmp_path / "gate.log", 900)
        assert code == 0, log
        assert "gate pass with" in log.strip().splitlines()[-1], log

        code, log = _shell(step(SUMMARY)["run"], workspace, env, tmp_path / "summary.log", 60)
        assert code == 0, log
        markdown = job_summary.read_text(encoding="utf-8")
        assert markdown == (output / "summary.md").read_text(encoding="utf-8")
        assert markdown.startswith("## ") and "gate pass" in markdown.splitlines()[0], markdown[:200]

        for path in step(ARTEFACT)["with"]["path"].split():
            assert list(workspace.glob(path)), f"the artefact's {path} was not written"

        code, log = _shell(step(STOP)["run"], workspace, env, tmp_path / "stop.log", 60)
        assert code == 0, log
    finally:
        _stop(pids)
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
