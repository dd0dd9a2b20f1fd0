"""Reading answers to import, whatever the user picked: a PortalRB `jawaban-unit` JSON document, a
PortalRB "Jawaban" workbook or a Lampiran III workbook. One entry point for the command line and the
app, so both route files the same way and say the same things about them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zi_desktop.errors import UserError
from zi_desktop.lke.answers import AnswerRow, load_answers_file
from zi_desktop.lke.catalog import Catalog
from zi_desktop.workspace.settings import json_limits

if TYPE_CHECKING:
    from zi_desktop.exchange.xlsx_selfcheck import SelfCheck

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xltx")
WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # zip (xlsx), OLE2 (xls, encrypted)


@dataclass(frozen=True)
class SourceRead:
    rows: list[AnswerRow]
    problems: list[str]  # refused values, "Sheet!K12: message"
    unmatched: list[str]  # workbook rows that match no question
    kind: str  # "json" or "xlsx"
    self_check: SelfCheck | None = None  # a workbook's own saved figures beside ZI Desktop's


def looks_like_workbook(path: Path) -> bool:
    """A workbook by name or by its first bytes (the workbook reader then says what is wrong with it)."""
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        return True
    if path.suffix.lower() == ".json" or not path.is_file():
        return False
    try:
        with path.open("rb") as f:
            head = f.read(8)
    except OSError:
        return False
    return head.startswith(WORKBOOK_MAGIC)


def read_answers_source(catalog: Catalog, path: Path | str, *, settings: Mapping[str, Any] | None = None) -> SourceRead:
    """Rows to import from `path`; a UserError naming the file for anything that cannot be read."""
    p = Path(path)
    if p.is_dir():
        raise UserError(f"{p} adalah folder, bukan berkas")
    if not p.exists():
        raise UserError(f"berkas {p} tidak ditemukan")
    if looks_like_workbook(p):
        from zi_desktop.exchange.xlsx_io import read_workbook

        wb = read_workbook(catalog, p)
        from zi_desktop.exchange.xlsx_selfcheck import self_check

        own = None
        if wb.sheet_map is not None:
            own = self_check(catalog, p, wb.sheet_map, {r.soal_id: r.jawaban_unit for r in wb.rows})
        return SourceRead(list(wb.rows), [str(x) for x in wb.problems], [str(u) for u in wb.unmatched], "xlsx", own)
    doc = load_answers_file(catalog, p, limits=json_limits(settings or {}))
    return SourceRead(list(doc.rows), [], [], "json")
