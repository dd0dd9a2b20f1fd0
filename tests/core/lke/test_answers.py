"""Answers as people type them: normalisation and refusals in plain Indonesian."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from zi_desktop.errors import AnswerError, UserError
from zi_desktop.lke.answers import format_value, load_answers_file, parse_answer, parse_answers_document


@pytest.mark.parametrize(
    ("soal_id", "raw", "expected"),
    [
        (1, "ya", "Ya"),
        (1, "Ya", "Ya"),
        (1, " TIDAK ", "Tidak"),
        (2, " A ", "A"),
        (2, "b", "B"),
        (14, "e", "E"),
        (125, "3,60", 3.6),
        (125, "3.6", 3.6),
        (125, 3.6, 3.6),
        (125, 4, 4.0),
        (125, "0", 0.0),
        (88, 12, 12),
        (88, "12", 12),
        (88, " 12 ", 12),
        (88, 12.0, 12),
        (88, "0", 0),
        (88, None, None),
        (88, "", None),
        (1, "   ", None),
    ],
)
def test_parse_answer_normalises(catalog: Any, soal_id: int, raw: Any, expected: Any) -> None:
    got = parse_answer(catalog.soal[soal_id], raw)
    assert got == expected
    assert type(got) is type(expected)


@pytest.mark.parametrize(
    ("soal_id", "raw", "words"),
    [
        (12, "F", ["'F'", "tidak dikenal", "A, B, C, D"]),
        (1, "Mungkin", ["'Mungkin'", "tidak dikenal", "Ya, Tidak"]),
        (2, 1, ["tidak dikenal"]),
        (125, 4.5, ["antara 0 dan 4", "4,5"]),
        (127, "-1", ["antara 0 dan 4"]),
        (125, "abc", ["bukan angka"]),
        (88, -1, ["tidak boleh negatif"]),
        (88, "-0,5", ["tidak boleh negatif"]),
        (88, "2,5", ["bilangan bulat", "2,5"]),
        (88, 0.5, ["bilangan bulat"]),
        (88, "abc", ["'abc'", "bukan angka"]),
        (88, True, ["bukan angka"]),
        (88, "nan", ["bukan angka"]),
    ],
)
def test_parse_answer_refuses_in_indonesian_naming_the_soal(
    catalog: Any, soal_id: int, raw: Any, words: list[str]
) -> None:
    with pytest.raises(AnswerError) as ei:
        parse_answer(catalog.soal[soal_id], raw)
    text = str(ei.value)
    assert text.startswith(f"Soal {soal_id}: ")
    assert ei.value.soal_id == soal_id
    for w in words:
        assert w in text
    assert "\n" not in text


def test_format_value() -> None:
    assert format_value(3.6) == "3,60"
    assert format_value(12) == "12"
    assert format_value("Ya") == "Ya"
    assert format_value(None) == ""


def doc(*answers: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"unit_id": "U1", "nama_unit": "KPP Contoh", "tahun": 2026, "answers": list(answers), **extra}


def test_parse_answers_document(catalog: Any) -> None:
    d = parse_answers_document(
        catalog,
        doc(
            {"soal_id": 1, "jawaban_unit": "ya", "jawaban_tpi": "Tidak", "catatan_unit": "ok"},
            {"soal_id": "125", "jawaban_unit": "3,60"},
            {"soal_id": 88, "jawaban_unit": "4"},
        ),
    )
    assert (d.unit_id, d.nama_unit, d.tahun) == ("U1", "KPP Contoh", 2026)
    assert d.unit_answers() == {1: "Ya", 125: 3.6, 88: 4}
    assert d.tpi_answers() == {1: "Tidak", 125: None, 88: None}
    assert d.rows[0].given == frozenset({"jawaban_unit", "jawaban_tpi", "catatan_unit"})


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (
            doc({"soal_id": 12, "jawaban_unit": "A"}, {"soal_id": 12, "jawaban_unit": "B"}),
            ["Soal 12", "lebih dari sekali"],
        ),
        (doc({"soal_id": 999, "jawaban_unit": "A"}), ["Soal 999", "tidak ada di katalog"]),
        (doc({"soal_id": "dua belas"}), ["bukan nomor soal"]),
        (doc({"soal_id": 12.5}), ["bukan nomor soal"]),
        (doc({"jawaban_unit": "A"}), ["answers[0]", "soal_id"]),
        (doc("A"), ["answers[0]", "bukan objek"]),
        (doc({"soal_id": 12, "jawaban_unit": "F"}), ["Soal 12", "'F'"]),
        (doc({"soal_id": 12, "jawaban_tpi": "Mungkin"}), ["Soal 12", "TPI", "'Mungkin'"]),
        (doc({"soal_id": 12, "catatan_unit": ["x"]}), ["Soal 12", "catatan_unit"]),
        ([{"soal_id": 12}], ["objek JSON"]),
        ({"jawaban": []}, ["'answers'"]),
        ({"answers": {"12": "A"}}, ["'answers'"]),
        (doc(tahun=2025), ["2025", "2026"]),
        (doc(tahun="tahun ini"), ["'tahun'"]),
    ],
)
def test_parse_answers_document_refusals(catalog: Any, data: Any, words: list[str]) -> None:
    with pytest.raises(UserError) as ei:
        parse_answers_document(catalog, data)
    for w in words:
        assert w in str(ei.value)


def test_load_answers_file_names_the_file(catalog: Any, tmp_path: Path) -> None:
    bad = tmp_path / "rusak.json"
    bad.write_text('{"answers": [', "utf-8")
    with pytest.raises(UserError, match="rusak.json bukan JSON yang sah"):
        load_answers_file(catalog, bad)
    with pytest.raises(UserError, match="tidak ditemukan"):
        load_answers_file(catalog, tmp_path / "tidak-ada.json")
    good = tmp_path / "ok.json"
    good.write_text(json.dumps(doc({"soal_id": 1, "jawaban_unit": "Ya"})), "utf-8-sig")
    assert load_answers_file(catalog, good).unit_answers() == {1: "Ya"}


@pytest.mark.parametrize("typed", ["1.000", "1,000", "12.345.678"])
def test_a_count_with_a_thousands_separator_is_refused_not_guessed(catalog: Any, typed: str) -> None:
    with pytest.raises(AnswerError, match="pemisah ribuan"):
        parse_answer(catalog.soal[88], typed)


def test_a_whole_count_typed_with_a_decimal_zero_is_accepted(catalog: Any) -> None:
    assert parse_answer(catalog.soal[88], "12,0") == 12
    assert parse_answer(catalog.soal[88], 12.0) == 12


def test_a_year_written_as_text_is_read(catalog: Any) -> None:
    d = parse_answers_document(catalog, doc(tahun="2026"))
    assert d.tahun == 2026
    with pytest.raises(UserError, match="2025"):
        parse_answers_document(catalog, doc(tahun="2025"))


def test_one_list_of_answer_fields_orders_the_documents_records_and_rows() -> None:
    """ANSWER_FIELDS is PortalRB's order; the store's record and the import row follow it."""
    from dataclasses import fields

    from zi_desktop.lke.answers import ANSWER_FIELDS, TEXT_FIELDS, VALUE_FIELDS, AnswerRow
    from zi_desktop.workspace.store import AnswerRecord

    assert VALUE_FIELDS + TEXT_FIELDS == ANSWER_FIELDS
    assert tuple(f.name for f in fields(AnswerRecord))[1:6] == ANSWER_FIELDS
    assert tuple(f.name for f in fields(AnswerRow))[1:6] == ANSWER_FIELDS
