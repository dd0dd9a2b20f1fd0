"""The coordinator's commands: `zi-desktop hub init|add|rekap|usulkan|serve`.

    hub init HUB --instansi NAME --tahun 2026
    hub add HUB BUNDLE.zip...                    verify, then store; the newest bundle of a unit is current
    hub rekap HUB [--json] [--xlsx OUT.xlsx]     one row per unit
    hub usulkan HUB UNIT_ID... --kategori WBK|WBK-AFIRMASI|WBBM [--batal] [--paksa]
    hub serve HUB --host H --port P --token-file FILE [--public-url URL] [--ssl-certfile F --ssl-keyfile F]

FastAPI and uvicorn are imported by `serve` only, so every other command (and the app) starts
without them.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from zi_desktop.errors import UserError

EXIT_REFUSED = 3


def register(sub: Any) -> None:
    h = sub.add_parser("hub", help="hub instansi: kumpulkan paket satker, rekap, usulkan, layani API PortalRB")
    hs = h.add_subparsers(dest="hub_command", metavar="SUB", parser_class=type(h), required=True)

    i = hs.add_parser("init", help="buat folder hub baru")
    i.add_argument("hub", help="folder hub")
    i.add_argument("--instansi", required=True, help="nama instansi")
    i.add_argument("--tahun", type=int, default=2026, help="tahun evaluasi (default 2026)")
    i.set_defaults(func=cmd_init)

    a = hs.add_parser("add", help="tambahkan paket .zip satker (diperiksa terhadap manifest)")
    a.add_argument("hub", help="folder hub")
    a.add_argument("bundles", nargs="+", metavar="BUNDLE.zip", help="paket dari zi-desktop export")
    a.set_defaults(func=cmd_add)

    r = hs.add_parser("rekap", help="rekap satu baris per unit")
    r.add_argument("hub", help="folder hub")
    r.add_argument("--json", action="store_true", help="keluaran JSON")
    r.add_argument("--xlsx", metavar="OUT.xlsx", help="tulis rekap ke buku kerja")
    r.set_defaults(func=cmd_rekap)

    u = hs.add_parser("usulkan", help="usulkan unit ke PortalRB (atau batalkan)")
    u.add_argument("hub", help="folder hub")
    u.add_argument("units", nargs="+", metavar="UNIT_ID")
    u.add_argument("--kategori", choices=("WBK", "WBK-AFIRMASI", "WBBM"), help="kategori usulan")
    u.add_argument("--batal", action="store_true", help="batalkan usulan unit ini")
    u.add_argument("--paksa", action="store_true", help="usulkan walau syarat belum terpenuhi")
    u.set_defaults(func=cmd_usulkan)

    s = hs.add_parser("serve", help="layani API integrasi PortalRB")
    s.add_argument("hub", help="folder hub")
    s.add_argument("--host", default="127.0.0.1", help="alamat yang didengarkan (default 127.0.0.1)")
    s.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    s.add_argument("--token-file", required=True, help="berkas token Bearer (satu per baris; chmod 600)")
    s.add_argument("--public-url", help="alamat publik hub (URL dasar di PortalRB), mis. https://zi.instansi.go.id")
    s.add_argument("--ssl-certfile", help="sertifikat TLS (PEM)")
    s.add_argument("--ssl-keyfile", help="kunci TLS (PEM)")
    s.add_argument(
        "--rate-limit", type=int, default=600, help="permintaan per menit per klien (default 600), lebih: 429"
    )
    s.set_defaults(func=cmd_serve)


def _out(lines: list[str]) -> None:
    sys.stdout.write("\n".join(lines) + "\n")


def cmd_init(args: argparse.Namespace) -> int:
    from zi_desktop.hub.store import create_hub

    with create_hub(args.hub, instansi=args.instansi, tahun=args.tahun) as hub:
        _out([f"Hub dibuat: {hub.path} ({hub.instansi}, tahun {hub.tahun})"])
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from zi_desktop.hub.intake import add_bundle
    from zi_desktop.hub.store import open_hub

    words = {
        "baru": "disimpan, menjadi paket terkini unit",
        "lama": "disimpan sebagai paket lama (unit sudah punya paket yang lebih baru)",
        "sama": "sudah ada di hub, tidak ada yang berubah",
    }
    lines: list[str] = []
    refused: list[str] = []
    with open_hub(args.hub) as hub:
        for b in args.bundles:
            try:
                res = add_bundle(hub, Path(b))
            except UserError as exc:
                refused.append(f"  DITOLAK {b}: {exc}")
                continue
            lines.append(f"  {Path(b).name}: {res.unit_id} ({res.unit_name}) {words[res.status]}")
    head = f"Paket ditambahkan ke hub {args.hub}: {len(lines)} diterima, {len(refused)} ditolak"
    _out([head, *lines, *refused])
    return EXIT_REFUSED if refused else 0


def cmd_rekap(args: argparse.Namespace) -> int:
    from zi_desktop.hub.recap import recap_rows, write_recap_xlsx
    from zi_desktop.hub.store import open_hub

    with open_hub(args.hub, read_only=not args.xlsx) as hub:
        rows = recap_rows(hub)
        if args.xlsx:
            write_recap_xlsx(hub, rows, Path(args.xlsx))
        instansi, tahun = hub.instansi, hub.tahun
    if args.json:
        sys.stdout.write(
            json.dumps(
                {"instansi": instansi, "tahun": tahun, "units": [r.to_json() for r in rows]},
                ensure_ascii=False,
                indent=1,
            )
            + "\n"
        )
        return 0
    lines = [f"Rekap {instansi} tahun {tahun}: {len(rows)} unit, {sum(1 for r in rows if r.usulan)} diusulkan"]
    lines.append(
        f"  {'ID unit':<18} {'nilai unit':>10} {'nilai TPI':>10} {'predikat TPI':<13} {'lengkap':>7} "
        f"{'bukti':>5} {'usulan':<14} {'diambil':<8} nama"
    )
    for r in rows:
        pred = f"Menuju {r.predikat_tpi}" if r.predikat_tpi else "-"
        usul = (r.usulan or "-") + ("!" if r.dipaksa else "")
        fetched = ("ya" if r.diambil_sejak_berubah else "belum") if r.usulan else "-"
        lines.append(
            f"  {r.unit_id:<18} {r.skor_unit:>10.2f} {r.skor_tpi:>10.2f} {pred:<13} {r.kelengkapan:>6.0f}% "
            f"{r.bukti:>5} {usul:<14} {fetched:<8} {r.nama}  (paket {r.tanggal_paket[:16]})"
        )
        for s in r.syarat_belum:
            lines.append(f"      belum: {s}")
        for s in r.tabel5_belum:
            lines.append(f"      belum dikonfirmasi: {s}")
        if r.diambil_terakhir:
            lines.append(f"      terakhir diambil PortalRB: {r.diambil_terakhir[:19]} UTC")
    if args.xlsx:
        lines.append(f"Rekap tersimpan: {args.xlsx}")
    _out(lines)
    return 0


def cmd_usulkan(args: argparse.Namespace) -> int:
    from zi_desktop.hub.proposals import propose
    from zi_desktop.hub.store import open_hub

    if not args.batal and not args.kategori:
        raise UserError("sebutkan --kategori WBK, WBK-AFIRMASI atau WBBM (atau --batal)")
    with open_hub(args.hub) as hub:
        res = propose(hub, args.units, args.kategori, withdraw=args.batal, force=args.paksa)
    lines = []
    if res.withdrawn:
        lines.append(f"Usulan dibatalkan: {', '.join(res.withdrawn)}")
    if res.proposed:
        lines.append(f"Diusulkan sebagai {args.kategori}: {', '.join(res.proposed)}")
    if res.forced:
        lines.append(
            f"Diusulkan sebagai {args.kategori} walau syarat belum terpenuhi (--paksa): {', '.join(res.forced)}"
        )
    if res.unchanged:
        lines.append(f"Tidak berubah: {', '.join(res.unchanged)}")
    if res.lacking:
        if not args.paksa:
            lines.append(
                "TIDAK ADA yang diusulkan: unit berikut belum memenuhi syarat (pakai --paksa untuk tetap mengusulkan):"
            )
        for uid, items in res.lacking.items():
            lines.append(f"  {uid}:")
            lines += [f"    - {x}" for x in items]
    _out(lines)
    return EXIT_REFUSED if res.lacking and not args.paksa else 0


def cmd_serve(args: argparse.Namespace) -> int:
    from zi_desktop.hub.server import (
        serve,  # FastAPI and uvicorn load here, and only here
    )

    return serve(
        args.hub,
        host=args.host,
        port=args.port,
        token_file=args.token_file,
        public_url=args.public_url,
        ssl_certfile=args.ssl_certfile,
        ssl_keyfile=args.ssl_keyfile,
        rate_per_minute=args.rate_limit,
    )
