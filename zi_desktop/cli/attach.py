"""`attach`: evidence files for one or many soal in one call, a link, or a short text.

    zi-desktop attach WS 7 a.pdf b.pdf                 files for soal 7 (as before)
    zi-desktop attach WS 7 a.pdf --soal 12 c.pdf d.jpg  and for soal 12, in the same call
    zi-desktop attach WS --dari-folder BUKTI [--pratinjau]
                                                       7_SK_Tim.pdf -> soal 7, BUKTI/12/... -> soal 12
    zi-desktop attach WS 7 --link URL [--title T]  /  --text TEKS

All files of one call are attached together or not at all (`Workspace.attach_many`): a missing,
unreadable, empty or too big file, a folder, a device or a number that is no soal stops the whole
call before anything is copied, and the message names the file and the soal.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from zi_desktop.cli.output import clean
from zi_desktop.errors import UserError

PROGRESS_FROM = 20 * 1024 * 1024  # a progress line on a terminal from this many bytes on


def register(sub: Any) -> None:
    p = sub.add_parser(
        "attach",
        help="lampirkan bukti dukung: berkas untuk satu atau banyak soal, tautan, atau teks",
        description=(
            "Lampirkan bukti dukung. Berkas: SOAL BERKAS... lalu --soal SOAL BERKAS... untuk soal lain, atau "
            "--dari-folder FOLDER (nama berkas/subfolder diawali nomor soal, mis. 7_SK_Tim.pdf atau 7/). "
            "Semua berkas satu perintah dilampirkan bersama, atau tidak sama sekali bila ada yang bermasalah."
        ),
    )
    p.add_argument("workspace")
    p.add_argument("soal_id", nargs="?", metavar="SOAL")
    p.add_argument("files", nargs="*", metavar="BERKAS")
    p.add_argument(
        "--soal",
        dest="groups",
        action="append",
        nargs="+",
        default=[],
        metavar=("SOAL", "BERKAS"),
        help="berkas untuk soal lain dalam perintah yang sama (boleh berulang)",
    )
    p.add_argument(
        "--dari-folder",
        metavar="FOLDER",
        help="lampirkan isi folder menurut nomor soal di awal nama berkas atau subfolder",
    )
    p.add_argument("--pratinjau", action="store_true", help="hanya tampilkan pembagian berkas, tidak melampirkan")
    p.add_argument("--link", metavar="URL", help="tautan bukti dukung")
    p.add_argument("--title", help="judul tautan")
    p.add_argument("--text", help="bukti dukung berupa teks singkat")
    p.set_defaults(func=cmd_attach)
    _take_loose_words(p)


def _take_loose_words(p: argparse.ArgumentParser) -> None:
    """`attach WS --link URL 7` (the soal after an option) worked when SOAL was required; argparse
    leaves such words over now that SOAL is optional, so they are taken as SOAL and BERKAS here."""
    parse = p.parse_known_args

    def parse_known_args(args: Any = None, namespace: Any = None) -> Any:
        ns, extras = parse(args, namespace)
        loose = [a for a in extras if not a.startswith("-")]
        if loose and len(loose) == len(extras):
            if ns.soal_id is None:
                ns.soal_id, loose = loose[0], loose[1:]
            ns.files = [*ns.files, *loose]
            extras = []
        return ns, extras

    p.parse_known_args = parse_known_args  # type: ignore[method-assign]


def _out(lines: list[str]) -> None:
    sys.stdout.write("".join(clean(" ".join(line.splitlines())) + "\n" for line in lines))
    sys.stdout.flush()


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f}".replace(".", ",") + " MB"


class _Progress:
    """`Menyalin 120,0 / 300,0 MB (40%)` on a terminal's stderr, at most five times a second."""

    def __init__(self) -> None:
        self.shown = 0.0
        self.active = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if total < PROGRESS_FROM or (now - self.shown < 0.2 and done < total):
            return
        self.shown, self.active = now, True
        sys.stderr.write(f"\rMenyalin {_mb(done)} / {_mb(total)} ({done * 100 // max(total, 1)}%)   ")
        sys.stderr.flush()

    def end(self) -> None:
        if self.active:
            sys.stderr.write("\n")
            self.active = False


