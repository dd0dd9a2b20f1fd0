"""Answers as people type them, validated against the catalog.

An answer value is a `str` (the option key of a choice question: "Ya", "Tidak", "A".."E"), an `int`
(a Jumlah count) or a `float` (a survey score 0-4); `None` means unanswered. `parse_answer` accepts
what people type (`ya`, ` A `, `3,60`, `12`) and raises `AnswerError` in plain Indonesian otherwise.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zi_desktop.catalog import CHOICE, COUNT, SURVEY, Catalog, Soal
from zi_desktop.errors import AnswerError, UserError

Value = str | int | float
Answers = Mapping[int, Value | None]

MAX_COUNT = 10_000_000
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")


def _to_number(raw: Any, soal_id: int) -> float:
    if isinstance(raw, bool):
        raise AnswerError(soal_id, f"nilai '{raw}' bukan angka")
    if isinstance(raw, (int, float)):
        value = float(raw)
    else:
        text = str(raw).strip()
        if not _NUMBER.fullmatch(text):
            raise AnswerError(soal_id, f"nilai '{text[:40]}' bukan angka")
        value = float(text.replace(",", "."))
    if not math.isfinite(value):
        raise AnswerError(soal_id, f"nilai '{raw}' bukan angka yang sah")
    return value


def parse_answer(soal: Soal, raw: Any) -> Value | None:
    """Normalise one typed answer for `soal`; None/empty means unanswered."""
    if raw is None:
        return None
    if isinstance(raw, str) and not raw.strip():
        return None
    sid = soal.soal_id
    if soal.kind == CHOICE:
        if not isinstance(raw, str):
            raise AnswerError(sid, f"jawaban '{raw}' tidak dikenal; pilihan yang sah: {_keys(soal)}")
        text = raw.strip().casefold()
        for o in soal.options:
            if o.key.casefold() == text:
                return o.key
        raise AnswerError(sid, f"jawaban '{raw.strip()[:40]}' tidak dikenal; pilihan yang sah: {_keys(soal)}")
    value = _to_number(raw, sid)
    if soal.kind == COUNT:
        if value < 0:
            raise AnswerError(sid, f"jumlah tidak boleh negatif ({_fmt(value)})")
        if value != int(value):
            raise AnswerError(sid, f"jumlah harus bilangan bulat, bukan pecahan ({_fmt(value)})")
        if value > MAX_COUNT:
            raise AnswerError(sid, f"jumlah {_fmt(value)} terlalu besar (batas {MAX_COUNT})")
        return int(value)
    if soal.kind == SURVEY:
        if not 0 <= value <= 4:
            raise AnswerError(sid, f"nilai survei harus antara 0 dan 4, bukan {_fmt(value)}")
        return value
    raise AnswerError(sid, f"jenis jawaban '{soal.type}' tidak dikenal")


def _keys(soal: Soal) -> str:
    return ", ".join(o.key for o in soal.options)


def _fmt(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def format_value(value: Value | None) -> str:
    """How an answer is shown and written back (decimal comma for surveys, as Indonesians write)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",")
    return str(value)


def soal_or_error(catalog: Catalog, soal_id: Any) -> Soal:
    try:
        sid = int(soal_id)
        if isinstance(soal_id, float) and soal_id != sid:
            raise ValueError
    except (TypeError, ValueError):
        raise UserError(f"soal_id '{soal_id}' bukan nomor soal") from None
    s = catalog.soal.get(sid)
    if s is None:
        raise AnswerError(sid, f"soal_id {sid} tidak ada di katalog {catalog.catalog_id}")
    return s


# -- PortalRB answers documents -----------------------------------------------------------------

ANSWER_FIELDS = ("jawaban_unit", "jawaban_tpi", "catatan_unit", "bukti_dukung_unit", "catatan_tpi")
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
MAX_ANSWERS = 10_000
MAX_TEXT = 100_000


@dataclass(frozen=True)
class AnswerRow:
    """One soal's answers from an imported source. `given` names the fields the source carries:
    a given field replaces the workspace value (None clears it); a field not given is left alone."""

    soal_id: int
    jawaban_unit: Value | None
    jawaban_tpi: Value | None
    catatan_unit: str | None
    bukti_dukung_unit: str | None
    catatan_tpi: str | None
    given: frozenset[str] = frozenset(ANSWER_FIELDS)


@dataclass(frozen=True)
class AnswersDocument:
    unit_id: str
    nama_unit: str
    tahun: int | None
    rows: tuple[AnswerRow, ...]

    def unit_answers(self) -> dict[int, Value | None]:
        return {r.soal_id: r.jawaban_unit for r in self.rows}

    def tpi_answers(self) -> dict[int, Value | None]:
        return {r.soal_id: r.jawaban_tpi for r in self.rows}


