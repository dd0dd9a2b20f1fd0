"""The score summary rows and the condition lines: one source, rendered by every report."""

from __future__ import annotations

from typing import Any

import pytest
from sample_answers import best_answers

from zi_desktop.lke.scoring import score
from zi_desktop.reports.conditions import condition_lines
from zi_desktop.reports.summary import summary_rows


def partial_answers(catalog: Any) -> dict[int, Any]:
    return {sid: v for i, (sid, v) in enumerate(best_answers(catalog, "C").items()) if i % 3}


def test_summary_rows_add_up_and_take_weights_from_the_catalog(catalog: Any) -> None:
    r = score(catalog, partial_answers(catalog))
    rows = {row.key: row for row in summary_rows(catalog, r)}
    assert rows["pengungkit"].score == pytest.approx(rows["pemenuhan"].score + rows["reform"].score)
    assert rows["pengungkit"].score == pytest.approx(sum(rows[f"area_{n}"].score for n in range(1, 7)))
    assert rows["pengungkit"].weight == pytest.approx(sum(rows[f"area_{n}"].weight for n in range(1, 7)))
    assert rows["pengungkit"].weight + rows["hasil"].weight == pytest.approx(100)
    assert rows["ipak"].weight == catalog.soal[catalog.roles["ipak"]].weight
    assert (rows["total"].score, rows["total_floor"].score) == (r.total, r.total_floor)
    assert rows["total_floor"].score < rows["total"].score  # a third is unanswered
    assert [row.depth for row in summary_rows(catalog, r)][:3] == [0, 1, 1]
    assert "total" not in {row.key for row in summary_rows(catalog, r, totals=False)}


def test_condition_lines_pair_both_predicates_with_the_catalog_thresholds(catalog: Any) -> None:
    r = score(catalog, partial_answers(catalog))
    lines = condition_lines(catalog, r)
    assert [x.key for x in lines] == [c.kondisi for c in r.conditions["WBK"]]
    assert [x.key for x in lines] == [c.kondisi for c in r.conditions["WBBM"]]
    wbk, wbbm = catalog.thresholds["WBK"], catalog.thresholds["WBBM"]
    by_key = {x.key: x for x in lines}
    assert by_key["total"].wbk.syarat == wbk.total_min and by_key["total"].wbbm.syarat == wbbm.total_min
    area = by_key["area_3"]
    assert area.satuan == "persen" and area.score == r.areas[3].score and area.weight == r.areas[3].weight
    assert area.threshold_points("WBK") == pytest.approx(wbk.area_min_fraction * r.areas[3].weight)
    assert area.threshold_points("WBBM") == pytest.approx(wbbm.area_min_fraction * r.areas[3].weight)
    assert by_key["ipkp"].threshold_points("WBBM") == wbbm.ipkp_min
    assert by_key["capaian_kinerja"].weight == catalog.soal[catalog.roles["capaian_kinerja"]].weight
    assert by_key["capaian_kinerja"].wbk.met and not by_key["capaian_kinerja"].wbbm.met


def test_every_text_report_renders_the_same_rows(catalog: Any, tmp_path: Any) -> None:
    """The CLI table and ringkasan.html show each summary row; the workbook's summary sheet lists
    each condition line with both thresholds."""
    from zi_desktop.cli.main import render_score_text
    from zi_desktop.exchange.bundle import render_summary_html
    from zi_desktop.exchange.xlsx_export import SUMMARY_SHEET, WorkbookData, build_workbook
    from zi_desktop.workspace.store import AnswerRecord

    answers = partial_answers(catalog)
    r = score(catalog, answers)
    text = render_score_text(catalog, r, "U", "WBK", [])
    records = {sid: AnswerRecord(sid, jawaban_unit=v) for sid, v in answers.items()}
    page = render_summary_html(catalog, "U", 2026, r, records, [], {}, "now")
    for row in summary_rows(catalog, r):
        assert row.label[:40] in text and row.label in page, row.key
    sheet = build_workbook(WorkbookData(catalog, "U", "1", 2026, records))[SUMMARY_SHEET]
    table = [[c.value for c in row] for row in sheet.iter_rows(min_row=8, max_col=6)]
    for line, cells in zip(condition_lines(catalog, r), table, strict=False):
        assert cells[0] == line.label
        assert cells[2] == pytest.approx(line.nilai, abs=1e-6)
        assert (cells[3], cells[5]) == (line.wbk.syarat, line.wbbm.syarat)
