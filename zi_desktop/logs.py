"""The log file: where a bug's traceback goes, from the command line and from the app alike."""

from __future__ import annotations

import threading
import traceback
from datetime import datetime
from pathlib import Path

from zi_desktop.paths import log_file

_lock = threading.Lock()  # a bug in a worker and one on the GUI thread may arrive together


def log_bug(exc: BaseException, where: str = "") -> Path | None:
    """Append `exc` with its traceback to the log file; its path, or None when it cannot be written
    (the message to the person then says so, rather than naming a file that is not there)."""
    path = log_file()
    stamp = datetime.now().astimezone().isoformat(timespec="seconds")
    lines = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    head = f"{stamp} ERROR kesalahan tak terduga" + (f" ({where})" if where else "")
    try:
        with _lock:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as f:
                f.write(f"{head}\n{lines}\n")
    except OSError:
        return None
    return path
