"""The TPI review as files: a review opened from a unit's bundle, and the review result packet.

    zi-desktop review open BUNDLE.zip REVIEW_WS --tier T --reviewer R   the TPI's workspace from a bundle
    zi-desktop review update REVIEW_WS BUNDLE.zip                        the unit's next bundle, same review
    zi-desktop review export REVIEW_WS --out HASIL.zip                   the review result packet
    zi-desktop review import WS HASIL.zip                                the unit takes the result in

The result packet (`HASIL.zip`)::

    reviu.json        format zi-desktop-reviu: unit, year, catalog, tier, reviewer, the sha256 of the
                      manifest of the bundle reviewed, per question the TPI's answer, note and status
                      and the unit's answer/note/evidence as reviewed; notes per area; recommendations
    LHE-<unit>-<tier>.pdf   the Laporan Hasil Evaluasi (reports/lhe.py)
    manifest.json     format, the size and sha256 of every other file

Threat model: a bundle or a packet comes from another office by e-mail or USB stick. Both are checked
against their manifests before anything is read; a zip member's name is never used as a path (a
bundle's evidence is matched to its question by the evidence tree `question_folder` builds, and
extracted under a fresh temporary name); every JSON field is validated like an import. Nothing is
written until everything is read and checked, and then in one transaction.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zi_desktop import __version__
from zi_desktop.errors import UserError
from zi_desktop.exchange.bundle import (
    EVIDENCE_ROOT,
    JSON_NAME,
    MANIFEST,
    RESPONSES_FORMAT,
    RESPONSES_NAME,
    portal_value,
    question_folder,
    verify_bundle,
)
from zi_desktop.exchange.bundle import (
    FORMAT as BUNDLE_FORMAT,
)
from zi_desktop.exchange.safe_names import safe_file_stem, safe_part
from zi_desktop.exchange.safezip import NotAZip, ZipLimits, open_zip
from zi_desktop.lke.answers import Value, parse_answer, parse_answers_document, soal_or_error
from zi_desktop.workspace import review as rv
from zi_desktop.workspace.blobs import os_error, store_file
from zi_desktop.workspace.store import Workspace, create_workspace, is_workspace, now

FORMAT = "zi-desktop-reviu"
FORMAT_VERSION = 1
REVIEW_JSON = "reviu.json"
MAX_PACKET_MEMBER = 50 * 1024 * 1024
# A result packet holds reviu.json, one PDF and the manifest: a handful of small members.
PACKET_LIMITS = ZipLimits(max_entries=20, max_total=200 * 1024 * 1024, max_member=MAX_PACKET_MEMBER)
MAX_NAME = 200
CHUNK = 1024 * 1024


# -- reading a unit's bundle ----------------------------------------------------------------------


@dataclass(frozen=True)
class BundleFileRef:
    member: str
    name: str
    sha256: str
    size: int


@dataclass
class UnitBundle:
    """A verified bundle: the unit's answers, notes and evidence files per question."""

    path: Path
    manifest_hash: str
    created_at: str
    unit_id: str
    unit_name: str
    year: int
    rows: dict[int, dict[str, Any]]  # soal -> jawaban_unit, catatan_unit, bukti_dukung_unit
    files: dict[int, list[BundleFileRef]]
    responses: dict[int, tuple[str | None, int]] = field(default_factory=dict)  # soal -> tanggapan, revisions


def _obj(v: Any) -> dict[str, Any]:
    return v if isinstance(v, dict) else {}


def _list(v: Any) -> list[Any]:
    return v if isinstance(v, list) else []


def _refuse_packet_as_bundle(p: Path) -> None:
    try:
        with zipfile.ZipFile(p) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError):
        return
    if REVIEW_JSON in names:
        raise UserError(
            f"{p.name} adalah hasil reviu TPI, bukan paket unit; hasil reviu diterima dengan: "
            "zi-desktop review import WORKSPACE_UNIT HASIL.zip"
        )


