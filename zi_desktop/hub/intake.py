"""`hub add`: take a satker's bundle into the hub, or refuse it whole.

Threat model: a bundle comes from another office by e-mail or a flash disk; it may be damaged,
edited after export, from another year, a zip bomb, or carry names such as `../../x` or `C:\\x`.
In this order, before anything is stored:
1. the zip's own directory, through `exchange.safezip.open_zip` (the one gate for every zip this app
   reads): member names must be relative, without `..`, backslashes, drive letters or control
   characters, no duplicates or symlinks; at most MAX_MEMBERS members, MAX_TOTAL_BYTES in all, and
   no member expanding more than MAX_RATIO times (a zip bomb is refused from its directory);
2. `exchange.bundle.verify_bundle`: every file against the manifest (the first that differs is named);
3. the manifest's year is the hub's and its unit id is set and valid; `jawaban-unit.json` is read
   with the same validation as `import`, and names the same unit.
Then the evidence files are copied into `blobs/` (only contents not stored yet; written to `tmp/`,
fsynced, renamed), and one transaction records the bundle, its answers, its files with a fresh
unguessable token each, and the unit's current bundle (the newest by the bundle's creation time).
The same bundle again (the same manifest) changes nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from zi_desktop.errors import Cancelled, UserError
from zi_desktop.exchange.bundle import (
    EVIDENCE_ROOT,
    JSON_NAME,
    MANIFEST,
    portal_value,
    verify_bundle,
)
from zi_desktop.exchange.safezip import NotAZip, ZipLimits, open_zip
from zi_desktop.hub.store import Hub, now
from zi_desktop.lke.answers import parse_answers_document
from zi_desktop.lke.catalog import PREDICATES
from zi_desktop.lke.readiness import unit_id_problem
from zi_desktop.lke.scoring import ScoreResult, score

MAX_MEMBERS = 50_000
MAX_TOTAL_BYTES = 20 * 1024**3
MAX_RATIO = 200  # deflate rarely exceeds 10:1 on documents; a bomb is thousands to one
RATIO_FLOOR = 1024 * 1024  # small members may compress very well (a page of spaces)
MAX_JSON_BYTES = 50 * 1024 * 1024
CHUNK = 1024 * 1024

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class AddResult:
    path: Path
    status: str  # "baru" (new, current), "lama" (stored, an earlier one stays current), "sama" (already there)
    unit_id: str
    unit_name: str
    created_at: str
    new_blobs: int = 0


HUB_LIMITS = ZipLimits(
    max_entries=MAX_MEMBERS,
    max_total=MAX_TOTAL_BYTES,
    max_member=MAX_TOTAL_BYTES,
    max_ratio=MAX_RATIO,
    ratio_floor=RATIO_FLOOR,
)


def _check_directory(p: Path) -> None:
    """The zip's own directory, through the one safe-zip gate (exchange.safezip): names, types,
    duplicates, sizes and expansion ratios, before a byte is inflated."""
    try:
        with open_zip(p, HUB_LIMITS, label=f"paket {p.name}"):
            pass
    except NotAZip:
        raise UserError(f"{p.name} bukan paket ZI Desktop (bukan berkas zip)") from None
    except UserError as exc:
        raise UserError(f"{exc}; tidak ada yang disimpan") from None


def _read_member(zf: zipfile.ZipFile, name: str, limit: int) -> bytes:
    with zf.open(name) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise UserError(f"{name} terlalu besar (batas {limit // 1024**2} MB)")
    return data


def _summary(res: ScoreResult) -> dict[str, Any]:
    return {
        "total": res.total,
        "predicate": res.predicate,
        "meets": {p: res.meets(p) for p in PREDICATES},
        "shortfalls": {p: [c.to_json() for c in res.conditions[p] if not c.met] for p in PREDICATES},
        "answered": res.completeness.answered,
        "questions": res.completeness.questions,
        "issues": len(res.issues),
    }


def _when(text: str) -> datetime:
    try:
        d = datetime.fromisoformat(text)
    except ValueError:
        raise UserError(f"waktu pembuatan paket '{text[:40]}' tidak terbaca") from None
    return d if d.tzinfo else d.astimezone()


def _store_blob(hub: Hub, zf: zipfile.ZipFile, name: str, sha256: str, cancel: threading.Event | None) -> bool:
    """Copy one member into blobs/ unless that content is stored; True when a blob was written."""
    dest = hub.blob_path(sha256)
    if dest.is_file():
        return False
    tmp = hub.path / "tmp" / f"{secrets.token_hex(8)}.part"
    h = hashlib.sha256()
    try:
        with zf.open(name) as src, tmp.open("wb") as out:
            while chunk := src.read(CHUNK):
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
                h.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if h.hexdigest() != sha256:
            raise UserError(f"{name}: isi berubah saat disalin (sha256 tidak cocok); tidak disimpan")
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, dest)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return True


def add_bundle(
    hub: Hub,
    zip_path: Path | str,
    *,
    on_progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> AddResult:
    p = Path(zip_path)
    if not p.is_file():
        raise UserError(f"berkas {p} tidak ditemukan")
    if not zipfile.is_zipfile(p):
        raise UserError(f"{p.name} bukan paket ZI Desktop (bukan berkas zip)")
    _check_directory(p)
    with zipfile.ZipFile(p) as zf:
        try:
            manifest_bytes = _read_member(zf, MANIFEST, MAX_JSON_BYTES)
        except KeyError:
            raise UserError(f"{p.name} bukan paket ZI Desktop (tidak ada {MANIFEST})") from None
    manifest_sha = hashlib.sha256(manifest_bytes).hexdigest()
    with hub.reading() as conn:
        seen = conn.execute(
            "SELECT unit_id, unit_name, created_at FROM bundles WHERE manifest_sha256 = ?", (manifest_sha,)
        ).fetchone()
    if seen is not None:  # the same manifest: this bundle is stored (a copy that differs would change nothing either)
        return AddResult(p, "sama", str(seen[0]), str(seen[1]), str(seen[2]))
    rep = verify_bundle(p, on_progress=on_progress, cancel=cancel)
    if not rep.ok:
        more = f" (dan {len(rep.problems) - 1} masalah lain)" if len(rep.problems) > 1 else ""
        raise UserError(f"{p.name} tidak utuh, tidak disimpan: {rep.problems[0]}{more}")
    man = rep.manifest
    raw_unit = man.get("unit")
    unit: dict[str, Any] = raw_unit if isinstance(raw_unit, dict) else {}
    unit_id = str(unit.get("id") or "").strip()
    unit_name = " ".join(str(unit.get("name") or "").split())
    tahun = man.get("tahun")
    if tahun != hub.tahun:
        raise UserError(f"{p.name} adalah paket tahun {tahun}, hub ini untuk tahun {hub.tahun}; ditolak")
    problem = unit_id_problem(unit_id)
    if problem is not None:
        raise UserError(
            f"{p.name} ({unit_name or 'tanpa nama unit'}): {problem}; minta satker mengisinya "
            "(zi-desktop setelan WS unit_id ID) lalu mengekspor ulang"
        )
    created_at = str(man.get("created_at") or "")
    created = _when(created_at)
    files = {f["path"]: f for f in man.get("files") or [] if isinstance(f, dict) and isinstance(f.get("path"), str)}
    with zipfile.ZipFile(p) as zf:
        if _read_member(zf, MANIFEST, MAX_JSON_BYTES) != manifest_bytes:
            raise UserError(f"{p.name} berubah saat dibaca; tidak disimpan")
        try:
            data = json.loads(_read_member(zf, JSON_NAME, MAX_JSON_BYTES).decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise UserError(f"{p.name}: {JSON_NAME} rusak atau bukan JSON; tidak disimpan") from None
        except KeyError:
            raise UserError(f"{p.name}: tidak ada {JSON_NAME}; tidak disimpan") from None
        doc = parse_answers_document(hub.catalog, data, source=f"{p.name}/{JSON_NAME}")
        if doc.unit_id != unit_id:
            raise UserError(f"{p.name}: {JSON_NAME} untuk unit '{doc.unit_id}', manifest untuk '{unit_id}'; ditolak")
        res_unit = score(hub.catalog, doc.unit_answers())
        res_tpi = score(hub.catalog, {k: v for k, v in doc.tpi_answers().items() if v is not None})
        evidence = {k: f for k, f in files.items() if k.startswith(EVIDENCE_ROOT + "/")}
        new_blobs = 0
        for name, f in sorted(evidence.items()):
            new_blobs += _store_blob(hub, zf, name, str(f["sha256"]), cancel)
    summary = {
        "unit": _summary(res_unit),
        "tpi": _summary(res_tpi),
        "tpi_answered": sum(1 for r in doc.rows if r.jawaban_tpi is not None),
        "evidence_files": len(evidence),
        "evidence_items": sum(len((r.bukti_dukung_unit or "").splitlines()) for r in doc.rows),
        "syarat": man.get("syarat"),
    }
    added_at = now()
    with hub.writing() as conn:
        cur = conn.execute(
            "INSERT INTO bundles(manifest_sha256, file_name, size, unit_id, unit_name, tahun, created_at, added_at, "
            "app_version, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                manifest_sha,
                p.name,
                p.stat().st_size,
                unit_id,
                unit_name,
                hub.tahun,
                created_at,
                added_at,
                str((man.get("app") or {}).get("version") or ""),
                json.dumps(summary, ensure_ascii=False),
            ),
        )
        bid = int(cur.lastrowid or 0)
        conn.executemany(
            "INSERT INTO answers VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    bid,
                    r.soal_id,
                    portal_value(r.jawaban_unit),
                    portal_value(r.jawaban_tpi),
                    r.catatan_unit,
                    r.bukti_dukung_unit,
                    r.catatan_tpi,
                )
                for r in doc.rows
            ],
        )
        conn.executemany(
            "INSERT INTO files(bundle_id, path, sha256, size, token) VALUES (?, ?, ?, ?, ?)",
            [(bid, k, str(f["sha256"]), int(f["size"]), secrets.token_urlsafe(24)) for k, f in evidence.items()],
        )
        row = conn.execute(
            "SELECT b.created_at FROM units u JOIN bundles b ON b.id = u.current_bundle WHERE u.unit_id = ?",
            (unit_id,),
        ).fetchone()
        status = "baru"
        if row is None:
            conn.execute(
                "INSERT INTO units(unit_id, current_bundle, changed_at) VALUES (?, ?, ?)", (unit_id, bid, added_at)
            )
        elif _when(row[0]) <= created:  # a tie (same second) goes to the bundle added later
            conn.execute(
                "UPDATE units SET current_bundle = ?, changed_at = ? WHERE unit_id = ?", (bid, added_at, unit_id)
            )
        else:
            status = "lama"
    return AddResult(p, status, unit_id, unit_name, created_at, new_blobs)
