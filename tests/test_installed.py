"""The installed route: the wheel, installed (not editable) into a fresh venv, runs the specification.

README's "Installed" section promises that ``pip install`` of the suite gives a command,
``amplify-password-conformance``, that runs the specification from any directory with the pytest
plugin's options and its one-sentence errors. This test builds the wheel from the checkout, installs it
into a venv made with ``python -m venv`` and runs the command from a directory holding a ``conftest.py``
and a ``pytest.ini`` of its own, which must play no part. Nothing of the checkout is importable there:
the features, the catalogue and the expectations come from the installed package.

Building needs the ``uv_build`` backend and installing needs the dependencies: from an index, or uv's
cache. On a developer's machine without them the test skips, saying why; in CI (``CI=true``) it fails.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COMMAND = "amplify-password-conformance"

pytestmark = pytest.mark.slow


def _uv() -> str | None:
    found = shutil.which("uv")
    if found:
        return found
    try:
        from uv import find_uv_bin  # the uv that tox-uv brings, when it is installed as a Python package
    except ImportError:
        return None
    try:
        return find_uv_bin()
    except Exception:  # noqa: BLE001 - a uv package without its binary is no uv
        return None


def _cannot(step: str, completed: subprocess.CompletedProcess) -> None:
    """A build or install that could not happen: a skip on a developer's machine, a failure in CI."""
    tail = "\n".join((completed.stdout + completed.stderr).strip().splitlines()[-5:])
    message = f"{step} failed (no network or no uv_build backend?): {tail}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def _clean_env() -> dict[str, str]:
    """The environment without anything that would make the checkout or another venv importable."""
    drop = ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "PYTEST_ADDOPTS", "PYTEST_PLUGINS")
    return {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("CONFORMANCE_")}


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The bin folder of a fresh venv with the suite's wheel installed in it (no extras)."""
    base = tmp_path_factory.mktemp("installed")
    dist, venv = base / "dist", base / "venv"
    env = _clean_env()
    # The venv comes first: its pip builds the wheel when there is no uv (an environment that tox-uv
    # created has no pip of its own).
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    uv = _uv()
    if uv:
        build = [uv, "build", "--wheel", "--out-dir", str(dist), str(ROOT)]
    else:
        build = [str(python), "-m", "pip", "wheel", "--disable-pip-version-check", "--no-deps",
                 "--wheel-dir", str(dist), str(ROOT)]
    completed = subprocess.run(build, cwd=base, env=env, capture_output=True, text=True, timeout=300)
    if completed.returncode != 0:
        _cannot("building the wheel", completed)
    wheels = sorted(dist.glob("amplify_password_conformance-*.whl"))
    assert len(wheels) == 1, wheels
    if uv:
        install = [uv, "pip", "install", "--python", str(python), str(wheels[0])]
    else:
        install = [str(python), "-m", "pip", "install", "--disable-pip-version-check", str(wheels[0])]
    completed = subprocess.run(install, cwd=base, env=env, capture_output=True, text=True, timeout=600)
    if completed.returncode != 0:
        _cannot("installing the wheel", completed)
    return venv / "bin"


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    """An unrelated project directory whose own pytest configuration would break any run that read it."""
    (tmp_path / "conftest.py").write_text('raise SystemExit("the conftest.py of the current directory was loaded")\n')
    (tmp_path / "pytest.ini").write_text("[pytest]\naddopts = --no-such-option-of-this-project\n")
    return tmp_path


def _run(installed: Path, cwd: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(installed / COMMAND), *options], cwd=cwd, env=_clean_env(),
                          capture_output=True, text=True, timeout=600)


def _site_packages(installed: Path) -> Path:
    out = subprocess.run([str(installed / "python"), "-c", "import conformance, pathlib; "
                          "print(pathlib.Path(conformance.__file__).resolve().parent.parent)"],
                         env=_clean_env(), capture_output=True, text=True, check=True, cwd="/")
    return Path(out.stdout.strip())


def test_the_installed_package_carries_the_specification_and_not_the_checkout(installed):
    site = _site_packages(installed)
    assert site != ROOT and (installed.parent.resolve() in site.parents), site
    assert sorted(p.name for p in (site / "features").glob("*.feature"))
    assert (site / "features" / "requirements.toml").is_file()
    assert (site / "expectations" / "moto.toml").is_file()
    assert not (site / "recordings").exists()  # no recording is shipped, and none is needed
    assert not (site / "tests").exists()


def test_the_command_runs_the_specification_from_an_unrelated_directory(installed, elsewhere, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    completed = _run(installed, elsewhere, "--target", "reference", "-q", "--output", str(out))
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    assert "gate pass" in output.strip().splitlines()[-1], output
    assert "conftest.py of the current directory" not in output
    document = json.loads((out / "results.json").read_text())
    assert document["summary"]["gate"] == "pass"
    assert (out / "summary.md").is_file() and (out / "report.html").is_file()
    # nothing written beside the current directory's files, nor into the installed package
    assert sorted(p.name for p in elsewhere.iterdir()) == ["conftest.py", "pytest.ini"]
    assert not (_site_packages(installed) / "reports" / "output").exists()


def test_an_unknown_target_is_one_sentence_and_exit_code_4(installed, elsewhere, tmp_path):
    completed = _run(installed, elsewhere, "--target", "nope", "--results", str(tmp_path / "r.json"))
    output = (completed.stdout + completed.stderr).strip()
    assert completed.returncode == 4, output
    assert output.splitlines() == [output.splitlines()[0]] and output.startswith("ERROR: unknown target 'nope'"), output
    assert "Traceback" not in output
    assert not (tmp_path / "r.json").exists()


def test_moto_without_the_emulators_extra_says_which_extra_to_install(installed, elsewhere, tmp_path):
    completed = _run(installed, elsewhere, "--target", "moto", "-q", "--results", str(tmp_path / "r.json"))
    output = completed.stdout + completed.stderr
    assert completed.returncode == 3, output
    last = output.strip().splitlines()[-1]
    assert "moto is not installed" in last and "amplify-password-conformance[emulators]" in last, last
    assert "Traceback" not in output
