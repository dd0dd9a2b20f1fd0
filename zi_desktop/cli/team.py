"""Team subcommands: tugas (who is in charge), paket buat/buka/kirim/terima, konflik.

A coordinator assigns areas to people (`tugas`), hands each a work packet (`paket buat`), the member
opens it on their laptop (`paket buka`), works, and sends back what changed (`paket kirim`); the
coordinator merges it (`paket terima`, with `--dry-run` first) and settles conflicts (`konflik`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from zi_desktop.errors import UserError
from zi_desktop.lke.merge import MEMBER_FIELDS
from zi_desktop.workspace import team
from zi_desktop.workspace.store import open_workspace

MAX_LISTED = 200
FIELD_ALIASES = {"jawaban": "jawaban_unit", "catatan": "catatan_unit", "bukti": "bukti_dukung_unit"}


def _selectors(p: Any) -> None:
    p.add_argument("--area", type=int, metavar="N", help="nomor area (1-6)")
    p.add_argument("--sub-area", type=int, metavar="NODE", help="nomor node sub-area (lihat: zi-desktop catalog show)")
    p.add_argument("--soal", type=int, nargs="+", metavar="ID", default=[], help="id soal")


def register(sub: Any) -> None:
    p = sub.add_parser("tugas", help="penanggung jawab (PIC) per area, sub-area, atau soal: atur dan lihat")
    p.add_argument("workspace")
    p.add_argument("--pic", metavar="NAMA", help="nama penanggung jawab yang ditetapkan")
    p.add_argument("--hapus", action="store_true", help="hapus penugasan area/sub-area/soal yang disebut")
    _selectors(p)
    p.set_defaults(func=cmd_tugas)

    pk = sub.add_parser("paket", help="paket kerja tim: buat, buka, kirim balik, terima")
    psub = pk.add_subparsers(dest="paket_command", metavar="SUB", required=True)
    b = psub.add_parser("buat", help="buat paket kerja untuk satu anggota")
    b.add_argument("workspace")
    b.add_argument("--pic", required=True, metavar="NAMA", help="untuk siapa paketnya")
    _selectors(b)
    b.add_argument("--out", required=True, metavar="PAKET.zip")
    b.set_defaults(func=cmd_paket_buat)

    o = psub.add_parser("buka", help="buka paket kerja ke workspace anggota (dibuat bila belum ada)")
    o.add_argument("paket", metavar="PAKET.zip")
    o.add_argument("workspace", metavar="WS_ANGGOTA")
    o.set_defaults(func=cmd_paket_buka)

    k = psub.add_parser("kirim", help="kirim balik perubahan sejak paket dibuka")
    k.add_argument("workspace", metavar="WS_ANGGOTA")
    k.add_argument("--out", required=True, metavar="BALIK.zip")
    k.set_defaults(func=cmd_paket_kirim)

    t = psub.add_parser("terima", help="gabungkan paket balik anggota (pratinjau dengan --dry-run)")
    t.add_argument("workspace")
    t.add_argument("paket", metavar="BALIK.zip")
    t.add_argument("--dry-run", action="store_true", help="hanya pratinjau, tidak menyimpan")
    t.set_defaults(func=cmd_paket_terima)

    c = sub.add_parser("konflik", help="daftar konflik penggabungan; --pilih menyelesaikannya")
    c.add_argument("workspace")
    c.add_argument(
        "--pilih",
        nargs=3,
        metavar=("SOAL", "BIDANG", "PILIHAN"),
        help="selesaikan konflik: BIDANG jawaban|catatan|bukti, PILIHAN mine (nilai di sini), theirs (nilai anggota) "
        "atau nilai baru",
    )
    c.add_argument("--semua", action="store_true", help="tampilkan juga konflik yang sudah diselesaikan")
    c.set_defaults(func=cmd_konflik)


def _out(lines: list[str]) -> None:
    sys.stdout.write("\n".join(lines) + "\n")


def _field(name: str) -> str:
    f = FIELD_ALIASES.get(name.lower(), name.lower())
    if f not in MEMBER_FIELDS:
        raise UserError(f"bidang '{name}' tidak dikenal; pilih jawaban, catatan, atau bukti")
    return f


# -- tugas --------------------------------------------------------------------------------------


def cmd_tugas(args: argparse.Namespace) -> int:
    chosen = args.area is not None or args.sub_area is not None or bool(args.soal)
    with open_workspace(args.workspace) as ws:
        if args.pic is not None or args.hapus:
            if not chosen:
                raise UserError("sebutkan yang ditugaskan: --area N, --sub-area NODE, atau --soal ID...")
            if args.hapus and args.pic:
                raise UserError("--hapus tidak bersama --pic")
            if not args.hapus and not args.pic.strip():
                raise UserError("nama PIC kosong; untuk menghapus penugasan gunakan --hapus")
            team.set_pic(ws, None if args.hapus else args.pic, area=args.area, sub_area=args.sub_area, soal=args.soal)
        elif chosen:
            raise UserError("sebutkan --pic NAMA untuk menugaskan (atau --hapus)")
        lines = [f"Penugasan {ws.unit_name} ({ws.path}):"]
        rows = team.assignments(ws)
        if not rows:
            lines.append("  (belum ada penugasan; atur dengan: zi-desktop tugas WS --pic NAMA --area N)")
        for a in rows:
            lines.append(f"  {a.label}: {a.pic} ({len(a.soal)} soal)")
        lines.append("Kemajuan per PIC (terjawab / berbukti / saran kesiapan terbuka):")
        for prog in team.progress_by_pic(ws):
            who = prog.pic or "(tanpa PIC)"
            lines.append(
                f"  {who}: {prog.answered}/{prog.total} terjawab, {prog.with_evidence}/{prog.total} berbukti, "
                f"{prog.advisories} saran terbuka"
            )
    _out(lines)
    return 0


# -- paket --------------------------------------------------------------------------------------


def cmd_paket_buat(args: argparse.Namespace) -> int:
    from zi_desktop.exchange.packet import make_packet

    with open_workspace(args.workspace) as ws:
        if args.area is None and args.sub_area is None and not args.soal:
            ids = sorted(s for s, pic in team.pic_map(ws).items() if pic == args.pic.strip())
            if not ids:
                raise UserError(
                    f"{args.pic} belum ditugaskan apa pun; sebutkan --area N, --sub-area NODE, atau --soal ID..."
                )
        else:
            _scope, refs = team.select_soal(ws.catalog, area=args.area, sub_area=args.sub_area, soal=args.soal)
            ids = sorted({s for _ref, group in refs for s in group})
        content = make_packet(ws, args.pic, ids, args.out)
        n_files = sum(1 for q in content.base.values() for i in q["evidence"] if i["kind"] == "file")
    _out(
        [
            f"Paket kerja {content.packet_id[:8]} untuk {content.pic}: {len(content.soal)} soal, {n_files} berkas bukti "
            f"-> {args.out}",
            f"Anggota membukanya dengan: zi-desktop paket buka {Path(args.out).name} FOLDER_WORKSPACE_ANGGOTA",
        ]
    )
    return 0


def _report_lines(report: team.MergeReport, *, preview: bool) -> list[str]:
    if report.already:
        return [report.note]
    verb = "akan diambil" if preview else "diambil"
    lines = []
    for sid, f, old, new in report.taken[:MAX_LISTED]:
        lines.append(f"  soal {sid} {team.FIELD_LABELS[f]}: {team.show(old)} -> {team.show(new)} ({verb})")
    for sid, item in report.evidence_added[:MAX_LISTED]:
        what = item.get("name") if item["kind"] == "file" else item.get("url") or item.get("text")
        lines.append(f"  soal {sid} bukti {verb}: {team.show(what)}")
    for sid, (kind, value) in report.evidence_removed[:MAX_LISTED]:
        lines.append(f"  soal {sid} bukti {'akan dilepas' if preview else 'dilepas'}: {kind} {team.show(value)}")
    for sid, f, base, ours, theirs in report.conflicts[:MAX_LISTED]:
        lines.append(
            f"  KONFLIK soal {sid} {team.FIELD_LABELS[f]}: di sini {team.show(ours)}, dari anggota {team.show(theirs)} "
            f"(semula {team.show(base)})"
        )
    head = (
        f"{'Pratinjau' if preview else 'Diterima'}: {len(report.taken)} isian dan "
        f"{len(report.evidence_added) + len(report.evidence_removed)} bukti {verb}, "
        f"{len(report.kept)} perubahan di sini dipertahankan, {len(report.conflicts)} konflik"
    )
    tail = []
    if preview:
        tail.append("Tidak ada yang disimpan (--dry-run).")
    elif report.conflicts:
        tail.append("Selesaikan konflik dengan: zi-desktop konflik WS --pilih SOAL BIDANG mine|theirs|NILAI")
    return [head, *lines, *tail]


def cmd_paket_buka(args: argparse.Namespace) -> int:
    from zi_desktop.exchange.packet import open_packet

    report, fresh = open_packet(args.paket, args.workspace)
    if report.already:
        _out([report.note])
        return 0
    with open_workspace(args.workspace) as ws:
        info = team.member_info(ws)
        assert info is not None
        lines = [
            f"{'Workspace anggota dibuat' if fresh else 'Workspace anggota diperbarui'}: {ws.path} "
            f"(paket {report.packet_id[:8]} untuk {report.pic}, {len(info['soal'])} soal dapat diisi; soal lain hanya-baca)"
        ]
        if not fresh:
            lines += _report_lines(report, preview=False)[1:] or ["  (tidak ada pekerjaan yang perlu digabung)"]
            if report.conflicts:
                lines.append(
                    "Selesaikan konflik dengan: zi-desktop konflik WS_ANGGOTA --pilih SOAL BIDANG mine|theirs|NILAI"
                )
        lines.append(f"Setelah selesai: zi-desktop paket kirim {ws.path} --out BALIK.zip")
    _out(lines)
    return 0


def cmd_paket_kirim(args: argparse.Namespace) -> int:
    from zi_desktop.exchange.packet import send_back

    with open_workspace(args.workspace) as ws:
        out = send_back(ws, args.out)
    fields = sum(len(c["fields"]) for c in out.changes.values())
    added = sum(len(c["evidence_added"]) for c in out.changes.values())
    removed = sum(len(c["evidence_removed"]) for c in out.changes.values())
    _out(
        [
            f"Paket balik {out.return_id[:8]} dari {out.member}: {len(out.changes)} soal berubah ({fields} isian, "
            f"{added} bukti baru, {removed} bukti dilepas, {len(out.files)} berkas) -> {args.out}",
        ]
    )
    return 0


def cmd_paket_terima(args: argparse.Namespace) -> int:
    from zi_desktop.exchange.packet import receive_packet

    with open_workspace(args.workspace) as ws:
        report = receive_packet(ws, args.paket, dry_run=args.dry_run)
        _out(_report_lines(report, preview=args.dry_run))
    return 0


# -- konflik ------------------------------------------------------------------------------------


def cmd_konflik(args: argparse.Namespace) -> int:
    with open_workspace(args.workspace) as ws:
        lines = []
        if args.pilih:
            raw_soal, raw_field, choice = args.pilih
            try:
                sid = int(raw_soal)
            except ValueError:
                raise UserError(f"nomor soal '{raw_soal}' bukan bilangan bulat") from None
            entry = team.settle(ws, sid, _field(raw_field), choice)
            value = (entry.settled_value or {}).get("value")
            lines.append(
                f"Konflik soal {entry.soal_id} {entry.label} diselesaikan ({entry.settled_how}): {team.show(value)}"
            )
        rows = team.conflicts(ws, include_settled=args.semua)
        if not rows:
            lines.append("Tidak ada konflik terbuka.")
        for c in rows[:MAX_LISTED]:
            state = f" [selesai: {c.settled_how}]" if c.settled_at else ""
            lines.append(
                f"soal {c.soal_id} {c.label}{state}: di sini {team.show(c.ours)} ({c.ours_by or '-'}, {c.ours_at or '-'}), "
                f"dari {c.theirs_by} {team.show(c.theirs)} ({c.theirs_at or '-'}); semula {team.show(c.base)}"
            )
        open_rows = [c for c in rows if not c.settled_at]
        if open_rows:
            lines.append(
                f"{len(open_rows)} konflik terbuka; selesaikan: zi-desktop konflik WS --pilih SOAL BIDANG mine|theirs|NILAI"
            )
    _out(lines)
    return 0
