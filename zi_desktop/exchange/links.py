"""Link-back: after the team uploads `bukti/` to a shared drive, a two-column list of
(path inside `bukti/`, share URL) fills each question's evidence string (bukti_dukung_unit).

The paths are those the last export used, recomputed deterministically from the workspace evidence
(`bundle.evidence_paths` / `bundle.question_folder`). A folder row (question, sub-area or area folder)
applies to every question under it, the most specific folder winning; a file row adds that file's
link. The new string is: the question's existing text lines that are not links, then the folder
link, then the file links, one per line, so running the same list twice changes nothing. A file
link is written `<file name in the bundle>: <URL>` (`bundle.file_line`), so the bundle's
`bukti_dukung_unit` shows that URL in place of the file's path.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlparse

from zi_desktop.errors import UserError
from zi_desktop.exchange.bundle import EVIDENCE_ROOT, evidence_paths, file_line, folder_map
from zi_desktop.lke.answers import AnswerRow
from zi_desktop.lke.catalog import Catalog
from zi_desktop.workspace.blobs import open_regular

MAX_CSV_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000


@dataclass(frozen=True)
class LinkEntry:
    line: int
    path: str
    url: str


@dataclass
class LinksReport:
    updated: dict[int, str] = field(default_factory=dict)  # soal_id -> new evidence string
    unchanged: list[int] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # "baris N: path"
    problems: list[str] = field(default_factory=list)  # rows refused
    rows: int = 0


class LinksWorkspace(Protocol):
    catalog: Catalog

    def records(self) -> Mapping[int, Any]: ...
    def evidence(self, soal_id: int | None = None) -> Sequence[Any]: ...
    def apply_import(self, rows: Sequence[AnswerRow], *, source: str) -> Any: ...


def _key(path: str) -> str:
    p = unicodedata.normalize("NFC", path.strip()).replace("\\", "/")
    parts = [x.strip() for x in p.split("/") if x.strip() and x.strip() != "."]
    if parts and parts[0].casefold() == EVIDENCE_ROOT:
        parts = parts[1:]
    return "/".join(parts).casefold()


def _is_url(text: str) -> bool:
    u = urlparse(text.strip())
    return u.scheme in ("http", "https") and bool(u.netloc)


def read_links_csv(path: Path | str) -> tuple[list[LinkEntry], list[str]]:
    """(entries, problems) from a UTF-8 (BOM optional) CSV with ',' or ';' between path and URL."""
    p = Path(path)
    # Only a regular file is read (a FIFO would hang, /dev/zero never ends), and never more than
    # the limit, even if the file grows while it is read.
    try:
        with open_regular(p, max_size=MAX_CSV_BYTES, what="berkas CSV") as f:
            raw = f.read(MAX_CSV_BYTES + 1)
    except OSError as exc:
        raise UserError(f"berkas {p} tidak dapat dibaca ({exc.strerror})") from None
    if len(raw) > MAX_CSV_BYTES:
        raise UserError(f"berkas {p.name} terlalu besar (lebih dari {MAX_CSV_BYTES // 1024} KB)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"berkas {p.name} bukan teks UTF-8; simpan sebagai CSV UTF-8") from None
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    delim = ";" if first.count(";") > first.count(",") or ("\t" not in first and "," not in first) else ","
    if "\t" in first and first.count("\t") >= max(first.count(";"), first.count(",")):
        delim = "\t"
    entries: list[LinkEntry] = []
    problems: list[str] = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
        for line, row in enumerate(reader, start=1):
            if line > MAX_ROWS:
                problems.append(f"baris {line}: hanya {MAX_ROWS} baris pertama yang dibaca")
                break
            cells = [c.strip() for c in row]
            if not any(cells):
                continue
            if len(cells) < 2 or not cells[0] or not cells[1]:
                problems.append(f"baris {line}: butuh dua kolom (path di dalam bukti/, tautan)")
                continue
            if not entries and not problems and not _is_url(cells[1]):
                continue  # header row
            if not _is_url(cells[1]):
                problems.append(f"baris {line}: '{cells[1][:80]}' bukan tautan http(s)")
                continue
            entries.append(LinkEntry(line, cells[0], cells[1]))
    except csv.Error as exc:
        raise UserError(f"berkas {p.name} bukan CSV yang sah ({exc})") from None
    return entries, problems


def plan_links(
    cat: Catalog, items: Sequence[Any], records: Mapping[int, Any], entries: Sequence[LinkEntry]
) -> LinksReport:
    """Work out the new evidence strings (nothing is written)."""
    report = LinksReport(rows=len(entries))
    paths = evidence_paths(cat, items)
    folders = {_key(k): v for k, v in folder_map(cat).items()}
    files: dict[str, set[tuple[int, str]]] = {}  # key -> (soal, file name in the bundle)
    by_id = {it.id: it for it in items}
    names: dict[int, set[str]] = {}
    for eid, path in paths.items():
        base = path.rsplit("/", 1)[-1]
        files.setdefault(_key(path), set()).add((by_id[eid].soal_id, base))
        names.setdefault(by_id[eid].soal_id, set()).add(base)
    folder_link: dict[int, tuple[int, str]] = {}  # soal -> (depth, url)
    file_links: dict[int, list[str]] = {}
    for e in entries:
        k = _key(e.path)
        if k in files:
            for sid, base in sorted(files[k]):
                line = file_line(base, e.url)
                if line not in file_links.setdefault(sid, []):
                    file_links[sid].append(line)
        elif k in folders or k == "":
            depth = len(k.split("/")) if k else 0
            for sid in folders.get(k, set(cat.soal)):
                if sid not in folder_link or folder_link[sid][0] <= depth:
                    folder_link[sid] = (depth, e.url)
        else:
            report.unmatched.append(f"baris {e.line}: {e.path}")
    for sid in sorted(set(folder_link) | set(file_links)):
        rec = records.get(sid)
        old = getattr(rec, "bukti_dukung_unit", None) if rec is not None else None
        mine = names.get(sid, set())
        keep = [
            ln
            for ln in (old or "").splitlines()
            if ln.strip() and not _is_url(ln) and not (ln.partition(": ")[0] in mine and _is_url(ln.partition(": ")[2]))
        ]
        links = ([folder_link[sid][1]] if sid in folder_link else []) + [
            u for u in file_links.get(sid, []) if sid not in folder_link or u != folder_link[sid][1]
        ]
        new = "\n".join(keep + links)
        if new == (old or ""):
            report.unchanged.append(sid)
        else:
            report.updated[sid] = new
    return report


def apply_links(ws: LinksWorkspace, csv_path: Path | str, *, dry_run: bool = False) -> LinksReport:
    """Fill the evidence strings of `ws` from a links CSV, in one transaction."""
    entries, problems = read_links_csv(csv_path)
    report = plan_links(ws.catalog, list(ws.evidence()), ws.records(), entries)
    report.problems = problems + report.problems
    if report.updated and not dry_run:
        rows = [
            AnswerRow(sid, None, None, None, text, None, given=frozenset({"bukti_dukung_unit"}))
            for sid, text in sorted(report.updated.items())
        ]
        ws.apply_import(rows, source=f"tautan:{Path(csv_path).name}")
    return report