def read_bundle(path: Path | str) -> UnitBundle:
    """Verify a unit's bundle against its manifest and read the unit's data out of it."""
    p = Path(path)
    if p.is_file() and zipfile.is_zipfile(p):
        _refuse_packet_as_bundle(p)
    rep = verify_bundle(p)
    if not rep.ok:
        shown = "; ".join(rep.problems[:3])
        more = f" (dan {len(rep.problems) - 3} masalah lain)" if len(rep.problems) > 3 else ""
        raise UserError(f"paket {p.name} tidak utuh, tidak dibuka untuk reviu: {shown}{more}")
    manifest = rep.manifest
    if manifest.get("format") != BUNDLE_FORMAT:
        raise UserError(f"{p.name} bukan paket unit ZI Desktop")
    unit = _obj(manifest.get("unit"))
    year = manifest.get("tahun")
    if not isinstance(year, int) or isinstance(year, bool):
        raise UserError(f"{p.name}: manifest tidak menyebut tahun LKE")
    from zi_desktop.lke.catalog import load_catalog

    cat = load_catalog(year)
    listed = {f["path"]: f for f in manifest.get("files") or [] if isinstance(f, dict)}
    with zipfile.ZipFile(p) as zf:
        manifest_bytes = zf.read(MANIFEST)
        if JSON_NAME not in listed:
            raise UserError(f"{p.name}: tidak ada {JSON_NAME} di paket")
        raw = zf.read(JSON_NAME)
        raw_responses = zf.read(RESPONSES_NAME) if RESPONSES_NAME in listed else None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise UserError(f"{p.name}: {JSON_NAME} rusak atau bukan JSON") from None
    doc = parse_answers_document(cat, data, source=f"{p.name}/{JSON_NAME}")
    rows = {
        r.soal_id: {
            "jawaban_unit": r.jawaban_unit,
            "catatan_unit": r.catatan_unit,
            "bukti_dukung_unit": r.bukti_dukung_unit,
        }
        for r in doc.rows
    }
    typed = manifest.get("teks_bukti")
    if isinstance(typed, dict):  # the unit's own evidence text (the JSON's is composed with the items)
        for soal_id, row in rows.items():
            t = typed.get(str(soal_id))
            row["bukti_dukung_unit"] = t if isinstance(t, str) and len(t) <= 100_000 else None
    responses = _read_responses(cat, raw_responses, f"{p.name}/{RESPONSES_NAME}") if raw_responses else {}
    folders = {question_folder(cat, sid): sid for sid in cat.soal}
    files: dict[int, list[BundleFileRef]] = {}
    for member, f in listed.items():
        if not member.startswith(EVIDENCE_ROOT + "/"):
            continue
        folder, _, name = member.rpartition("/")
        sid = folders.get(folder)
        if sid is None or not name:
            continue  # not a question's folder: never used
        sha, size = f.get("sha256"), f.get("size")
        if not isinstance(sha, str) or not isinstance(size, int):
            continue
        files.setdefault(sid, []).append(BundleFileRef(member, name, sha, size))
    return UnitBundle(
        path=p,
        manifest_hash=hashlib.sha256(manifest_bytes).hexdigest(),
        created_at=str(manifest.get("created_at") or ""),
        unit_id=str(unit.get("id") or doc.unit_id or ""),
        unit_name=str(unit.get("name") or doc.nama_unit or ""),
        year=year,
        rows=rows,
        files=files,
        responses=responses,
    )


def _read_responses(cat: Any, raw: bytes, where: str) -> dict[int, tuple[str | None, int]]:
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise UserError(f"{where} rusak atau bukan JSON") from None
    if not isinstance(doc, dict) or doc.get("format") != RESPONSES_FORMAT:
        raise UserError(f"{where}: format tidak dikenal")
    out: dict[int, tuple[str | None, int]] = {}
    for i, it in enumerate(_list(doc.get("tanggapan"))):
        if not isinstance(it, dict):
            raise UserError(f"{where}: tanggapan[{i}] bukan objek")
        soal = soal_or_error(cat, it.get("soal_id"))
        text, rev = it.get("tanggapan"), it.get("revisi", 0)
        if text is not None and (not isinstance(text, str) or len(text) > rv.MAX_NOTE):
            raise UserError(f"{where}: tanggapan soal {soal.soal_id} bukan teks atau terlalu panjang")
        if not isinstance(rev, int) or isinstance(rev, bool) or not 0 <= rev <= 1000:
            raise UserError(f"{where}: jumlah revisi soal {soal.soal_id} tidak sah")
        out[soal.soal_id] = (text, rev)
    return out


def _extract(zf: zipfile.ZipFile, ref: BundleFileRef, tmp_root: Path) -> Path:
    """One evidence member into a fresh folder under the workspace's tmp/, checked by sha256."""
    folder = tmp_root / secrets.token_hex(8)
    folder.mkdir(parents=True)
    dest = folder / safe_part(ref.name, max_len=120)
    h = hashlib.sha256()
    with zf.open(ref.member) as src, dest.open("xb") as out:
        while chunk := src.read(CHUNK):
            h.update(chunk)
            out.write(chunk)
    if h.hexdigest() != ref.sha256:
        raise UserError(f"berkas bukti {ref.member} di paket berubah isinya (sha256 tidak cocok)")
    return dest


