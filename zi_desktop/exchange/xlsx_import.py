"""Read filled LKE workbooks: PortalRB's "Jawaban" layout and the Lampiran III layout ("LKE ZI").

Rows are matched to soal by their question text and their order, not by fixed row numbers: an
added or removed row in someone's copy does not shift answers. Texts are normalised (case, spacing,
punctuation, list markers) and compared with difflib's ratio (or containment, since the worksheet
writes "- Kepala satuan kerja" where the catalog says "Jumlah Kepala satuan kerja yang harus
melaporkan"); an order-keeping alignment picks, among rows that look alike ("Jumlah Perubahan yang
dibuat" appears twice, the SPBE questions resemble each other), the ones in sequence.

Answer, note and evidence columns are found from the header row. Formula rows (computed
percentages, sums, totals) are matched as structure and skipped. Every refused value is reported as
"Sheet!K12: message", every row that matched nothing as "Sheet!row N: text".

The file is hostile until proven otherwise: it must not be an old .xls or a password-protected (OLE2
EncryptedPackage) file, and it must pass `safezip.open_zip` with `WORKBOOK_LIMITS` (names, sizes,
ratio, and every part that is XML by its content, whatever its name, without DOCTYPE or ENTITY); at
most `ROW_LIMIT` rows are read, in openpyxl's streaming read-only mode.
"""

from __future__ import annotations

import difflib
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

# isort: off
import zi_desktop.exchange.openpyxl_loader  # noqa: F401  (first: openpyxl without numpy)

# isort: on
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from zi_desktop.errors import AnswerError, UserError
from zi_desktop.exchange.safezip import NotAZip, ZipLimits, looks_like_xml, open_zip, shown, size_text
from zi_desktop.exchange.xlsx_export import SUM_ROW_TEXT, TOTAL_LABELS
from zi_desktop.exchange.xlsx_selfcheck import SheetMap, What
from zi_desktop.lke.answers import ANSWER_FIELDS, MAX_TEXT, VALUE_FIELDS, AnswerRow, Value, parse_answer
from zi_desktop.lke.catalog import Catalog

ROW_LIMIT = 5000
MAX_COLUMNS = 60
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_XML_PART = 32 * 1024 * 1024  # one sheet or the shared strings, uncompressed
WORKBOOK_LIMITS = ZipLimits(
    max_entries=10_000,
    max_total=200 * 1024 * 1024,
    max_member=200 * 1024 * 1024,
    max_ratio=200,
    max_file=MAX_FILE_BYTES,
)
HEADER_SCAN_ROWS = 15
MATCH_THRESHOLD = 0.6
BAND = 80
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_NON_WORD = re.compile(r"[^0-9a-z%]+")
_MARKER = re.compile(r"^(?:-+|[a-z]{1,4}\.|[a-z]\)|\d{1,2}\.|[ivx]{1,4})\s+")


@dataclass(frozen=True)
class WorkbookRead:
    rows: list[AnswerRow]
    problems: list[str]
    unmatched: list[str]
    layout: str  # "jawaban" or "lampiran3"
    sheet: str
    sheet_map: SheetMap | None = None  # which row is what, for the workbook's own figures (xlsx_selfcheck)


@dataclass
class _Columns:
    header_row: int
    fields: dict[str, int] = field(default_factory=dict)  # field name -> column index (1-based)
    evidence: list[int] = field(default_factory=list)
    text_first: int = 2
    text_last: int = 7
    layout: str = "lampiran3"
    value_col: int | None = None  # "Nilai": the workbook's own computed values
    type_col: int | None = None  # "Pilihan Jawaban": the answer type the sheet's formulas read
    ignored: dict[int, tuple[str, str]] = field(default_factory=dict)  # column -> (its header, the field read)


@dataclass(frozen=True)
class _SheetRow:
    row: int
    text: str
    norm: str
    cells: dict[int, tuple[Any, bool]]  # column -> (value, is formula)


@dataclass(frozen=True)
class _Target:
    norm: str
    soal_id: int | None  # None: structure (node, percentage, sum, total)
    what: What | None = None  # ("node", id), ("computed", id), ("sum", id), ("soal", id), ("total", key)


# -- file checks --------------------------------------------------------------------------------


