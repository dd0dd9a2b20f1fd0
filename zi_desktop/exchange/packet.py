"""Work packets as zip files: the coordinator's packet out to a member, and the member's one back.

    manifest.json    format, kind ("paket" or "balik"), ids, the workspace's identity, who it is for,
                     size + sha256 of every other file
    paket.json       the base (paket) or the changes since the base (balik)
    bukti/<sha256>   evidence files: every file of the base, or only the new ones

Reading trusts nothing: the zip passes the safe-zip gate (`exchange/safezip.py`: sizes, ratios,
overlaps, names), then only these names are accepted (no paths of the sender's choosing are ever
written to disk), every file is checked against the manifest while it is read, in bounded memory,
and the documents inside are checked against the ids the receiving workspace recorded. A packet
from another workspace, or changed after it was written, is refused with its name.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import shutil
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zi_desktop import __version__
from zi_desktop.errors import AnswerError, UserError
from zi_desktop.exchange.safezip import READ_ERRORS, Member, NotAZip, SafeZip, ZipLimits, open_zip, shown
from zi_desktop.lke.answers import parse_answer
from zi_desktop.lke.merge import same
from zi_desktop.workspace import team
from zi_desktop.workspace.blobs import hash_file, os_error, store_file
from zi_desktop.workspace.store import Workspace, create_workspace, is_workspace, now, open_workspace

FORMAT = "zi-desktop-paket-kerja"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DOC = "paket.json"
BLOB_DIR = "bukti/"
CHUNK = 1024 * 1024
MAX_MANIFEST = 5 * 1024 * 1024
MAX_DOC = 200 * 1024 * 1024
MAX_MEMBERS = 20000
MAX_TEXT = 100_000
# A packet carries evidence files (stored) and one JSON document (deflated; long repeated notes
# compress well, hence the generous ratio).
LIMITS = ZipLimits(
    max_entries=MAX_MEMBERS,
    max_total=64 * 1024**3,
    max_member=4 * 1024**3,
    max_ratio=1000,
)
_BLOB_NAME = re.compile(r"^bukti/[0-9a-f]{64}$")


# -- writing ------------------------------------------------------------------------------------


def _check_out(out: Path) -> None:
    """Refuse a target that cannot be a packet before anything is read or recorded."""
    if out.suffix.lower() != ".zip":
        raise UserError(f"berkas paket harus berakhiran .zip: {out}")
    if out.exists() and out.is_dir():
        raise UserError(f"{out} adalah folder; sebutkan nama berkas .zip")


class _Writer:
    """A zip written under a temporary name beside the target; `commit` renames it into place."""

    def __init__(self, out: Path) -> None:
        _check_out(out)
        self.out = out
        self.tmp = out.with_name(f".{out.name}.{secrets.token_hex(4)}.part")
        self.files: list[dict[str, Any]] = []
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            self.zf = zipfile.ZipFile(self.tmp, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True)
        except OSError as exc:
            raise os_error(exc, out) from None

    def add_bytes(self, name: str, data: bytes) -> None:
        self.zf.writestr(name, data)
        self.files.append({"path": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})

    def add_blob(self, sha: str, src: Path) -> None:
        actual, size = hash_file(src)
        if actual != sha:
            raise UserError(f"berkas bukti {sha[:12]} di workspace berubah isinya; jalankan zi-desktop check")
        self.zf.write(src, BLOB_DIR + sha, compress_type=zipfile.ZIP_STORED)
        self.files.append({"path": BLOB_DIR + sha, "size": size, "sha256": sha})

    def finish(self, manifest: dict[str, Any]) -> None:
        manifest["files"] = self.files
        data = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
        self.zf.writestr(MANIFEST, data)
        self.zf.close()
        with open(self.tmp, "rb") as fh:
            os.fsync(fh.fileno())

    def commit(self) -> None:
        os.replace(self.tmp, self.out)

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self.zf.close()
        with contextlib.suppress(OSError):
            self.tmp.unlink()


@contextlib.contextmanager
def _writing(out: Path) -> Iterator[_Writer]:
    w = _Writer(out)
    try:
        yield w
    except OSError as exc:
        w.abort()
        raise os_error(exc, out) from None
    except BaseException:
        w.abort()
        raise


def make_packet(ws: Workspace, pic: str, soal_ids: list[int], out: Path | str) -> team.PacketContent:
    """Write the packet for `pic` covering `soal_ids`; recorded in the workspace once it is written."""
    _check_out(Path(out))
    content = team.packet_content(ws, pic, soal_ids)
    shas = sorted({str(i["sha256"]) for q in content.base.values() for i in q["evidence"] if i["kind"] == "file"})
    with _writing(Path(out)) as w:
        doc = {"base": content.base, "base_sha256": content.base_sha256}
        w.add_bytes(DOC, json.dumps(doc, ensure_ascii=False).encode("utf-8"))
        for sha in shas:
            w.add_blob(sha, ws.blob_path(sha))
        w.finish(
            {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "kind": "paket",
                "app_version": __version__,
                "packet_id": content.packet_id,
                "workspace": content.identity,
                "pic": content.pic,
                "soal": content.soal,
                "made_at": content.made_at,
                "made_by": content.made_by,
            }
        )
        team.record_made(ws, content)
        w.commit()
    return content


def send_back(ws: Workspace, out: Path | str) -> team.Outgoing:
    """Write the member's packet back: only what changed since the base, with the new files."""
    _check_out(Path(out))
    outgoing = team.outgoing(ws)
    with _writing(Path(out)) as w:
        w.add_bytes(DOC, json.dumps({"changes": outgoing.changes}, ensure_ascii=False).encode("utf-8"))
        for sha in outgoing.files:
            w.add_blob(sha, ws.blob_path(sha))
        w.finish(
            {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "kind": "balik",
                "app_version": __version__,
                "return_id": outgoing.return_id,
                "packet_id": outgoing.packet_id,
                "base_sha256": outgoing.base_sha256,
                "workspace_uid": outgoing.origin,
                "unit_name": ws.unit_name,
                "year": ws.year,
                "member": outgoing.member,
                "seq": outgoing.seq,
                "made_at": now(),
            }
        )
        team.record_sent(ws, outgoing)
        w.commit()
    return outgoing