def _load_unit_data(ws: Workspace, bundle: UnitBundle, *, source: str) -> dict[int, list[rv.UnitChange]]:
    """Make the workspace's unit data equal to the bundle's: answers, notes, evidence files.
    Returns what changed, per question. Files are copied into the blob store first (a crash leaves
    only unreferenced blobs, which gc removes), then everything is recorded in one transaction."""
    current = ws.records()
    have: dict[int, dict[str, Any]] = {}
    for it in ws.evidence():
        if it.kind == "file" and it.sha256:
            have.setdefault(it.soal_id, {})[it.sha256] = it
    want: dict[int, dict[str, BundleFileRef]] = {sid: {r.sha256: r for r in refs} for sid, refs in bundle.files.items()}
    stored: dict[str, Any] = {}
    tmp_root = ws.path / "tmp" / f"bundle-{secrets.token_hex(4)}"
    try:
        with zipfile.ZipFile(bundle.path) as zf:
            for sid, refs in want.items():
                for sha, ref in refs.items():
                    if sha in have.get(sid, {}) or sha in stored:
                        continue
                    stored[sha] = store_file(ws.path, _extract(zf, ref, tmp_root))
    except OSError as exc:
        raise os_error(exc, ws.path) from None
    finally:
        shutil.rmtree(tmp_root, ignore_errors=True)
    changes: dict[int, list[rv.UnitChange]] = {}

    def note(sid: int, kind: str, detail: str) -> None:
        changes.setdefault(sid, []).append(rv.UnitChange(sid, kind, detail))

    with rv.unit_loading(ws) as tx:
        for sid in sorted(set(bundle.rows) | {s for s, r in current.items() if not _unit_empty(r)}):
            row = bundle.rows.get(sid, {"jawaban_unit": None, "catatan_unit": None, "bukti_dukung_unit": None})
            rec = current.get(sid)
            old = {f: (rec.get(f) if rec else None) for f in row}
            for f, label in (
                ("jawaban_unit", "jawaban"),
                ("catatan_unit", "catatan"),
                ("bukti_dukung_unit", "teks bukti"),
            ):
                if portal_value(old[f]) != portal_value(row[f]):
                    note(sid, label, f"{rv.describe_value(old[f])} -> {rv.describe_value(row[f])}")
            tx.set_fields(sid, dict(row), source)
        for sid in sorted(set(want) | set(have)):
            for sha, ref in sorted(want.get(sid, {}).items()):
                if sha in have.get(sid, {}):
                    continue
                b = stored[sha]
                tx.conn.execute(
                    "INSERT OR IGNORE INTO blobs(sha256, size, added_at) VALUES (?, ?, ?)", (b.sha256, b.size, tx.at)
                )
                tx.add_evidence(sid, "file", ref.name, sha256=sha, size=b.size, mime=b.mime, label=ref.name)
                note(sid, "bukti ditambah", ref.name)
            for sha, item in sorted(have.get(sid, {}).items()):
                if sha in want.get(sid, {}):
                    continue
                tx.conn.execute("DELETE FROM evidence WHERE id = ?", (item.id,))
                tx.log(sid, "bukti:file", f"#{item.id} {item.describe()}", None, source)
                note(sid, "bukti dihapus", item.name)
        # the unit's responses to the previous round, as the bundle carries them (review workspace only)
        old_resp = {
            int(r[0]): (r[1], int(r[2]))
            for r in tx.conn.execute("SELECT soal_id, tanggapan, revisions FROM review_responses").fetchall()
        }
        if old_resp != bundle.responses:
            tx.conn.execute("DELETE FROM review_responses")
            tx.conn.executemany(
                "INSERT INTO review_responses(soal_id, tanggapan, revisions) VALUES (?, ?, ?)",
                [(sid, t, n) for sid, (t, n) in sorted(bundle.responses.items())],
            )
            for sid in sorted(set(old_resp) | set(bundle.responses)):
                before = old_resp.get(sid, (None, 0))[0]
                after = bundle.responses.get(sid, (None, 0))[0]
                if before != after:
                    tx.log(sid, "reviu:tanggapan", before, after, source)
                    note(sid, "tanggapan", after or "(dihapus)")
    return changes


def _unit_empty(rec: Any) -> bool:
    return all(rec.get(f) is None for f in ("jawaban_unit", "catatan_unit", "bukti_dukung_unit"))


# -- open and update a review -----------------------------------------------------------------------


@dataclass
class OpenReport:
    path: Path
    tier: str
    reviewer: str
    unit_name: str
    answered: int
    evidence_files: int
    earlier_tiers: list[str] = field(default_factory=list)


def _clean_name(raw: str, what: str) -> str:
    name = " ".join(str(raw or "").split())
    if not name:
        raise UserError(f"{what} tidak boleh kosong")
    if len(name) > MAX_NAME:
        raise UserError(f"{what} terlalu panjang ({len(name)} karakter, batas {MAX_NAME})")
    return name


