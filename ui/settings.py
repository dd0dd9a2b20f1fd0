"""Window state and recent workspaces (QSettings, organisation "ZI Desktop"); domain data lives
only in the workspace."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

ORG = APP = "ZI Desktop"
MAX_RECENT = 8


def app_settings() -> QSettings:
    return QSettings(ORG, APP)


def recent_workspaces(settings: QSettings | None = None) -> list[str]:
    s = settings or app_settings()
    value: Any = s.value("recent", [])
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in (value or []) if v]


def add_recent(path: str | Path, settings: QSettings | None = None) -> bool:
    """Put `path` first in the recent list and make it the last workspace. Writes nothing when both
    already say so (reopening the last workspace, the usual start): a write makes QSettings save its
    file, with a lock file and two fdatasync calls, in the event loop's next pass, before the
    window's first frame (2-20 ms on an ordinary disk, issue 15). Returns whether it wrote."""
    s = settings or app_settings()
    p = str(Path(path).resolve())
    current = recent_workspaces(s)
    items = [x for x in current if x != p]
    wanted = [p, *items][:MAX_RECENT]
    if current == wanted and last_workspace(s) == p:
        return False
    s.setValue("recent", wanted)
    s.setValue("last_workspace", p)
    return True


def last_workspace(settings: QSettings | None = None) -> str | None:
    v = (settings or app_settings()).value("last_workspace")
    return str(v) if v else None
