"""`lacks_evidence`: one rule for the submission check, `status`, ringkasan.html and the tree."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zi_desktop.lke.catalog import SURVEY
from zi_desktop.lke.readiness import lacks_evidence, submission_check, without_evidence


def test_a_question_lacks_evidence_without_an_item_or_text_and_a_survey_never_does(catalog: Any) -> None:
    survey = next(s.soal_id for s in catalog.soal.values() if s.kind == SURVEY)
    assert lacks_evidence(catalog, 1, 0, None)
    assert lacks_evidence(catalog, 1, 0, "  \n")  # blank text is no evidence
    assert not lacks_evidence(catalog, 1, 0, "https://drive.example.go.id/1")
    assert not lacks_evidence(catalog, 1, 2, None)
    assert not lacks_evidence(catalog, survey, 0, None)  # IPAK/IPKP: measured by the national team


def test_every_report_lists_the_same_questions_without_evidence(tmp_path: Path, catalog: Any) -> None:
    from zi_desktop.cli.workspace import status_data
    from zi_desktop.exchange.bundle import render_summary_html
    from zi_desktop.workspace.store import create_workspace

    ws = create_workspace(tmp_path / "ws", unit_name="U")
    try:
        ws.attach_link(1, "https://drive.example.go.id/1")
        ws.set_evidence_text(2, "https://drive.example.go.id/2")
        ws.set_evidence_text(3, "   ")
        expected = without_evidence(catalog, ws.records(), ws.evidence())
        assert 1 not in expected and 2 not in expected and 3 in expected
        assert not any(catalog.soal[sid].kind == SURVEY for sid in expected)
        assert len(expected) == len(catalog.soal) - 2 - sum(s.kind == SURVEY for s in catalog.soal.values())
        check = [sid for sid, msg in submission_check(ws).advisory if "belum punya bukti dukung" in msg]
        assert check == expected
        assert status_data(ws)["without_evidence"] == expected
        page = render_summary_html(catalog, "U", 2026, ws.score(), ws.records(), ws.evidence(), {}, "now")
        assert f"Belum ada bukti dukung ({len(expected)})" in page
    finally:
        ws.close()