def open_review(
    bundle_path: Path | str,
    dest: Path | str,
    *,
    tier: str,
    reviewer: str,
    on_top: Sequence[Path | str] = (),
) -> OpenReport:
    """A new review workspace at `dest` from a unit's bundle; earlier tiers' packets `on_top`."""
    tier = _clean_name(tier, "nama tingkat reviu (--tier)")
    reviewer = _clean_name(reviewer, "nama reviewer (--reviewer)")
    bundle = read_bundle(bundle_path)
    packets = [read_packet(p, unit_id=bundle.unit_id, year=bundle.year) for p in on_top]
    for pk in packets:
        _check_same_unit(pk, bundle.unit_id, bundle.year, where=f"hasil reviu {pk.path.name}")
        if pk.tier == tier:
            raise UserError(f"hasil reviu {pk.path.name} dari tingkat yang sama ({tier}); pilih nama tingkat lain")
    root = Path(dest)
    if is_workspace(root):
        raise UserError(f"sudah ada workspace di {root}; untuk paket berikutnya pakai: zi-desktop review update")
    made = not root.exists()
    ws = create_workspace(root, unit_name=bundle.unit_name or "Unit", year=bundle.year, unit_id=bundle.unit_id or None)
    try:
        with ws._writing() as tx:
            meta = {
                "review_tier": tier,
                "review_reviewer": reviewer,
                "review_bundle_hash": bundle.manifest_hash,
                "review_bundle_created_at": bundle.created_at,
                "review_opened_at": tx.at,
                "review_round": "1",
                "review_earlier_tiers": json.dumps([pk.tier for pk in packets], ensure_ascii=False),
            }
            for k, v in meta.items():
                tx.set_meta(k, v)
            tx.log(None, "reviu:buka", None, f"{tier} / {reviewer} / {bundle.path.name}", "reviu")
            tx.conn.execute(
                "INSERT INTO settings(key, value) VALUES ('user_name', ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (json.dumps(reviewer, ensure_ascii=False),),
            )
        _load_unit_data(ws, bundle, source=f"paket:{bundle.path.name}")
        if packets:
            with ws._writing() as tx:
                for i, pk in enumerate(packets):
                    _write_packet_tier(tx, pk, position=i + 1, imported_at=tx.at, unit_changed=_changed_since(ws, pk))
                    tx.log(None, "reviu:tingkat", None, f"{pk.tier} ({pk.reviewer})", f"hasil:{pk.path.name}")
        with ws._writing() as tx:  # "berubah sejak ekspor" then means: since the review was opened or exported
            head = tx.conn.execute("SELECT COALESCE(MAX(id), 0) FROM changelog").fetchone()[0]
            tx.set_meta("last_export_log_id", str(head))
        rep = OpenReport(
            path=root,
            tier=tier,
            reviewer=reviewer,
            unit_name=ws.unit_name,
            answered=len(ws.answers()),
            evidence_files=len([e for e in ws.evidence() if e.kind == "file"]),
            earlier_tiers=[pk.tier for pk in packets],
        )
    except BaseException:
        ws.close()
        if made:
            shutil.rmtree(root, ignore_errors=True)
        else:
            for sub in ("workspace.sqlite", "workspace.sqlite-wal", "workspace.sqlite-shm"):
                (root / sub).unlink(missing_ok=True)
            for sub in ("blobs", "backups", "tmp"):
                shutil.rmtree(root / sub, ignore_errors=True)
        raise
    ws.close()
    return rep


@dataclass
class UpdateReport:
    round: int
    changes: dict[int, list[rv.UnitChange]]
    same_bundle: bool = False


def update_review(ws: Workspace, bundle_path: Path | str) -> UpdateReport:
    """The unit's next bundle onto the same review: the TPI's work stays; what the unit changed is
    recorded per question (answer, note, evidence added or removed)."""
    info = rv.require_review(ws)
    bundle = read_bundle(bundle_path)
    if bundle.unit_id != ws.unit_id or bundle.year != ws.year:
        raise UserError(
            f"paket {bundle.path.name} dari unit {bundle.unit_name} ({bundle.unit_id}) tahun {bundle.year}, "
            f"reviu ini untuk {ws.unit_name} ({ws.unit_id}) tahun {ws.year}; tidak ada yang diubah"
        )
    if bundle.manifest_hash == info.bundle_hash:
        return UpdateReport(info.round, rv.unit_changes(ws), same_bundle=True)
    changes = _load_unit_data(ws, bundle, source=f"paket:{bundle.path.name}")
    with ws._writing() as tx:
        tx.conn.execute("DELETE FROM review_unit_changes")
        tx.conn.executemany(
            "INSERT INTO review_unit_changes(soal_id, kind, detail) VALUES (?, ?, ?)",
            [(c.soal_id, c.kind, c.detail) for items in changes.values() for c in items],
        )
        new_round = info.round + 1
        tx.set_meta("review_bundle_hash", bundle.manifest_hash)
        tx.set_meta("review_bundle_created_at", bundle.created_at)
        tx.set_meta("review_round", str(new_round))
        tx.log(None, "reviu:putaran", str(info.round), str(new_round), f"paket:{bundle.path.name}")
    return UpdateReport(new_round, changes)


