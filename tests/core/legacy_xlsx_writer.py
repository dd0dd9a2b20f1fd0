"""The previous workbook writer (openpyxl, normal mode), kept for the tests only: the direct writer in
`zi_desktop.exchange.xlsx_export` must produce the same workbook (sheets, cells, styles, validations)."""

from __future__ import annotations

from datetime import datetime

# isort: off
import zi_desktop.exchange.openpyxl_loader  # noqa: F401  (first: openpyxl without numpy)

# isort: on
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from zi_desktop import __version__
from zi_desktop.exchange.xlsx_export import (
    MAX_CELL_TEXT,
    SUM_ROW_TEXT,
    SUMMARY_SHEET,
    TOTAL_LABELS,
    Layout,
    WorkbookData,
    _choice_formula,
    _refs,
    split_number,
    workbook_data,
)
from zi_desktop.lke.answers import Value
from zi_desktop.lke.catalog import CHOICE, COUNT, SURVEY, Computed, Node, Soal
from zi_desktop.lke.scoring import ScoreResult, score
from zi_desktop.reports.conditions import condition_lines

_BOLD = Font(bold=True)
_NODE_FILL = PatternFill("solid", fgColor="DDEBF7")
_TOTAL_FILL = PatternFill("solid", fgColor="FCE4D6")
_WRAP = Alignment(wrap_text=True, vertical="top")


# -- cell helpers -------------------------------------------------------------------------------


