"""Test set-up shared by tests/core and tests/ui."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
# ../shared/reference beside the checkout (present for developers and CI); tests that need it skip
# without it.
REFERENCE = ROOT.parent / "shared" / "reference"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep logs, settings and the demo workspace of every test out of the real user folders."""
    home = tmp_path_factory.mktemp("zi-home")
    monkeypatch.setenv("ZI_DESKTOP_HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))


@pytest.fixture(scope="session")
def catalog():  # type: ignore[no-untyped-def]
    from zi_desktop.lke.catalog import load_catalog

    return load_catalog(2026)


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    if not REFERENCE.is_dir():
        pytest.skip("../shared/reference is not present")
    return REFERENCE