def check_workbook_file(path: Path) -> None:
    """Refuse what is not a plain, bounded .xlsx file. Every refusal is a UserError naming the file."""
    name = path.name
    if path.is_dir():
        raise UserError(f"{name} adalah folder, bukan berkas Excel")
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):  # a FIFO or device would block or never end
            raise UserError(f"{name} bukan berkas biasa (pipa atau perangkat); pilih berkas .xlsx")
        size = st.st_size
        with path.open("rb") as fh:
            head = fh.read(8)
            if head == OLE2_MAGIC:
                blob = fh.read(4 * 1024 * 1024)
                if _ENCRYPTED in blob:
                    raise UserError(
                        f"berkas {name} dilindungi kata sandi (terenkripsi); buka di Excel, hapus kata sandinya "
                        "(File > Info > Protect Workbook > Encrypt with Password, kosongkan), simpan, lalu impor lagi"
                    )
                raise UserError(
                    f"berkas {name} berformat Excel lama (.xls); simpan ulang sebagai .xlsx lalu impor lagi"
                )
    except FileNotFoundError:
        raise UserError(f"berkas {name} tidak ditemukan") from None
    except OSError as exc:
        raise UserError(f"berkas {name} tidak dapat dibaca ({exc.strerror})") from None
    if path.suffix.lower() == ".xls":
        raise UserError(f"berkas {name} berformat Excel lama (.xls); simpan ulang sebagai .xlsx lalu impor lagi")
    if size > MAX_FILE_BYTES:
        raise UserError(
            f"berkas {name} terlalu besar ({size // 1024 // 1024} MB; batas {MAX_FILE_BYTES // 1024 // 1024} MB)"
        )
    try:
        with open_zip(path, WORKBOOK_LIMITS, label=f"berkas {name}") as zf:
            if zf.get("xl/workbook.xml") is None:
                raise UserError(f"berkas {name} bukan buku kerja Excel .xlsx (tidak ada xl/workbook.xml)")
            zf.check_xml_parts(advice="; buka dan simpan ulang berkasnya dari Excel, lalu impor lagi")
            for m in zf.files():
                # openpyxl scans a whole sheet without a <dimension> before it yields one row (a million
                # rows: minutes); a real LKE sheet is about 1 MB, 300 rows.
                if m.size > MAX_XML_PART and looks_like_xml(zf.head(m, 64)):
                    raise UserError(
                        f"berkas {name}: bagian '{shown(m.name)}' terlalu besar untuk buku kerja LKE "
                        f"({size_text(m.size)}; batas {size_text(MAX_XML_PART)}, lembar LKE biasanya di bawah 2 MB)"
                    )
    except NotAZip:
        raise UserError(f"berkas {name} bukan buku kerja Excel .xlsx (isi berkas tidak dikenali)") from None


# -- text matching ------------------------------------------------------------------------------


def normalise(text: str) -> str:
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").casefold()
    t = _NON_WORD.sub(" ", t.replace("/", " ")).strip()
    t = " ".join(t.split())
    # a list marker ("a.", "-", "ii.") survives as a lone token after punctuation is dropped
    parts = t.split(" ")
    while len(parts) > 1 and (re.fullmatch(r"[a-z]|[ivx]{1,4}|\d{1,2}", parts[0])):
        parts.pop(0)
    return " ".join(parts)


