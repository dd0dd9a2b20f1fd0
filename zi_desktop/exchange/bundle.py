"""The portal package: one zip with everything a unit hands to PortalRB and its evaluators.

    LKE-<unit>-<year>.xlsx   the workbook in PortalRB's "Jawaban" layout, live formulas (xlsx_export)
    jawaban-unit.json        exactly PortalRB's `jawaban-unit` document for this unit
    bukti/...                every evidence file once per question, in a readable, Windows-safe tree
    ringkasan.html           a self-contained summary in Indonesian
    manifest.json            format, versions, unit, catalog, score summary, size + sha256 of every file

The zip is written to a temporary name beside the target, fsynced, renamed at the end and the folder
fsynced; evidence is copied in chunks (never the whole bundle in memory), its stored sha256 checked
against the bytes as they are packed (on the other core), each member stored or deflated by a
sample of its first block. `verify_bundle` (bundle_verify.py, re-exported here) checks a bundle
against its manifest, streaming, in bounded memory.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import hashlib
import html
import json
import os
import tempfile
import threading
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

from zi_desktop import __version__
from zi_desktop.durable import fsync_file, replace_durably
from zi_desktop.errors import UserError
from zi_desktop.exchange.bundle_verify import BUNDLE_LIMITS as BUNDLE_LIMITS
from zi_desktop.exchange.bundle_verify import CHUNK as CHUNK
from zi_desktop.exchange.bundle_verify import FORMAT as FORMAT
from zi_desktop.exchange.bundle_verify import FORMAT_VERSION as FORMAT_VERSION
from zi_desktop.exchange.bundle_verify import MANIFEST as MANIFEST
from zi_desktop.exchange.bundle_verify import MAX_BUNDLE_ENTRIES as MAX_BUNDLE_ENTRIES
from zi_desktop.exchange.bundle_verify import MAX_RATIO as MAX_RATIO
from zi_desktop.exchange.bundle_verify import Progress as Progress
from zi_desktop.exchange.bundle_verify import VerifyReport as VerifyReport
from zi_desktop.exchange.bundle_verify import _check
from zi_desktop.exchange.bundle_verify import manifest_items_limit as manifest_items_limit
from zi_desktop.exchange.bundle_verify import manifest_limit as manifest_limit
from zi_desktop.exchange.bundle_verify import verify_bundle as verify_bundle
from zi_desktop.exchange.safe_names import safe_file_stem, safe_part, shorten_file_name, shorten_words, unique_name
from zi_desktop.lke.answers import ANSWER_FIELDS, Value
from zi_desktop.lke.answers import format_decimal as _n
from zi_desktop.lke.catalog import Catalog
from zi_desktop.lke.readiness import without_evidence
from zi_desktop.lke.scoring import ScoreResult, score
from zi_desktop.reports.summary import summary_rows
from zi_desktop.workspace.blobs import clean_stale_parts, os_error

if TYPE_CHECKING:  # the workbook module loads only when a bundle is written
    from zi_desktop.exchange.xlsx_export import RecordLike

JSON_NAME = "jawaban-unit.json"
RESPONSES_NAME = "reviu-tanggapan.json"  # only when the unit answered a TPI review
RESPONSES_FORMAT = "zi-desktop-tanggapan"
HTML_NAME = "ringkasan.html"
EVIDENCE_ROOT = "bukti"
MAX_ZIP_PATH = 200


class WorkspaceLike(Protocol):
    """What export needs of a workspace (zi_desktop.workspace.store.Workspace fits)."""

    catalog: Catalog
    unit_name: str
    unit_id: str
    year: int

    def records(self) -> Mapping[int, Any]: ...
    def evidence(self, soal_id: int | None = None) -> Sequence[Any]: ...
    def blob_path(self, sha256: str) -> Path: ...
    def mark_exported(self, at: str) -> None: ...
    def chain_head(self) -> tuple[int, str]: ...


@dataclass(frozen=True)
class BundleFile:
    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class BundleReport:
    path: Path
    files: tuple[BundleFile, ...]
    evidence_files: int
    evidence_bytes: int
    total: float
    predicate: str | None
    created_at: str
    missing_blobs: tuple[str, ...] = ()


# -- evidence tree ------------------------------------------------------------------------------


def question_folder(cat: Catalog, soal_id: int) -> str:
    """`bukti/<area no>. <area>/<Pemenuhan|Reform> - <sub-area>/<soal_id> <short question>`, each part safe."""
    s = cat.soal[soal_id]
    chain = cat.ancestors(s.node_id)
    area = next((n for n in chain if n.level == "area"), None)
    if area is None or area.area_no is None:  # hasil
        top = f"{len(cat.area_numbers()) + 1}. Hasil"
        subs = [n.name for n in chain if n.level in ("sub_komponen", "sub_area")]
    else:
        top = f"{area.area_no}. {area.short_name or area.name}"
        part = (area.part or "").capitalize()
        subs = [n.name for n in chain[chain.index(area) + 1 :]]
        if subs and part:
            subs[0] = f"{part} - {subs[0]}"
    parts = [EVIDENCE_ROOT, safe_part(top, max_len=60)] + [safe_part(shorten_words(x, 60), max_len=60) for x in subs]
    base = "/".join(parts)
    room = MAX_ZIP_PATH - len(base) - 1 - 60  # leave ~60 characters for the file name
    words = max(12, min(70, room - len(str(soal_id)) - 1))
    return f"{base}/{safe_part(f'{soal_id} {shorten_words(s.text, words)}', max_len=words + 8)}"


def evidence_paths(cat: Catalog, items: Iterable[Any]) -> dict[int, str]:
    """Zip path of every evidence file (by evidence id), deterministic: same workspace, same paths.

    One file per question and content (the same file attached twice to a question is packed once);
    files of one question with the same name get " (2)", " (3)"... in evidence id order."""
    by_soal: dict[int, list[Any]] = {}
    for it in items:
        if it.kind == "file" and it.sha256 and it.soal_id in cat.soal:
            by_soal.setdefault(it.soal_id, []).append(it)
    out: dict[int, str] = {}
    for sid in sorted(by_soal):
        folder = question_folder(cat, sid)
        taken: set[str] = set()
        seen_hash: dict[str, str] = {}
        for it in sorted(by_soal[sid], key=lambda e: e.id):
            if it.sha256 in seen_hash:
                out[it.id] = seen_hash[it.sha256]
                continue
            room = max(24, MAX_ZIP_PATH - len(folder) - 1 - 6)
            name = shorten_file_name(safe_part(it.name or "berkas", max_len=room), room)
            path = f"{folder}/{unique_name(name, taken)}"
            seen_hash[it.sha256] = path
            out[it.id] = path
    return out


def folder_map(cat: Catalog) -> dict[str, set[int]]:
    """Every folder of the evidence tree (question, sub-area, area, root) -> the soal under it.
    Question folders of every soal are included, even without files, so links can name them."""
    out: dict[str, set[int]] = {}
    for sid in cat.soal:
        folder = question_folder(cat, sid)
        parts = folder.split("/")
        for k in range(1, len(parts) + 1):
            out.setdefault("/".join(parts[:k]), set()).add(sid)
    return out


# -- writing ------------------------------------------------------------------------------------


def portal_value(v: Value | None) -> str | None:
    """PortalRB carries answers as strings: choice keys as they are, numbers without padding ("12", "3.6")."""
    if v is None:
        return None
    if isinstance(v, bool):
        return "Ya" if v else "Tidak"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    return str(v)


# -- the evidence string (bukti_dukung_unit) ------------------------------------------------------

EVIDENCE_SEPARATOR = "\n"
"""`bukti_dukung_unit` holds one evidence item per line, in the order the unit added them:
a link's URL; a text item's text (its own line breaks become spaces); a file as `name: path` with
the path inside the bundle (`bukti/...`), or `name: URL` once `links` gave that file a share link.
The question's typed evidence text (and folder links from `links`) follows, line by line; a line
already given is not repeated."""


@dataclass(frozen=True)
class _Record:
    soal_id: int
    jawaban_unit: Value | None = None
    jawaban_tpi: Value | None = None
    catatan_unit: str | None = None
    catatan_tpi: str | None = None
    bukti_dukung_unit: str | None = None


def file_line(name: str, where: str) -> str:
    """The line of a file in `bukti_dukung_unit`: its name, then its path in the bundle or its link."""
    return f"{_one_line(name)}: {where}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def evidence_text(items: Sequence[Any], paths: Mapping[int, str], typed: str | None) -> str | None:
    """The `bukti_dukung_unit` of one question: every evidence item of `items` (in id order, that is
    the order they were added), then the lines of the typed text not already given.

    A typed line `<file name in the bundle>: <http(s) URL>` (what `links` writes for a file row) is the
    link-back of that file: it replaces the file's path and is not repeated."""
    typed_lines = [ln.strip() for ln in (typed or "").splitlines() if ln.strip()]
    links: dict[str, str] = {}
    for ln in typed_lines:
        name, sep, url = ln.partition(": ")
        if sep and url.startswith(("http://", "https://")) and " " not in url:
            links.setdefault(name, url)
    out: list[str] = []
    used: set[str] = set()
    for it in sorted(items, key=lambda e: e.id):
        if it.kind == "link" and it.url:
            line = _one_line(str(it.url))
        elif it.kind == "text" and it.text:
            line = _one_line(str(it.text))
        elif it.kind == "file":
            path = paths.get(it.id)
            base = path.rsplit("/", 1)[-1] if path else (it.name or "berkas")
            where = links.get(base) or path or "(berkas tidak ada di paket)"
            line = file_line(base, where)
            if base in links:
                used.add(file_line(base, links[base]))
        else:
            continue
        if line and line not in out:
            out.append(line)
    for ln in typed_lines:
        if ln not in out and ln not in used:
            out.append(ln)
    return EVIDENCE_SEPARATOR.join(out) if out else None


