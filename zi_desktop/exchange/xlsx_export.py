"""Write the LKE workbook in PortalRB's "Jawaban" layout, with live formulas.

Rows and answer columns come from the catalog's cell map (K unit answer, L unit note, M evidence,
N TPI answer, Q TPI note for 2026). The first free columns after those hold "Nilai" (value of each
question, computed percentage, sub-area, area and total) and "%" (node score over its weight). Every
score cell is a formula using only functions Excel and LibreOffice share, so a reviewer who changes
an answer sees the scores move, and the recalculated figures equal `scoring.score`'s.

Text is always written as text (an inline string): a note that begins with "=" stays a note, never
becomes a formula.

The workbook is written directly as SpreadsheetML (the sheet XML, styles, relationships, zipped),
without openpyxl: importing and driving openpyxl cost an export about 0.35 s, this writer about
20 ms. The parts and cells are those openpyxl wrote before (sheets, values, formulas, bold/fill/
number format/wrap styles, column widths, frozen header, drop-down validations, recalculation on
load); tests/core/legacy_xlsx_writer.py keeps the old writer so the tests compare the two.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

from zi_desktop import __version__
from zi_desktop.durable import fsync_file, replace_durably
from zi_desktop.errors import UserError
from zi_desktop.lke.answers import Value
from zi_desktop.lke.catalog import CHOICE, COUNT, SURVEY, Catalog, Computed, Node, Soal
from zi_desktop.lke.scoring import ScoreResult, score
from zi_desktop.reports.conditions import condition_lines

if TYPE_CHECKING:
    from openpyxl import Workbook

MAX_CELL_TEXT = 32_767  # Excel's limit; longer text makes Excel offer a repair
SUMMARY_SHEET = "Ringkasan"
TOTAL_LABELS = {
    "total_pengungkit": "TOTAL PENGUNGKIT",
    "total_hasil": "TOTAL HASIL",
    "total": "NILAI EVALUASI ZONA INTEGRITAS",
}
SUM_ROW_TEXT = "Jumlah yang harus melaporkan"
# characters XML 1.0 cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE)
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")

# styles: a cell's style is (font, fill, number format, wrap); fonts and fills are indexes below
BOLD = 1
TITLE = 2  # bold, 13 pt
NODE_FILL = 2
TOTAL_FILL = 3
_FONTS = (
    '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>',
    '<font><b val="1"/><sz val="11"/><name val="Calibri"/><family val="2"/></font>',
    '<font><b val="1"/><sz val="13"/><name val="Calibri"/><family val="2"/></font>',
)
_FILLS = (
    '<fill><patternFill patternType="none"/></fill>',
    '<fill><patternFill patternType="gray125"/></fill>',
    '<fill><patternFill patternType="solid"><fgColor rgb="00DDEBF7"/></patternFill></fill>',
    '<fill><patternFill patternType="solid"><fgColor rgb="00FCE4D6"/></patternFill></fill>',
)
_NUMBER_FORMATS = {"0.00": 2, "0.00%": 10}  # built-in format ids
_COL_RE = re.compile(r"([A-Z]+)(\d+)")


class RecordLike(Protocol):
    """What the writer needs of one soal's stored answers (store.AnswerRecord fits)."""

    @property
    def soal_id(self) -> int: ...
    @property
    def jawaban_unit(self) -> Value | None: ...
    @property
    def jawaban_tpi(self) -> Value | None: ...
    @property
    def catatan_unit(self) -> str | None: ...
    @property
    def catatan_tpi(self) -> str | None: ...
    @property
    def bukti_dukung_unit(self) -> str | None: ...


@dataclass(frozen=True)
class WorkbookData:
    """Everything the workbook shows, without a workspace (tests, other sources)."""

    catalog: Catalog
    unit_name: str
    unit_id: str
    year: int
    records: Mapping[int, RecordLike]
    created_at: str = ""

    def answers(self, tpi: bool = False) -> dict[int, Value | None]:
        out: dict[int, Value | None] = {}
        for sid, r in self.records.items():
            v = r.jawaban_tpi if tpi else r.jawaban_unit
            if v is not None:
                out[sid] = v
        return out


