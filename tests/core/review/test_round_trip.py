"""The review round trip on real files, through the command line (issue 13, "How this will be checked").

unit exports -> TPI opens, reviews a third of the questions (some `perlu perbaikan`), exports ->
meanwhile the unit edits other answers -> the unit imports the review: every unit edit intact, every
TPI field arrived, the PortalRB document has the TPI's answers -> the unit fixes, re-exports -> the TPI
updates and sees exactly the changed questions -> a second tier reviews on top.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sample_answers import sample_value

from zi_desktop.cli.main import main
from zi_desktop.lke.catalog import CHOICE
from zi_desktop.lke.scoring import score
from zi_desktop.workspace import review as rv
from zi_desktop.workspace.store import open_workspace


def run(capsys: pytest.CaptureFixture[str], *args: Any) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def ok(capsys: pytest.CaptureFixture[str], *args: Any) -> str:
    code, out, err = run(capsys, *args)
    assert code == 0, (args, out, err)
    return out


def other_option(soal: Any, value: Any) -> str:
    keys = [o.key for o in soal.options]
    return next(k for k in keys if k != value)


def unit_fields(ws: Any) -> dict[int, tuple[Any, Any, Any]]:
    return {sid: (r.jawaban_unit, r.catatan_unit, r.bukti_dukung_unit) for sid, r in ws.records().items()}


def evidence_of(ws: Any) -> set[tuple[int, str | None]]:
    return {(e.soal_id, e.sha256) for e in ws.evidence()}


@pytest.fixture()
def unit(tmp_path: Path, capsys: pytest.CaptureFixture[str], catalog: Any) -> Path:
    ws_path = tmp_path / "unit"
    ok(capsys, "init", ws_path, "--unit", "Kantor Contoh", "--unit-id", "KC-01")
    with open_workspace(ws_path) as ws:
        for i, s in enumerate(catalog.soal_in_order()):
            ws.edit(s.soal_id, sample_value(catalog, i, s, 1, 3.2), note=f"catatan unit {s.soal_id}")
    for sid in (1, 2, 5, 9):
        f = tmp_path / f"bukti-{sid}.txt"
        f.write_text(f"bukti soal {sid}")
        ok(capsys, "attach", ws_path, sid, f)
    return ws_path


def test_round_trip(unit: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], catalog: Any) -> None:
    b1 = tmp_path / "paket-1.zip"
    ok(capsys, "export", unit, "--out", b1)

    # -- TPI opens the bundle ------------------------------------------------------------------
    tpi = tmp_path / "reviu-unit"
    out = ok(capsys, "review", "open", b1, tpi, "--tier", "TPI Unit", "--reviewer", "Budi Santoso")
    assert "TPI Unit" in out
    with open_workspace(unit) as u, open_workspace(tpi) as t:
        assert unit_fields(t) == unit_fields(u)  # the unit's answers and notes arrived
        assert {(e.soal_id, e.sha256) for e in t.evidence()} == evidence_of(u)
    # the unit's data is read-only, and the message says whose it is
    with open_workspace(tpi) as t:
        other = other_option(catalog.soal[3], t.record(3).jawaban_unit)
    code, _, err = run(capsys, "answer", tpi, 3, other)
    assert code == 2 and "milik unit Kantor Contoh" in err
    code, _, err = run(capsys, "detach", tpi, 1, 1)
    assert code == 2 and "milik unit Kantor Contoh" in err

    # -- reviews a third of the questions ------------------------------------------------------
    choice = [s for s in catalog.soal_in_order() if s.kind == CHOICE]
    reviewed = [s.soal_id for s in choice[::3]]
    fixes = reviewed[::4]  # some perlu perbaikan, with another answer and a note
    with open_workspace(tpi) as t:
        unit_before = {sid: t.record(sid).jawaban_unit for sid in reviewed}
    tpi_answers: dict[int, str] = {}
    for sid in reviewed:
        if sid in fixes:
            tpi_answers[sid] = other_option(catalog.soal[sid], unit_before[sid])
            ok(
                capsys,
                "review",
                "status",
                tpi,
                sid,
                "perlu perbaikan",
                "--jawaban",
                tpi_answers[sid],
                "--catatan",
                f"temuan soal {sid}",
            )
        else:
            tpi_answers[sid] = str(unit_before[sid])
            ok(capsys, "answer", tpi, sid, tpi_answers[sid], "--tpi")
            ok(capsys, "review", "status", tpi, sid, "sesuai")
    ok(capsys, "review", "area", tpi, "1", "Manajemen perubahan belum didukung SK tim yang sah")
    ok(capsys, "review", "rekomendasi", tpi, "Lengkapi SK tim kerja", "Unggah notulen rapat")
    summary = json.loads(ok(capsys, "review", "ringkasan", tpi, "--json"))
    assert {d["soal_id"] for d in summary["differences"]} == set(fixes)
    assert summary["perlu_perbaikan"] == sorted(fixes)
    with open_workspace(tpi) as t:
        merged = {**t.answers(), **{sid: t.record(sid).jawaban_tpi for sid in reviewed}}
    assert summary["total"]["TPI Unit"] == pytest.approx(score(catalog, merged).total)
    assert summary["total"]["TPI Unit"] != pytest.approx(summary["total"]["unit"])
    hasil1 = tmp_path / "hasil-1.zip"
    ok(capsys, "review", "export", tpi, "--out", hasil1)
    with zipfile.ZipFile(hasil1) as zf:
        names = zf.namelist()
        assert "reviu.json" in names and "manifest.json" in names
        assert any(n.endswith(".pdf") for n in names)

    # -- meanwhile the unit edits other answers --------------------------------------------------
    untouched = [s for s in choice if s.soal_id not in reviewed]
    edited = [untouched[0].soal_id, untouched[5].soal_id]
    with open_workspace(unit) as u:
        for sid in edited:
            u.edit(sid, other_option(catalog.soal[sid], u.record(sid).jawaban_unit), note=f"diubah unit {sid}")
        before = unit_fields(u)
        ev_before = evidence_of(u)

    # -- the unit imports the review -------------------------------------------------------------
    out = ok(capsys, "review", "import", unit, hasil1)
    assert "TPI Unit" in out
    with open_workspace(unit) as u:
        assert unit_fields(u) == before  # every unit edit intact
        assert evidence_of(u) == ev_before
        recs = u.records()
        for sid in reviewed:
            assert str(recs[sid].jawaban_tpi) == tpi_answers[sid]
        for sid in fixes:
            assert recs[sid].catatan_tpi == f"temuan soal {sid}"
        assert rv.needs_fixing(u) == sorted(fixes)
        assert rv.area_notes(u, "TPI Unit") == {"1": "Manajemen perubahan belum didukung SK tim yang sah"}
        assert rv.recommendations(u, "TPI Unit") == ["Lengkapi SK tim kerja", "Unggah notulen rapat"]
        marked = {sid for sid, a in rv.tier_answers(u, "TPI Unit").items() if a.unit_changed}
        assert marked == set(edited) & set(rv.tier_answers(u, "TPI Unit"))  # changed since the reviewed bundle
        assert all(r.revisions == 1 for sid, r in rv.responses(u).items() if sid in fixes)
        assert u.check().ok
    # the PortalRB document has the TPI's answers
    b2 = tmp_path / "paket-2-draft.zip"
    ok(capsys, "export", unit, "--out", b2)
    with zipfile.ZipFile(b2) as zf:
        doc = json.loads(zf.read("jawaban-unit.json"))
    by_id = {a["soal_id"]: a for a in doc["answers"]}
    for sid in reviewed:
        assert by_id[sid]["jawaban_tpi"] == tpi_answers[sid]

    # -- the unit fixes, responds, re-exports ---------------------------------------------------------
    fixed = fixes[:2]
    for sid in fixed:
        ok(capsys, "answer", unit, sid, tpi_answers[sid])
        ok(capsys, "review", "tanggapan", unit, sid, f"sudah diperbaiki {sid}")
    new_file = tmp_path / "sk-baru.txt"
    new_file.write_text("SK yang sudah ditandatangani")
    ok(capsys, "attach", unit, fixed[0], new_file)
    gone = next(sid for sid in (1, 2, 5, 9) if sid not in set(edited) | set(fixed))
    with open_workspace(unit) as u:
        gone_id = u.evidence(gone)[0].id
    ok(capsys, "detach", unit, gone, gone_id)  # evidence removed
    b3 = tmp_path / "paket-3.zip"
    ok(capsys, "export", unit, "--out", b3)

    # -- the TPI updates and sees exactly the changed questions ---------------------------------------
    with open_workspace(tpi) as t:
        own_before = {sid: (r.jawaban_tpi, r.catatan_tpi) for sid, r in t.records().items()}
        statuses_before = rv.statuses(t)
    out = ok(capsys, "review", "update", tpi, b3)
    with open_workspace(tpi) as t:
        changes = rv.unit_changes(t)
        assert set(changes) == set(edited) | set(fixed) | {gone}  # exactly the questions the unit changed
        assert {c.kind for c in changes[fixed[0]]} >= {"jawaban", "bukti ditambah"}
        assert [c.kind for c in changes[gone]] == ["bukti dihapus"]
        assert {c.kind for c in changes[edited[0]]} == {"jawaban", "catatan"}
        assert {sid: (r.jawaban_tpi, r.catatan_tpi) for sid, r in t.records().items()} == own_before
        assert rv.statuses(t) == statuses_before  # the TPI's work is kept
        responses = rv.responses(t)  # the unit's responses came with the bundle
        assert {sid: r.tanggapan for sid, r in responses.items() if r.tanggapan} == {
            sid: f"sudah diperbaiki {sid}" for sid in fixed
        }
        assert all(responses[sid].revisions == 1 for sid in fixes)
        assert {c.kind for c in changes[fixed[1]]} >= {"jawaban", "tanggapan"}
        with open_workspace(unit) as u:
            assert unit_fields(t) == unit_fields(u)
        assert rv.review_info(t).round == 2  # type: ignore[union-attr]
        assert t.check().ok
    assert f"Soal {fixed[0]}" in out

    # -- a second tier reviews on top -----------------------------------------------------------------
    tier2 = tmp_path / "reviu-kementerian"
    ok(capsys, "review", "open", b3, tier2, "--tier", "TPI Kementerian", "--reviewer", "Sari", "--atas", hasil1)
    with open_workspace(tier2) as t2:
        first = rv.tier_answers(t2, "TPI Unit")
        assert {sid: str(a.jawaban) for sid, a in first.items() if a.jawaban is not None} == tpi_answers
        assert t2.answers(tpi=True) == {}  # each tier's answers kept apart
    sid2 = reviewed[1]
    second_answer = other_option(catalog.soal[sid2], tpi_answers[sid2])
    ok(capsys, "review", "status", tier2, sid2, "perlu perbaikan", "--jawaban", second_answer)
    hasil2 = tmp_path / "hasil-2.zip"
    ok(capsys, "review", "export", tier2, "--out", hasil2)
    ok(capsys, "review", "import", unit, hasil2)
    with open_workspace(unit) as u:
        assert [t.tier for t in rv.tiers(u)] == ["TPI Unit", "TPI Kementerian"]
        assert str(u.record(sid2).jawaban_tpi) == second_answer  # the last tier by default
        assert u.record(reviewed[0]).jawaban_tpi is None  # tier 2 did not answer it
        assert str(rv.tier_answers(u, "TPI Unit")[sid2].jawaban) == tpi_answers[sid2]
        cmp = rv.compare(u)
        assert set(cmp.tiers) == {"TPI Unit", "TPI Kementerian"}
    out = ok(capsys, "review", "tingkat", unit, "TPI Unit")
    with open_workspace(unit) as u:
        assert str(u.record(sid2).jawaban_tpi) == tpi_answers[sid2]
        assert str(u.record(reviewed[0]).jawaban_tpi) == tpi_answers[reviewed[0]]
        assert u.check().ok