def similarity(a: str, b: str, sm: difflib.SequenceMatcher[str] | None = None) -> float:
    """0..1 likeness of two normalised texts: difflib's ratio, raised when one contains the other."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    contained = len(short) >= 6 and f" {short} " in f" {long} "
    if contained:
        return 0.75 + 0.2 * len(short) / len(long)
    if sm is None:
        sm = difflib.SequenceMatcher(None, "", b, autojunk=False)
    sm.set_seq1(a)
    if sm.real_quick_ratio() < MATCH_THRESHOLD or sm.quick_ratio() < MATCH_THRESHOLD:
        return 0.0
    return sm.ratio()


def _targets(cat: Catalog) -> list[_Target]:
    by_row: list[tuple[int, int, _Target]] = []
    for n in cat.nodes.values():
        if n.excel_row > 0:
            by_row.append((n.excel_row, 0, _Target(normalise(n.name), None, ("node", n.node_id))))
    for c in cat.computed:
        if c.excel_row > 0:
            by_row.append((c.excel_row, 0, _Target(normalise(c.text), None, ("computed", c.id))))
        if c.sum_row:
            by_row.append((c.sum_row, 0, _Target(normalise(SUM_ROW_TEXT), None, ("sum", c.id))))
    for s in cat.soal.values():
        by_row.append((s.excel_row or 10**6 + s.soal_id, 1, _Target(normalise(s.text), s.soal_id, ("soal", s.soal_id))))
    for key, r in cat.excel_rows.items():
        by_row.append((r, 0, _Target(normalise(TOTAL_LABELS.get(key, key)), None, ("total", key))))
    by_row.sort(key=lambda t: (t[0], t[1]))
    return [t for _, _, t in by_row]


def align(rows: list[str], targets: list[str]) -> dict[int, int]:
    """Order-keeping alignment of sheet row texts to target texts maximising total similarity
    (pairs below MATCH_THRESHOLD never match). Returns {row index: target index}."""
    n, m = len(rows), len(targets)
    if not n or not m:
        return {}
    scale = m / n if n > m else 1.0
    weight: dict[tuple[int, int], float] = {}
    exact: dict[str, list[int]] = {}
    for j, t in enumerate(targets):
        exact.setdefault(t, []).append(j)
    window: dict[int, list[int]] = {}
    target_words = [set(t.split()) for t in targets]
    for i, a in enumerate(rows):
        centre = int(i * scale)
        lo, hi = max(0, centre - BAND), min(m, centre + BAND + 1)
        hits = [j for j in exact.get(a, ()) if lo <= j < hi]
        for j in hits:
            weight[(i, j)] = 0.6
        if hits:
            continue  # an exact twin nearby: fuzzy candidates would only add noise and time
        words = set(a.split())
        for j in range(lo, hi):
            other = target_words[j]
            if 2 * len(words & other) >= 0.35 * (len(words) + len(other)):
                window.setdefault(j, []).append(i)
    for j, idxs in window.items():
        sm = difflib.SequenceMatcher(None, "", targets[j], autojunk=False)
        for i in idxs:
            s = similarity(rows[i], targets[j], sm)
            if s >= MATCH_THRESHOLD:
                weight[(i, j)] = s - 0.4
    neg = float("-inf")
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        prev, cur = best[i - 1], best[i]
        for j in range(1, m + 1):
            w = weight.get((i - 1, j - 1), neg)
            cur[j] = max(prev[j], cur[j - 1], prev[j - 1] + w)
    out: dict[int, int] = {}
    i, j = n, m
    while i > 0 and j > 0:
        wt = weight.get((i - 1, j - 1))
        if wt is not None and best[i][j] == best[i - 1][j - 1] + wt:
            out[i - 1] = j - 1
            i -= 1
            j -= 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return out


# -- header -------------------------------------------------------------------------------------


def _header_text(value: Any) -> str:
    return " ".join(str(value).casefold().split()) if isinstance(value, str) else ""


def _find_columns(rows: list[tuple[int, list[Any]]], sheet_name: str, cat: Catalog) -> _Columns | None:
    for rnum, values in rows:
        texts = [_header_text(v) for v in values]
        if not any(t in ("jawaban", "jawaban unit") or t.startswith("jawaban unit") for t in texts):
            continue
        cols = _Columns(header_row=rnum)
        bobot = None
        for idx, t in enumerate(texts, start=1):
            if not t:
                continue
            if "pilihan" in t:
                cols.type_col = cols.type_col or idx
                continue
            if t == "nilai":
                cols.value_col = cols.value_col or idx
                continue
            if t == "penilaian":
                cols.text_first = idx
            elif t.startswith("bobot"):
                bobot = idx
            elif t.startswith("jawaban"):
                key = "jawaban_tpi" if "tpi" in t else "jawaban_unit"
                _claim(cols, key, idx, values[idx - 1])
            elif t.startswith(("catatan", "keterangan")):
                key = "catatan_tpi" if "tpi" in t else "catatan_unit"
                _claim(cols, key, idx, values[idx - 1])
            elif any(w in t for w in ("bukti", "link", "tautan", "url")) and "tpi" not in t:
                cols.evidence.append(idx)
        if "jawaban_unit" not in cols.fields:
            continue
        first_field = min([*cols.fields.values(), *cols.evidence])
        cols.text_last = (bobot or first_field) - 1
        is_jawaban = any(t.startswith("jawaban unit") for t in texts) or sheet_name == cat.excel_sheet
        cols.layout = "jawaban" if is_jawaban else "lampiran3"
        if not cols.evidence and cols.layout == "lampiran3" and "catatan_unit" in cols.fields:
            # Lampiran III: evidence description and link columns follow the note, without headers
            note = cols.fields["catatan_unit"]
            cols.evidence = [note + 1, note + 2]
        if cols.evidence:
            cols.fields["bukti_dukung_unit"] = cols.evidence[0]
        return cols
    return None


def _claim(cols: _Columns, key: str, idx: int, header: Any) -> None:
    """The first column of a kind is read; a second one (the ESDM layout's "Jawaban TPI KESDM" beside
    "Jawaban TPI") is remembered, so that values in it are reported instead of silently dropped."""
    if key in cols.fields:
        cols.ignored[idx] = (" ".join(str(header).split()), key)
    else:
        cols.fields[key] = idx


# -- reading ------------------------------------------------------------------------------------


def _cell_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    text = str(value)
    return text if text.strip() else None


def read_workbook(catalog: Catalog, path: Path | str) -> WorkbookRead:
    """Read answers, notes and evidence strings from a filled LKE workbook (.xlsx/.xlsm)."""
    p = Path(path)
    check_workbook_file(p)
    try:
        wb = load_workbook(str(p), read_only=True, data_only=False, keep_links=False)
    except UserError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file: all mean "cannot read"
        raise UserError(
            f"berkas {p.name} rusak atau tidak wajar dan tidak dapat dibaca sebagai buku kerja Excel "
            f"({type(exc).__name__}); buka di Excel, simpan ulang sebagai .xlsx, lalu impor lagi"
        ) from None
    try:
        return _read(catalog, wb, p)
    except UserError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl reads lazily: a damaged part fails here, in any kind
        raise UserError(f"berkas {p.name} tidak dapat dibaca sebagai buku kerja Excel ({type(exc).__name__})") from None
    finally:
        wb.close()


def _read(cat: Catalog, wb: Any, p: Path) -> WorkbookRead:
    names: list[str] = list(wb.sheetnames)
    order = sorted(names, key=lambda s: (s != cat.excel_sheet, s.casefold() != "lke zi", names.index(s)))
    chosen: tuple[str, _Columns] | None = None
    for sname in order:
        ws = wb[sname]
        if not hasattr(ws, "iter_rows"):
            continue
        head = [
            (i + 1, [getattr(c, "value", None) for c in r])
            for i, r in enumerate(ws.iter_rows(min_row=1, max_row=HEADER_SCAN_ROWS, max_col=MAX_COLUMNS))
        ]
        cols = _find_columns(head, sname, cat)
        if cols:
            chosen = (sname, cols)
            break
    if chosen is None:
        raise UserError(
            f"berkas {p.name}: tidak ada sheet LKE yang dikenali (baris judul dengan kolom 'Jawaban' tidak ditemukan; "
            f"sheet: {', '.join(names[:10])})"
        )
    sname, cols = chosen
    ws = wb[sname]
    max_col = max(
        [*cols.fields.values(), *cols.evidence, *cols.ignored, cols.text_last, cols.value_col or 0, cols.type_col or 0]
    )
    problems: list[str] = []
    sheet_rows: list[_SheetRow] = []
    first = cols.header_row + 1
    last = cols.header_row + ROW_LIMIT
    rnum = first - 1
    for r in ws.iter_rows(min_row=first, max_row=last + 1, max_col=max_col):
        rnum += 1
        if rnum > last:
            problems.append(f"{sname}!A{rnum}: hanya {ROW_LIMIT} baris pertama yang dibaca")
            break
        cells: dict[int, tuple[Any, bool]] = {}
        best = ""
        for idx, c in enumerate(r, start=1):
            v = getattr(c, "value", None)
            if v is None:
                continue
            is_formula = getattr(c, "data_type", None) == "f"
            cells[idx] = (v, is_formula)
            if (
                cols.text_first <= idx <= cols.text_last
                and isinstance(v, str)
                and not is_formula
                and len(normalise(v)) > len(normalise(best))
            ):
                best = v
        if best.strip():
            sheet_rows.append(_SheetRow(rnum, best.strip(), normalise(best), cells))
    targets = _targets(cat)
    pairs = align([s.norm for s in sheet_rows], [t.norm for t in targets])
    out: list[AnswerRow] = []
    unmatched: list[str] = []
    seen: set[int] = set()
    structure: dict[int, What] = {}
    formulas: dict[tuple[int, int], str] = {}
    for i, srow in enumerate(sheet_rows):
        j = pairs.get(i)
        if j is None:
            unmatched.append(f"{sname}!row {srow.row}: {srow.text[:100]}")
            continue
        what = targets[j].what
        if what is not None and what not in structure.values():
            structure[srow.row] = what
            for col in (cols.value_col, cols.fields.get("jawaban_unit")):
                v, is_formula = srow.cells.get(col or 0, (None, False))
                if col and is_formula and isinstance(v, str):
                    formulas[(srow.row, col)] = v
        sid = targets[j].soal_id
        if sid is None or sid in seen:
            continue
        seen.add(sid)
        out.append(_answer_row(cat, sid, srow, cols, sname, problems))
    sheet_map = SheetMap(sname, structure, cols.fields["jawaban_unit"], cols.value_col, cols.type_col, formulas)
    return WorkbookRead(
        rows=out, problems=problems, unmatched=unmatched, layout=cols.layout, sheet=sname, sheet_map=sheet_map
    )


def _answer_row(cat: Catalog, sid: int, srow: _SheetRow, cols: _Columns, sname: str, problems: list[str]) -> AnswerRow:
    soal = cat.soal[sid]
    given = {f for f in ANSWER_FIELDS if f in cols.fields}
    values: dict[str, Any] = {}

    def ref(col: int) -> str:
        return f"{sname}!{get_column_letter(col)}{srow.row}"

    for fname in VALUE_FIELDS:
        col = cols.fields.get(fname)
        if col is None:
            continue
        raw, is_formula = srow.cells.get(col, (None, False))
        if is_formula:
            problems.append(f"{ref(col)}: sel berisi rumus, bukan jawaban; tulis nilainya langsung")
            given.discard(fname)
            continue
        try:
            values[fname] = parse_answer(soal, _answer_input(raw))
        except AnswerError as exc:
            who = "jawaban TPI" if fname == "jawaban_tpi" else "jawaban"
            problems.append(f"{ref(col)}: soal {sid}, {who} ditolak: {exc.message}")
            given.discard(fname)
    for col, (header, fname) in cols.ignored.items():
        raw, _ = srow.cells.get(col, (None, False))
        if _cell_text(raw) is not None:
            used = get_column_letter(cols.fields[fname])
            problems.append(
                f"{ref(col)}: kolom '{header}' tidak dibaca; ZI Desktop menyimpan satu {fname.replace('_', ' ')}, "
                f"dari kolom {used}. Kosongkan kolom {get_column_letter(col)} atau pindahkan isinya ke kolom {used}"
            )
    for fname in ("catatan_unit", "catatan_tpi"):
        col = cols.fields.get(fname)
        if col is None:
            continue
        ok, text = _text_field(srow, col, ref(col), problems)
        if not ok:
            given.discard(fname)
        else:
            values[fname] = text
    if cols.evidence:
        parts: list[str] = []
        bad = False
        for col in cols.evidence:
            ok, text = _text_field(srow, col, ref(col), problems)
            if not ok:
                bad = True
            elif text is not None:
                parts.append(text)
        joined = "\n".join(parts) if parts else None
        if bad:
            given.discard("bukti_dukung_unit")
        elif joined is not None and len(joined) > MAX_TEXT:
            problems.append(f"{ref(cols.evidence[0])}: teks bukti dukung terlalu panjang (batas {MAX_TEXT} karakter)")
            given.discard("bukti_dukung_unit")
        else:
            values["bukti_dukung_unit"] = joined
    return AnswerRow(
        soal_id=sid,
        jawaban_unit=values.get("jawaban_unit"),
        jawaban_tpi=values.get("jawaban_tpi"),
        catatan_unit=values.get("catatan_unit"),
        bukti_dukung_unit=values.get("bukti_dukung_unit"),
        catatan_tpi=values.get("catatan_tpi"),
        given=frozenset(given),
    )


def _answer_input(raw: Any) -> Value | None:
    if raw is None or isinstance(raw, (str, int, float)):
        return raw
    return str(raw)


def _text_field(srow: _SheetRow, col: int, where: str, problems: list[str]) -> tuple[bool, str | None]:
    """(accepted, text) of a note/evidence cell; text None when empty; refusals are reported."""
    # A note typed as "=..." may have been saved as a formula by the tool that wrote the file: the
    # cell's own text (the formula as typed) is the note, never a computed value.
    raw, _is_formula = srow.cells.get(col, (None, False))
    text = _cell_text(raw)
    if text is not None and len(text) > MAX_TEXT:
        problems.append(f"{where}: teks terlalu panjang ({len(text)} karakter, batas {MAX_TEXT})")
        return False, None
    return True, text