def _text(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise UserError(f"{where}: harus berupa teks")
    text = str(value)
    if len(text) > MAX_TEXT:
        raise UserError(f"{where}: teks terlalu panjang ({len(text)} karakter, batas {MAX_TEXT})")
    return text


def parse_answers_document(catalog: Catalog, data: Any, *, source: str = "") -> AnswersDocument:
    """Validate a PortalRB `jawaban-unit` document. Duplicate soal_id are refused."""
    prefix = f"{source}: " if source else ""
    if not isinstance(data, dict):
        raise UserError(f"{prefix}dokumen jawaban harus berupa objek JSON dengan kunci 'answers'")
    answers = data.get("answers")
    if not isinstance(answers, list):
        raise UserError(f"{prefix}kunci 'answers' tidak ada atau bukan daftar")
    if len(answers) > MAX_ANSWERS:
        raise UserError(f"{prefix}terlalu banyak jawaban ({len(answers)}; batas {MAX_ANSWERS})")
    tahun = data.get("tahun")
    if tahun is not None and (isinstance(tahun, bool) or not isinstance(tahun, int)):
        raise UserError(f"{prefix}'tahun' harus bilangan bulat")
    if tahun is not None and catalog.tahun and tahun != catalog.tahun:
        raise UserError(f"{prefix}dokumen untuk tahun {tahun}, katalog untuk tahun {catalog.tahun}")
    rows: list[AnswerRow] = []
    seen: set[int] = set()
    for i, item in enumerate(answers):
        if not isinstance(item, dict):
            raise UserError(f"{prefix}answers[{i}] bukan objek")
        if "soal_id" not in item:
            raise UserError(f"{prefix}answers[{i}] tidak memiliki soal_id")
        soal = soal_or_error(catalog, item["soal_id"])
        if soal.soal_id in seen:
            raise AnswerError(soal.soal_id, "muncul lebih dari sekali di dokumen; hapus salah satunya")
        seen.add(soal.soal_id)
        where = f"Soal {soal.soal_id}"
        rows.append(
            AnswerRow(
                soal_id=soal.soal_id,
                jawaban_unit=parse_answer(soal, item.get("jawaban_unit")),
                jawaban_tpi=_parse_tpi(soal, item.get("jawaban_tpi")),
                catatan_unit=_text(item.get("catatan_unit"), f"{where} catatan_unit"),
                bukti_dukung_unit=_text(item.get("bukti_dukung_unit"), f"{where} bukti_dukung_unit"),
                catatan_tpi=_text(item.get("catatan_tpi"), f"{where} catatan_tpi"),
                given=frozenset(f for f in ANSWER_FIELDS if f in item),
            )
        )
    return AnswersDocument(
        unit_id=str(data.get("unit_id") or ""),
        nama_unit=str(data.get("nama_unit") or ""),
        tahun=tahun,
        rows=tuple(rows),
    )


def _parse_tpi(soal: Soal, raw: Any) -> Value | None:
    try:
        return parse_answer(soal, raw)
    except AnswerError as exc:
        raise AnswerError(soal.soal_id, f"jawaban TPI: {exc.message}") from None


def read_json_file(path: Path | str, *, max_bytes: int = MAX_DOCUMENT_BYTES) -> Any:
    """Read a JSON file with a size bound; every failure is a UserError naming the file."""
    p = Path(path)
    if p.is_dir():
        raise UserError(f"{p} adalah folder, bukan berkas")
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise UserError(f"berkas {p} tidak ditemukan") from None
    except OSError as exc:
        raise UserError(f"berkas {p} tidak dapat dibaca ({exc.strerror})") from None
    if size > max_bytes:
        raise UserError(f"berkas {p} terlalu besar ({size // 1024 // 1024} MB; batas {max_bytes // 1024 // 1024} MB)")
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise UserError(f"berkas {p} tidak dapat dibaca ({exc.strerror})") from None
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise UserError(f"berkas {p} bukan teks UTF-8") from None
    except json.JSONDecodeError as exc:
        raise UserError(f"berkas {p} bukan JSON yang sah (baris {exc.lineno}, kolom {exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise UserError(f"berkas {p}: struktur JSON terlalu dalam") from None


def load_answers_file(catalog: Catalog, path: Path | str) -> AnswersDocument:
    return parse_answers_document(catalog, read_json_file(path), source=str(path))