def _plan(args: argparse.Namespace, ws: Any) -> list[tuple[int, Path]]:
    """The (soal, file) pairs the arguments name, in their order."""
    from zi_desktop.lke.answers import soal_or_error

    plan: list[tuple[int, Path]] = []
    if args.files:
        if args.soal_id is None:
            raise UserError("berkas tanpa nomor soal; tulis: attach WS SOAL BERKAS...")
        sid = soal_or_error(ws.catalog, args.soal_id).soal_id
        plan += [(sid, Path(f)) for f in args.files]
    elif args.soal_id is not None and (args.groups or args.dari_folder):
        raise UserError(f"soal {args.soal_id} tanpa berkas; tulis berkasnya sesudah nomor soal")
    for group in args.groups:
        if len(group) < 2:
            raise UserError(f"--soal {group[0]} tanpa berkas; tulis: --soal SOAL BERKAS...")
        sid_raw, *files = group
        try:
            sid = soal_or_error(ws.catalog, sid_raw).soal_id
        except UserError as exc:
            raise UserError(f"{exc} (berkas {files[0]})") from None
        plan += [(sid, Path(f)) for f in files]
    if args.dari_folder:
        plan += _folder(args, ws)
    return plan


def _folder(args: argparse.Namespace, ws: Any) -> list[tuple[int, Path]]:
    from zi_desktop.workspace.blobs import plan_folder

    got = plan_folder(Path(args.dari_folder), ws.catalog.soal)
    lines = [f"Pembagian berkas dari {got.folder}:"]
    for sid, files in sorted(got.by_soal().items()):
        size = sum(_size(p) for p in files)
        names = ", ".join(str(p.relative_to(got.folder)) for p in files)
        lines.append(f"  Soal {sid}: {len(files)} berkas ({_mb(size)}): {names}")
    if got.unassigned:
        lines.append(f"Tidak dilampirkan ({len(got.unassigned)} berkas; nama tidak diawali nomor soal):")
        lines += [f"  {p.relative_to(got.folder)}" for p in got.unassigned]
    for sid, p in got.unknown:
        lines.append(f"  {p.relative_to(got.folder)}: soal {sid} tidak ada di katalog")
    _out(lines)
    if got.unknown:
        sid, p = got.unknown[0]
        raise UserError(
            f"berkas {p} menyebut soal {sid}, yang tidak ada di katalog {ws.catalog.catalog_id}; ganti nama "
            "berkasnya lalu coba lagi (tidak ada yang dilampirkan)"
        )
    if not got.assigned:
        raise UserError(
            f"tidak ada berkas di {got.folder} yang namanya diawali nomor soal (mis. 7_SK_Tim.pdf atau folder 7/)"
        )
    return got.assigned


def _size(p: Path) -> int:
    try:
        return p.stat().st_size
    except OSError:
        return 0


def cmd_attach(args: argparse.Namespace) -> int:
    from zi_desktop.workspace.store import open_workspace

    has_files = bool(args.files or args.groups or args.dari_folder)
    kinds = sum(1 for k in (has_files, args.link, args.text) if k)
    if kinds != 1:
        raise UserError(
            "lampirkan tepat satu jenis bukti: SOAL BERKAS... (dengan --soal atau --dari-folder), --link URL, "
            "atau --text TEKS"
        )
    if args.pratinjau and not args.dari_folder:
        raise UserError("--pratinjau hanya bersama --dari-folder")
    with open_workspace(args.workspace, read_only=args.pratinjau) as ws:
        if not has_files:
            if args.soal_id is None:
                raise UserError("nomor soal belum ditulis; tulis: attach WS SOAL --link URL (atau --text TEKS)")
            from zi_desktop.lke.answers import soal_or_error

            sid = soal_or_error(ws.catalog, args.soal_id).soal_id
            item = ws.attach_link(sid, args.link, args.title) if args.link else ws.attach_text(sid, args.text)
            _warn_backup(ws)
            _out([f"Bukti #{item.id} terlampir pada soal {sid}: {item.describe()}"])
            return 0
        plan = _plan(args, ws)
        if args.pratinjau:
            _out([f"Pratinjau saja: {len(plan)} berkas untuk {len({s for s, _ in plan})} soal belum dilampirkan."])
            return 0
        progress = _Progress() if sys.stderr.isatty() else None
        try:
            items = ws.attach_many(plan, on_progress=progress)
        finally:
            if progress is not None:
                progress.end()
        _warn_backup(ws)
        _out([f"Bukti #{e.id} terlampir pada soal {e.soal_id}: {e.describe()}" for e in items])
        soal = {e.soal_id for e in items}
        if len(items) > 1:
            _out([f"{len(items)} berkas terlampir pada {len(soal)} soal ({_mb(sum(e.size or 0 for e in items))})."])
        from zi_desktop.lke.readiness import large_file_note, max_file_mb

        limit = max_file_mb(ws.settings())
        _out([f"Perhatian: {n}" for n in (large_file_note(e, limit) for e in items) if n])
    return 0


def _warn_backup(ws: Any) -> None:
    if ws.backup_warning:
        sys.stderr.write(f"Peringatan: {clean(ws.backup_warning)}\n")