def clean_text(text: str) -> str:
    """Text as a cell can hold it: no XML-illegal control characters, at most Excel's limit."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return text[:MAX_CELL_TEXT]


def put_text(ws: Worksheet, ref: str, text: str | None) -> None:
    """Write text as text, even when it begins with =, +, - or @ (never a formula)."""
    if text is None or text == "":
        return
    cell = ws[ref]
    assert isinstance(cell, Cell)
    cell.value = clean_text(text)
    cell.data_type = "s"


def put_value(ws: Worksheet, ref: str, value: Value | None) -> None:
    if value is None:
        return
    if isinstance(value, str):
        put_text(ws, ref, value)
    else:
        ws[ref] = value


def put_formula(ws: Worksheet, ref: str, formula: str, number_format: str | None = None) -> None:
    cell = ws[ref]
    assert isinstance(cell, Cell)
    cell.value = formula if formula.startswith("=") else "=" + formula
    if number_format:
        cell.number_format = number_format


class _Writer:
    def __init__(self, data: WorkbookData) -> None:
        self.data = data
        self.cat = data.catalog
        self.lay = Layout.of(self.cat)
        self.result: ScoreResult = score(self.cat, data.answers())
        self.wb = Workbook()
        ws = self.wb.active
        assert ws is not None
        ws.title = self.cat.excel_sheet or "Jawaban"
        self.ws: Worksheet = ws
        self.soal_row = {s.soal_id: s.excel_row for s in self.cat.soal.values()}

    def V(self, row: int) -> str:
        return f"{self.lay.value}{row}"

    def K(self, sid: int) -> str:
        return f"{self.lay.answer}{self.soal_row[sid]}"

    def build(self) -> Workbook:
        ws, lay = self.ws, self.lay
        hr = self.cat.excel_header_row
        for col, title in lay.headers().items():
            put_text(ws, f"{col}{hr}", title)
            ws[f"{col}{hr}"].font = _BOLD
        ws.freeze_panes = f"A{hr + 1}"
        for col, width in {"A": 5, "B": 4, "C": 4, "D": 4, "E": 5, "F": 6, "G": 60, "H": 7, "I": 50, "J": 12}.items():
            ws.column_dimensions[col].width = width
        for col in (lay.answer, lay.tpi_answer, lay.value, lay.percent):
            ws.column_dimensions[col].width = 11
        for col in (lay.note, lay.evidence, lay.tpi_note):
            ws.column_dimensions[col].width = 40

        for n in self.cat.walk():
            self.node_row(n)
        for c in self.cat.computed:
            self.computed_row(c)
        for s in self.cat.soal.values():
            self.soal_row_cells(s)
        self.totals()
        self.validations()
        self.summary()
        self.wb.calculation.fullCalcOnLoad = True
        return self.wb

    # rows ---------------------------------------------------------------------------------
    def node_row(self, n: Node) -> None:
        ws, r = self.ws, n.excel_row
        if r <= 0:
            return
        cols = {"komponen": ("B", "C"), "sub_komponen": ("C", "D"), "area": ("D", "E")}.get(n.level, ("E", "F"))
        num, name = split_number(n.name)
        ws[f"A{r}"] = r
        put_text(ws, f"{cols[0]}{r}", num)
        put_text(ws, f"{cols[1]}{r}", name)
        ws[f"H{r}"] = n.weight
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
            ws[f"{col}{r}"].fill = _NODE_FILL
            ws[f"{col}{r}"].font = _BOLD
        ws[self.V(r)].font = _BOLD

    def computed_row(self, c: Computed) -> None:
        ws, r = self.ws, c.excel_row
        if r <= 0:
            return
        ws[f"A{r}"] = r
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
            ws[f"A{s}"] = s
            put_text(ws, f"F{s}", "-")
            put_text(ws, f"G{s}", SUM_ROW_TEXT)
            put_text(ws, f"J{s}", "Jumlah")
            put_formula(ws, f"{K}{s}", f'IF(COUNT({_refs(K, parts)})<{len(parts)},"",SUM({_refs(K, parts)}))')

    def soal_row_cells(self, s: Soal) -> None:
        ws, lay, r = self.ws, self.lay, s.excel_row
        if r <= 0:
            return
        hasil = self.cat.is_hasil_soal(s.soal_id)
        ws[f"A{r}"] = r
        num_col, text_col = ("D", "E") if hasil else ("F", "G")
        put_text(ws, f"{num_col}{r}", s.nomor)
        put_text(ws, f"{text_col}{r}", ("- " + s.text) if s.kind == COUNT else s.text)
        ws[f"{text_col}{r}"].alignment = _WRAP
        if s.weight:
            ws[f"H{r}"] = s.weight
        put_text(ws, f"I{r}", s.kriteria)
        ws[f"I{r}"].alignment = _WRAP
        put_text(ws, f"J{r}", self.cat.answer_type_labels.get(s.type, s.type))
        rec = self.data.records.get(s.soal_id)
        if rec is not None:
            put_value(ws, f"{lay.answer}{r}", rec.jawaban_unit)
            put_text(ws, f"{lay.note}{r}", rec.catatan_unit)
            put_text(ws, f"{lay.evidence}{r}", rec.bukti_dukung_unit)
            put_value(ws, f"{lay.tpi_answer}{r}", rec.jawaban_tpi)
            put_text(ws, f"{lay.tpi_note}{r}", rec.catatan_tpi)
        for col in (lay.note, lay.evidence, lay.tpi_note):
            ws[f"{col}{r}"].alignment = _WRAP
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
            ws[f"A{r}"] = r
            put_text(ws, f"B{r}", TOTAL_LABELS[key])
            put_formula(ws, self.V(r), formula, "0.00")
            for col in ("B", "C", "D", "E", "F", "G", "H", self.lay.value):
                ws[f"{col}{r}"].fill = _TOTAL_FILL
                ws[f"{col}{r}"].font = _BOLD

    def validations(self) -> None:
        """Drop-down lists on the choice answer cells (Excel and LibreOffice both show them)."""
        groups: dict[str, list[str]] = {}
        for s in self.cat.soal.values():
            if s.kind == CHOICE and s.excel_row > 0:
                keys = ",".join(o.key for o in s.options)
                for col in (self.lay.answer, self.lay.tpi_answer):
                    groups.setdefault(keys, []).append(f"{col}{s.excel_row}")
        for keys, cells in groups.items():
            dv = DataValidation(type="list", formula1=f'"{keys}"', allow_blank=True, showErrorMessage=False)
            for ref in cells:
                dv.add(ref)
            self.ws.add_data_validation(dv)

    # summary ------------------------------------------------------------------------------
    def summary(self) -> None:
        cat, res, V = self.cat, self.result, self.V
        sh = self.wb.create_sheet(SUMMARY_SHEET)
        sheet = f"'{self.ws.title}'!"
        sh.column_dimensions["A"].width = 52
        for col in "BCDEFG":
            sh.column_dimensions[col].width = 16
        put_text(sh, "A1", f"Ringkasan nilai LKE Zona Integritas {self.data.year}")
        sh["A1"].font = Font(bold=True, size=13)
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
            ref = f"{get_column_letter(i + 1)}7"
            put_text(sh, ref, h)
            sh[ref].font = _BOLD
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
            sh[f"C{r}"] = round(app_value, 6)
            sh[f"C{r}"].number_format = "0.00"
            if label == "Total hasil":
                continue
            sh[f"D{r}"] = need_wbk
            sh[f"F{r}"] = need_wbbm
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


def legacy_workbook(source: object) -> Workbook:
    """The workbook as the previous writer built it."""
    return _Writer(workbook_data(source)).build()  # type: ignore[arg-type]
