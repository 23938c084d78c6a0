"""What the wheel carries, read from pyproject.toml's uv_build settings (no build needed)."""
from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def shipped(path: Path) -> bool:
    """Whether uv_build puts ``path`` (a file of the checkout) into the wheel."""
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["uv"]["build-backend"]
    relative = path.resolve().relative_to(ROOT).as_posix()
    if relative.split("/")[0] not in settings["module-name"]:
        return False
    excluded = settings.get("wheel-exclude", []) + settings.get("source-exclude", [])
    parts = relative.split("/")
    return not any(fnmatch.fnmatch(relative, pattern) or pattern in parts or relative.startswith(pattern + "/")
                   for pattern in excluded)
