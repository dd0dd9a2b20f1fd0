"""Files written so that a power cut leaves either the old file or the whole new one.

The new content goes to a temporary file beside the target; the writer fsyncs it (`fsync_file`)
before `replace_durably` renames it into place and fsyncs the folder, so the rename itself survives.
Without the first fsync a crash after the rename can leave a renamed but truncated file that the
workspace already records as exported. Below every layer: the workspace's blobs and backups and the
exchange's bundle and workbook use the same calls.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import IO


def fsync_file(fh: IO[bytes]) -> None:
    """Flush Python's buffer and the OS cache of an open file to the disk."""
    fh.flush()
    os.fsync(fh.fileno())


def fsync_path(path: Path) -> None:
    """fsync a file or a folder by its name, best effort: for a folder, the renames made in it become
    durable. POSIX only (Windows has no directory handle for this, nor an fsync of a read-only
    handle); an error is ignored, since the data written before stays written."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def replace_durably(tmp: Path, target: Path) -> None:
    """Rename a fully written and fsynced `tmp` onto `target`, then fsync the folder."""
    os.replace(tmp, target)
    fsync_path(target.parent)
