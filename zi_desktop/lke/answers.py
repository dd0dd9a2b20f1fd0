"""Answers as people type them, validated against the catalog.

An answer value is a `str` (the option key of a choice question: "Ya", "Tidak", "A".."E"), an `int`
(a Jumlah count) or a `float` (a survey score 0-4); `None` means unanswered. `parse_answer` accepts
what people type (`ya`, ` A `, `3,60`, `12`) and raises `AnswerError` in plain Indonesian otherwise.
"""

from __future__ import annotations

import json
import math
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from zi_desktop.errors import AnswerError, UserError
from zi_desktop.lazy_re import compile_later
from zi_desktop.lke.catalog import CHOICE, COUNT, SURVEY, Catalog, Soal
from zi_desktop.records import dataclass

Value = str | int | float
Answers = Mapping[int, Value | None]

MAX_COUNT = 10_000_000
_GROUPED = compile_later(r"\d{1,3}(?:[.,]\d{3})+")  # digits in groups of three: a thousands separator?
_NUMBER = compile_later(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")


def _brief(raw: Any) -> str:
    """A short, safe rendering of a value for a message: never the whole of a huge string or a nested
    list (repr of a deeply nested list can itself overflow the stack)."""
    if isinstance(raw, dict):
        return "{objek}"
    if isinstance(raw, (list, tuple)):
        return "[daftar]"
    if isinstance(raw, int) and not isinstance(raw, bool) and abs(raw) >= 10**40:
        return "(bilangan sangat besar)"
    text = str(raw).strip()
    return text if len(text) <= 40 else text[:40] + "..."


def _to_number(raw: Any, soal_id: int) -> float:
    if isinstance(raw, bool):
        raise AnswerError(soal_id, f"nilai '{raw}' bukan angka")
    if isinstance(raw, (int, float)):
        try:
            value = float(raw)
        except OverflowError:
            raise AnswerError(soal_id, f"nilai '{_brief(raw)}' terlalu besar") from None
    elif isinstance(raw, str):
        text = raw.strip()
        if len(text) > 64 or not _NUMBER.fullmatch(text):
            raise AnswerError(soal_id, f"nilai '{_brief(text)}' bukan angka")
        value = float(text.replace(",", "."))
    else:
        raise AnswerError(soal_id, f"nilai '{_brief(raw)}' bukan angka")
    if not math.isfinite(value):
        raise AnswerError(soal_id, f"nilai '{_brief(raw)}' bukan angka yang sah")
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
            raise AnswerError(sid, f"jawaban '{_brief(raw)}' tidak dikenal; pilihan yang sah: {_keys(soal)}")
        text = raw.strip().casefold()
        for o in soal.options:
            if o.key.casefold() == text:
                return o.key
        raise AnswerError(sid, f"jawaban '{_brief(raw)}' tidak dikenal; pilihan yang sah: {_keys(soal)}")
    if soal.kind == COUNT and isinstance(raw, str) and _GROUPED.fullmatch(raw.strip()):
        # "1.000" is a thousand to an Indonesian reader and one to an English one: ask, never guess.
        raise AnswerError(sid, f"'{raw.strip()}' ambigu; tulis jumlah tanpa pemisah ribuan, mis. 1000")
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


def format_decimal(x: float, places: int = 2) -> str:
    """A figure as Indonesians write it: decimal comma, fixed places ("95,63")."""
    return f"{x:.{places}f}".replace(".", ",")


def format_value(value: Value | None) -> str:
    """How an answer is shown and written back (decimal comma for surveys, as Indonesians write)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",")
    return str(value)


def soal_or_error(catalog: Catalog, soal_id: Any) -> Soal:
    try:
        if isinstance(soal_id, bool) or not isinstance(soal_id, (int, float, str)):
            raise TypeError
        if isinstance(soal_id, str) and len(soal_id) > 20:
            raise ValueError
        sid = int(soal_id)
        if isinstance(soal_id, float) and soal_id != sid:
            raise ValueError
    except (TypeError, ValueError, OverflowError):
        raise UserError(f"soal_id '{_brief(soal_id)}' bukan nomor soal") from None
    s = catalog.soal.get(sid)
    if s is None:
        raise AnswerError(sid, f"soal_id {sid} tidak ada di katalog {catalog.catalog_id}")
    return s


# -- PortalRB answers documents -----------------------------------------------------------------

# The answer fields of one soal, in PortalRB's order: the one list the documents, the workbooks,
# the store's columns and records, the change log and the app use.
ANSWER_FIELDS = ("jawaban_unit", "jawaban_tpi", "catatan_unit", "bukti_dukung_unit", "catatan_tpi")
VALUE_FIELDS = ANSWER_FIELDS[:2]  # the answers (typed values, scored)
TEXT_FIELDS = ANSWER_FIELDS[2:]  # the notes and the bukti dukung text (free text)
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
MAX_JSON_ITEMS = 2_000_000
MAX_ANSWERS = 10_000
MAX_TEXT = 100_000
MAX_NAME = 500


@dataclass(frozen=True)
class JsonLimits:
    """Bounds on an imported answers document, so no file can eat the memory or the time.

    `max_bytes` bounds the file; `max_items` bounds the JSON values in it (counted before parsing:
    every value of an array or object, so `[[],[],...]` cannot turn 50 MB into gigabytes of Python
    objects); `max_answers` the entries of `answers`; `max_text` each text field. A workspace may
    override them in its settings (`workspace.settings.json_limits`); the names are those the messages cite."""

    max_bytes: int = MAX_DOCUMENT_BYTES
    max_items: int = MAX_JSON_ITEMS
    max_answers: int = MAX_ANSWERS
    max_text: int = MAX_TEXT


DEFAULT_LIMITS = JsonLimits()


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


def _text(value: Any, where: str, limit: int = MAX_TEXT, setting: str | None = "max_text_chars") -> str | None:
    if value is None:
        return None
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise UserError(f"{where}: harus berupa teks")
    text = str(value)
    if len(text) > limit:
        which = f", {setting}" if setting else ""
        raise UserError(f"{where}: teks terlalu panjang ({len(text)} karakter; batas {limit} karakter{which})")
    return text


def document_year(data: Mapping[str, Any], *, where: str = "") -> int | None:
    """The evaluation year a document names: a whole number, or digits in a string ("2026")."""
    tahun = data.get("tahun")
    if tahun is None or (isinstance(tahun, str) and not tahun.strip()):
        return None
    if isinstance(tahun, str) and tahun.strip().isdigit() and len(tahun.strip()) == 4:
        return int(tahun.strip())
    if isinstance(tahun, bool) or not isinstance(tahun, int):
        raise UserError(f"{where}'tahun' harus bilangan bulat, mis. 2026 (bukan '{_brief(tahun)}')")
    return tahun


def parse_answers_document(
    catalog: Catalog, data: Any, *, source: str = "", limits: JsonLimits | None = None
) -> AnswersDocument:
    """Validate a PortalRB `jawaban-unit` document. Duplicate soal_id are refused (naming both
    places): which of two answers is meant cannot be guessed."""
    lim = limits or DEFAULT_LIMITS
    prefix = f"{source}: " if source else ""
    if not isinstance(data, dict):
        raise UserError(f"{prefix}dokumen jawaban harus berupa objek JSON dengan kunci 'answers'")
    answers = data.get("answers")
    if not isinstance(answers, list):
        raise UserError(f"{prefix}kunci 'answers' tidak ada atau bukan daftar")
    if len(answers) > lim.max_answers:
        raise UserError(f"{prefix}terlalu banyak jawaban ({len(answers)}; batas {lim.max_answers}, max_answers)")
    tahun = document_year(data, where=prefix)
    if tahun is not None and catalog.tahun and tahun != catalog.tahun:
        raise UserError(f"{prefix}dokumen untuk tahun {_brief(tahun)}, katalog untuk tahun {catalog.tahun}")
    unit_id = _text(data.get("unit_id"), f"{prefix}unit_id", MAX_NAME, None) or ""
    nama_unit = _text(data.get("nama_unit"), f"{prefix}nama_unit", MAX_NAME, None) or ""
    rows: list[AnswerRow] = []
    seen: dict[int, int] = {}
    for i, item in enumerate(answers):
        if not isinstance(item, dict):
            raise UserError(f"{prefix}answers[{i}] bukan objek")
        if "soal_id" not in item:
            raise UserError(f"{prefix}answers[{i}] tidak memiliki soal_id")
        soal = soal_or_error(catalog, item["soal_id"])
        if soal.soal_id in seen:
            raise AnswerError(
                soal.soal_id,
                f"muncul lebih dari sekali di dokumen (answers[{seen[soal.soal_id]}] dan answers[{i}]); "
                "hapus salah satunya",
            )
        seen[soal.soal_id] = i
        where = f"Soal {soal.soal_id}"
        rows.append(
            AnswerRow(
                soal_id=soal.soal_id,
                jawaban_unit=parse_answer(soal, item.get("jawaban_unit")),
                jawaban_tpi=_parse_tpi(soal, item.get("jawaban_tpi")),
                catatan_unit=_text(item.get("catatan_unit"), f"{where} catatan_unit", lim.max_text),
                bukti_dukung_unit=_text(item.get("bukti_dukung_unit"), f"{where} bukti_dukung_unit", lim.max_text),
                catatan_tpi=_text(item.get("catatan_tpi"), f"{where} catatan_tpi", lim.max_text),
                given=frozenset(f for f in ANSWER_FIELDS if f in item),
            )
        )
    return AnswersDocument(unit_id=unit_id, nama_unit=nama_unit, tahun=tahun, rows=tuple(rows))


def _parse_tpi(soal: Soal, raw: Any) -> Value | None:
    try:
        return parse_answer(soal, raw)
    except AnswerError as exc:
        raise AnswerError(soal.soal_id, f"jawaban TPI: {exc.message}") from None


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return obj


def read_json_file(path: Path | str, *, max_bytes: int = MAX_DOCUMENT_BYTES, max_items: int = MAX_JSON_ITEMS) -> Any:
    """Read a JSON file within bounds; every failure is a UserError naming the file (and the limit).

    Only regular files are read (a FIFO or device would block or never end), at most `max_bytes`
    of them; the values are counted before parsing (`max_items`); nesting deeper than Python's
    recursion limit, numbers beyond Python's digit limit and keys repeated within one object are
    refused rather than crashing or silently taking the last."""
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise UserError(f"berkas {p} tidak ditemukan") from None
    except (OSError, ValueError) as exc:
        raise UserError(f"berkas {p} tidak dapat dibaca ({getattr(exc, 'strerror', None) or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise UserError(f"{p} adalah folder, bukan berkas")
    if not stat.S_ISREG(st.st_mode):
        raise UserError(f"{p} bukan berkas biasa")
    mb = 1024 * 1024
    if st.st_size > max_bytes:
        raise UserError(
            f"berkas {p} terlalu besar ({st.st_size / mb:.1f} MB; batas {max_bytes / mb:g} MB, max_json_mb)"
        )
    try:
        with p.open("rb") as f:
            raw = f.read(max_bytes + 1)
    except OSError as exc:
        raise UserError(f"berkas {p} tidak dapat dibaca ({exc.strerror})") from None
    if len(raw) > max_bytes:  # grew after stat
        raise UserError(f"berkas {p} terlalu besar (batas {max_bytes / mb:g} MB, max_json_mb)")
    return parse_json_bytes(raw, f"berkas {p}", max_items=max_items)


_SURROGATE_ESCAPE = compile_later(rb"\\u[dD][89a-fA-F]")
_SURROGATE = compile_later("[\ud800-\udfff]")


def parse_json_bytes(raw: bytes, where: str, *, max_items: int = MAX_JSON_ITEMS) -> Any:
    """Parse JSON bytes from outside (a file, a zip member); every failure is a UserError starting
    with `where` (e.g. "berkas x.json", "paket b.zip: manifest.json").

    The values are counted before parsing (`max_items`); nesting deeper than Python's recursion
    limit, numbers beyond Python's digit limit, keys repeated within one object and text holding a
    lone UTF-16 surrogate (`"\\ud800"`, which no file or database can store) are refused rather than
    crashing or silently taking the last."""
    # Each value after the first in an array or object needs a comma; each container one bracket.
    # Counted in C over the bytes (commas inside strings count too, so this is an upper bound).
    items = raw.count(b",") + raw.count(b"[") + raw.count(b"{")
    if items > max_items:
        raise UserError(f"{where} berisi terlalu banyak nilai JSON (lebih dari {max_items}; batas max_json_items)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"{where} bukan teks UTF-8") from None
    surrogates = _SURROGATE_ESCAPE.search(raw) is not None
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise UserError(f"{where} bukan JSON yang sah (baris {exc.lineno}, kolom {exc.colno}: {exc.msg})") from None
    except _DuplicateKey as exc:
        raise UserError(f"{where}: kunci '{_brief(exc.key)}' muncul dua kali dalam satu objek JSON") from None
    except RecursionError:
        raise UserError(f"{where}: struktur JSON terlalu dalam (daftar/objek bersarang terlalu banyak)") from None
    except ValueError:  # an integer of more digits than Python converts (sys.int_info.default_max_str_digits)
        raise UserError(f"{where}: berisi angka yang terlalu panjang") from None
    except MemoryError:
        raise UserError(f"{where} terlalu besar untuk dibaca (memori tidak cukup)") from None
    if surrogates:
        found = _lone_surrogate(data)
        if found is not None:
            place, char = found
            raise UserError(
                f"{where}: teks di {place} memuat karakter Unicode yang tidak sah "
                f"(\\u{ord(char):04x} tanpa pasangan); perbaiki teks itu lalu coba lagi"
            )
    return data


def _lone_surrogate(data: Any) -> tuple[str, str] | None:
    """(where, the character) of the first text (key or value) holding a lone surrogate, or None.
    Iterative: the document may nest as deep as the parser allowed."""
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        value, place = stack.pop()
        if isinstance(value, str):
            m = _SURROGATE.search(value)
            if m:
                return _place(place or "dokumen"), m.group(0)
        elif isinstance(value, dict):
            for key, item in reversed(list(value.items())):
                m = _SURROGATE.search(key)
                if m:
                    return _place(f"{place} (nama kunci)" if place else "nama kunci"), m.group(0)
                stack.append((item, f"{place}.{_brief(key)}" if place else _brief(key)))
        elif isinstance(value, list):
            stack.extend((item, f"{place}[{i}]") for i, item in reversed(list(enumerate(value))))
    return None


def _place(place: str) -> str:
    return place if len(place) <= 120 else "..." + place[-117:]


def load_answers_file(catalog: Catalog, path: Path | str, *, limits: JsonLimits | None = None) -> AnswersDocument:
    lim = limits or DEFAULT_LIMITS
    data = read_json_file(path, max_bytes=lim.max_bytes, max_items=lim.max_items)
    return parse_answers_document(catalog, data, source=str(path), limits=lim)
