"""Commands of the portal package: `export`, `verify`, `links`.

zi-desktop export WORKSPACE --out BUNDLE.zip     workbook + PortalRB JSON + bukti/ + summary + manifest
                                                 (exit 3 when problems block a submission; --strict: not written)
zi-desktop export WORKSPACE --xlsx LKE.xlsx      only the LKE workbook
zi-desktop verify BUNDLE.zip                     0 intact, 3 a file differs from the manifest, 2 not a bundle
zi-desktop links WORKSPACE LINKS.csv             fill evidence strings from (path in bukti/, share URL) rows
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from zi_desktop.cli.output import clean
from zi_desktop.errors import UserError

EXIT_MISMATCH = 3


def register(sub: Any) -> None:
    p = sub.add_parser("export", help="ekspor paket PortalRB (.zip) atau buku kerja LKE (.xlsx)")
    p.add_argument("workspace", help="folder workspace")
    p.add_argument("--out", metavar="BUNDLE.zip", help="berkas paket .zip yang ditulis")
    p.add_argument("--xlsx", metavar="LKE.xlsx", help="tulis hanya buku kerja LKE ke berkas ini")
    p.add_argument(
        "--strict",
        action="store_true",
        help="jangan tulis apa pun bila ada masalah yang menghalangi pengiriman (keluar dengan status 3)",
    )
    p.set_defaults(func=cmd_export)

    v = sub.add_parser("verify", help="periksa paket .zip terhadap manifest-nya")
    v.add_argument("bundle", help="berkas paket .zip")
    v.set_defaults(func=cmd_verify)

    lk = sub.add_parser("links", help="isi tautan bukti dukung dari daftar CSV (path di bukti/, tautan)")
    lk.add_argument("workspace", help="folder workspace")
    lk.add_argument("csv", help="berkas CSV: path di dalam bukti/ dan tautan berbagi, dipisah koma atau titik koma")
    lk.add_argument("--dry-run", action="store_true", help="hanya pratinjau, tidak menyimpan")
    lk.set_defaults(func=cmd_links)


def _out(lines: list[str]) -> None:
    sys.stdout.write("\n".join(clean(line) for line in lines) + "\n")


def cmd_export(args: argparse.Namespace) -> int:
    from zi_desktop.exchange.bundle import export_bundle
    from zi_desktop.exchange.xlsx_export import write_workbook  # not xlsx_io: the reader imports openpyxl
    from zi_desktop.lke.answers import format_decimal as _n
    from zi_desktop.workspace.store import open_workspace

    if not args.out and not args.xlsx:
        raise UserError("sebutkan --out BUNDLE.zip (paket) atau --xlsx LKE.xlsx (buku kerja saja)")
    if args.out and not args.out.lower().endswith(".zip"):
        raise UserError(f"berkas paket harus berakhiran .zip: {args.out}")
    with open_workspace(args.workspace) as ws:
        from zi_desktop.lke.readiness import submission_check

        blocking = submission_check(ws).blocking
        if blocking and args.strict:
            _blocking_lines(blocking, written=False)
            return EXIT_MISMATCH
        for target in (args.xlsx, args.out):
            if target:
                _make_folder(Path(target).parent)
        if args.xlsx:
            write_workbook(ws, Path(args.xlsx))
            _out([f"Buku kerja LKE tersimpan: {args.xlsx}"])
        if args.out:
            rep = export_bundle(ws, Path(args.out))
            pred = f"Menuju {rep.predicate}" if rep.predicate else "belum memenuhi syarat predikat"
            lines = [
                f"Paket tersimpan: {rep.path}",
                f"  berkas: {len(rep.files) + 1} (termasuk manifest), bukti dukung: {rep.evidence_files} berkas, "
                f"{rep.evidence_bytes} bita",
                f"  nilai total: {_n(rep.total)} ({pred})",
            ]
            if rep.missing_blobs:
                lines.append(
                    f"  PERINGATAN: {len(rep.missing_blobs)} berkas bukti hilang dari workspace, tidak dikemas:"
                )
                lines += [f"    {m}" for m in rep.missing_blobs]
            _out(lines)
        if blocking:
            _blocking_lines(blocking, written=True)
            return EXIT_MISMATCH
    return 0


def _make_folder(folder: Path) -> None:
    """The destination folder, created when it does not exist yet (as a save dialog would)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"folder tujuan {folder} tidak dapat dibuat ({exc.strerror or exc})") from None


def _blocking_lines(blocking: list[tuple[int | None, str]], *, written: bool) -> None:
    """What stops a submission, on stderr: the count, then each problem (the first 20 and how many more)."""
    head = (
        f"Perhatian: paket sudah ditulis, tetapi ada {len(blocking)} masalah yang menghalangi pengiriman:"
        if written
        else f"Tidak ditulis (--strict): ada {len(blocking)} masalah yang menghalangi pengiriman:"
    )
    lines = [head] + [f"  - {text}" for _sid, text in blocking[:20]]
    if len(blocking) > 20:
        lines.append(f"  ... dan {len(blocking) - 20} lagi (lihat: zi-desktop check WORKSPACE)")
    sys.stderr.write("\n".join(lines) + "\n")


def cmd_verify(args: argparse.Namespace) -> int:
    from zi_desktop.exchange.bundle_verify import verify_bundle

    rep = verify_bundle(Path(args.bundle))
    if rep.ok:
        _out([f"Paket utuh: {rep.checked} berkas cocok dengan manifest ({args.bundle})"])
        return 0
    lines = [f"Paket TIDAK utuh: {len(rep.problems)} masalah ({args.bundle})"]
    lines += [f"  {p}" for p in rep.problems]
    _out(lines)
    return EXIT_MISMATCH


def cmd_links(args: argparse.Namespace) -> int:
    from zi_desktop.exchange.links import apply_links
    from zi_desktop.workspace.store import open_workspace

    with open_workspace(args.workspace) as ws:
        rep = apply_links(ws, Path(args.csv), dry_run=args.dry_run)
    verb = "akan diisi" if args.dry_run else "diisi"
    lines = [
        f"Tautan dari {args.csv}: {rep.rows} baris, {len(rep.updated)} soal {verb}, {len(rep.unchanged)} soal sudah sama"
    ]
    if rep.unmatched:
        lines.append(f"Baris yang tidak cocok dengan folder/berkas mana pun di bukti/ ({len(rep.unmatched)}):")
        lines += [f"  {u}" for u in rep.unmatched]
    if rep.problems:
        lines.append(f"Baris yang ditolak ({len(rep.problems)}):")
        lines += [f"  {p}" for p in rep.problems]
    _out(lines)
    return 0
