"""When a workbook disagrees with itself: the figures it states beside the figures ZI Desktop computes
from its answers, and for each difference the cells that cause it, in words.

Excel and LibreOffice save the last computed value of every formula cell with the formula. A filled
Lampiran III workbook thus carries its own total and areas, and a coordinator who sees 95,576 in
`LKE ZI!L208` and 95,63 in ZI Desktop needs to know why. The reader (`xlsx_import`) tells this module
which sheet row is which catalog node, percentage, sum row, question or total; this module reads the
saved values of the value column ("Nilai") and the answer column, compares them with the engine's
score of the same answers, and walks down from each area that differs by more than `TOLERANCE` to
the cells where the two part ways: a typed sum that is not the sum of its parts ("K185 tertulis 12,
jumlah K186:K188 = 13"), a formula that leaves out or takes in a row, an answer the sheet does not
count because its answer-type cell is mistyped, a part not multiplied by its weight.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# isort: off
import zi_desktop.exchange.openpyxl_loader  # noqa: F401  (first: openpyxl without numpy)

# isort: on
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from zi_desktop.lke.answers import Value, format_decimal
from zi_desktop.lke.catalog import CHOICE, SURVEY, Catalog
from zi_desktop.lke.scoring import ScoreResult, score

TOLERANCE = 0.005
_REF = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?")

What = tuple[str, Any]  # ("node", node_id) | ("computed", id) | ("sum", id) | ("soal", id) | ("total", key)


@dataclass(frozen=True)
class SheetMap:
    """What the reader found: which row of which sheet is what, and the columns that matter."""

    sheet: str
    rows: Mapping[int, What]
    answer_col: int
    value_col: int | None
    type_col: int | None = None
    formulas: Mapping[tuple[int, int], str] = field(default_factory=dict)  # (row, col) -> "=..."


@dataclass(frozen=True)
class Figure:
    key: str  # "total", "pengungkit", "hasil", "area_1".."area_6"
    label: str
    cell: str  # where the workbook states it, e.g. "LKE ZI!L208" or "L6 + L126"
    workbook: float
    app: float
    causes: tuple[str, ...] = ()

    @property
    def differs(self) -> bool:
        return abs(self.workbook - self.app) > TOLERANCE


@dataclass(frozen=True)
class SelfCheck:
    sheet: str
    figures: tuple[Figure, ...]

    @property
    def differences(self) -> list[Figure]:
        return [f for f in self.figures if f.differs]

    def lines(self) -> list[str]:
        """The report in Indonesian, as the command line and the app's preview show it."""
        n = format_decimal
        out = [f"Nilai yang tersimpan di buku kerja (sheet {self.sheet}) dan nilai ZI Desktop dari jawaban yang sama:"]
        for f in self.figures:
            mark = f"  selisih {n(f.app - f.workbook, 3)}" if f.differs else ""
            out.append(f"  {f.label} ({f.cell}): buku kerja {n(f.workbook, 3)}, ZI Desktop {n(f.app, 3)}{mark}")
        diffs = self.differences
        if not diffs:
            out.append("  Sama (selisih tidak lebih dari 0,005).")
            return out
        out.append("Penyebab selisih:")
        for f in diffs:
            if f.key in ("total", "pengungkit") and not f.causes:
                parts = [g.label for g in diffs if g.key.startswith("area_") or g.key == "hasil"]
                out.append(f"  {f.label}: dari {', '.join(parts) if parts else 'penjumlahan di buku kerja'}")
                continue
            out.append(f"  {f.label}:")
            out += [f"   - {c}" for c in f.causes] or ["   - (sel penyebab tidak ditemukan)"]
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "figures": [
                {
                    "key": f.key,
                    "label": f.label,
                    "sel": f.cell,
                    "buku_kerja": f.workbook,
                    "zi_desktop": f.app,
                    "berbeda": f.differs,
                    "penyebab": list(f.causes),
                }
                for f in self.figures
            ],
        }


