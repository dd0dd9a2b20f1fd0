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


def add_recent(path: str | Path, settings: QSettings | None = None) -> None:
    s = settings or app_settings()
    p = str(Path(path).resolve())
    items = [x for x in recent_workspaces(s) if x != p]
    s.setValue("recent", [p, *items][:MAX_RECENT])
    s.setValue("last_workspace", p)


def last_workspace(settings: QSettings | None = None) -> str | None:
    v = (settings or app_settings()).value("last_workspace")
    return str(v) if v else None
