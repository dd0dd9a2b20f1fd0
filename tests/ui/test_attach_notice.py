"""Attaching a file over the workspace's `max_file_mb` is said at once in the app, in the core's words."""

from __future__ import annotations

from pathlib import Path

from ui import dialogs


def test_attaching_a_large_file_shows_the_advice_at_once(qtbot, monkeypatch, real_ws, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_info", lambda _p, _title, text: shown.append(text))
    win = MainWindow()
    qtbot.addWidget(win)
    assert win.open_path(real_ws.path)
    session = win.session
    session.ws.set_setting("max_file_mb", 1)
    big = tmp_path / "video.mp4"
    big.write_bytes(b"\x07" * (3 * 1024 * 1024))
    small = tmp_path / "sk.pdf"
    small.write_bytes(b"%PDF-1.4")
    win.view.select_soal(7)
    win.view.question.evidence.attach_paths([str(small)])
    qtbot.waitUntil(lambda: not win.runner.busy(), timeout=10000)
    assert shown == []  # a small file: nothing to say
    win.view.question.evidence.attach_paths([str(big)])
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "video.mp4" in shown[0] and "max_file_mb" in shown[0]
    win.close()