def _number(v: Any) -> float | None:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    return float(v)


def _show(v: Any) -> str:
    if v is None or (isinstance(v, str) and not v.strip()):
        return "kosong"
    if isinstance(v, float):
        return format_decimal(v, 3).rstrip("0").rstrip(",") if not v.is_integer() else str(int(v))
    return f"'{v}'" if isinstance(v, str) else str(v)


def _span(col: str, rows: list[int]) -> str:
    rows = sorted(rows)
    if rows and rows == list(range(rows[0], rows[-1] + 1)) and len(rows) > 1:
        return f"{col}{rows[0]}:{col}{rows[-1]}"
    return ", ".join(f"{col}{r}" for r in rows)


def _referenced_rows(formula: str, col: str) -> set[int]:
    out: set[int] = set()
    for m in _REF.finditer(formula.upper()):
        c1, r1, c2, r2 = m.group(1), int(m.group(2)), m.group(3), m.group(4)
        if c2 is None:
            if c1 == col:
                out.add(r1)
        elif c1 == col and c2 == col:
            out.update(range(min(r1, int(r2)), max(r1, int(r2)) + 1))
    return out


class _Checker:
    def __init__(self, cat: Catalog, m: SheetMap, cached: Mapping[tuple[int, int], Any], r: ScoreResult) -> None:
        self.cat, self.m, self.cached, self.r = cat, m, cached, r
        self.where: dict[What, int] = {w: row for row, w in m.rows.items()}
        assert m.value_col is not None
        self.V = get_column_letter(m.value_col)
        self.K = get_column_letter(m.answer_col)
        self.J = get_column_letter(m.type_col) if m.type_col else None

    def row(self, what: What) -> int | None:
        return self.where.get(what)

    def stated(self, what: What) -> float | None:
        row = self.row(what)
        return None if row is None else _number(self.cached.get((row, self.m.value_col or 0)))

    def value_formula(self, row: int) -> str | None:
        return self.m.formulas.get((row, self.m.value_col or 0))

    def label_of_row(self, row: int) -> str:
        what = self.m.rows.get(row)
        if what is None:
            return ""
        kind, key = what
        if kind == "node":
            return self.cat.nodes[key].name.strip()
        if kind == "computed":
            return self.cat.computed_by_id(key).text
        if kind == "soal":
            return f"soal {key}"
        if kind == "sum":
            return "jumlah yang harus melaporkan"
        return str(key)

    # -- walking down ---------------------------------------------------------------------------
    def explain(self, node_id: int) -> list[str]:
        n = self.cat.nodes[node_id]
        st = self.stated(("node", node_id))
        app = self.r.nodes[node_id].score
        if st is None or abs(st - app) <= TOLERANCE:
            return []
        out: list[str] = []
        if n.children:
            for c in n.children:
                out += self.explain(c)
            out += self.formula_problems(node_id, [self.row(("node", c)) for c in n.children], adds=True)
        elif n.part is None:
            out += self.hasil_items(node_id)
        else:
            out += self.leaf_items(node_id)
            items = [self.row(("soal", s)) for s in n.soal if self.cat.soal[s].kind == CHOICE]
            items += [self.row(("computed", c.id)) for c in self.cat.computed_of(node_id)]
            out += self.formula_problems(node_id, items, adds=False)
        if not out:
            row = self.row(("node", node_id))
            out.append(f"{self.V}{row} ({n.name.strip()}) tertulis {_show(st)}, ZI Desktop menghitung {_show(app)}")
        return out

    def formula_problems(self, node_id: int, parts: list[int | None], *, adds: bool) -> list[str]:
        row = self.row(("node", node_id))
        formula = self.value_formula(row) if row else None
        if not formula or not row:
            return []
        refs = _referenced_rows(formula, self.V)
        want = {p for p in parts if p is not None}
        said: list[str] = []
        missing = sorted(want - refs)
        if missing:
            said.append("tidak memuat " + ", ".join(f"{self.V}{x} ({self.label_of_row(x)})" for x in missing))
        scored_kinds = ("node", "computed") if adds else ("node",)
        extra = sorted(x for x in refs - want if x != row and self.m.rows.get(x, ("", None))[0] in scored_kinds)
        if extra:
            said.append(
                "ikut memuat "
                + ", ".join(f"{self.V}{x} ({self.label_of_row(x)})" for x in extra)
                + " yang bukan bagian langsungnya"
            )
        if adds and "AVERAGE(" in formula.upper() and len(want) > 1:
            said.append("merata-ratakan, padahal bagian-bagiannya dijumlahkan")
        if not said:
            return []
        return [f"{self.V}{row} berisi {formula}: " + "; ".join(said)]

    def leaf_items(self, node_id: int) -> list[str]:
        out: list[str] = []
        n = self.cat.nodes[node_id]
        for sid in n.soal:
            s = self.cat.soal[sid]
            row = self.row(("soal", sid))
            if s.kind != CHOICE or row is None:
                continue
            raw = self.cached.get((row, self.m.value_col or 0))
            st = _number(raw)
            app = self.r.values.get(sid)
            if app is not None and st is None:
                why = f"{self.V}{row} tidak bernilai angka (tertulis {_show(raw)}) padahal {self.K}{row} dijawab"
                why += f" {_show(self.cached.get((row, self.m.answer_col)))}"
                typed = self.cached.get((row, self.m.type_col)) if self.m.type_col else None
                label = self.cat.answer_type_labels.get(s.type, s.type)
                if self.J and isinstance(typed, str) and typed.strip() != label:
                    why += f"; jenis jawaban {self.J}{row} tertulis '{typed.strip()}', bukan '{label}'"
                out.append(why)
            elif app is None and st is not None:
                out.append(f"{self.V}{row} tertulis {_show(st)} padahal soal {sid} belum dijawab")
            elif app is not None and st is not None and abs(app - st) > TOLERANCE:
                out.append(f"{self.V}{row} tertulis {_show(st)}, nilai jawaban soal {sid} = {_show(app)}")
        for c in self.cat.computed_of(node_id):
            out += self.percentage(c.id)
        return out

    def percentage(self, cid: str) -> list[str]:
        c = self.cat.computed_by_id(cid)
        row = self.row(("computed", cid))
        cv = self.r.computed[cid]
        if row is None:
            return []
        raw = self.cached.get((row, self.m.answer_col))
        st = _number(raw)
        if st is not None and cv.value is not None and abs(st - cv.value) <= TOLERANCE / 10:
            return []
        if st is None and cv.value is None:
            return []
        out: list[str] = []
        srow = self.row(("sum", cid))
        if srow is not None:
            typed = _number(self.cached.get((srow, self.m.answer_col)))
            part_rows = [self.row(("soal", s)) for s in c.den]
            parts = [self.r_answer(s) for s in c.den]
            if typed is not None and all(p is not None for p in parts) and None not in part_rows:
                total = sum(int(p) for p in parts if p is not None)
                if abs(typed - total) > 1e-9:
                    rows = [p for p in part_rows if p is not None]
                    out.append(f"{self.K}{srow} tertulis {_show(typed)}, jumlah {_span(self.K, rows)} = {total}")
        if not out:
            app = "belum lengkap" if cv.value is None else _show(cv.value)
            out.append(f"{self.K}{row} ({c.text}) tertulis {_show(raw)}, ZI Desktop menghitung {app}")
        return out

    def hasil_items(self, node_id: int) -> list[str]:
        out: list[str] = []
        for sid in self.cat.nodes[node_id].soal:
            s = self.cat.soal[sid]
            row = self.row(("soal", sid))
            if row is None or s.kind not in (CHOICE, SURVEY):
                continue
            st = _number(self.cached.get((row, self.m.value_col or 0)))
            app = self.r.values.get(sid, 0.0) * s.weight
            if st is not None and abs(st - app) > TOLERANCE:
                v = self.r.values.get(sid, 0.0)
                out.append(
                    f"{self.V}{row} tertulis {_show(st)}, ZI Desktop menghitung {_show(app)} "
                    f"(nilai {_show(v)} x bobot {_show(float(s.weight))})"
                )
        return out

    def r_answer(self, sid: int) -> Value | None:
        return self.answers.get(sid)

    answers: Mapping[int, Value | None] = {}


