"""Writing report files so that a reader never sees half of one, and a failed build leaves nothing new."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_files_atomically(files: dict[Path, str]) -> list[Path]:
    """Write every text to a temporary file beside its target, then rename them all into place.

    If any write fails, the temporary files are removed and no target is touched.
    """
    temporaries: list[tuple[str, Path]] = []
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
            temporaries.append((temporary, path))
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
            os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; a report is for everyone to read
        for temporary, path in temporaries:
            os.replace(temporary, path)
    except BaseException:
        for temporary, _ in temporaries:
            Path(temporary).unlink(missing_ok=True)
        raise
    return list(files)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
