"""Building the capture Lambda's deployment package: the handler plus the AWS Encryption SDK.

The Lambda runtime has boto3 but not aws-encryption-sdk, so ``bootstrap`` vendors it (and the
compiled ``cryptography`` wheel for the runtime's platform) with pip from PyPI. The package's
identity is the digest of the handler and its requirements: bootstrap replaces a deployed function's
code only when that digest changed.
"""
from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from targets.contract import TargetError

SOURCE_DIR = Path(__file__).resolve().parent / "capture_lambda"
HANDLER_FILE = SOURCE_DIR / "handler.py"
REQUIREMENTS_FILE = SOURCE_DIR / "requirements.txt"
RUNTIME = "python3.12"
RUNTIME_PYTHON = "3.12"
ARCHITECTURE = "x86_64"
PLATFORM = "manylinux2014_x86_64"
_NO_DEPS = "aws-encryption-sdk"  # its boto3 dependency is in the runtime already
_FIXED_TIME = (2020, 1, 1, 0, 0, 0)


def source_digest() -> str:
    digest = hashlib.sha256()
    for path in (HANDLER_FILE, REQUIREMENTS_FILE):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def requirements() -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in REQUIREMENTS_FILE.read_text().splitlines())
    return [line for line in lines if line]


def pip_commands(target: Path) -> list[list[str]]:
    """The pip commands that vendor the handler's dependencies for the Lambda runtime into ``target``."""
    base = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--target",
            str(target), "--platform", PLATFORM, "--implementation", "cp", "--python-version", RUNTIME_PYTHON,
            "--only-binary=:all:", "--upgrade"]
    without_deps = [r for r in requirements() if r.startswith(_NO_DEPS)]
    with_deps = [r for r in requirements() if not r.startswith(_NO_DEPS)]
    return [base + ["--no-deps", *without_deps], base + with_deps]


def build_package(vendor: bool = True) -> bytes:
    """The zip file to deploy. ``vendor=False`` packs the handler alone (enough for an emulator)."""
    with tempfile.TemporaryDirectory(prefix="conformance-capture-") as directory:
        root = Path(directory)
        if vendor:
            for command in pip_commands(root):
                result = subprocess.run(command, capture_output=True, text=True)
                if result.returncode != 0:
                    last = (result.stderr.strip().splitlines() or ["pip failed"])[-1]
                    raise TargetError(f"could not download the capture Lambda's dependencies from PyPI ({last}); "
                                      "check the network, or pip's proxy settings")
        (root / "handler.py").write_bytes(HANDLER_FILE.read_bytes())
        return _zip(root)


def _zip(root: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            info = zipfile.ZipInfo(path.relative_to(root).as_posix(), date_time=_FIXED_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()
