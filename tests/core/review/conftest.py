"""The review tests' shared set-up (built in tests/core/review_setup.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from review_setup import Setup, make_setup


@pytest.fixture()
def setup(tmp_path: Path, catalog: Any) -> Setup:
    return make_setup(tmp_path, catalog)
