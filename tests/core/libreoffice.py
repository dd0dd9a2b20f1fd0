"""Finding LibreOffice for the `libreoffice` tests: skip cleanly without it, except where CI has
promised it (`.ci/run` installs it and sets ZI_REQUIRE_LIBREOFFICE=1, so a missing soffice fails
the run instead of silently skipping the spreadsheet oracle)."""

from __future__ import annotations

import os
import shutil

import pytest


def soffice_or_skip() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if os.environ.get("ZI_REQUIRE_LIBREOFFICE") == "1":
        pytest.fail("LibreOffice (soffice) is required here (ZI_REQUIRE_LIBREOFFICE=1) but is not installed")
    pytest.skip("LibreOffice (soffice) is not installed")