# -- the result packet --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PacketItem:
    soal_id: int
    jawaban: Value | None
    catatan: str | None
    status: str
    unit: dict[str, Any]


@dataclass
class Packet:
    path: Path
    packet_hash: str
    unit_id: str
    unit_name: str
    year: int
    tier: str
    reviewer: str
    position: int
    created_at: str
    bundle_hash: str
    bundle_created_at: str
    items: dict[int, PacketItem]
    area_notes: dict[str, str]
    recommendations: list[str]


@dataclass(frozen=True)
class ExportReport:
    path: Path
    reviewed: int
    perlu_perbaikan: int
    pdf_name: str


def _unit_snapshot(ws: Workspace) -> dict[int, dict[str, Any]]:
    recs = ws.records()
    files: dict[int, list[str]] = {}
    for it in ws.evidence():
        if it.kind == "file" and it.sha256:
            files.setdefault(it.soal_id, []).append(it.sha256)
    out: dict[int, dict[str, Any]] = {}
    for s in ws.catalog.soal_in_order():
        r = recs.get(s.soal_id)
        out[s.soal_id] = {
            "jawaban_unit": portal_value(r.jawaban_unit) if r else None,
            "catatan_unit": r.catatan_unit if r else None,
            "bukti_dukung_unit": r.bukti_dukung_unit if r else None,
            "bukti": sorted(set(files.get(s.soal_id, []))),
        }
    return out


def packet_document(ws: Workspace) -> dict[str, Any]:
    info = rv.require_review(ws)
    recs = ws.records()
    sts = rv.statuses(ws)
    unit = _unit_snapshot(ws)
    items = []
    for s in ws.catalog.soal_in_order():
        r = recs.get(s.soal_id)
        items.append(
            {
                "soal_id": s.soal_id,
                "jawaban_tpi": portal_value(r.jawaban_tpi) if r else None,
                "catatan_tpi": r.catatan_tpi if r else None,
                "status": sts.get(s.soal_id, rv.BELUM),
                "unit": unit[s.soal_id],
            }
        )
    cmp = rv.compare(ws)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app": {"name": "ZI Desktop", "version": __version__},
        "unit": {"id": ws.unit_id, "name": ws.unit_name},
        "tahun": ws.year,
        "catalog": {"id": ws.catalog.catalog_id, "checksum": ws.catalog.checksum},
        "tier": info.tier,
        "position": len(info.earlier_tiers) + 1,
        "reviewer": info.reviewer,
        "round": info.round,
        "created_at": now(),
        "bundle": {"manifest_sha256": info.bundle_hash, "created_at": info.bundle_created_at},
        "items": items,
        "catatan_area": rv.area_notes(ws),
        "rekomendasi": rv.recommendations(ws),
        "nilai": {"unit": cmp.unit.total, "tpi": cmp.tiers[info.tier].total},
    }


def export_review(ws: Workspace, out: Path | str) -> ExportReport:
    """Write the review result packet (reviu.json, the LHE PDF, manifest.json) to `out`."""
    from zi_desktop.reports.lhe import lhe_pdf

    info = rv.require_review(ws)
    target = Path(out)
    if target.suffix.lower() != ".zip":
        raise UserError(f"berkas hasil reviu harus berakhiran .zip: {target}")
    if not target.parent.is_dir():
        raise UserError(f"folder {target.parent} tidak ada")
    doc = packet_document(ws)
    pdf = lhe_pdf(ws)
    pdf_name = f"LHE-{safe_file_stem(ws.unit_name)}-{safe_file_stem(info.tier)}.pdf"
    payloads = {REVIEW_JSON: (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8"), pdf_name: pdf}
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "unit": doc["unit"],
        "tahun": ws.year,
        "tier": info.tier,
        "created_at": doc["created_at"],
        "files": [{"path": n, "size": len(b), "sha256": hashlib.sha256(b).hexdigest()} for n, b in payloads.items()],
    }
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=str(target.parent))
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
                for n, b in payloads.items():
                    zf.writestr(n, b)
                zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise os_error(exc, target) from None
    ws.mark_exported(str(doc["created_at"]))
    sts = [i["status"] for i in doc["items"]]
    return ExportReport(target, sum(1 for s in sts if s != rv.BELUM), sts.count(rv.PERBAIKAN), pdf_name)


