"""An answer change does only the work its field needs (issue 15: one frame per answer)."""

from __future__ import annotations

import ui.session as session_module


def _count_scores(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = session_module.score

    def counting(catalog, answers):
        calls.append(len(answers))
        return real(catalog, answers)

    monkeypatch.setattr(session_module, "score", counting)
    return calls


def test_a_unit_answer_rescores_only_the_unit_side(session, monkeypatch):
    tpi_before = session.tpi_result
    calls = _count_scores(monkeypatch)
    session.set_answer(1, "Ya")
    assert len(calls) == 1
    assert session.tpi_result is tpi_before
    assert session.result.values.get(1) is not None


def test_a_tpi_answer_rescores_only_the_tpi_side(session, monkeypatch):
    unit_before = session.result
    calls = _count_scores(monkeypatch)
    session.set_answer(1, "Ya", tpi=True)
    assert len(calls) == 1
    assert session.result is unit_before
    assert session.tpi_result is not unit_before
    assert session.value(1, "jawaban_tpi") is not None


def test_a_note_rescores_nothing_but_still_refreshes(session, monkeypatch):
    unit_before, tpi_before = session.result, session.tpi_result
    calls = _count_scores(monkeypatch)
    seen: list[object] = []
    session.changed.connect(seen.append)
    session.set_note(1, "catatan baru")
    assert calls == []
    assert session.result is unit_before and session.tpi_result is tpi_before
    assert seen == [frozenset({1})]
    assert session.value(1, "catatan_unit") == "catatan baru"


def test_undo_of_a_unit_answer_rescores_it_back(session):
    before = session.result.total
    session.set_answer(1, "Ya")
    assert session.result.total != before
    session.undo_stack.undo()
    assert session.result.total == before


def test_history_lines_show_every_entry_without_a_table(qtbot, session):
    from ui.question_panel import QuestionPanel
    from ui.tasks import TaskRunner

    panel = QuestionPanel(session, TaskRunner())
    qtbot.addWidget(panel)
    panel.show_soal(1)
    session.set_answer(1, "Ya")
    session.set_note(1, "catatan")
    label = panel.history_label
    assert label is not None
    text = label.text()
    assert "<table" not in text
    entries = session.history(1)[:8]
    assert len(entries) >= 2
    assert text.count("<br>") == len(entries) - 1
    assert "Ya" in text


def test_score_bars_relayout_only_when_their_number_changes(qtbot):
    from ui.dashboard import Bar, ScoreBars

    bars = ScoreBars()
    qtbot.addWidget(bars)
    first = [Bar("A", 1.0, 2.0, None, None)]
    bars.set_bars(first)
    h = bars.minimumHeight()
    geometry_calls: list[int] = []
    bars.updateGeometry = lambda: geometry_calls.append(1)  # type: ignore[method-assign]
    bars.set_bars([Bar("A", 1.5, 2.0, None, None)])
    assert geometry_calls == [] and bars.minimumHeight() == h
    assert bars.bars[0].value == 1.5
    bars.set_bars(first * 2)
    assert geometry_calls == [1] and bars.minimumHeight() > h


def test_dashboard_scores_the_tpi_view_again_only_when_answers_change(qtbot, session, monkeypatch):
    import ui.dashboard as dashboard_module
    from ui.dashboard import DashboardPage
    from ui.tasks import TaskRunner

    session.set_answer(1, "Ya", tpi=True)
    page = DashboardPage(session, TaskRunner())
    qtbot.addWidget(page)
    calls: list[int] = []
    real = dashboard_module.score_reviewed
    monkeypatch.setattr(dashboard_module, "score_reviewed", lambda *a: calls.append(1) or real(*a))
    session.set_note(1, "catatan")
    assert calls == []
    session.set_answer(1, "Tidak", tpi=True)
    assert calls == [1]
    assert "Penilaian TPI: 1 soal dinilai" in page.tpi_label.text()
