"""Where ZI Desktop keeps its own files (logs, the demo workspace, caches), per platform."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

APP_DIR_NAME = "zi-desktop"


def resources_dir() -> Path:
    """The `resources/` folder (catalog, translations, guide): `ZI_DESKTOP_RESOURCES` if set, else the
    one beside the package (a source checkout) or inside a frozen build (`sys._MEIPASS`)."""
    env = os.environ.get("ZI_DESKTOP_RESOURCES")
    if env:
        return Path(env)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def data_dir() -> Path:
    """The per-user data folder: `ZI_DESKTOP_HOME` if set, else the platform's usual place."""
    env = os.environ.get("ZI_DESKTOP_HOME")
    if env:
        return Path(env)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "ZI Desktop"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "ZI Desktop"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP_DIR_NAME


def log_file() -> Path:
    return data_dir() / "logs" / "zi-desktop.log"


def demo_workspace_dir() -> Path:
    return data_dir() / "contoh-workspace"


def save_cache_file(target: Path, data: bytes) -> bool:
    """Write a cache file whole or not at all (a temporary file beside it, then a rename; no fsync:
    a cache lost in a power cut is only a slower next start). Best effort: False, and no temporary
    file left behind, when the folder cannot take it (read-only, full, a file in its place)."""
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, target)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        return False
    return True
