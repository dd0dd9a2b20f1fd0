"""Import semantics (issue 9): blank cells (null in JSON) leave answers and notes alone unless the
user asks to clear them (`--kosongkan`); the preview lists what is cleared and what is overwritten
apart; a workbook made before the unit's later edits does not revert them."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sample_answers import sample_value

from zi_desktop.cli.main import main
from zi_desktop.workspace.store import create_workspace, open_workspace

ESDM = "lke-jawaban-layout-esdm-2024.xlsx"


def run(capsys: pytest.CaptureFixture[str], *args: Any) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    ws = create_workspace(tmp_path / "ws", unit_name="Kantor Uji", year=2026, target="WBK", unit_id="kantor-uji")
    for i, s in enumerate(ws.catalog.soal_in_order()):
        ws.set_answer(s.soal_id, sample_value(ws.catalog, i, s, 1, 3.5))
        ws.set_note(s.soal_id, f"catatan {s.soal_id}")
    path = ws.path
    ws.close()
    return Path(path)


def _state(path: Path) -> dict[int, tuple[Any, ...]]:
    with open_workspace(path) as ws:
        return {
            sid: (r.jawaban_unit, r.jawaban_tpi, r.catatan_unit, r.catatan_tpi, r.bukti_dukung_unit)
            for sid, r in ws.records().items()
        }


def test_a_blank_esdm_workbook_changes_nothing_without_kosongkan(filled, reference_dir, capsys):
    blank = reference_dir / ESDM
    before = _state(filled)
    assert sum(1 for v in before.values() if v[0] is not None) == 127
    code, out, _ = run(capsys, "import", filled, blank, "--dry-run")
    assert code == 0
    assert "Dibiarkan: sel kosong di berkas" in out
    assert "Dikosongkan" not in out
    code, out, _ = run(capsys, "import", filled, blank)
    assert code == 0, out
    assert _state(filled) == before
    # asked for: the preview names what would be cleared, apart from what would be overwritten
    code, out, _ = run(capsys, "import", filled, blank, "--dry-run", "--kosongkan")
    assert "Dikosongkan (" in out and "Diganti" not in out
    assert _state(filled) == before
    code, out, _ = run(capsys, "import", filled, blank, "--kosongkan")
    assert code == 0
    after = _state(filled)
    assert sum(1 for v in after.values() if v[0] is not None) == 0


def test_json_null_leaves_a_value_alone_unless_asked(filled, tmp_path, capsys):
    import json

    doc = {"unit_id": "x", "nama_unit": "Kantor Uji", "tahun": 2026, "answers": [{"soal_id": 1, "jawaban_unit": None}]}
    f = tmp_path / "jawaban.json"
    f.write_text(json.dumps(doc), encoding="utf-8")
    before = _state(filled)
    code, out, err = run(capsys, "import", filled, f)
    assert code == 0, err
    assert _state(filled) == before
    code, out, err = run(capsys, "import", filled, f, "--kosongkan")
    assert code == 0, err
    assert _state(filled)[1][0] is None


def test_preview_lists_overwritten_and_cleared_apart(filled, tmp_path):
    from zi_desktop.lke.answers import AnswerRow

    with open_workspace(filled) as ws:
        s1, s2 = ws.record(1), ws.record(2)
        other = "Tidak" if s1.jawaban_unit == "Ya" else "Ya"
        rows = [
            AnswerRow(1, other, None, None, None, None, given=frozenset({"jawaban_unit"})),
            AnswerRow(2, None, None, None, None, None, given=frozenset({"jawaban_unit", "catatan_unit"})),
        ]
        keep = ws.preview_import(rows)
        assert [(c[0], c[1]) for c in keep.overwritten] == [(1, "jawaban_unit")]
        assert keep.cleared == []
        assert {(c[0], c[1]) for c in keep.kept_blank} == {(2, "jawaban_unit"), (2, "catatan_unit")}
        clear = ws.preview_import(rows, clear=True)
        assert {(c[0], c[1]) for c in clear.cleared} == {(2, "jawaban_unit"), (2, "catatan_unit")}
        assert ws.record(2) == s2  # a preview saves nothing


def test_a_tpi_workbook_does_not_revert_the_units_later_edits(filled, tmp_path, capsys):
    # The unit sends its workbook to the TPI; meanwhile it changes an answer and a note; the TPI
    # fills its own columns and sends the workbook back.
    sent = tmp_path / "untuk-tpi.xlsx"
    code, out, err = run(capsys, "export", filled, "--xlsx", sent)
    assert code == 0, err
    with open_workspace(filled) as ws:
        r5 = ws.record(5)
        keys = [o.key for o in ws.catalog.soal[5].options]
        later = next(k for k in keys if k != r5.jawaban_unit)
        ws.set_answer(5, later)
        ws.set_note(5, "diperbarui sesudah dikirim")
    back = tmp_path / "dari-tpi.xlsx"
    shutil.copyfile(sent, back)
    with open_workspace(filled) as ws:
        _fill_tpi(back, ws.catalog, {5: keys[0], 6: ws.catalog.soal[6].options[0].key})
    code, out, err = run(capsys, "import", filled, back)
    assert code == 0, err
    with open_workspace(filled) as ws:
        assert ws.record(5).jawaban_unit == later
        assert ws.record(5).catatan_unit == "diperbarui sesudah dikirim"
        assert ws.record(5).jawaban_tpi == keys[0]
        assert ws.record(6).jawaban_tpi is not None
    assert "nilai lama yang sudah diubah sesudahnya" in out


def _fill_tpi(path: Path, catalog: Any, answers: dict[int, str]) -> None:
    """Write TPI answers into the workbook's TPI cells, as a TPI would by hand."""
    wb = load_workbook(path)
    for sid, value in answers.items():
        soal = catalog.soal[sid]
        col = dict(soal.columns)["jawaban_tpi"]
        wb[soal.excel_sheet][f"{col}{soal.excel_row}"] = value
    wb.save(path)
