"""The TPI review round trip and the printed reports on the command line.

zi-desktop review open BUNDLE.zip REVIEW_WS --tier T --reviewer R [--atas HASIL.zip]...
zi-desktop review status REVIEW_WS SOAL STATUS [--jawaban V] [--catatan T]
zi-desktop review area REVIEW_WS AREA TEKS          note per area ('' clears it)
zi-desktop review rekomendasi REVIEW_WS [TEKS]...   add recommendations, or list them
zi-desktop review ringkasan WS [--json]             scores per area side by side, every difference
zi-desktop review export REVIEW_WS --out HASIL.zip
zi-desktop review import WS HASIL.zip [--pilih lama|baru]
zi-desktop review update REVIEW_WS BUNDLE.zip
zi-desktop review tanggapan WS SOAL TEKS            the unit's response to a finding
zi-desktop review tingkat WS [NAMA]                 tiers held; which one becomes jawaban_tpi
zi-desktop laporan WS --jenis lhe|mandiri --out FILE.pdf [--tingkat NAMA]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from zi_desktop.errors import UserError
from zi_desktop.lke.answers import format_decimal as _n

MAX_LISTED = 200


def register(sub: Any) -> None:
    from zi_desktop.cli.main import _Parser

    r = sub.add_parser("review", help="reviu TPI: buka paket unit, nilai, ekspor/impor hasil reviu")
    rs = r.add_subparsers(dest="review_command", metavar="SUB", parser_class=_Parser, required=True)

    p = rs.add_parser("open", help="buka paket unit (.zip) sebagai workspace reviu TPI")
    p.add_argument("bundle", help="paket unit .zip (dari zi-desktop export)")
    p.add_argument("workspace", help="folder workspace reviu yang dibuat")
    p.add_argument("--tier", required=True, help="nama tingkat reviu, mis. 'TPI Unit' atau 'TPI Kementerian'")
    p.add_argument("--reviewer", required=True, help="nama reviewer")
    p.add_argument(
        "--atas",
        action="append",
        default=[],
        metavar="HASIL.zip",
        help="hasil reviu tingkat sebelumnya (boleh berulang)",
    )
    p.set_defaults(func=cmd_open)

    p = rs.add_parser("status", help="status reviu satu soal (dan jawaban/catatan TPI)")
    p.add_argument("workspace")
    p.add_argument("soal_id")
    p.add_argument("status", help="'belum direviu', 'sesuai' atau 'perlu perbaikan'")
    p.add_argument("--jawaban", default=None, help="jawaban TPI")
    p.add_argument("--catatan", default=None, help="catatan TPI")
    p.set_defaults(func=cmd_status)

    p = rs.add_parser("area", help="catatan TPI untuk satu area (1-6 atau hasil)")
    p.add_argument("workspace")
    p.add_argument("area")
    p.add_argument("teks", help="catatan; '' menghapusnya")
    p.set_defaults(func=cmd_area)

    p = rs.add_parser("rekomendasi", help="tambah rekomendasi, atau tampilkan")
    p.add_argument("workspace")
    p.add_argument("teks", nargs="*")
    p.add_argument("--hapus-semua", action="store_true", help="hapus semua rekomendasi dulu")
    p.set_defaults(func=cmd_rekomendasi)

    p = rs.add_parser("ringkasan", help="nilai unit dan TPI per area, dan setiap perbedaan")
    p.add_argument("workspace")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_ringkasan)

    p = rs.add_parser("export", help="ekspor hasil reviu (.zip, dengan LHE PDF)")
    p.add_argument("workspace")
    p.add_argument("--out", required=True, metavar="HASIL.zip")
    p.set_defaults(func=cmd_export)

    p = rs.add_parser("import", help="terima hasil reviu TPI di workspace unit")
    p.add_argument("workspace")
    p.add_argument("packet", metavar="HASIL.zip")
    p.add_argument("--pilih", choices=("lama", "baru"), help="bila tingkat yang sama sudah mengirim hasil berbeda")
    p.set_defaults(func=cmd_import)

    p = rs.add_parser("update", help="buka paket unit berikutnya pada reviu yang sama")
    p.add_argument("workspace")
    p.add_argument("bundle")
    p.set_defaults(func=cmd_update)

    p = rs.add_parser("tanggapan", help="tanggapan unit atas temuan TPI pada satu soal")
    p.add_argument("workspace")
    p.add_argument("soal_id")
    p.add_argument("teks", help="tanggapan; '' menghapusnya")
    p.set_defaults(func=cmd_tanggapan)

    p = rs.add_parser("tingkat", help="tingkat reviu yang tersimpan; pilih yang menjadi jawaban_tpi")
    p.add_argument("workspace")
    p.add_argument("nama", nargs="?")
    p.set_defaults(func=cmd_tingkat)

    p = sub.add_parser("laporan", help="laporan PDF: LHE (hasil reviu TPI) atau penilaian mandiri unit")
    p.add_argument("workspace")
    p.add_argument("--jenis", choices=("lhe", "mandiri"), required=True)
    p.add_argument("--out", required=True, metavar="FILE.pdf")
    p.add_argument("--tingkat", default=None, help="tingkat reviu untuk LHE (default: yang dipakai jawaban_tpi)")
    p.set_defaults(func=cmd_laporan)


def _out(lines: list[str]) -> None:
    sys.stdout.write("\n".join(lines) + "\n")


def _soal(ws: Any, raw: str) -> int:
    from zi_desktop.lke.answers import soal_or_error

    return soal_or_error(ws.catalog, raw).soal_id


def _ids(ids: list[int], limit: int = 40) -> str:
    text = ", ".join(str(i) for i in ids[:limit])
    return text + (f", ... {len(ids) - limit} lagi" if len(ids) > limit else "")


def cmd_open(args: argparse.Namespace) -> int:
    from zi_desktop.exchange.review_packet import open_review

    rep = open_review(Path(args.bundle), Path(args.workspace), tier=args.tier, reviewer=args.reviewer, on_top=args.atas)
    lines = [
        f"Workspace reviu dibuat: {rep.path}",
        f"  Unit: {rep.unit_name}  Tingkat: {rep.tier}  Reviewer: {rep.reviewer}",
        f"  {rep.answered} jawaban unit, {rep.evidence_files} berkas bukti (hanya-baca)",
    ]
    if rep.earlier_tiers:
        lines.append(f"  Hasil tingkat sebelumnya: {', '.join(rep.earlier_tiers)}")
    _out(lines)
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from zi_desktop.workspace import review as rv
    from zi_desktop.workspace.store import open_workspace

    with open_workspace(args.workspace) as ws:
        sid = _soal(ws, args.soal_id)
        rv.review_edit(ws, sid, answer=args.jawaban, note=args.catatan, status=args.status)
        rec = ws.record(sid)
        _out(
            [
                f"Soal {sid} (TPI): status {rv.status_of(ws, sid)}, jawaban TPI {rv.describe_value(rec.jawaban_tpi)}, "
                f"jawaban unit {rv.describe_value(rec.jawaban_unit)}"
            ]
        )
    return 0


def cmd_area(args: argparse.Namespace) -> int:
    from zi_desktop.workspace import review as rv
    from zi_desktop.workspace.store import open_workspace

    with open_workspace(args.workspace) as ws:
        rv.set_area_note(ws, args.area, args.teks)
        notes = rv.area_notes(ws)
    _out([f"Catatan {k}: {v}" for k, v in notes.items()] or ["Tidak ada catatan area"])
    return 0


def cmd_rekomendasi(args: argparse.Namespace) -> int:
    from zi_desktop.workspace import review as rv
    from zi_desktop.workspace.store import open_workspace

    with open_workspace(args.workspace) as ws:
        current = [] if args.hapus_semua else rv.recommendations(ws)
        if args.teks or args.hapus_semua:
            rv.set_recommendations(ws, [*current, *args.teks])
        recs = rv.recommendations(ws)
    _out([f"Rekomendasi ({len(recs)}):"] + [f"  {i}. {t}" for i, t in enumerate(recs, 1)])
    return 0


def summary_data(ws: Any) -> dict[str, Any]:
    from zi_desktop.workspace import review as rv

    info = rv.review_info(ws)
    cmp = rv.compare(ws)
    changes = rv.unit_changes(ws) if info else {}
    resp = rv.responses(ws)
    return {
        "unit": ws.unit_name,
        "tahun": ws.year,
        "reviu": None
        if info is None
        else {"tier": info.tier, "reviewer": info.reviewer, "round": info.round, "bundle_sha256": info.bundle_hash},
        "tiers": [t.tier for t in rv.tiers(ws)] + ([info.tier] if info else []),
        "jawaban_tpi_dari": None if info else rv.chosen_tier(ws),
        "total": {"unit": cmp.unit.total, **{t: r.total for t, r in cmp.tiers.items()}},
        "areas": [{"area": a.area, "nama": a.name, "bobot": a.weight, "unit": a.unit, **a.tiers} for a in cmp.areas],
        "differences": [{"soal_id": d.soal_id, "tier": d.tier, "unit": d.unit, "tpi": d.tpi} for d in cmp.differences],
        "reviewed": cmp.reviewed,
        "perlu_perbaikan": rv.needs_fixing(ws),
        "unit_changes": {
            str(sid): [{"jenis": c.kind, "rincian": c.detail} for c in items] for sid, items in changes.items()
        },
        "tanggapan": {str(sid): {"tanggapan": r.tanggapan, "revisi": r.revisions} for sid, r in resp.items()},
    }


def cmd_ringkasan(args: argparse.Namespace) -> int:
    from zi_desktop.workspace import review as rv
    from zi_desktop.workspace.store import open_workspace

    with open_workspace(args.workspace, read_only=True) as ws:
        data = summary_data(ws)
        cat = ws.catalog
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    tiers = [t for t in data["total"] if t != "unit"]
    title = f"Reviu TPI {data['unit']} ({data['tahun']})"
    lines = [title, "=" * len(title)]
    if data["reviu"]:
        r = data["reviu"]
        lines.append(f"Tingkat {r['tier']}, reviewer {r['reviewer']}, putaran {r['round']}")
    if not tiers:
        lines.append("Belum ada hasil reviu TPI di workspace ini")
    head = f"{'Area':<40}{'Bobot':>8}{'Unit':>9}" + "".join(f"{t[:12]:>14}" for t in tiers)
    lines += ["", head, "-" * len(head)]
    for a in data["areas"]:
        label = rv.area_label(cat, a["area"])[:39]
        lines.append(f"{label:<40}{_n(a['bobot']):>8}{_n(a['unit']):>9}" + "".join(f"{_n(a[t]):>14}" for t in tiers))
    lines.append("-" * len(head))
    lines.append(
        f"{'NILAI TOTAL':<48}{_n(data['total']['unit']):>9}" + "".join(f"{_n(data['total'][t]):>14}" for t in tiers)
    )
    if data["jawaban_tpi_dari"]:
        lines.append(f"jawaban_tpi (PortalRB) dari tingkat: {data['jawaban_tpi_dari']}")
    diffs = data["differences"]
    lines += ["", f"Jawaban TPI yang berbeda dari jawaban unit ({len(diffs)}):"]
    for d in diffs[:MAX_LISTED]:
        lines.append(
            f"  Soal {d['soal_id']} [{d['tier']}]: unit {rv.describe_value(d['unit'])}, TPI {rv.describe_value(d['tpi'])}"
        )
    fix = data["perlu_perbaikan"]
    lines.append(f"Perlu perbaikan ({len(fix)}): {_ids(fix) if fix else '-'}")
    if data["unit_changes"]:
        lines.append(f"Diubah unit sejak paket sebelumnya ({len(data['unit_changes'])} soal):")
        for sid, items in data["unit_changes"].items():
            lines.append(f"  Soal {sid}: " + "; ".join(f"{c['jenis']} {c['rincian']}" for c in items))
    for sid, t in data["tanggapan"].items():
        if t["tanggapan"] or t["revisi"]:
            lines.append(f"  Soal {sid}: putaran perbaikan {t['revisi']}, tanggapan: {t['tanggapan'] or '-'}")
    _out(lines)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from zi_desktop.exchange.review_packet import export_review
    from zi_desktop.workspace.store import open_workspace

    with open_workspace(args.workspace) as ws:
        rep = export_review(ws, Path(args.out))
    _out(
        [
            f"Hasil reviu tersimpan: {rep.path}",
            f"  {rep.reviewed} soal direviu, {rep.perlu_perbaikan} perlu perbaikan; LHE: {rep.pdf_name}",
        ]
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from zi_desktop.exchange.review_packet import ReviewConflict, import_review
    from zi_desktop.workspace.store import open_workspace

    with open_workspace(args.workspace) as ws:
        try:
            rep = import_review(ws, Path(args.packet), pilih=args.pilih)
        except ReviewConflict as exc:
            lines = [f"Hasil reviu berbeda ({len(exc.differences)} perbedaan):"]
            for d in exc.differences[:MAX_LISTED]:
                where = f"Soal {d.soal_id}" if d.soal_id else "Reviu"
                lines.append(f"  {where} {d.field}: sudah diterima {d.old} / baru {d.new}")
            _out(lines)
            raise
    if rep.already:
        _out([f"Hasil reviu {args.packet} sudah pernah diterima; tidak ada yang berubah"])
        return 0
    if rep.kept_old:
        _out([f"Hasil reviu tingkat {rep.tier} yang sudah diterima tetap dipakai; {args.packet} tidak disimpan"])
        return 0
    lines = [
        f"Hasil reviu diterima: tingkat {rep.tier}, reviewer {rep.reviewer}",
        f"  {rep.reviewed} soal direviu; perlu perbaikan ({len(rep.perlu_perbaikan)}): {_ids(rep.perlu_perbaikan) or '-'}",
        f"  jawaban_tpi sekarang dari tingkat: {rep.chosen_tier}",
    ]
    if rep.unit_changed:
        lines.append(
            f"  Soal yang unit ubah sejak paket yang direviu ({len(rep.unit_changed)}): {_ids(rep.unit_changed)}"
        )
    _out(lines)
    return 0


def cmd_update(args: argparse.Namespace) -> int:
    from zi_desktop.exchange.review_packet import update_review
    from zi_desktop.workspace.store import open_workspace

    with open_workspace(args.workspace) as ws:
        rep = update_review(ws, Path(args.bundle))
    if rep.same_bundle:
        _out([f"Paket {args.bundle} sama dengan yang sedang direviu; tidak ada yang berubah"])
        return 0
    lines = [f"Paket unit berikutnya dibuka (putaran {rep.round}): {len(rep.changes)} soal diubah unit"]
    for sid, items in rep.changes.items():
        lines.append(f"  Soal {sid}: " + "; ".join(f"{c.kind} {c.detail}" for c in items))
    _out(lines)
    return 0


def cmd_tanggapan(args: argparse.Namespace) -> int:
    from zi_desktop.workspace import review as rv
    from zi_desktop.workspace.store import open_workspace

    with open_workspace(args.workspace) as ws:
        sid = _soal(ws, args.soal_id)
        rv.set_response(ws, sid, args.teks)
        r = rv.responses(ws).get(sid)
    _out([f"Soal {sid}: tanggapan {r.tanggapan if r and r.tanggapan else '(kosong)'}"])
    return 0


def cmd_tingkat(args: argparse.Namespace) -> int:
    from zi_desktop.workspace import review as rv
    from zi_desktop.workspace.store import open_workspace

    with open_workspace(args.workspace) as ws:
        if args.nama:
            rv.set_chosen_tier(ws, args.nama)
        tiers = rv.tiers(ws)
        chosen = rv.chosen_tier(ws)
        totals = {t: r.total for t, r in rv.compare(ws).tiers.items()}
    if not tiers:
        raise UserError(f"belum ada hasil reviu TPI di {args.workspace}")
    lines = ["Tingkat reviu:"]
    for t in tiers:
        mark = " (jawaban_tpi)" if t.tier == chosen else ""
        lines.append(f"  {t.position}. {t.tier}: reviewer {t.reviewer}, nilai {_n(totals.get(t.tier, 0.0))}{mark}")
    _out(lines)
    return 0


def cmd_laporan(args: argparse.Namespace) -> int:
    from zi_desktop.reports.lhe import lhe_pdf, mandiri_pdf
    from zi_desktop.workspace.blobs import os_error
    from zi_desktop.workspace.store import open_workspace

    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise UserError(f"berkas laporan harus berakhiran .pdf: {out}")
    with open_workspace(args.workspace, read_only=True) as ws:
        data = lhe_pdf(ws, args.tingkat) if args.jenis == "lhe" else mandiri_pdf(ws)
    tmp = out.with_name(out.name + ".part")
    try:
        tmp.write_bytes(data)
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise os_error(exc, out) from None
    what = "LHE" if args.jenis == "lhe" else "Laporan penilaian mandiri"
    _out([f"{what} tersimpan: {out} ({len(data) // 1024} KB)"])
    return 0
