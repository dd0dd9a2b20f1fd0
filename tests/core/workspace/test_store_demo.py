"""The demo workspace: realistic, partly filled, consistent, and built without ../shared."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from zi_desktop.errors import UserError
from zi_desktop.paths import demo_workspace_dir
from zi_desktop.workspace.demo import create_demo_workspace
from zi_desktop.workspace.store import open_workspace


def test_demo_workspace_is_partly_filled_and_sound(tmp_path: Path, catalog: Any) -> None:
    path = create_demo_workspace(tmp_path / "demo")
    with open_workspace(path) as ws:
        answered = len(ws.answers())
        assert 0.6 <= answered / len(catalog.soal) <= 0.8
        assert len({v for v in ws.answers().values() if isinstance(v, str)}) >= 3  # a mix of options
        records = ws.records().values()
        assert sum(1 for r in records if r.catatan_unit) >= 5
        assert 3 <= len(ws.answers(tpi=True)) <= 10
        kinds = [e.kind for e in ws.evidence()]
        assert kinds.count("link") >= 3 and kinds.count("file") >= 3 and "text" in kinds
        assert len([p for p in (path / "blobs").rglob("*") if p.is_file()]) == 3  # shared report stored once
        pdf = next(e for e in ws.evidence() if e.mime == "application/pdf")
        assert ws.blob_path(str(pdf.sha256)).read_bytes().startswith(b"%PDF-1.4")
        result = ws.score()
        assert result.issues == () and 0 < result.total < 100
        assert ws.check().ok
        assert {h.user for h in ws.history() if h.soal_id is not None} == {"Admin ZI (contoh)"}


def test_demo_default_place_and_no_overwrite() -> None:
    path = create_demo_workspace()
    assert path == demo_workspace_dir()
    with pytest.raises(UserError, match="sudah ada workspace"):
        create_demo_workspace()