# -- reading ------------------------------------------------------------------------------------


@dataclass
class _Read:
    path: Path
    manifest: dict[str, Any]
    doc: dict[str, Any]
    blobs: dict[str, str]  # sha256 -> member name


def _bad(path: Path, why: str) -> UserError:
    return UserError(f"paket {path.name} ditolak: {why}")


def _check_member(sz: SafeZip, m: Member, want: Mapping[str, Any], path: Path) -> bytes | None:
    """Stream one member against its manifest entry; returns its bytes for the JSON document."""
    h = hashlib.sha256()
    size = 0
    keep = m.name == DOC
    parts: list[bytes] = []
    limit = int(want.get("size") or 0)
    try:
        with sz.open(m, check_crc=False) as fh:  # sha256 below is the stronger check
            while chunk := fh.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise _bad(path, f"{m.name} lebih besar dari yang tercatat di manifest (isi diubah)")
                h.update(chunk)
                if keep:
                    parts.append(chunk)
    except READ_ERRORS as exc:
        raise _bad(path, f"{m.name} rusak ({exc})") from None
    if size != limit or h.hexdigest() != want.get("sha256"):
        raise _bad(path, f"{m.name} tidak cocok dengan checksum di manifest (isi diubah atau rusak)")
    return b"".join(parts) if keep else None


