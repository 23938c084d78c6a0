"""Where a run will write, checked before it starts: a run never ends in a traceback over its outputs."""
from __future__ import annotations

import os
from pathlib import Path


def unwritable(path: Path, option: str) -> str | None:
    """Why the file ``path`` (given with ``option``) cannot be written, in one sentence, or None when it can."""
    if path.is_dir():
        return f"{option}={path} is a directory; name a file inside it, e.g. {path / 'results.json'}"
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                return f"{option}={path} lies under {parent}, which is a file, not a directory; choose another path"
            if not os.access(parent, os.W_OK | os.X_OK):
                return f"{option}={path} cannot be written: {parent} is not writable; choose another path"
            return None
    return None