class _WorkspaceLike(Protocol):
    catalog: Catalog
    unit_name: str
    unit_id: str
    year: int

    def records(self) -> Mapping[int, Any]: ...


def workbook_data(source: WorkbookData | _WorkspaceLike) -> WorkbookData:
    if isinstance(source, WorkbookData):
        return source
    # The evidence column carries the same string as the bundle's JSON (bundle.evidence_text); the
    # import is here because bundle builds on this module.
    from zi_desktop.exchange.bundle import records_with_evidence

    evidence = getattr(source, "evidence", None)
    records = source.records()
    if evidence is not None:
        records = records_with_evidence(source.catalog, records, list(evidence()))
    return WorkbookData(
        catalog=source.catalog,
        unit_name=source.unit_name,
        unit_id=source.unit_id,
        year=source.year,
        records=records,
    )


# -- the sheet model ----------------------------------------------------------------------------


def column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def column_letter(index: int) -> str:
    out = ""
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


class _Cell:
    """One cell: a value (text, number or formula) and its style."""

    __slots__ = ("fill", "font", "kind", "number_format", "value", "wrap")

    def __init__(self) -> None:
        self.value: str | int | float | None = None
        self.kind = ""  # "s" text, "n" number, "f" formula, "" empty
        self.font = 0
        self.fill = 0
        self.number_format: str | None = None
        self.wrap = False

    def style(self) -> tuple[int, int, int, bool]:
        return (self.font, self.fill, _NUMBER_FORMATS.get(self.number_format or "", 0), self.wrap)


@dataclass
class Sheet:
    """What a worksheet of this workbook holds; `cell(ref)` creates the cell (styled, maybe empty)."""

    title: str
    cells: dict[tuple[int, int], _Cell] = field(default_factory=dict)
    widths: dict[str, float] = field(default_factory=dict)
    freeze: str | None = None  # the top-left cell of the scrolling part ("A2": row 1 frozen)
    validations: list[tuple[str, list[str]]] = field(default_factory=list)  # (list formula, cells)

    def cell(self, ref: str) -> _Cell:
        split = 1 if ref[1].isdigit() else 2 if ref[2].isdigit() else 3  # "K12", "AB3", "XFD9"
        key = (int(ref[split:]), column_index(ref[:split]))
        c = self.cells.get(key)
        if c is None:
            c = self.cells[key] = _Cell()
        return c


# -- cell helpers -------------------------------------------------------------------------------


