"""The TPI review in the app, on real widgets over real files: the question page's status and the
read-only unit answer, the "perlu perbaikan" filter, Berkas > Terima hasil reviu (undoable), the
unit's response, the Reviu TPI tab, Berkas > Buka paket untuk reviu, and the LHE print preview."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from review_setup import make_setup

from ui import dialogs, review_actions
from ui.review_commands import FIXING
from zi_desktop.workspace import review as rv
from zi_desktop.workspace.store import open_workspace

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def files(tmp_path: Path, catalog: Any) -> Any:
    return make_setup(tmp_path, catalog)


@pytest.fixture
def window(qtbot, monkeypatch):
    from ui.main_window import MainWindow

    errors: list[str] = []
    infos: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, exc: errors.append(str(exc)))
    monkeypatch.setattr(dialogs, "show_info", lambda _p, _t, text: infos.append(text))
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.errors, win.infos = errors, infos
    yield win
    win.close_workspace()


def shown_questions(view: Any) -> set[int]:
    from ui.tree_model import KindRole, RefRole

    out: set[int] = set()

    def walk(parent: Any) -> None:
        for r in range(view.proxy.rowCount(parent)):
            idx = view.proxy.index(r, 0, parent)
            if idx.data(KindRole) == "soal":
                out.add(int(idx.data(RefRole)))
            walk(idx)

    from PySide6.QtCore import QModelIndex

    walk(QModelIndex())
    return out


def test_review_workspace_question_page(qtbot, window, files, tmp_path):
    assert window.open_path(files.review)
    view = window.view
    assert view.select_soal(4)
    panel = view.question
    box = panel.findChild(review_actions.QWidget, "reviewBox")
    assert box is not None and box.status_combo is not None
    assert box.status_combo.currentText() == rv.PERBAIKAN  # soal 4 was marked in the set-up
    unit_group = next(
        g for g in panel.findChildren(review_actions.QWidget) if getattr(g, "title", None) and "hanya-baca" in g.title()
    )
    assert not unit_group.isEnabled()  # the unit's answer belongs to the unit
    # status from the page, undoable
    view.select_soal(2)
    box = panel.findChild(review_actions.QWidget, "reviewBox")
    box.status_combo.setCurrentIndex(rv.STATUSES.index(rv.PERBAIKAN))
    box.status_combo.activated.emit(rv.STATUSES.index(rv.PERBAIKAN))
    assert rv.status_of(window.session.ws, 2) == rv.PERBAIKAN
    # the filter shows exactly the questions to fix
    view.set_filter(marker=FIXING)
    assert shown_questions(view) == set(rv.needs_fixing(window.session.ws)) == set(files.findings) | {2}
    window.undo()
    assert rv.status_of(window.session.ws, 2) == rv.SESUAI
    view.set_filter(marker=FIXING)
    assert shown_questions(view) == set(files.findings)
    view.set_filter()
    view.select_soal(4)
    window.grab().save(str(tmp_path / "review-question.png"))
    # the Reviu TPI tab: scores side by side, each difference
    page = view.review_page
    assert page is not None
    view.tabs.setCurrentWidget(page)
    assert page.table.rowCount() == 8
    assert page.table.horizontalHeaderItem(3).text() == "TPI Unit"
    assert page.diffs.count() == len(files.findings)
    page.area_combo.setCurrentIndex(0)
    page.area_note.setPlainText("Area satu: SK tim belum ada")
    page.save_area_note()
    assert rv.area_notes(window.session.ws)["1"] == "Area satu: SK tim belum ada"
    window.undo()
    assert "1" not in rv.area_notes(window.session.ws)
    page.recs.setPlainText("Satu\nDua")
    page.save_recommendations()
    assert rv.recommendations(window.session.ws) == ["Satu", "Dua"]
    window.grab().save(str(tmp_path / "review-tab.png"))
    assert not window.errors


def test_unit_accepts_review_filters_and_undoes(qtbot, window, files, tmp_path):
    assert window.open_path(files.unit)
    before = {sid: (r.jawaban_unit, r.catatan_unit) for sid, r in window.session.ws.records().items()}
    rep = review_actions.accept_review(window, window.session, str(files.packet))
    assert rep is not None and not window.errors
    ws = window.session.ws
    assert {sid: (r.jawaban_unit, r.catatan_unit) for sid, r in ws.records().items()} == before
    for sid, (answer, note) in files.findings.items():
        assert ws.record(sid).jawaban_tpi == answer and ws.record(sid).catatan_tpi == note
    view = window.view
    assert view.marker_filter.currentData() == FIXING
    assert shown_questions(view) == set(files.findings)
    assert view.review_page is not None  # the Reviu TPI tab appears
    assert "Nilai per tingkat reviu: TPI Unit" in view.dashboard.tpi_summary()  # each tier's score
    # the unit answers a finding with a response
    sid = min(files.findings)
    view.select_soal(sid)
    box = view.question.findChild(review_actions.QWidget, "reviewBox")
    assert "TPI Unit (Budi)" in box.tiers_label.text()
    assert "Putaran perbaikan: 1" in box.tiers_label.text()
    box.response.setPlainText("SOP sudah disahkan, bukti baru dilampirkan")
    box.response.flush()
    assert rv.responses(ws)[sid].tanggapan == "SOP sudah disahkan, bukti baru dilampirkan"
    window.grab().save(str(tmp_path / "unit-after-review.png"))
    window.undo()  # the response
    assert rv.responses(ws)[sid].tanggapan is None
    window.undo()  # the import
    assert all(r.jawaban_tpi is None for r in ws.records().values())
    assert rv.tiers(ws) == []
    window.session.undo_stack.redo()
    assert ws.record(sid).jawaban_tpi == files.findings[sid][0]
    assert ws.check().ok


def test_a_bad_review_file_is_refused_in_the_app(qtbot, window, files, tmp_path):
    assert window.open_path(files.unit)
    bad = tmp_path / "bukan.zip"
    bad.write_text("bukan zip")
    assert review_actions.accept_review(window, window.session, str(bad)) is None
    assert window.errors and "bukan hasil reviu" in window.errors[-1]
    assert rv.tiers(window.session.ws) == []


def test_open_a_bundle_for_review_from_the_menu(qtbot, window, files, monkeypatch, tmp_path):
    dest = tmp_path / "reviu-dari-menu"
    monkeypatch.setattr(dialogs, "pick_open_file", lambda *_a: str(files.bundle))
    monkeypatch.setattr(
        review_actions,
        "ask_review_open",
        lambda _p, _b: {
            "tier": "TPI Kementerian",
            "reviewer": "Sari",
            "dest": str(dest),
            "on_top": [str(files.packet)],
        },
    )
    window.act_review_open.trigger()
    qtbot.waitUntil(lambda: window.session is not None and Path(window.session.path) == dest, timeout=20000)
    info = rv.review_info(window.session.ws)
    assert info is not None and info.tier == "TPI Kementerian"
    window.view.select_soal(min(files.findings))
    box = window.view.question.findChild(review_actions.QWidget, "reviewBox")
    assert "TPI Unit (Budi)" in box.tiers_label.text()  # the first tier's answer beside
    assert not window.errors


def test_lhe_print_preview(qtbot, window, files, tmp_path):
    from ui.review_preview import ReportPreview

    with open_workspace(files.review) as ws:
        dlg = ReportPreview(ws, "lhe", window)
        qtbot.addWidget(dlg)
        dlg.show()
        qtbot.waitExposed(dlg)
        qtbot.waitUntil(lambda: dlg.pages > 0, timeout=10000)
        assert dlg.preview.pageCount() == dlg.pages >= 1
        dlg.grab().save(str(tmp_path / "lhe-preview.png"))
        out = dlg.save_pdf(str(tmp_path / "lhe.pdf"))
        assert out and Path(out).read_bytes().startswith(b"%PDF")
        dlg.switch_kind()
        qtbot.waitUntil(lambda: dlg.kind == "mandiri" and dlg.pages >= 1, timeout=10000)
        dlg.close()


def test_a_second_reviewer_of_the_same_tier_asks_which_to_keep(qtbot, window, files, monkeypatch, catalog):
    from review_setup import review_some

    from zi_desktop.exchange.review_packet import export_review, open_review

    second = files.root / "reviu-2"
    open_review(files.bundle, second, tier="TPI Unit", reviewer="Citra")
    review_some(second, catalog, reviewer_note="catatan Citra")
    packet2 = files.root / "hasil-citra.zip"
    with open_workspace(second) as ws:
        export_review(ws, packet2)
    assert window.open_path(files.unit)
    review_actions.accept_review(window, window.session, str(files.packet))
    asked: list[set[int]] = []

    def choose(_parent, exc):
        asked.append({d.soal_id for d in exc.differences if d.soal_id})
        return "baru"

    monkeypatch.setattr(review_actions, "choose_conflict", choose)
    review_actions.accept_review(window, window.session, str(packet2))
    assert asked == [set(files.findings)]  # every question where the two results differ
    sid = min(files.findings)
    assert window.session.ws.record(sid).catatan_tpi.startswith("catatan Citra")
    window.undo()
    assert window.session.ws.record(sid).catatan_tpi == files.findings[sid][1]


def test_the_open_dialog_and_the_conflict_question(qtbot, files, tmp_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from zi_desktop.exchange.review_packet import ReviewConflict, TierDifference

    dlg = review_actions.ReviewOpenDialog(str(files.bundle))
    qtbot.addWidget(dlg)
    dlg.reviewer.setText("Sari")
    dlg.tier.setText("TPI Kementerian")
    dlg.on_top.setText(f" {files.packet} ")
    dlg.show()
    qtbot.waitExposed(dlg)
    dlg.grab().save(str(tmp_path / "open-dialog.png"))
    values = dlg.values()
    assert values["tier"] == "TPI Kementerian" and values["reviewer"] == "Sari"
    assert values["on_top"] == [str(files.packet)]
    assert values["dest"].endswith("paket-reviu")

    exc = ReviewConflict(
        "berbeda", [TierDifference(4, "jawaban", "A", "B"), TierDifference(8, "status", "sesuai", "perlu perbaikan")]
    )
    seen: list[str] = []

    def answer() -> None:
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
        seen.append(box.detailedText())
        take = next(b for b in box.buttons() if b.text() == "Pakai hasil baru")
        take.click()

    QTimer.singleShot(200, answer)
    assert review_actions.choose_conflict(None, exc) == "baru"
    assert "Soal 4 jawaban: A / B" in seen[0] and "Soal 8 status" in seen[0]


def test_the_menu_entries_reach_their_actions_with_the_open_workspace(qtbot, window, files, monkeypatch):
    """The Berkas menu's review entries are made with the window; `ui.review_actions` answers them
    (loaded on first use): each gets the window and its session, and none runs without a workspace."""
    assert window.open_path(str(files.review))
    calls: list[tuple[str, tuple[Any, ...]]] = []
    names = {
        "act_review_accept": "accept_review",
        "act_review_export": "export_review_result",
        "act_review_update": "update_from_bundle",
        "act_report": "print_preview",
    }
    for name in names.values():
        monkeypatch.setattr(review_actions, name, lambda *a, _n=name: calls.append((_n, a)))
    for act in names:
        getattr(window, act).trigger()
    assert calls == [(n, (window, window.session)) for n in names.values()]
    assert window.act_report.shortcut().toString() == "Ctrl+P"
    window.close_workspace()
    calls.clear()
    for act in names:
        getattr(window, act).trigger()  # disabled without a workspace; and the slot checks too
    assert calls == []
