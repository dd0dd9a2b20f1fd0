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


_EXIT_STATUS: list[int] = []


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _EXIT_STATUS.append(int(exitstatus))


def pytest_unconfigure(config: pytest.Config) -> None:
    """After the summary is printed, leave without the interpreter's teardown: with PySide6 6.12 the
    garbage collection of Qt objects left from hundreds of UI tests at interpreter exit can crash
    ("QObject: shared QObject was deleted directly", then SIGSEGV) after every test has passed. The
    exit status stays pytest's own. The app itself does not end this way (ui/app.py closes its window
    and stops its collector before Qt goes)."""
    if _EXIT_STATUS and os.environ.get("QT_QPA_PLATFORM"):
        import sys

        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_EXIT_STATUS[-1])
