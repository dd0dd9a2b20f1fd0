"""Bantuan > Panduan: every page exists in Indonesian and English, opens from the menu, the "?" beside
the dashboard's totals and the marker legend."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from ui import dialogs
from ui.guide import PAGES, GuideDialog, page_html, page_title


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_page_exists_with_a_title(lang: str) -> None:
    titles = [page_title(page_html(p, lang)) for p in PAGES]
    assert all(titles) and len(set(titles)) == len(PAGES)


def test_the_score_page_explains_the_two_totals() -> None:
    html = page_html("nilai", "id")
    assert "dihitung 0" in html and "nilai resmi" in html
    assert "two totals" in page_html("nilai", "en").lower()


def test_the_guide_opens_from_the_menu_the_dashboard_and_the_legend(qtbot, monkeypatch, real_ws) -> None:  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    opened: list[str] = []
    real = dialogs.show_guide
    monkeypatch.setattr(dialogs, "show_guide", lambda parent, page="mulai": opened.append(page) or real(parent, page))
    win = MainWindow()
    qtbot.addWidget(win)
    assert win.open_path(real_ws.path)
    win.act_guide.trigger()
    win.show_page("dashboard")
    win.view.dashboard.help_button.click()
    legend = win.findChild(QLabel, "markerLegend")
    legend.linkActivated.emit("tanda")
    assert opened == ["mulai", "nilai", "tanda"]
    guides = [w for w in QApplication.topLevelWidgets() if isinstance(w, GuideDialog) and w.isVisible()]
    assert sorted(g.current_page() for g in guides) == ["mulai", "nilai", "tanda"]
    for g in guides:
        assert g.width() <= 1366 and g.height() <= 768
        g.close()
    win.close()