def _cached_values(path: Path, m: SheetMap) -> dict[tuple[int, int], Any]:
    cols = [c for c in (m.answer_col, m.value_col, m.type_col) if c]
    wanted = set(m.rows)
    out: dict[tuple[int, int], Any] = {}
    wb = load_workbook(str(path), read_only=True, data_only=True, keep_links=False)
    try:
        ws = wb[m.sheet]
        last = max(wanted) if wanted else 0
        for rnum, row in enumerate(ws.iter_rows(min_row=1, max_row=last, max_col=max(cols)), start=1):
            if rnum not in wanted:
                continue
            for c in cols:
                if c - 1 < len(row):
                    out[(rnum, c)] = getattr(row[c - 1], "value", None)
    finally:
        wb.close()
    return out


def self_check(
    catalog: Catalog, path: Path | str, m: SheetMap, answers: Mapping[int, Value | None]
) -> SelfCheck | None:
    """The workbook's own figures beside ZI Desktop's score of `answers`, or None when the workbook
    carries no saved computed values (a file written by a program that does not calculate)."""
    if m.value_col is None or not m.formulas:
        return None
    try:
        cached = _cached_values(Path(path), m)
    except Exception:  # noqa: BLE001 - the first read accepted it; saved values that cannot be read mean none
        return None
    formula_cells = [k for k in m.formulas if k[1] == m.value_col]
    if not any(_number(cached.get(k)) is not None for k in formula_cells):
        return None
    result = score(catalog, answers)
    ch = _Checker(catalog, m, cached, result)
    ch.answers = answers
    sheet = m.sheet
    figures: list[Figure] = []

    def cell(row: int | None) -> str:
        return f"{sheet}!{ch.V}{row}"

    total_row = ch.row(("total", "total"))
    st_total = ch.stated(("total", "total"))
    areas: list[Figure] = []
    for p_node, r_node in zip(catalog.areas("pemenuhan"), catalog.areas("reform"), strict=True):
        no = p_node.area_no
        assert no is not None
        sp, sr = ch.stated(("node", p_node.node_id)), ch.stated(("node", r_node.node_id))
        if sp is None or sr is None:
            continue
        a = result.areas[no]
        causes = ch.explain(p_node.node_id) + ch.explain(r_node.node_id)
        where = f"{sheet}!{ch.V}{ch.row(('node', p_node.node_id))} + {ch.V}{ch.row(('node', r_node.node_id))}"
        areas.append(Figure(f"area_{no}", f"Area {no} {a.name}", where, sp + sr, a.score, tuple(causes)))
    roles = catalog.roles
    hasil_fig: Figure | None = None
    st_hasil = ch.stated(("node", roles["hasil"]))
    if st_hasil is not None:
        hasil_fig = Figure(
            "hasil",
            "Hasil",
            cell(ch.row(("node", roles["hasil"]))),
            st_hasil,
            result.hasil,
            tuple(ch.explain(roles["hasil"])),
        )
    st_peng = ch.stated(("node", roles["pengungkit"]))
    if st_total is not None:
        figures.append(Figure("total", "Nilai total", cell(total_row), st_total, result.total))
    if st_peng is not None:
        figures.append(
            Figure("pengungkit", "Pengungkit", cell(ch.row(("node", roles["pengungkit"]))), st_peng, result.pengungkit)
        )
    if hasil_fig is not None:
        figures.append(hasil_fig)
    figures += areas
    if not figures:
        return None
    return SelfCheck(sheet, tuple(figures))
