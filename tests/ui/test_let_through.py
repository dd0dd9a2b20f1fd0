"""User text is shown as typed, never as rich text; link evidence opens through the desktop at once
only for http and https (issue 9, "let through")."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from ui import desktop, dialogs

HOSTILE = "<b style='color:red; font-size:40pt'>PREDIKAT WBBM TERCAPAI</b><img src='x'>"


@pytest.fixture
def hostile_window(qtbot, tmp_path: Path, monkeypatch):
    from ui.main_window import MainWindow
    from ui.session import Session
    from zi_desktop.workspace.store import create_workspace

    ws = create_workspace(tmp_path / "ws", unit_name=f"KPPN {HOSTILE}", year=2026, target="WBK")
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, exc: errors.append(str(exc)))
    win = MainWindow()
    qtbot.addWidget(win)
    win.set_session(Session(ws, parent=win))
    win.show()
    qtbot.waitExposed(win)
    win.errors = errors
    yield win
    win.close_workspace()


def test_a_unit_name_with_html_is_shown_as_its_characters(hostile_window):
    label = hostile_window.status_label
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert HOSTILE in label.text()
    # rendered as characters, the status line is one ordinary line (rich text drew a 40 pt banner)
    plain = QLabel("x")
    assert label.sizeHint().height() <= plain.sizeHint().height() + 4
    assert HOSTILE in hostile_window.windowTitle()


def test_no_label_of_the_window_renders_user_text_as_rich_text(hostile_window):
    # Every label whose text holds the unit name, a note or an evidence name is plain text.
    win = hostile_window
    view = win.view
    sid = 2
    win.session.set_note(sid, HOSTILE)
    win.session.attach_link(sid, "https://contoh.go.id/sk", HOSTILE)
    view.select_soal(sid)
    for label in win.findChildren(QLabel):
        text = label.text()
        if "PREDIKAT" in text and "&lt;" not in text:
            assert label.textFormat() == Qt.TextFormat.PlainText, (label.objectName(), text)


@pytest.mark.parametrize("show", ["error", "info", "confirm"])
def test_dialogs_show_their_text_as_plain_text(qtbot, monkeypatch, show):
    seen: list[tuple[Qt.TextFormat, str]] = []

    def fake_exec(box):
        seen.append((box.textFormat(), box.text()))
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    if show == "error":
        dialogs.show_error(None, f"Workspace {HOSTILE} rusak")
    elif show == "info":
        dialogs.show_info(None, "Ekspor paket", f"Paket {HOSTILE} tersimpan")
    else:
        assert dialogs.confirm(None, "Impor jawaban", f"Soal 1 catatan: – → {HOSTILE}") is False
    assert seen == [(Qt.TextFormat.PlainText, seen[0][1])]
    assert HOSTILE in seen[0][1]


@pytest.fixture
def desk(monkeypatch):
    got: dict[str, list] = {"opened": [], "asked": [], "refused": []}
    answer = {"yes": False}
    monkeypatch.setattr(desktop, "open_url", lambda url: got["opened"].append(url) or True)

    def confirm(_parent, _title, text):
        got["asked"].append(text)
        return answer["yes"]

    monkeypatch.setattr(dialogs, "confirm", confirm)
    monkeypatch.setattr(dialogs, "show_error", lambda _p, exc: got["refused"].append(str(exc)))
    got["answer"] = answer  # type: ignore[assignment]
    return got


@pytest.mark.parametrize("url", ["https://contoh.go.id/sk.pdf", "http://contoh.go.id", "HTTPS://Contoh.go.id"])
def test_web_links_open_without_asking(desk, url):
    assert desktop.open_link(None, url) is True
    assert desk["opened"] == [url]
    assert desk["asked"] == [] and desk["refused"] == []


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "smb://server/berbagi/sk.pdf", "zoommtg://join?x=1", "ms-excel:ofe|u|http://a/b"]
)
def test_other_links_ask_first_and_open_only_on_yes(desk, url):
    assert desktop.open_link(None, url) is False
    assert desk["opened"] == []
    assert len(desk["asked"]) == 1
    assert url in desk["asked"][0] and "bukan alamat web" in desk["asked"][0]
    desk["answer"]["yes"] = True
    assert desktop.open_link(None, url) is True
    assert desk["opened"] == [url]


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("javascript:alert(1)", "'javascript:'"),
        ("JavaScript:alert(1)", "'javascript:'"),
        ("data:text/html,<script>x</script>", "'data:'"),
        ("www.contoh.go.id/sk", "tidak diawali http"),
    ],
)
def test_links_that_run_code_are_refused_with_a_message(desk, url, words):
    desk["answer"]["yes"] = True
    assert desktop.open_link(None, url) is False
    assert desk["opened"] == [] and desk["asked"] == []
    assert len(desk["refused"]) == 1 and words in desk["refused"][0]


def test_the_evidence_box_opens_links_through_the_policy(qtbot, real_ws, desk):
    from ui.evidence import EvidenceBox
    from ui.session import Session
    from ui.tasks import TaskRunner

    session = Session(real_ws)
    real_ws.attach_link(3, "file:///etc/passwd", "berkas lokal")
    real_ws.attach_link(3, "https://contoh.go.id/sk.pdf", "SK")
    box = EvidenceBox(session, TaskRunner())
    qtbot.addWidget(box)
    box.set_soal(3)
    for row in range(box.model.rowCount()):
        box.view.setCurrentIndex(box.model.index(row))
        box.open_selected()
    assert desk["opened"] == ["https://contoh.go.id/sk.pdf"]
    assert len(desk["asked"]) == 1 and "file:///etc/passwd" in desk["asked"][0]
    session.undo_stack.clear()
