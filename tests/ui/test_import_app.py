"""File > Impor jawaban in the app (issue 9): the preview lists overwritten and cleared apart, blank
cells clear only when the checkbox asks, and the whole import is one undo step."""

from __future__ import annotations

import json
from pathlib import Path

from ui import dialogs


def _answers_file(tmp_path: Path, answers: list[dict]) -> Path:
    f = tmp_path / "jawaban.json"
    f.write_text(json.dumps({"unit_id": "x", "nama_unit": "KPPN Uji", "tahun": 2026, "answers": answers}), "utf-8")
    return f


def _fields(r) -> tuple:
    return (r.jawaban_unit, r.jawaban_tpi, r.catatan_unit, r.catatan_tpi, r.bukti_dukung_unit)


def _import(qtbot, window, monkeypatch, path: Path, clear: bool) -> list[tuple[str, str, bool]]:
    shown: list[tuple[str, str, bool]] = []

    def confirm(_parent, keep, clear_text, can_clear):
        shown.append((keep, clear_text, can_clear))
        return clear

    monkeypatch.setattr(dialogs, "pick_open_file", lambda *_a: str(path))
    monkeypatch.setattr(dialogs, "confirm_import", confirm)
    window.import_answers()
    qtbot.waitUntil(lambda: not window.runner.busy(), timeout=20000)
    qtbot.waitUntil(lambda: not window.runner.busy(), timeout=20000)
    return shown


def test_an_app_import_is_one_undo_step(qtbot, window, monkeypatch, tmp_path):
    s = window.session
    s.set_answer(1, "Ya")
    s.set_note(1, "catatan awal")
    s.set_answer(9, "Ya")
    before = {sid: _fields(s.ws.record(sid)) for sid in (1, 9, 3)}
    f = _answers_file(
        tmp_path,
        [
            {"soal_id": 1, "jawaban_unit": "Tidak", "catatan_unit": None},
            {"soal_id": 9, "jawaban_unit": None},
            {"soal_id": 3, "jawaban_unit": "Ya", "catatan_unit": "baru"},
        ],
    )
    shown = _import(qtbot, window, monkeypatch, f, clear=True)
    assert not window.errors
    keep, clear_text, can_clear = shown[0]
    assert can_clear
    assert "Akan DIGANTI" in keep and "Soal 1 jawaban_unit: Ya → Tidak" in keep
    assert "Akan DIKOSONGKAN" not in keep and "Dibiarkan: sel kosong" in keep
    assert "Akan DIKOSONGKAN (2)" in clear_text
    assert s.ws.record(1).jawaban_unit == "Tidak" and s.ws.record(1).catatan_unit is None
    assert s.ws.record(9).jawaban_unit is None
    assert s.ws.record(3).catatan_unit == "baru"
    assert s.value(3, "jawaban_unit") == "Ya"  # the window shows it
    window.act_undo.trigger()  # Ctrl+Z: every answer and note the import changed comes back
    for sid in (1, 9, 3):
        assert _fields(s.ws.record(sid)) == before[sid], sid
    assert s.value(1, "jawaban_unit") == "Ya"
    window.act_undo.trigger()  # the step before the import is still there
    assert s.ws.record(9).jawaban_unit is None
    window.act_redo.trigger()
    window.act_redo.trigger()
    assert s.ws.record(1).jawaban_unit == "Tidak" and s.ws.record(3).catatan_unit == "baru"


def test_without_the_checkbox_blank_cells_leave_values_alone(qtbot, window, monkeypatch, tmp_path):
    s = window.session
    s.set_answer(9, "Ya")
    s.set_note(9, "tetap")
    f = _answers_file(tmp_path, [{"soal_id": 9, "jawaban_unit": None, "catatan_unit": None}])
    _import(qtbot, window, monkeypatch, f, clear=False)
    assert not window.errors
    assert s.ws.record(9).jawaban_unit == "Ya" and s.ws.record(9).catatan_unit == "tetap"