def read_packet(path: Path | str, *, unit_id: str | None = None, year: int | None = None) -> Packet:
    """Verify a review result packet against its manifest and validate every field. With `unit_id`
    and `year`, a packet for another unit or year is refused before its answers are read."""
    p = Path(path)
    if not p.is_file():
        raise UserError(f"berkas {p} tidak ditemukan")
    try:
        sz = open_zip(p, PACKET_LIMITS, label=f"hasil reviu {p.name}")
    except NotAZip:
        raise UserError(f"{p.name} bukan hasil reviu ZI Desktop (bukan berkas zip)") from None
    with sz:
        infos = {m.name: m for m in sz.files()}
        if MANIFEST not in infos:
            raise UserError(f"{p.name} bukan hasil reviu ZI Desktop (tidak ada {MANIFEST})")
        if REVIEW_JSON not in infos:
            raise UserError(
                f"{p.name} bukan hasil reviu ZI Desktop (tidak ada {REVIEW_JSON}); paket unit dibuka "
                "untuk reviu dengan: zi-desktop review open"
            )
        manifest_bytes = sz.read(MANIFEST, MAX_PACKET_MEMBER)
        try:
            manifest = json.loads(manifest_bytes.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise UserError(f"{p.name}: {MANIFEST} rusak atau bukan JSON") from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise UserError(f"{p.name} bukan hasil reviu ZI Desktop (format manifest tidak dikenal)")
        listed: dict[str, dict[str, Any]] = {
            str(f["path"]): f for f in _list(manifest.get("files")) if isinstance(f, dict) and "path" in f
        }
        problems: list[str] = []
        for name in sorted(set(infos) - set(listed) - {MANIFEST}):
            problems.append(f"{name} tidak tercatat di manifest")
        for name in sorted(n for n in listed if n not in infos):
            problems.append(f"{name} tercatat di manifest tetapi tidak ada")
        contents: dict[str, bytes] = {}
        for name, want in listed.items():
            if name not in infos:
                continue
            data = sz.read(name, MAX_PACKET_MEMBER)
            if hashlib.sha256(data).hexdigest() != want.get("sha256") or len(data) != want.get("size"):
                problems.append(f"{name} berubah isinya (sha256 tidak cocok dengan manifest)")
            contents[name] = data
    if problems:
        raise UserError(f"hasil reviu {p.name} telah diubah atau rusak, tidak diterima: {'; '.join(problems[:3])}")
    try:
        doc = json.loads(contents[REVIEW_JSON].decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise UserError(f"{p.name}: {REVIEW_JSON} rusak atau bukan JSON") from None
    if unit_id is not None and isinstance(doc, dict):
        u = _obj(doc.get("unit"))
        if u.get("id") != unit_id or doc.get("tahun") != year:
            raise UserError(
                f"hasil reviu {p.name} untuk unit {u.get('name')} ({u.get('id')}) tahun {doc.get('tahun')}, bukan "
                f"untuk unit ini ({unit_id}, tahun {year}); tidak ada yang diubah"
            )
    return _parse_packet(p, doc, hashlib.sha256(manifest_bytes).hexdigest())


def _parse_packet(p: Path, doc: Any, packet_hash: str) -> Packet:
    where = f"{p.name}/{REVIEW_JSON}"
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise UserError(f"{where}: format tidak dikenal")
    if doc.get("format_version") != FORMAT_VERSION:
        raise UserError(f"{where}: versi format {doc.get('format_version')} tidak dikenal; perbarui ZI Desktop")
    year = doc.get("tahun")
    if not isinstance(year, int) or isinstance(year, bool):
        raise UserError(f"{where}: 'tahun' tidak ada")
    from zi_desktop.lke.catalog import load_catalog

    cat = load_catalog(year)
    unit = _obj(doc.get("unit"))
    bundle = _obj(doc.get("bundle"))

    def text(v: Any, what: str, limit: int = rv.MAX_NOTE) -> str | None:
        if v is None:
            return None
        if not isinstance(v, str):
            raise UserError(f"{where}: {what} harus teks")
        if len(v) > limit:
            raise UserError(f"{where}: {what} terlalu panjang ({len(v)} karakter, batas {limit})")
        return v

    items: dict[int, PacketItem] = {}
    raw_items = doc.get("items")
    if not isinstance(raw_items, list) or len(raw_items) > 10 * len(cat.soal):
        raise UserError(f"{where}: 'items' tidak ada atau bukan daftar")
    for i, it in enumerate(raw_items):
        if not isinstance(it, dict):
            raise UserError(f"{where}: items[{i}] bukan objek")
        soal = soal_or_error(cat, it.get("soal_id"))
        if soal.soal_id in items:
            raise UserError(f"{where}: soal {soal.soal_id} muncul lebih dari sekali")
        try:
            jaw = parse_answer(soal, it.get("jawaban_tpi"))
        except UserError as exc:
            raise UserError(f"{where}: jawaban TPI soal {soal.soal_id}: {exc}") from None
        status = rv.parse_status(str(it.get("status") or rv.BELUM))
        u = _obj(it.get("unit"))
        bukti = _list(u.get("bukti"))
        items[soal.soal_id] = PacketItem(
            soal.soal_id,
            jaw,
            text(it.get("catatan_tpi"), f"catatan TPI soal {soal.soal_id}"),
            status,
            {
                "jawaban_unit": text(u.get("jawaban_unit"), f"jawaban unit soal {soal.soal_id}", 100),
                "catatan_unit": text(u.get("catatan_unit"), f"catatan unit soal {soal.soal_id}", 100_000),
                "bukti_dukung_unit": text(u.get("bukti_dukung_unit"), f"bukti unit soal {soal.soal_id}", 100_000),
                "bukti": sorted(str(b) for b in bukti if isinstance(b, str)),
            },
        )
    notes_raw = _obj(doc.get("catatan_area"))
    keys = rv.area_keys(cat)
    notes = {}
    for k, v in notes_raw.items():
        if k not in keys:
            raise UserError(f"{where}: catatan untuk area '{k}' tidak dikenal")
        t = text(v, f"catatan area {k}")
        if t:
            notes[str(k)] = t
    recs_raw = _list(doc.get("rekomendasi"))
    if len(recs_raw) > rv.MAX_RECOMMENDATIONS:
        raise UserError(f"{where}: terlalu banyak rekomendasi")
    recs = [t for i, r in enumerate(recs_raw) if (t := text(r, f"rekomendasi {i + 1}"))]
    tier = text(doc.get("tier"), "tier", MAX_NAME)
    reviewer = text(doc.get("reviewer"), "reviewer", MAX_NAME)
    bundle_hash = bundle.get("manifest_sha256")
    if not tier or not reviewer or not isinstance(bundle_hash, str):
        raise UserError(f"{where}: tingkat, reviewer atau hash paket yang direviu tidak ada")
    position = doc.get("position")
    return Packet(
        path=p,
        packet_hash=packet_hash,
        unit_id=str(unit.get("id") or ""),
        unit_name=str(unit.get("name") or ""),
        year=year,
        tier=tier,
        reviewer=reviewer,
        position=position if isinstance(position, int) and not isinstance(position, bool) else 1,
        created_at=str(doc.get("created_at") or ""),
        bundle_hash=bundle_hash,
        bundle_created_at=str(bundle.get("created_at") or ""),
        items=items,
        area_notes=notes,
        recommendations=recs,
    )


# -- import into the unit's workspace -------------------------------------------------------------------


@dataclass(frozen=True)
class TierDifference:
    soal_id: int
    field: str
    old: str
    new: str


@dataclass
class ImportReport:
    tier: str
    reviewer: str
    reviewed: int
    perlu_perbaikan: list[int]
    unit_changed: list[int]
    already: bool = False
    kept_old: bool = False
    chosen_tier: str | None = None
    undo: dict[str, Any] = field(default_factory=dict)


class ReviewConflict(UserError):
    """A second result of the same tier for the same bundle that differs: which one to keep?"""

    def __init__(self, message: str, differences: list[TierDifference]) -> None:
        super().__init__(message)
        self.differences = differences


def _check_same_unit(pk: Packet, unit_id: str, year: int, *, where: str) -> None:
    if pk.unit_id != unit_id or pk.year != year:
        raise UserError(
            f"{where} untuk unit {pk.unit_name} ({pk.unit_id}) tahun {pk.year}, bukan untuk unit ini "
            f"({unit_id}, tahun {year}); tidak ada yang diubah"
        )


def _changed_since(ws: Workspace, pk: Packet) -> set[int]:
    """Questions whose unit answer, note or evidence differ from what the packet's tier reviewed."""
    now_unit = _unit_snapshot(ws)
    out = set()
    for sid, cur in now_unit.items():
        it = pk.items.get(sid)
        seen = it.unit if it else {"jawaban_unit": None, "catatan_unit": None, "bukti_dukung_unit": None, "bukti": []}
        if any(cur[k] != seen.get(k) for k in ("jawaban_unit", "catatan_unit", "bukti_dukung_unit", "bukti")):
            out.add(sid)
    return out


def _write_packet_tier(tx: Any, pk: Packet, *, position: int, imported_at: str, unit_changed: set[int]) -> None:
    tier = rv.Tier(
        pk.tier, position, pk.reviewer, pk.bundle_hash, pk.bundle_created_at, pk.packet_hash, pk.created_at, imported_at
    )
    answers = {
        sid: rv.TierAnswer(sid, it.jawaban, it.catatan, it.status, sid in unit_changed)
        for sid, it in pk.items.items()
        if it.jawaban is not None or it.catatan or it.status != rv.BELUM
    }
    rv.write_tier(tx, tier, answers)
    rv.write_tier_notes(tx, pk.tier, pk.area_notes, pk.recommendations)


def tier_differences(ws: Workspace, pk: Packet) -> list[TierDifference]:
    old = rv.tier_answers(ws, pk.tier)
    out: list[TierDifference] = []
    for sid in sorted(set(old) | set(pk.items)):
        a = old.get(sid)
        b = pk.items.get(sid)
        pairs = (
            ("jawaban", a.jawaban if a else None, b.jawaban if b else None),
            ("catatan", a.catatan if a else None, b.catatan if b else None),
            ("status", a.status if a else rv.BELUM, b.status if b else rv.BELUM),
        )
        for f, x, y in pairs:
            if portal_value(x) != portal_value(y):
                out.append(TierDifference(sid, f, rv.describe_value(x), rv.describe_value(y)))
    if rv.area_notes(ws, pk.tier) != pk.area_notes:
        out.append(TierDifference(0, "catatan area", "", ""))
    if rv.recommendations(ws, pk.tier) != pk.recommendations:
        out.append(TierDifference(0, "rekomendasi", "", ""))
    return out


def import_review(ws: Workspace, packet_path: Path | str, *, pilih: str | None = None) -> ImportReport:
    """Take a review result into the unit's workspace: only review data and the TPI fields change,
    in one transaction; the unit's answers, notes and evidence are never touched."""
    rv.require_unit(ws)
    pk = read_packet(packet_path, unit_id=ws.unit_id, year=ws.year)
    _check_same_unit(pk, ws.unit_id, ws.year, where=f"hasil reviu {pk.path.name}")
    if pilih not in (None, "lama", "baru"):
        raise UserError(f"pilihan '{pilih}' tidak dikenal; pilih lama (simpan yang sudah diterima) atau baru")
    existing = {t.tier: t for t in rv.tiers(ws)}
    old = existing.get(pk.tier)
    base = ImportReport(pk.tier, pk.reviewer, 0, [], [])
    if old is not None and old.packet_hash == pk.packet_hash:
        base.already = True
        return base
    if old is not None and old.bundle_hash == pk.bundle_hash:
        diffs = tier_differences(ws, pk)
        if diffs and pilih is None:
            raise ReviewConflict(
                f"tingkat {pk.tier} sudah menerima hasil reviu untuk paket yang sama dari {old.reviewer}; "
                f"hasil dari {pk.reviewer} berbeda di {len({d.soal_id for d in diffs})} tempat. Pilih yang "
                "disimpan: --pilih lama (yang sudah diterima) atau --pilih baru",
                diffs,
            )
        if pilih == "lama":
            base.kept_old = True
            return base
    undo = rv.snapshot(ws)
    changed = _changed_since(ws, pk)
    new_round = old is None or old.bundle_hash != pk.bundle_hash
    position = old.position if old is not None else (max((t.position for t in existing.values()), default=0) + 1)
    if old is None and pk.position > position:
        position = pk.position
    with ws._writing() as tx:
        _write_packet_tier(tx, pk, position=position, imported_at=tx.at, unit_changed=changed)
        fixes = sorted(sid for sid, it in pk.items.items() if it.status == rv.PERBAIKAN)
        if new_round:
            tx.conn.executemany(
                "INSERT INTO review_responses(soal_id, revisions) VALUES (?, 1) "
                "ON CONFLICT(soal_id) DO UPDATE SET revisions = revisions + 1",
                [(sid,) for sid in fixes],
            )
        tx.log(None, "reviu:impor", None, f"{pk.tier} / {pk.reviewer} / {pk.path.name}", f"hasil:{pk.path.name}")
        rv.mirror_chosen_tier(ws, tx, f"hasil:{pk.path.name}")
    reviewed = sum(1 for it in pk.items.values() if it.status != rv.BELUM or it.jawaban is not None)
    return ImportReport(
        pk.tier,
        pk.reviewer,
        reviewed,
        fixes,
        sorted(changed & set(pk.items)),
        chosen_tier=rv.chosen_tier(ws),
        undo=undo,
    )
