"""Writing files so that a reader sees the old content or the new, never half of either.

Every file the suite writes and another process (or a later run) may read at any moment goes through
here: the results document, recordings, the synthesis cache, the cognito target's run records, the
reports, and the logs and artefacts rewritten without secrets.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Mapping


def _read_umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


# Read once, at import: setting the umask to read it is not safe while other threads create files.
_UMASK = _read_umask()


def write_atomically(path: Path, content: str | bytes) -> Path:
    """Write ``content`` (text as UTF-8) to ``path``: a temporary file beside it, renamed into place.

    The folder is created when missing. If the write fails, the temporary file is removed and
    ``path`` keeps what it held. Returns ``path``.
    """
    return write_all_atomically({Path(path): content})[0]


def write_all_atomically(files: Mapping[Path, str | bytes]) -> list[Path]:
    """Write every content to a temporary file beside its path, then rename them all into place.

    If any write fails, the temporary files are removed and no path is touched. The files get the
    permissions an ordinary write would give them (``0o666`` less the umask), not ``mkstemp``'s 0600.
    """
    temporaries: list[tuple[str, Path]] = []
    try:
        for path, content in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
            temporaries.append((temporary, path))
            with os.fdopen(handle, "wb") as stream:
                stream.write(content.encode("utf-8") if isinstance(content, str) else content)
            os.chmod(temporary, 0o666 & ~_UMASK)
        for temporary, path in temporaries:
            os.replace(temporary, path)
    except BaseException:
        for temporary, _ in temporaries:
            Path(temporary).unlink(missing_ok=True)
        raise
    return list(files)
