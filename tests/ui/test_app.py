"""Start-up: first run opens the demo, later runs the last workspace; the screenshot mode;
recent workspaces; import through the menu."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from ui import dialogs
from ui.settings import app_settings, recent_workspaces


@pytest.fixture
def quiet(monkeypatch):
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, exc: errors.append(str(exc)))
    return errors


def test_first_run_opens_the_demo_then_the_last_workspace(qtbot, quiet, real_ws):
    from ui.main_window import MainWindow
    from zi_desktop.paths import demo_workspace_dir

    win = MainWindow()
    qtbot.addWidget(win)
    win.open_startup()
    assert win.session is not None, quiet
    assert Path(win.session.path).resolve() == demo_workspace_dir().resolve()
    assert win.session.answers()  # realistic partial answers
    win.open_path(real_ws.path)
    win.close()
    assert recent_workspaces()[0] == str(Path(real_ws.path).resolve())

    again = MainWindow()
    qtbot.addWidget(again)
    again.open_startup()
    assert Path(again.session.path).resolve() == Path(real_ws.path).resolve()
    again.close()


def test_start_screen_when_nothing_to_open(qtbot, quiet):
    from ui.main_window import MainWindow

    app_settings().setValue("first_run_done", True)
    win = MainWindow()
    qtbot.addWidget(win)
    win.open_startup()
    assert win.session is None
    assert win.stack.currentWidget() is win.start
    assert not win.act_import.isEnabled()


def test_new_workspace_from_the_start_screen(qtbot, quiet, monkeypatch, tmp_path):
    from ui.main_window import MainWindow

    target = tmp_path / "baru"
    monkeypatch.setattr(
        dialogs,
        "ask_new_workspace",
        lambda _p: {"path": str(target), "unit_name": "BPS Kota Uji", "year": 2026, "target": "WBBM"},
    )
    win = MainWindow()
    qtbot.addWidget(win)
    win.start.new_btn.click()
    assert win.session is not None and win.session.unit_name == "BPS Kota Uji"
    assert "BPS Kota Uji" in win.windowTitle()
    win.close()


@pytest.mark.parametrize("page", ["question", "dashboard"])
def test_screenshot_mode(qtbot, real_ws, tmp_path, page):
    from ui.app import run

    real_ws.set_answer(1, "Ya")
    out = tmp_path / f"{page}.png"
    assert run(workspace=str(real_ws.path), screenshot=str(out), page=page) == 0
    img = QImage(str(out))
    assert img.width() >= 1000 and img.height() >= 600


def test_import_answers_through_the_menu(qtbot, quiet, monkeypatch, real_ws, tmp_path):
    from ui.main_window import MainWindow
    from ui.session import Session

    doc = {
        "unit_id": "x",
        "nama_unit": "x",
        "tahun": 2026,
        "answers": [{"soal_id": 1, "jawaban_unit": "Ya"}, {"soal_id": 5, "jawaban_unit": "B"}],
    }
    src = tmp_path / "jawaban.json"
    src.write_text(json.dumps(doc), encoding="utf-8")
    asked = []
    monkeypatch.setattr(dialogs, "pick_open_file", lambda *_a: str(src))
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text, *_a, **_k: asked.append(text) or True)
    # the import preview is its own dialog (with the "kosongkan" checkbox): answer it, keep blanks
    monkeypatch.setattr(dialogs, "confirm_import", lambda _p, keep, _clear, _can: asked.append(keep) or False)
    win = MainWindow()
    qtbot.addWidget(win)
    win.set_session(Session(real_ws, parent=win))
    win.act_import.trigger()
    qtbot.waitUntil(lambda: win.session.value(5, "jawaban_unit") == "B" or bool(quiet), timeout=10000)
    assert not quiet
    assert "Soal baru terisi: 2" in asked[0]
    assert win.view.model.index_of_soal(5, 1).data() == "B"
    win.close_workspace()


def test_import_preview_shows_the_workbooks_own_figures(qtbot, quiet, monkeypatch, real_ws, reference_dir):
    """The real filled sample states 95,576 in LKE ZI!L208; the preview says so beside ZI Desktop's
    95,633 and names the cells that cause the difference."""
    from ui.main_window import MainWindow
    from ui.session import Session

    asked = []
    monkeypatch.setattr(dialogs, "pick_open_file", lambda *_a: str(reference_dir / "lke-lampiran3-filled-sample.xlsx"))
    monkeypatch.setattr(dialogs, "confirm_import", lambda _p, keep, _clear, _can: asked.append(keep) or None)
    win = MainWindow()
    qtbot.addWidget(win)
    win.set_session(Session(real_ws, parent=win))
    win.act_import.trigger()
    qtbot.waitUntil(lambda: bool(asked) or bool(quiet), timeout=20000)
    assert not quiet
    text = asked[0]
    assert "Nilai total (LKE ZI!L208): buku kerja 95,576, ZI Desktop 95,633" in text
    assert "K185 tertulis 12, jumlah K186:K188 = 13" in text and "L175 berisi =AVERAGE(L176:L179)*H175" in text
    assert real_ws.answers().get(1) is None  # declined: nothing imported
    win.close_workspace()


def test_english_translation_loads(qtbot, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from ui.i18n import install_translators, language
    from ui.main_window import MainWindow

    monkeypatch.setenv("ZI_DESKTOP_LANG", "en")
    assert language() == "en"
    app = QApplication.instance()
    installed = install_translators(app)
    try:
        win = MainWindow()
        qtbot.addWidget(win)
        titles = [a.text() for a in win.menuBar().actions()]
        assert "&File" in titles and "&Help" in titles
    finally:
        for t in installed:
            app.removeTranslator(t)
    monkeypatch.setenv("ZI_DESKTOP_LANG", "id")
    assert language() == "id"


def test_export_bundle_through_the_menu(qtbot, quiet, monkeypatch, real_ws, tmp_path):
    from ui.main_window import MainWindow
    from ui.session import Session

    real_ws.set_answer(1, "Ya")
    out = tmp_path / "paket.zip"
    infos = []
    asked = []
    answer = [False]
    monkeypatch.setattr(dialogs, "pick_save_file", lambda *_a: str(out))
    monkeypatch.setattr(dialogs, "show_info", lambda _p, _t, text: infos.append(text))
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text, *_a, **_k: asked.append(text) or answer[0])
    win = MainWindow()
    qtbot.addWidget(win)
    win.set_session(Session(real_ws, parent=win))
    # most questions are unanswered: the export first says what would block a submission
    win.act_export.trigger()
    assert asked and "Menghalangi pengiriman" in asked[0] and "soal" in asked[0]
    assert not out.exists()  # the user said no
    answer[0] = True
    win.act_export.trigger()
    qtbot.waitUntil(lambda: bool(infos) or bool(quiet), timeout=20000)
    assert not quiet
    assert out.is_file() and str(out) in infos[0]
    win.close_workspace()


def test_import_a_workbook_and_fill_links_through_the_menu(qtbot, quiet, monkeypatch, real_ws, tmp_path):
    from ui.main_window import MainWindow
    from ui.session import Session
    from zi_desktop.exchange.bundle import export_bundle

    # a workbook the app itself wrote, with one answer, imported back through the menu
    real_ws.set_answer(2, "B")
    real_ws.set_note(2, "=catatan yang mirip rumus")
    src = tmp_path / "isi.pdf"
    src.write_bytes(b"%PDF-1.4 isi")
    real_ws.attach_files(2, [src])
    bundle = tmp_path / "paket.zip"
    export_bundle(real_ws, bundle)
    import zipfile

    with zipfile.ZipFile(bundle) as zf:
        book_name = next(n for n in zf.namelist() if n.endswith(".xlsx"))
        evidence = next(n for n in zf.namelist() if n.startswith("bukti/"))
        book = tmp_path / "LKE.xlsx"
        book.write_bytes(zf.read(book_name))
    # changed since by another import (an edit by hand since the workbook was made would be kept:
    # test_import_blanks.py), so importing the workbook changes it back
    from zi_desktop.lke.answers import AnswerRow

    real_ws.apply_import([AnswerRow(2, "C", None, None, None, None, frozenset({"jawaban_unit"}))], source="lain.json")
    asked = []
    picked = [str(book)]
    monkeypatch.setattr(dialogs, "pick_open_file", lambda *_a: picked[0])
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text, *_a, **_k: asked.append(text) or True)
    # the import preview is its own dialog (with the "kosongkan" checkbox): answer it, keep blanks
    monkeypatch.setattr(dialogs, "confirm_import", lambda _p, keep, _clear, _can: asked.append(keep) or False)
    win = MainWindow()
    qtbot.addWidget(win)
    win.set_session(Session(real_ws, parent=win))
    win.act_import.trigger()
    qtbot.waitUntil(lambda: win.session.value(2, "jawaban_unit") == "B" or bool(quiet), timeout=10000)
    assert not quiet
    assert "Soal yang berubah: 1" in asked[0]
    assert win.session.value(2, "catatan_unit") == "=catatan yang mirip rumus"

    # the links list for the uploaded bukti/ folder fills the question's evidence string
    folder = evidence.rsplit("/", 1)[0]
    links = tmp_path / "tautan.csv"
    links.write_text(
        f"{folder};https://drive.example.go.id/soal-2\nbukti/tidak/ada;https://x.example\n", encoding="utf-8"
    )
    picked[0] = str(links)
    win.act_links.trigger()
    qtbot.waitUntil(
        lambda: "drive.example.go.id/soal-2" in (win.session.value(2, "bukti_dukung_unit") or "") or bool(quiet),
        timeout=10000,
    )
    assert not quiet
    assert "tidak cocok" in asked[-1] and "tidak/ada" in asked[-1]
    win.close_workspace()
