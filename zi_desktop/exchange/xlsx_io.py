"""The LKE workbook in and out: `write_workbook` (PortalRB "Jawaban" layout with live formulas,
see `xlsx_export`) and `read_workbook` (Jawaban and Lampiran III layouts, see `xlsx_import`)."""

from __future__ import annotations

from zi_desktop.exchange.xlsx_export import WorkbookData, build_workbook, workbook_bytes, write_workbook
from zi_desktop.exchange.xlsx_import import WorkbookRead, check_workbook_file, read_workbook

__all__ = [
    "WorkbookData",
    "WorkbookRead",
    "build_workbook",
    "check_workbook_file",
    "read_workbook",
    "workbook_bytes",
    "write_workbook",
]