def clean_text(text: str) -> str:
    """Text as a cell can hold it: no XML-illegal control characters, at most Excel's limit."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return text[:MAX_CELL_TEXT]


def put_text(ws: Sheet, ref: str, text: str | None) -> None:
    """Write text as text, even when it begins with =, +, - or @ (never a formula)."""
    if text is None or text == "":
        return
    cell = ws.cell(ref)
    cell.value = clean_text(text)
    cell.kind = "s"


def put_number(ws: Sheet, ref: str, value: int | float, number_format: str | None = None) -> None:
    cell = ws.cell(ref)
    cell.value = value
    cell.kind = "n"
    if number_format:
        cell.number_format = number_format


def put_value(ws: Sheet, ref: str, value: Value | None) -> None:
    if value is None:
        return
    if isinstance(value, str):
        put_text(ws, ref, value)
    else:
        put_number(ws, ref, value)


def put_formula(ws: Sheet, ref: str, formula: str, number_format: str | None = None) -> None:
    cell = ws.cell(ref)
    cell.value = formula[1:] if formula.startswith("=") else formula
    cell.kind = "f"
    if number_format:
        cell.number_format = number_format


def split_number(name: str) -> tuple[str, str]:
    """("1.", "MANAJEMEN PERUBAHAN") from "1. MANAJEMEN PERUBAHAN"; ("", name) without a number."""
    head, _, rest = name.strip().partition(" ")
    if rest and len(head) <= 5 and head.rstrip(".").replace("-", "").isalnum() and head.endswith("."):
        return head, rest.strip()
    return "", name.strip()


# -- the layout ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """Columns of the Jawaban sheet: answer columns from the catalog, then value and percent."""

    answer: str
    note: str
    evidence: str
    tpi_answer: str
    tpi_note: str
    value: str
    percent: str

    @classmethod
    def of(cls, catalog: Catalog) -> Layout:
        cols = catalog.excel_columns
        used = set(cols.values())
        free = [c for c in ("O", "P", "R", "S", "T", "U", "V") if c not in used]
        return cls(
            answer=cols.get("jawaban_unit", "K"),
            note=cols.get("catatan_unit", "L"),
            evidence=cols.get("bukti_dukung_unit", "M"),
            tpi_answer=cols.get("jawaban_tpi", "N"),
            tpi_note=cols.get("catatan_tpi", "Q"),
            value=free[0],
            percent=free[1],
        )

    def headers(self) -> dict[str, str]:
        return {
            "A": "ID",
            "B": "Penilaian",
            "H": "Bobot",
            "I": "Kriteria Nilai",
            "J": "Pilihan Jawaban",
            self.answer: "Jawaban Unit",
            self.note: "Catatan/Keterangan/Penjelasan (Unit)",
            self.evidence: "Daftar Bukti Dukung (Unit)",
            self.tpi_answer: "Jawaban TPI",
            self.tpi_note: "Catatan/Keterangan/Penjelasan (TPI)",
            self.value: "Nilai",
            self.percent: "%",
        }


def _choice_formula(soal: Soal, ref: str) -> str:
    """Nested IF mapping the option key (any case, spaces trimmed) to its multiplier; "" otherwise."""
    key = f"UPPER(TRIM({ref}))"
    expr = '""'
    for o in reversed(soal.options):
        expr = f'IF({key}="{o.key.upper()}",{o.multiplier!r},{expr})'
    return expr


def _refs(col: str, rows: list[int]) -> str:
    return ",".join(f"{col}{r}" for r in rows)


class _Writer:
    def __init__(self, data: WorkbookData, result: ScoreResult | None = None) -> None:
        self.data = data
        self.cat = data.catalog
        self.lay = Layout.of(self.cat)
        self.result: ScoreResult = score(self.cat, data.answers()) if result is None else result
        self.ws = Sheet(self.cat.excel_sheet or "Jawaban")
        self.sheets = [self.ws]
        self.soal_row = {s.soal_id: s.excel_row for s in self.cat.soal.values()}

    def V(self, row: int) -> str:
        return f"{self.lay.value}{row}"

    def K(self, sid: int) -> str:
        return f"{self.lay.answer}{self.soal_row[sid]}"

    def build(self) -> list[Sheet]:
        ws, lay = self.ws, self.lay
        hr = self.cat.excel_header_row
        for col, title in lay.headers().items():
            put_text(ws, f"{col}{hr}", title)
            ws.cell(f"{col}{hr}").font = BOLD
        ws.freeze = f"A{hr + 1}"
        for col, width in {"A": 5, "B": 4, "C": 4, "D": 4, "E": 5, "F": 6, "G": 60, "H": 7, "I": 50, "J": 12}.items():
            ws.widths[col] = width
        for col in (lay.answer, lay.tpi_answer, lay.value, lay.percent):
            ws.widths[col] = 11
        for col in (lay.note, lay.evidence, lay.tpi_note):
            ws.widths[col] = 40

        for n in self.cat.walk():
            self.node_row(n)
        for c in self.cat.computed:
            self.computed_row(c)
        for s in self.cat.soal.values():
            self.soal_row_cells(s)
        self.totals()
        self.validations()
        self.summary()
        return self.sheets

    # rows ---------------------------------------------------------------------------------
    def node_row(self, n: Node) -> None:
        ws, r = self.ws, n.excel_row
        if r <= 0:
            return
        cols = {"komponen": ("B", "C"), "sub_komponen": ("C", "D"), "area": ("D", "E")}.get(n.level, ("E", "F"))
        num, name = split_number(n.name)
        put_number(ws, f"A{r}", r)
        put_text(ws, f"{cols[0]}{r}", num)
        put_text(ws, f"{cols[1]}{r}", name)
        put_number(ws, f"H{r}", n.weight)
        if n.children:
            formula = f"SUM({_refs(self.lay.value, [self.cat.nodes[c].excel_row for c in n.children])})"
        elif n.part is None:  # hasil: weighted item values add up
            formula = f"SUM({_refs(self.lay.value, [self.soal_row[s] for s in n.soal])})"
        else:
            items = [self.soal_row[s] for s in n.soal if self.cat.soal[s].kind == CHOICE]
            items += [c.excel_row for c in self.cat.computed_of(n.node_id)]
            formula = f"IFERROR(AVERAGE({_refs(self.lay.value, items)}),0)*H{r}"
        put_formula(ws, self.V(r), formula, "0.00")
        put_formula(ws, f"{self.lay.percent}{r}", f'IF(H{r}=0,"",{self.V(r)}/H{r})', "0.00%")
        for col in "ABCDEFGHIJ":
            cell = ws.cell(f"{col}{r}")
            cell.fill = NODE_FILL
            cell.font = BOLD
        ws.cell(self.V(r)).font = BOLD

    def computed_row(self, c: Computed) -> None:
        ws, r = self.ws, c.excel_row
        if r <= 0:
            return
        put_number(ws, f"A{r}", r)
        put_text(ws, f"F{r}", c.nomor)
        put_text(ws, f"G{r}", c.text)
        put_text(ws, f"I{r}", c.kriteria)
        put_text(ws, f"J{r}", "%")
        req = [self.soal_row[s] for s in (*c.requires, *c.recorded)]  # a blank recorded count: unfilled
        K = self.lay.answer
        guard = f"COUNT({_refs(K, req)})<{len(req)}"
        if c.kind == "decrease":
            assert c.base is not None and c.now is not None
            b, n = self.K(c.base), self.K(c.now)
            formula = f'IF({guard},"",IF({b}=0,IF({n}=0,1,0),MAX(0,MIN(1,({b}-{n})/{b}))))'
        else:
            num = f"SUM({_refs(K, [self.soal_row[s] for s in c.num])})"
            den = f"SUM({_refs(K, [self.soal_row[s] for s in c.den])})"
            # as the sheet: above 1 is 1; 0 of 0 is 1; above a denominator of 0 is an input error
            formula = f'IF({guard},"",IF({den}=0,IF({num}=0,1,""),MIN(1,{num}/{den})))'
        put_formula(ws, self.V(r), formula, "0.00%")
        if c.sum_row:
            s = c.sum_row
            parts = [self.soal_row[x] for x in c.den]
            put_number(ws, f"A{s}", s)
            put_text(ws, f"F{s}", "-")
            put_text(ws, f"G{s}", SUM_ROW_TEXT)
            put_text(ws, f"J{s}", "Jumlah")
            put_formula(ws, f"{K}{s}", f'IF(COUNT({_refs(K, parts)})<{len(parts)},"",SUM({_refs(K, parts)}))')

    def soal_row_cells(self, s: Soal) -> None:
        ws, lay, r = self.ws, self.lay, s.excel_row
        if r <= 0:
            return
        hasil = self.cat.is_hasil_soal(s.soal_id)
        put_number(ws, f"A{r}", r)
        num_col, text_col = ("D", "E") if hasil else ("F", "G")
        put_text(ws, f"{num_col}{r}", s.nomor)
        put_text(ws, f"{text_col}{r}", ("- " + s.text) if s.kind == COUNT else s.text)
        ws.cell(f"{text_col}{r}").wrap = True
        if s.weight:
            put_number(ws, f"H{r}", s.weight)
        put_text(ws, f"I{r}", s.kriteria)
        ws.cell(f"I{r}").wrap = True
        put_text(ws, f"J{r}", self.cat.answer_type_labels.get(s.type, s.type))
        rec = self.data.records.get(s.soal_id)
        if rec is not None:
            put_value(ws, f"{lay.answer}{r}", rec.jawaban_unit)
            put_text(ws, f"{lay.note}{r}", rec.catatan_unit)
            put_text(ws, f"{lay.evidence}{r}", rec.bukti_dukung_unit)
            put_value(ws, f"{lay.tpi_answer}{r}", rec.jawaban_tpi)
            put_text(ws, f"{lay.tpi_note}{r}", rec.catatan_tpi)
        for col in (lay.note, lay.evidence, lay.tpi_note):
            ws.cell(f"{col}{r}").wrap = True
        K = f"{lay.answer}{r}"
        if s.kind == CHOICE:
            expr = _choice_formula(s, K)
            if hasil:
                put_formula(ws, self.V(r), f'IF(TRIM({K})="","",IFERROR({expr}*H{r},""))', "0.00")
            else:
                put_formula(ws, self.V(r), f'IF(TRIM({K})="","",{expr})', "0.00")
        elif s.kind == SURVEY:
            put_formula(ws, self.V(r), f'IF(ISNUMBER({K}),MAX(0,MIN(4,{K}))/4*H{r},"")', "0.00")

    def totals(self) -> None:
        ws, rows = self.ws, self.cat.excel_rows
        pengungkit = self.cat.nodes[self.cat.roles["pengungkit"]].excel_row
        hasil = self.cat.nodes[self.cat.roles["hasil"]].excel_row
        formulas = {
            "total_pengungkit": f"{self.V(pengungkit)}",
            "total_hasil": f"{self.V(hasil)}",
        }
        if "total_pengungkit" in rows and "total_hasil" in rows:
            formulas["total"] = f"MIN(100,{self.V(rows['total_pengungkit'])}+{self.V(rows['total_hasil'])})"
        else:
            formulas["total"] = f"MIN(100,{self.V(pengungkit)}+{self.V(hasil)})"
        for key, formula in formulas.items():
            r = rows.get(key)
            if not r:
                continue
            put_number(ws, f"A{r}", r)
            put_text(ws, f"B{r}", TOTAL_LABELS[key])
            put_formula(ws, self.V(r), formula, "0.00")
            for col in ("B", "C", "D", "E", "F", "G", "H", self.lay.value):
                cell = ws.cell(f"{col}{r}")
                cell.fill = TOTAL_FILL
                cell.font = BOLD

    def validations(self) -> None:
        """Drop-down lists on the choice answer cells (Excel and LibreOffice both show them)."""
        groups: dict[str, list[str]] = {}
        for s in self.cat.soal.values():
            if s.kind == CHOICE and s.excel_row > 0:
                keys = ",".join(o.key for o in s.options)
                for col in (self.lay.answer, self.lay.tpi_answer):
                    groups.setdefault(keys, []).append(f"{col}{s.excel_row}")
        for keys, cells in groups.items():
            self.ws.validations.append((f'"{keys}"', cells))

    # summary ------------------------------------------------------------------------------
    def summary(self) -> None:
        cat, res, V = self.cat, self.result, self.V
        sh = Sheet(SUMMARY_SHEET)
        self.sheets.append(sh)
        sheet = f"'{self.ws.title}'!"
        sh.widths["A"] = 52
        for col in "BCDEFG":
            sh.widths[col] = 16
        put_text(sh, "A1", f"Ringkasan nilai LKE Zona Integritas {self.data.year}")
        sh.cell("A1").font = TITLE
        put_text(sh, "A2", "Unit kerja")
        put_text(sh, "B2", self.data.unit_name)
        put_text(sh, "A3", "Katalog")
        put_text(sh, "B3", f"{cat.catalog_id} ({cat.checksum[:12]})")
        put_text(sh, "A4", "Dibuat")
        put_text(sh, "B4", self.data.created_at or datetime.now().astimezone().isoformat(timespec="seconds"))
        put_text(sh, "A5", "Aplikasi")
        put_text(sh, "B5", f"ZI Desktop {__version__}")
        head = [
            "Kondisi",
            "Nilai (rumus)",
            "Nilai saat ekspor",
            "Syarat WBK",
            "Status WBK",
            "Syarat WBBM",
            "Status WBBM",
        ]
        for i, h in enumerate(head):
            ref = f"{column_letter(i + 1)}7"
            put_text(sh, ref, h)
            sh.cell(ref).font = BOLD
        node_row = {nid: n.excel_row for nid, n in cat.nodes.items()}
        areas = {p.area_no: (p, r) for p, r in zip(cat.areas("pemenuhan"), cat.areas("reform"), strict=True)}

        def figure_formula(key: str) -> str:
            """The cell formula of a condition's figure, in the condition's own unit."""
            if key == "total":
                return f"{sheet}{V(cat.excel_rows['total'])}"
            if key.startswith("area_"):
                p_node, r_node = areas[int(key.removeprefix("area_"))]
                weight = res.areas[int(key.removeprefix("area_"))].weight
                return f"({sheet}{V(p_node.excel_row)}+{sheet}{V(r_node.excel_row)})/{weight!r}*100"
            if key in ("ipak", "capaian_kinerja", "ipkp"):
                return f"{sheet}{V(self.soal_row[cat.roles[key]])}"
            return f"{sheet}{V(node_row[cat.roles[key]])}"

        lines: list[tuple[str, str, float, float, float]] = [
            (c.label, figure_formula(c.key), c.nilai, c.wbk.syarat, c.wbbm.syarat) for c in condition_lines(cat, res)
        ]
        lines.append(("Total hasil", figure_formula("hasil"), res.hasil, 0.0, 0.0))
        for i, (label, formula, app_value, need_wbk, need_wbbm) in enumerate(lines):
            r = 8 + i
            put_text(sh, f"A{r}", label)
            put_formula(sh, f"B{r}", formula, "0.00")
            put_number(sh, f"C{r}", round(app_value, 6), "0.00")
            if label == "Total hasil":
                continue
            put_number(sh, f"D{r}", need_wbk)
            put_number(sh, f"F{r}", need_wbbm)
            put_formula(sh, f"E{r}", f'IF(B{r}+0.000001>=D{r},"Memenuhi","Belum")')
            put_formula(sh, f"G{r}", f'IF(B{r}+0.000001>=F{r},"Memenuhi","Belum")')
        last = 8 + len(lines)
        put_text(sh, f"A{last + 1}", "Predikat (rumus)")
        put_formula(
            sh,
            f"B{last + 1}",
            f'IF(COUNTIF(G8:G{last - 1},"Belum")=0,"Menuju WBBM",IF(COUNTIF(E8:E{last - 1},"Belum")=0,"Menuju WBK","Belum"))',
        )
        put_text(sh, f"A{last + 2}", "Predikat saat ekspor")
        put_text(sh, f"B{last + 2}", f"Menuju {res.predicate}" if res.predicate else "Belum")
        put_text(
            sh,
            f"A{last + 4}",
            "Kolom 'Nilai (rumus)' dihitung ulang dari jawaban di sheet Jawaban; kolom 'Nilai saat ekspor' "
            "adalah nilai yang dihitung aplikasi ketika berkas ini dibuat.",
        )


# -- SpreadsheetML ------------------------------------------------------------------------------

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def escape(text: str) -> str:
    """Text as XML character data (xml.sax.saxutils would import urllib, http and email: 30 ms)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    """Text as a double-quoted XML attribute value."""
    return (
        '"'
        + escape(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
        + '"'
    )


def _text_xml(text: str) -> str:
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f"<t{space}>{escape(text)}</t>"


def _number_xml(value: int | float) -> str:
    if isinstance(value, bool):  # not a Value; written as the number Excel would show
        value = int(value)
    return str(value) if isinstance(value, int) else repr(float(value))


class _Styles:
    """The cellXfs of the workbook: one per distinct (font, fill, number format, wrap), in order of use."""

    def __init__(self) -> None:
        self.index: dict[tuple[int, int, int, bool], int] = {(0, 0, 0, False): 0}

    def of(self, cell: _Cell) -> int:
        key = cell.style()
        found = self.index.get(key)
        if found is None:
            found = self.index[key] = len(self.index)
        return found

    def xml(self) -> str:
        xfs = []
        for font, fill, fmt, wrap in self.index:
            applied = "".join(
                [
                    ' applyNumberFormat="1"' if fmt else "",
                    ' applyFont="1"' if font else "",
                    ' applyFill="1"' if fill else "",
                    ' applyAlignment="1"' if wrap else "",
                ]
            )
            head = f'<xf numFmtId="{fmt}" fontId="{font}" fillId="{fill}" borderId="0" xfId="0"{applied}'
            xfs.append(head + ('><alignment vertical="top" wrapText="1"/></xf>' if wrap else "/>"))
        return (
            f'{_XML_HEAD}<styleSheet xmlns="{_MAIN_NS}">'
            f'<fonts count="{len(_FONTS)}">{"".join(_FONTS)}</fonts>'
            f'<fills count="{len(_FILLS)}">{"".join(_FILLS)}</fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium9" '
            'defaultPivotStyle="PivotStyleLight16"/></styleSheet>'
        )


def _sheet_xml(sh: Sheet, styles: _Styles) -> str:
    out: list[str] = [f'{_XML_HEAD}<worksheet xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">']
    if sh.cells:
        rows = [r for r, _ in sh.cells]
        cols = [c for _, c in sh.cells]
        out.append(f'<dimension ref="A1:{column_letter(max(cols))}{max(rows)}"/>')
    if sh.freeze:
        m = _COL_RE.fullmatch(sh.freeze)
        assert m is not None and m.group(1) == "A"  # only rows are frozen here
        top = int(m.group(2))
        out.append(
            '<sheetViews><sheetView workbookViewId="0">'
            f'<pane ySplit="{top - 1}" topLeftCell="{sh.freeze}" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A1" sqref="A1"/></sheetView></sheetViews>'
        )
    else:
        out.append(
            '<sheetViews><sheetView workbookViewId="0"><selection activeCell="A1" sqref="A1"/></sheetView></sheetViews>'
        )
    out.append('<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>')
    if sh.widths:
        out.append("<cols>")
        for idx, width in sorted((column_index(c), w) for c, w in sh.widths.items()):
            out.append(f'<col min="{idx}" max="{idx}" width="{width:g}" customWidth="1"/>')
        out.append("</cols>")
    out.append("<sheetData>")
    row = 0
    for (r, c), cell in sorted(sh.cells.items()):
        if r != row:
            if row:
                out.append("</row>")
            out.append(f'<row r="{r}">')
            row = r
        s = styles.of(cell)
        attrs = f'r="{column_letter(c)}{r}"' + (f' s="{s}"' if s else "")
        if cell.kind == "s":
            out.append(f'<c {attrs} t="inlineStr"><is>{_text_xml(str(cell.value))}</is></c>')
        elif cell.kind == "n":
            assert isinstance(cell.value, (int, float))
            out.append(f"<c {attrs}><v>{_number_xml(cell.value)}</v></c>")
        elif cell.kind == "f":
            out.append(f"<c {attrs}><f>{escape(str(cell.value))}</f><v></v></c>")
        else:
            out.append(f"<c {attrs}/>")
    if row:
        out.append("</row>")
    out.append("</sheetData>")
    if sh.validations:
        out.append(f'<dataValidations count="{len(sh.validations)}">')
        for formula, refs in sh.validations:
            out.append(
                f'<dataValidation type="list" allowBlank="1" showDropDown="0" showInputMessage="0" '
                f'showErrorMessage="0" sqref="{" ".join(refs)}"><formula1>{escape(formula)}</formula1></dataValidation>'
            )
        out.append("</dataValidations>")
    out.append('<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/></worksheet>')
    return "".join(out)


def _package(sheets: list[Sheet], when: datetime) -> dict[str, str]:
    """The parts of the .xlsx, by name, in the order they are zipped."""
    styles = _Styles()
    sheet_parts = {f"xl/worksheets/sheet{i}.xml": _sheet_xml(sh, styles) for i, sh in enumerate(sheets, start=1)}
    ct = "application/vnd.openxmlformats-officedocument"
    overrides = "".join(
        f'<Override PartName="/{name}" ContentType="{ct}.spreadsheetml.worksheet+xml"/>' for name in sheet_parts
    )
    stamp = when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    sheet_list = "".join(
        f'<sheet name={quoteattr(sh.title)} sheetId="{i}" r:id="rId{i}"/>' for i, sh in enumerate(sheets, start=1)
    )
    sheet_rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_REL_NS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    return {
        "[Content_Types].xml": (
            f'{_XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.spreadsheetml.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{ct}.spreadsheetml.styles+xml"/>'
            f"{overrides}"
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            f'<Override PartName="/docProps/app.xml" ContentType="{ct}.extended-properties+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'{_XML_HEAD}<Relationships xmlns="{_PKG_REL_NS}">'
            f'<Relationship Id="rId1" Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
            f'<Relationship Id="rId2" Type="{_PKG_REL_NS}/metadata/core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{_REL_NS}/extended-properties" Target="docProps/app.xml"/>'
            "</Relationships>"
        ),
        "docProps/app.xml": (
            f'{_XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            f"<Application>ZI Desktop</Application><AppVersion>{escape(__version__)}</AppVersion></Properties>"
        ),
        "docProps/core.xml": (
            f'{_XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>ZI Desktop</dc:creator>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>'
        ),
        "xl/workbook.xml": (
            f'{_XML_HEAD}<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}"><workbookPr/>'
            '<bookViews><workbookView activeTab="0"/></bookViews>'
            f'<sheets>{sheet_list}</sheets><calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'{_XML_HEAD}<Relationships xmlns="{_PKG_REL_NS}">{sheet_rels}'
            f'<Relationship Id="rId{len(sheets) + 1}" Type="{_REL_NS}/styles" Target="styles.xml"/>'
            "</Relationships>"
        ),
        **sheet_parts,
        "xl/styles.xml": styles.xml(),  # after the sheets: their cells register the styles they use
    }


def build_sheets(source: WorkbookData | _WorkspaceLike, result: ScoreResult | None = None) -> list[Sheet]:
    """The workbook's sheets as cells (what `workbook_bytes` writes). `result`: the score of the
    data's unit answers when the caller has it already (the bundle does)."""
    return _Writer(workbook_data(source), result).build()


def workbook_bytes(source: WorkbookData | _WorkspaceLike, result: ScoreResult | None = None) -> bytes:
    """The .xlsx file of a workspace (or a `WorkbookData`), in memory (about 60 KB)."""
    when = datetime.now().astimezone()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in _package(build_sheets(source, result), when).items():
            info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, text.encode("utf-8"))
    return buf.getvalue()


def build_workbook(source: WorkbookData | _WorkspaceLike) -> Workbook:
    """The workbook as openpyxl reads it back (for code that inspects cells; it imports openpyxl)."""
    # isort: off
    import zi_desktop.exchange.openpyxl_loader  # noqa: F401  (first: openpyxl without numpy)

    # isort: on
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(workbook_bytes(source)))


def write_workbook(source: WorkbookData | _WorkspaceLike, path: Path | str | IO[bytes]) -> None:
    """Write the LKE workbook of a workspace (or a `WorkbookData`) to a path or binary stream."""
    payload = workbook_bytes(source)
    if isinstance(path, (str, Path)):
        target = Path(path)
        tmp = target.with_name(target.name + ".tmp")
        try:
            with tmp.open("wb") as fh:
                fh.write(payload)
                fsync_file(fh)  # on disk before the rename: a power cut never leaves a short workbook
            replace_durably(tmp, target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise UserError(f"buku kerja {target} tidak dapat ditulis ({exc.strerror})") from None
    else:
        path.write(payload)