def records_with_evidence(cat: Catalog, records: Mapping[int, Any], items: Sequence[Any]) -> dict[int, Any]:
    """The records as PortalRB receives them: `bukti_dukung_unit` is `evidence_text` of each question
    (a question with evidence items but no other field gets a record of its own)."""
    paths = evidence_paths(cat, items)
    by_soal: dict[int, list[Any]] = {}
    for it in items:
        by_soal.setdefault(it.soal_id, []).append(it)
    out: dict[int, Any] = {}
    for sid in sorted(set(records) | {s for s in by_soal if s in cat.soal}):
        r = records.get(sid)
        text = evidence_text(by_soal.get(sid, []), paths, r.bukti_dukung_unit if r is not None else None)
        if r is None:
            out[sid] = _Record(sid, bukti_dukung_unit=text)
        else:
            out[sid] = _Record(sid, r.jawaban_unit, r.jawaban_tpi, r.catatan_unit, r.catatan_tpi, text)
    return out


def jawaban_unit_document(unit_id: str, unit_name: str, year: int, records: Mapping[int, RecordLike]) -> dict[str, Any]:
    answers = []
    for sid in sorted(records):
        r = records[sid]
        if all(getattr(r, f) is None for f in ANSWER_FIELDS):
            continue
        answers.append(
            {
                "soal_id": sid,
                "jawaban_unit": portal_value(r.jawaban_unit),
                "jawaban_tpi": portal_value(r.jawaban_tpi),
                "catatan_unit": r.catatan_unit,
                "bukti_dukung_unit": r.bukti_dukung_unit,
                "catatan_tpi": r.catatan_tpi,
            }
        )
    return {"unit_id": unit_id, "nama_unit": unit_name, "tahun": year, "answers": answers}