def read_packet(zip_path: Path | str, kind: str) -> _Read:
    """Open a packet through the safe-zip gate (sizes, names, overlaps), then check it against its
    manifest: only the packet's own names, every member's size and sha256."""
    p = Path(zip_path)
    if not p.is_file():
        raise UserError(f"berkas paket {p} tidak ditemukan")
    try:
        sz = open_zip(p, LIMITS, label=f"paket {p.name}")
    except NotAZip:
        raise _bad(p, "bukan berkas zip paket kerja ZI Desktop") from None
    with sz:
        by_name: dict[str, Member] = {}
        for m in sz.files():
            if m.name not in (MANIFEST, DOC) and not _BLOB_NAME.match(m.name):
                raise _bad(p, f"berisi berkas yang tidak dikenal: {shown(m.name)}")
            by_name[m.name] = m
        if MANIFEST not in by_name or DOC not in by_name:
            raise _bad(p, f"bukan paket kerja ZI Desktop (tidak ada {MANIFEST} atau {DOC})")
        try:
            manifest = json.loads(sz.read(MANIFEST, MAX_MANIFEST).decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise _bad(p, f"{MANIFEST} rusak atau bukan JSON") from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise _bad(p, "bukan paket kerja ZI Desktop (format manifest tidak dikenal)")
        if manifest.get("format_version") != FORMAT_VERSION:
            raise _bad(p, f"versi format {manifest.get('format_version')} tidak dikenal; perbarui aplikasi")
        if manifest.get("kind") != kind:
            other = "paket kerja dari koordinator" if manifest.get("kind") == "paket" else "paket balik anggota"
            want = "paket buka" if manifest.get("kind") == "paket" else "paket terima"
            raise _bad(p, f"ini {other}; gunakan: zi-desktop {want}")
        listed: dict[str, Mapping[str, Any]] = {}
        for f in manifest.get("files") or []:
            if not isinstance(f, dict) or not isinstance(f.get("path"), str):
                raise _bad(p, f"{MANIFEST}: entri berkas rusak")
            listed[f["path"]] = f
        if set(listed) != set(by_name) - {MANIFEST}:
            extra = sorted((set(by_name) - {MANIFEST}) ^ set(listed))
            raise _bad(
                p, f"isi tidak sama dengan manifest ({', '.join(shown(e) for e in extra[:3])}); paket diubah atau rusak"
            )
        for name, want_entry in listed.items():
            if name == DOC and int(want_entry.get("size") or 0) > MAX_DOC:
                raise _bad(p, f"{DOC} terlalu besar")
            if name.startswith(BLOB_DIR) and want_entry.get("sha256") != name[len(BLOB_DIR) :]:
                raise _bad(p, f"{name}: nama dan checksum tidak cocok")
        doc_bytes = b""
        for name, want_entry in listed.items():
            data = _check_member(sz, by_name[name], want_entry, p)
            if data is not None:
                doc_bytes = data
        try:
            doc = json.loads(doc_bytes.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise _bad(p, f"{DOC} rusak atau bukan JSON") from None
        if not isinstance(doc, dict):
            raise _bad(p, f"{DOC} bukan dokumen paket")
        blobs = {n[len(BLOB_DIR) :]: n for n in listed if n.startswith(BLOB_DIR)}
    return _Read(p, manifest, doc, blobs)


def _text(value: Any, what: str, path: Path) -> str:
    if not isinstance(value, str) or not value or len(value) > 200:
        raise _bad(path, f"{what} di manifest tidak sah")
    return value


def _check_doc(doc: Any, path: Path, *, changes: bool) -> None:
    """The shape of a packet's questions (values are read by the store, which refuses bad ones)."""
    if not isinstance(doc, dict):
        raise _bad(path, f"{DOC} tidak sah")
    for sid, q in doc.items():
        if not isinstance(sid, str) or not sid.isdigit() or not isinstance(q, dict):
            raise _bad(path, f"{DOC}: soal '{str(sid)[:20]}' tidak sah")
        fields = q.get("fields", {})
        if not isinstance(fields, dict):
            raise _bad(path, f"{DOC}: soal {sid}: isian tidak sah")
        for f, v in fields.items():
            if f not in team.FIELD_LABELS:
                raise _bad(path, f"{DOC}: soal {sid}: bidang '{str(f)[:30]}' tidak dikenal")
            value = v.get("value") if changes and isinstance(v, dict) else v
            if changes and not isinstance(v, dict):
                raise _bad(path, f"{DOC}: soal {sid}: bidang {f} tidak sah")
            if value is not None and (isinstance(value, bool) or not isinstance(value, (str, int, float))):
                raise _bad(path, f"{DOC}: soal {sid}: nilai {f} tidak sah")
        lists = ("evidence_added",) if changes else ("evidence",)
        for key in lists:
            items = q.get(key, [])
            if not isinstance(items, list):
                raise _bad(path, f"{DOC}: soal {sid}: daftar bukti tidak sah")
            for i in items:
                if not isinstance(i, dict) or i.get("kind") not in ("file", "link", "text"):
                    raise _bad(path, f"{DOC}: soal {sid}: bukti tidak sah")
                if i["kind"] == "file" and not (
                    isinstance(i.get("sha256"), str) and re.fullmatch(r"[0-9a-f]{64}", i["sha256"])
                ):
                    raise _bad(path, f"{DOC}: soal {sid}: sha256 bukti tidak sah")
                if not isinstance(i.get("name"), str):
                    raise _bad(path, f"{DOC}: soal {sid}: nama bukti tidak sah")
        if changes:
            for k in q.get("evidence_removed", []):
                if not (isinstance(k, list) and len(k) == 2 and all(isinstance(x, str) for x in k)):
                    raise _bad(path, f"{DOC}: soal {sid}: bukti yang dilepas tidak sah")


def _check_values(ws: Workspace, path: Path, fields: Mapping[str, Mapping[str, Any]]) -> None:
    """Every soal in this workspace's catalog, every answer one the catalog accepts as it is."""
    for sid, values in fields.items():
        soal = ws.catalog.soal.get(int(sid))
        if soal is None:
            raise _bad(path, f"soal {sid} tidak ada di katalog LKE {ws.year}")
        for f, v in values.items():
            if isinstance(v, str) and len(v) > MAX_TEXT:
                raise _bad(path, f"soal {sid}: isian {f} terlalu panjang ({len(v)} karakter)")
            if f in ("jawaban_unit", "jawaban_tpi") and v is not None:
                try:
                    ok = same(parse_answer(soal, v), v)
                except AnswerError:
                    ok = False
                if not ok:
                    raise _bad(path, f"soal {sid}: jawaban '{str(v)[:30]}' tidak sah untuk soal ini")


def _store_blobs(ws: Workspace, read: _Read, wanted: set[str]) -> None:
    """Copy the packet's files the workspace lacks into its blob store (before the transaction: a
    crash leaves at most an unreferenced file, which `gc` removes)."""
    missing = sorted(s for s in wanted if not ws.blob_path(s).is_file())
    absent = [s for s in missing if s not in read.blobs]
    if absent:
        raise _bad(read.path, f"berkas bukti {absent[0][:12]} tidak ada di dalam paket")
    if not missing:
        return
    tmp = ws.path / "tmp"
    try:
        with open_zip(read.path, LIMITS, label=f"paket {read.path.name}") as sz:
            for sha in missing:
                part = tmp / f"paket-{secrets.token_hex(6)}.in"
                try:
                    with sz.open(read.blobs[sha]) as src, open(part, "wb") as dst:
                        shutil.copyfileobj(src, dst, CHUNK)
                    got = store_file(ws.path, part)
                    if got.sha256 != sha:
                        raise _bad(read.path, f"berkas bukti {sha[:12]} berubah isinya")
                finally:
                    with contextlib.suppress(OSError):
                        part.unlink()
    except NotAZip:
        raise _bad(read.path, "bukan berkas zip paket kerja ZI Desktop") from None
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise _bad(read.path, f"zip rusak ({exc})") from None
    except OSError as exc:
        raise os_error(exc, ws.path) from None


def _content(read: _Read) -> team.PacketContent:
    m, p = read.manifest, read.path
    ident = m.get("workspace")
    if not isinstance(ident, dict) or not isinstance(ident.get("workspace_uid"), str):
        raise _bad(p, "identitas workspace di manifest tidak sah")
    base = read.doc.get("base")
    _check_doc(base, p, changes=False)
    assert isinstance(base, dict)
    if team.digest(base) != read.doc.get("base_sha256"):
        raise _bad(p, "isi dasar paket tidak cocok dengan checksum-nya (paket diubah)")
    soal = m.get("soal")
    if not isinstance(soal, list) or not all(isinstance(s, int) for s in soal) or set(map(str, soal)) != set(base):
        raise _bad(p, "daftar soal di manifest tidak cocok dengan isinya")
    return team.PacketContent(
        _text(m.get("packet_id"), "id paket", p),
        ident,
        _text(m.get("pic"), "nama PIC", p),
        sorted(soal),
        base,
        str(read.doc.get("base_sha256")),
        str(m.get("made_at") or ""),
        _text(m.get("made_by") or "koordinator", "pembuat paket", p),
    )


def open_packet(zip_path: Path | str, member_path: Path | str) -> tuple[team.MergeReport, bool]:
    """Open a packet into a member's workspace (made here when the folder is new or empty).
    Returns the report and whether the workspace was created."""
    read = read_packet(zip_path, "paket")
    content = _content(read)
    root = Path(member_path)
    fresh = not is_workspace(root)
    if fresh:
        ident = content.identity
        made_folder = not root.exists()
        ws = create_workspace(
            root,
            unit_name=str(ident.get("unit_name") or "Unit"),
            year=int(ident.get("year") or 2026),
            target=str(ident.get("target") or "WBK"),
            unit_id=str(ident.get("unit_id") or "") or None,
        )
    else:
        made_folder = False
        ws = open_workspace(root)
    try:
        _check_values(ws, read.path, {s: q["fields"] for s, q in content.base.items()})
        wanted = {str(i["sha256"]) for q in content.base.values() for i in q["evidence"] if i["kind"] == "file"}
        _store_blobs(ws, read, wanted)
        report = team.open_packet(ws, content, fresh=fresh)
    except BaseException:
        ws.close()
        if fresh:
            if made_folder:
                shutil.rmtree(root, ignore_errors=True)
            else:
                for sub in (
                    "blobs",
                    "backups",
                    "tmp",
                    "workspace.sqlite",
                    "workspace.sqlite-wal",
                    "workspace.sqlite-shm",
                ):
                    target = root / sub
                    if target.is_dir():
                        shutil.rmtree(target, ignore_errors=True)
                    else:
                        with contextlib.suppress(OSError):
                            target.unlink()
        raise
    ws.close()
    return report, fresh


def _outgoing(read: _Read) -> team.Outgoing:
    m, p = read.manifest, read.path
    changes = read.doc.get("changes")
    _check_doc(changes, p, changes=True)
    assert isinstance(changes, dict)
    seq = m.get("seq")
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        raise _bad(p, "nomor urut kiriman tidak sah")
    return team.Outgoing(
        _text(m.get("return_id"), "id paket balik", p),
        _text(m.get("packet_id"), "id paket", p),
        _text(m.get("base_sha256"), "checksum dasar", p),
        _text(m.get("workspace_uid"), "identitas workspace", p),
        _text(m.get("member"), "nama anggota", p),
        seq,
        changes,
    )


def receive_packet(ws: Workspace, zip_path: Path | str, *, dry_run: bool) -> team.MergeReport:
    """Preview or merge a member's packet back into the coordinator's workspace."""
    read = read_packet(zip_path, "balik")
    out = _outgoing(read)
    if out.origin != team.workspace_uid(ws):
        unit = read.manifest.get("unit_name")
        raise _bad(
            read.path,
            f"paket dari workspace lain ({unit}), bukan dari workspace {ws.unit_name} di {ws.path}",
        )
    _check_values(
        ws, read.path, {s: {f: v["value"] for f, v in ch.get("fields", {}).items()} for s, ch in out.changes.items()}
    )
    try:
        if not dry_run:
            if team.receive(ws, out, dry_run=True).already:
                return team.receive(ws, out, dry_run=True)
            _store_blobs(ws, read, set(out.files))
        return team.receive(ws, out, dry_run=dry_run)
    except UserError as exc:
        if read.path.name in str(exc):
            raise
        raise UserError(f"paket {read.path.name}: {exc}") from None