class _HashThread:
    """One thread that hashes the chunk handed to it while the caller packs the same chunk: one job
    in flight, in order. (threading, not concurrent.futures: that imports logging, 8 ms of start-up.)"""

    def __init__(self) -> None:
        self._todo = threading.Semaphore(0)
        self._free = threading.Semaphore(1)
        self._job: tuple[Any, bytes] | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="zi-export-sha256", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            self._todo.acquire()
            job = self._job
            if job is None:
                return
            try:
                job[0].update(job[1])
            except BaseException as exc:  # noqa: BLE001  (raised in the caller's thread by wait())
                self._error = exc
            finally:
                self._free.release()

    def submit(self, h: Any, data: bytes) -> None:
        """Hash `data` into `h` on the thread, after the job before it."""
        self._free.acquire()
        if self._error is not None:
            self._free.release()
            self._raise()
        self._job = (h, data)
        self._todo.release()

    def wait(self) -> None:
        """Until the last job is done."""
        self._free.acquire()
        self._free.release()
        self._raise()

    def _raise(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def close(self) -> None:
        self._free.acquire()
        self._job = None
        self._todo.release()
        self._thread.join()


class _HashingWriter:
    """Write-through to a zip member, counting and hashing. With a hash thread the sha256 of one
    chunk runs on the other core while zipfile's CRC and the write run here (hashlib releases the
    GIL on large buffers): the stored hash is checked against the bytes as they are packed, so a
    damaged blob is still caught, at about the cost of a plain copy."""

    def __init__(self, fh: IO[bytes], hasher: _HashThread | None = None) -> None:
        self.fh = fh
        self.h = hashlib.sha256()
        self.size = 0
        self._hasher = hasher

    def write(self, data: bytes) -> int:
        if self._hasher is None:
            self.fh.write(data)
            self.h.update(data)
        else:
            self._hasher.submit(self.h, data)  # waits for the chunk before: in order
            self.fh.write(data)
        self.size += len(data)
        return len(data)

    def done(self) -> None:
        if self._hasher is not None:
            self._hasher.wait()


SAMPLE_PIECE = 4096
SAMPLE_PIECES = 4


def compression_of(block: bytes) -> int:
    """Store or deflate a member, by its first block (up to CHUNK bytes, already read for the copy),
    never by its name: DEFLATE only when four 4 KB pieces spread over the block shrink by a tenth at
    zlib level 1 (about half a millisecond). A scan or a video, whatever its suffix, cannot shrink
    and deflating it would cost ten times a plain copy; a text file named .jpg, or an uncompressed
    PDF, does shrink."""
    if len(block) < 1024:
        return zipfile.ZIP_DEFLATED if block else zipfile.ZIP_STORED
    if len(block) <= SAMPLE_PIECE * SAMPLE_PIECES:
        sample = block
    else:
        step = (len(block) - SAMPLE_PIECE) // (SAMPLE_PIECES - 1)
        sample = b"".join(block[i * step : i * step + SAMPLE_PIECE] for i in range(SAMPLE_PIECES))
    squeezed = zlib.compressobj(1, zlib.DEFLATED, -15)
    size = len(squeezed.compress(sample)) + len(squeezed.flush())
    return zipfile.ZIP_DEFLATED if size < 0.9 * len(sample) else zipfile.ZIP_STORED


def _zinfo(name: str, when: datetime, compress_type: int) -> zipfile.ZipInfo:
    zi = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
    zi.compress_type = compress_type
    zi.external_attr = 0o644 << 16
    zi.flag_bits |= 0x800  # names are UTF-8
    return zi


def _score_summary(res: ScoreResult) -> dict[str, Any]:
    return {
        "total": res.total,
        "total_floor": res.total_floor,
        "pengungkit": res.pengungkit,
        "pemenuhan": res.pemenuhan,
        "reform": res.reform,
        "hasil": res.hasil,
        "predicate": res.predicate,
        "areas": {str(no): a.score for no, a in sorted(res.areas.items())},
        "answered": res.completeness.answered,
        "questions": res.completeness.questions,
        "shortfalls": [c.to_json() for c in res.shortfalls()],
    }


def bundle_file_name(unit_name: str, year: int, when: datetime) -> str:
    """The suggested name of a unit's bundle: `LKE-<unit>-<year>-<date>.zip`, so a coordinator who
    collects many bundles gets no two of the same name."""
    return f"LKE-{safe_file_stem(unit_name, fallback='satker')}-{year}-{when:%Y%m%d}.zip"


def _umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def usual_file_mode(path: Path) -> None:
    """Give a file made by mkstemp (0600) the mode an ordinary new file gets (0666 less the umask),
    so the user's group reads a bundle as it reads their other files."""
    if os.name == "posix":
        with contextlib.suppress(OSError):
            os.chmod(path, 0o666 & ~_umask())


def _preconditions(ws: Any) -> dict[str, list[dict[str, Any]]] | None:
    """The Tabel 5 checklist of both predicates as the team confirmed it (the hub proposes on it)."""
    if getattr(ws, "settings", None) is None:
        return None
    from zi_desktop.lke.preconditions import preconditions

    return {
        p: [{"nomor": c.number, "teks": c.text, "dikonfirmasi": c.confirmed} for c in preconditions(ws, p)]
        for p in ("WBK", "WBBM")
    }


def export_bundle(
    ws: WorkspaceLike,
    out_zip: Path | str,
    *,
    on_progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> BundleReport:
    """Write the portal package of `ws` to `out_zip` (replaced only when complete)."""
    target = Path(out_zip)
    if target.is_dir():
        raise UserError(f"{target} adalah folder; beri nama berkas .zip")
    if not target.parent.is_dir():
        raise UserError(f"folder tujuan {target.parent} tidak ada")
    cat = ws.catalog
    log_count, log_head = ws.chain_head()  # before the records: whatever they show is in the log by then
    items = list(ws.evidence())
    raw_records = dict(ws.records())
    records = records_with_evidence(cat, raw_records, items)
    paths = evidence_paths(cat, items)
    by_id = {it.id: it for it in items}
    packed: list[tuple[str, Any]] = []
    seen_paths: set[str] = set()
    for eid, path in sorted(paths.items(), key=lambda kv: kv[1]):
        if path not in seen_paths:
            seen_paths.add(path)
            packed.append((path, by_id[eid]))
    now = datetime.now().astimezone()
    created_at = now.isoformat(timespec="seconds")
    from zi_desktop.exchange.xlsx_export import WorkbookData, workbook_bytes

    data = WorkbookData(cat, ws.unit_name, ws.unit_id, ws.year, records, created_at=created_at)
    res = score(cat, data.answers())
    missing = [p for p, it in packed if not ws.blob_path(it.sha256).is_file()]
    total_steps = sum(int(it.size or 0) for _, it in packed) + 4 * CHUNK
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if on_progress is not None:
            on_progress(min(done, total_steps), total_steps)
        _check(cancel)

    xlsx_name = f"LKE-{safe_file_stem(ws.unit_name)}-{ws.year}.xlsx"
    members = len(packed) - len(missing) + 4  # workbook, JSON, summary, manifest
    if members > MAX_BUNDLE_ENTRIES:
        raise UserError(
            f"terlalu banyak berkas bukti untuk satu paket ({members - 4}; batas {MAX_BUNDLE_ENTRIES - 4}); "
            "gabungkan berkas kecil ke dalam satu PDF per soal lalu ekspor lagi"
        )
    files: list[BundleFile] = []
    # what a killed export of this bundle left beside it, 10 minutes old (a live one keeps writing)
    clean_stale_parts(target.parent, f".{glob.escape(target.name)}.*.part", older_than=600)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=str(target.parent))
    except OSError as exc:
        if exc.errno == errno.ENOENT:  # e.g. a folder that takes no files, such as /proc
            raise UserError(f"tidak dapat membuat berkas paket di folder {target.parent} ({exc.strerror})") from None
        raise os_error(exc, target.parent) from None
    os.close(fd)
    tmp = Path(tmp_name)
    usual_file_mode(tmp)

    def write_pass(stored: set[str]) -> set[str]:
        """Write the whole zip to tmp (fsynced); returns the deflated members over MAX_RATIO."""
        nonlocal done
        done = 0
        files.clear()
        deflated: dict[str, tuple[int, int]] = {}  # name -> (size, compressed size)

        def over_ratio(zf: zipfile.ZipFile, name: str) -> None:
            info = zf.getinfo(name)
            if info.compress_type == zipfile.ZIP_DEFLATED:
                deflated[name] = (info.file_size, info.compress_size)

        hasher = _HashThread()
        with tmp.open("wb") as raw, zipfile.ZipFile(raw, "w", allowZip64=True) as zf, contextlib.closing(hasher):

            def add_bytes(name: str, payload: bytes) -> None:
                method = zipfile.ZIP_STORED if name in stored else compression_of(payload[:CHUNK])
                with zf.open(_zinfo(name, now, method), "w", force_zip64=True) as fh:
                    w = _HashingWriter(fh)
                    w.write(payload)
                over_ratio(zf, name)
                files.append(BundleFile(name, w.size, w.h.hexdigest()))

            _check(cancel)
            add_bytes(xlsx_name, workbook_bytes(data, res))  # the workbook alone is small (about 60 KB)
            step(CHUNK)
            doc = jawaban_unit_document(ws.unit_id, ws.unit_name, ws.year, records)
            add_bytes(JSON_NAME, (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
            step(CHUNK)
            responses = review_responses_document(ws)  # the unit's tanggapan to a TPI review, if any
            if responses is not None:
                add_bytes(RESPONSES_NAME, (json.dumps(responses, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
            for path, it in packed:
                src = ws.blob_path(it.sha256)
                if path in missing:
                    continue
                with src.open("rb") as inp:
                    chunk = inp.read(CHUNK)
                    method = zipfile.ZIP_STORED if path in stored else compression_of(chunk)
                    with zf.open(_zinfo(path, now, method), "w", force_zip64=True) as fh:
                        w = _HashingWriter(fh, hasher)
                        while chunk:
                            w.write(chunk)
                            step(len(chunk))
                            chunk = inp.read(CHUNK)
                        w.done()
                if w.h.hexdigest() != it.sha256:
                    raise UserError(f"berkas bukti {it.name} (soal {it.soal_id}) di workspace rusak: isinya berubah")
                over_ratio(zf, path)
                files.append(BundleFile(path, w.size, w.h.hexdigest()))
            page = render_summary_html(cat, ws.unit_name, ws.year, res, records, items, paths, created_at, missing)
            add_bytes(HTML_NAME, page.encode("utf-8"))
            step(CHUNK)
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "app": {"name": "ZI Desktop", "version": __version__},
                "unit": {"id": ws.unit_id, "name": ws.unit_name},
                "tahun": ws.year,
                "catalog": {"id": cat.catalog_id, "checksum": cat.checksum},
                "created_at": created_at,
                "score": _score_summary(res),
                # the change log's head when the bundle was made: `zi-desktop check WS --manifest`
                # later tells whether the history up to here was rewritten
                "riwayat": {"entri": log_count, "hash_terakhir": log_head},
                "syarat": _preconditions(ws),
                # the unit's own evidence text per soal, as typed: `bukti_dukung_unit` in the JSON and
                # the workbook is composed from the evidence items and this text (PortalRB's field),
                # and a TPI's review keeps the unit's own text apart from the items
                "teks_bukti": {
                    str(sid): r.bukti_dukung_unit for sid, r in sorted(raw_records.items()) if r.bukti_dukung_unit
                },
                "files": [{"path": f.path, "size": f.size, "sha256": f.sha256} for f in files],
            }
            _check(cancel)
            with zf.open(_zinfo(MANIFEST, now, zipfile.ZIP_DEFLATED), "w", force_zip64=True) as fh:
                fh.write((json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
            step(CHUNK)
            zf.close()
            fsync_file(raw)  # on disk before the rename: a power cut never leaves a short bundle in place
            archive = raw.tell()
        # verify's bounds (safezip): a member over 1 MB deflated more than MAX_RATIO times, or a whole
        # archive declaring more than MAX_RATIO times its size; such members go stored in a second pass
        floor = BUNDLE_LIMITS.ratio_floor
        over = {n for n, (size, packed_size) in deflated.items() if size > MAX_RATIO * max(packed_size, 1)}
        declared = sum(f.size for f in files)
        if declared > MAX_RATIO * archive:
            return over
        return {n for n in over if deflated[n][0] > floor}

    try:
        redo = write_pass(set())
        if redo:  # rare: a member of near-constant content; stored, it can never look like a zip bomb
            write_pass(redo)
        replace_durably(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise os_error(exc, target) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    ws.mark_exported(created_at)
    ev = [f for f in files if f.path.startswith(EVIDENCE_ROOT + "/")]
    return BundleReport(
        path=target,
        files=tuple(files),
        evidence_files=len(ev),
        evidence_bytes=sum(f.size for f in ev),
        total=res.total,
        predicate=res.predicate,
        created_at=created_at,
        missing_blobs=tuple(missing),
    )


def review_responses_document(ws: Any) -> dict[str, Any] | None:
    """The unit's responses (tanggapan) and revision counts to a TPI review, for the reviewer's next
    round (exchange/review_packet.py reads them); None when the workspace has none."""
    from zi_desktop.workspace import review
    from zi_desktop.workspace.store import Workspace

    if not isinstance(ws, Workspace):
        return None
    items = [
        {"soal_id": r.soal_id, "tanggapan": r.tanggapan, "revisi": r.revisions}
        for r in review.responses(ws).values()
        if r.tanggapan or r.revisions
    ]
    return {"format": RESPONSES_FORMAT, "tanggapan": items} if items else None


# -- summary page -------------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,Segoe UI,Arial,sans-serif;margin:2em auto;max-width:60em;color:#222;line-height:1.4}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .5em;
text-align:left;vertical-align:top}th{background:#eef3f8}td.n{text-align:right;font-variant-numeric:tabular-nums}
.ok{color:#1a7f37;font-weight:bold}.no{color:#b42318;font-weight:bold}.muted{color:#666}
"""


def render_summary_html(
    cat: Catalog,
    unit_name: str,
    year: int,
    res: ScoreResult,
    records: Mapping[int, RecordLike],
    items: Sequence[Any],
    paths: Mapping[int, str],
    created_at: str,
    missing: Sequence[str] = (),
) -> str:
    e = html.escape
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="id"><head><meta charset="utf-8">',
        f"<title>Ringkasan LKE ZI {year} - {e(unit_name)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>Ringkasan LKE Zona Integritas {year}</h1>",
        f"<p>Unit kerja: <b>{e(unit_name)}</b><br>Dibuat: {e(created_at)} dengan ZI Desktop {e(__version__)}"
        f"<br>Katalog: {e(cat.catalog_id)}</p>",
        "<h2>Nilai</h2><table><tr><th>Komponen</th><th>Nilai</th><th>Bobot</th></tr>",
    ]

    for row in summary_rows(cat, res):
        label = "\u2003" * row.depth + row.label
        out.append(f'<tr><td>{e(label)}</td><td class="n">{_n(row.score)}</td><td class="n">{_n(row.weight)}</td></tr>')
    out.append("</table>")
    pred = f"Menuju {res.predicate}" if res.predicate else "belum memenuhi syarat predikat"
    out.append(f"<p>Predikat yang terpenuhi: <b>{e(pred)}</b></p>")
    for p in ("WBK", "WBBM"):
        out.append(f"<h2>Syarat Menuju {p}</h2><table><tr><th>Syarat</th><th>Nilai</th><th>Batas</th>")
        out.append("<th>Kekurangan</th><th>Status</th></tr>")
        for c in res.conditions[p]:
            pct = "%" if c.satuan == "persen" else ""
            status = '<span class="ok">terpenuhi</span>' if c.met else '<span class="no">belum</span>'
            out.append(
                f'<tr><td>{e(c.label)}</td><td class="n">{_n(c.nilai)}{pct}</td><td class="n">{_n(c.syarat)}{pct}</td>'
                f'<td class="n">{_n(c.kekurangan)}{pct}</td><td>{status}</td></tr>'
            )
        out.append("</table>")
    answered = {sid for sid, r in records.items() if r.jawaban_unit is not None}
    unanswered = [s for s in cat.soal_in_order() if s.soal_id not in answered]
    no_evidence = [cat.soal[sid] for sid in without_evidence(cat, records, items)]
    out.append(f"<h2>Belum dijawab ({len(unanswered)})</h2>")
    out.append(_soal_list(unanswered) if unanswered else '<p class="muted">Semua soal sudah dijawab.</p>')
    out.append(f"<h2>Belum ada bukti dukung ({len(no_evidence)})</h2>")
    out.append(_soal_list(no_evidence) if no_evidence else '<p class="muted">Semua soal memiliki bukti dukung.</p>')
    if res.issues:
        out.append("<h2>Kesalahan isian</h2><ul>")
        out += [f"<li>{e(i.ref)}: {e(i.message)}</li>" for i in res.issues]
        out.append("</ul>")
    files = sorted(set(paths.values()))
    out.append(f"<h2>Berkas bukti dukung dalam paket ({len(files)})</h2>")
    if files:
        out.append("<ul>" + "".join(f"<li>{e(p)}</li>" for p in files if p not in missing) + "</ul>")
    else:
        out.append('<p class="muted">Tidak ada berkas bukti dukung.</p>')
    if missing:
        out.append("<h2>Berkas bukti yang hilang dari workspace</h2><ul>")
        out += [f"<li>{e(p)}</li>" for p in missing]
        out.append("</ul>")
    links = [it for it in items if it.kind == "link" and it.url]
    if links:
        out.append(f"<h2>Tautan bukti dukung ({len(links)})</h2><ul>")
        out += [f"<li>Soal {it.soal_id}: {e(str(it.url))}</li>" for it in links]
        out.append("</ul>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _soal_list(soal: Sequence[Any]) -> str:
    e = html.escape
    return "<ul>" + "".join(f"<li>Soal {s.soal_id}: {e(s.text)}</li>" for s in soal) + "</ul>"
