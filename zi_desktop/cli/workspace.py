"""Workspace subcommands: init, answer, import, detach, status, history, check, gc.

Every handler returns an exit code and raises `UserError` for bad input (printed by `cli.main` as
one line, exit 2). `check` exits 3 when it finds integrity problems or blocking readiness faults.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from zi_desktop.cli.output import clean as _clean
from zi_desktop.errors import UserError
from zi_desktop.lke.answers import AnswerRow, format_value
from zi_desktop.lke.catalog import PREDICATES
from zi_desktop.workspace.store import UNSET, ImportSummary, Workspace, create_workspace, open_workspace

EXIT_PROBLEMS = 3
MAX_LISTED = 200


def register(sub: Any) -> None:
    p = sub.add_parser("init", help="buat workspace baru")
    p.add_argument("workspace", help="folder workspace baru")
    p.add_argument("--unit", required=True, help="nama unit kerja")
    p.add_argument("--year", type=int, default=2026, help="tahun LKE (default 2026)")
    p.add_argument("--target", choices=PREDICATES, default="WBK", help="predikat sasaran")
    p.add_argument(
        "--unit-id", default=None, help="ID unit yang diberikan instansi (dipakai PortalRB); bisa diisi nanti"
    )
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("answer", help="isi satu jawaban (dan catatan)")
    p.add_argument("workspace")
    p.add_argument("soal_id")
    p.add_argument("value", help="jawaban (Ya/Tidak, A-E, jumlah, nilai survei); '' mengosongkan")
    p.add_argument("--note", default=None, help="catatan")
    p.add_argument("--tpi", action="store_true", help="jawaban/catatan TPI, bukan unit")
    p.set_defaults(func=cmd_answer)

    p = sub.add_parser("import", help="impor jawaban dari JSON PortalRB atau Excel LKE (satu transaksi)")
    p.add_argument("workspace")
    p.add_argument("file", help="berkas .json jawaban-unit atau .xlsx/.xlsm LKE")
    p.add_argument("--dry-run", action="store_true", help="hanya pratinjau, tidak menyimpan")
    p.add_argument("--skip-invalid", action="store_true", help="lewati isian Excel yang ditolak, simpan sisanya")
    p.add_argument(
        "--kosongkan",
        action="store_true",
        help="sel kosong (null di JSON) mengosongkan jawaban/catatan yang ada; tanpa ini sel kosong dibiarkan",
    )
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("detach", help="lepas satu bukti dukung dari soal")
    p.add_argument("workspace")
    p.add_argument("soal_id")
    p.add_argument("evidence_id", type=int)
    p.set_defaults(func=cmd_detach)

    p = sub.add_parser("status", help="kemajuan pengisian workspace")
    p.add_argument("workspace")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("history", help="riwayat perubahan")
    p.add_argument("workspace")
    p.add_argument("soal_id", nargs="?")
    p.set_defaults(func=cmd_history)

    p = sub.add_parser("check", help="periksa keutuhan workspace dan kesiapan kirim")
    p.add_argument("workspace")
    p.add_argument(
        "--manifest",
        metavar="PAKET",
        action="append",
        default=[],
        help="paket ekspor sebelumnya (.zip) atau manifest.json-nya: riwayat sejak itu tidak boleh ditulis ulang",
    )
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("gc", help="hapus berkas bukti yang tidak dipakai lagi")
    p.add_argument("workspace")
    p.set_defaults(func=cmd_gc)

    p = sub.add_parser("pulihkan", help="pulihkan database workspace dari cadangan (daftar cadangan tanpa --dari)")
    p.add_argument("workspace")
    p.add_argument("--dari", metavar="CADANGAN", help="nomor di daftar, nama berkas di backups/, atau path cadangan")
    p.set_defaults(func=cmd_pulihkan)

    p = sub.add_parser("setelan", help="lihat atau ubah setelan workspace (batas ukuran, cadangan, nama pengguna)")
    p.add_argument("workspace")
    p.add_argument("kunci", nargs="?", help="nama setelan, mis. max_file_mb")
    p.add_argument("nilai", nargs="?", help="nilai baru")
    p.set_defaults(func=cmd_setelan)

    p = sub.add_parser("syarat", help="syarat pengusulan (Tabel 5): lihat, atau konfirmasi per nomor")
    p.add_argument("workspace")
    p.add_argument("nomor", nargs="*", type=int, help="nomor syarat yang dikonfirmasi (atau dibatalkan)")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--ya", action="store_true", help="tandai terpenuhi (default bila nomor diberikan)")
    how.add_argument("--tidak", action="store_true", help="batalkan tanda terpenuhi")
    p.add_argument("--predikat", choices=("WBK", "WBBM"), help="default: sasaran workspace")
    p.set_defaults(func=cmd_syarat)


def _out(lines: list[str]) -> None:
    """Print lines; user text in them (notes, names, cells) cannot carry terminal control codes."""
    sys.stdout.write("\n".join(_clean(" ".join(line.splitlines())) for line in lines) + "\n")


def _backup_warning(ws: Workspace) -> None:
    """The edit is saved; say so, and that its safety copy could not be made."""
    if ws.backup_warning:
        sys.stderr.write(f"Peringatan: {_clean(ws.backup_warning)}\n")


def _soal_id(ws: Workspace, raw: str) -> int:
    from zi_desktop.lke.answers import soal_or_error

    return soal_or_error(ws.catalog, raw).soal_id


def _show(v: str | None) -> str:
    return "(kosong)" if v is None else _clean(v.replace("\r\n", " ").replace("\n", " ").replace("\r", " "))[:80]


# -- init / answer ------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    with create_workspace(
        args.workspace, unit_name=args.unit, year=args.year, target=args.target, unit_id=args.unit_id
    ) as ws:
        _out(
            [
                f"Workspace dibuat: {ws.path}",
                f"  Unit: {ws.unit_name}  Tahun: {ws.year}  Sasaran: Menuju {ws.target}",
                f"  Katalog: {ws.catalog.catalog_id} (checksum {ws.catalog.checksum[:12]}), {len(ws.catalog.soal)} soal",
            ]
        )
    return 0


def cmd_answer(args: argparse.Namespace) -> int:
    with open_workspace(args.workspace) as ws:
        sid = _soal_id(ws, args.soal_id)
        before = ws.record(sid)
        ws.edit(sid, args.value, note=UNSET if args.note is None else args.note, tpi=args.tpi)
        _backup_warning(ws)
        rec = ws.record(sid)
        field = "jawaban_tpi" if args.tpi else "jawaban_unit"
        old, new = before.get(field), rec.get(field)
        who = "TPI" if args.tpi else "unit"
        if old == new and (args.note is None):
            _out([f"Soal {sid} ({who}): tetap {format_value(new) or '(kosong)'}"])
        else:
            _out([f"Soal {sid} ({who}): {format_value(old) or '(kosong)'} -> {format_value(new) or '(kosong)'}"])
        if args.note is not None:
            _out([f"  catatan: {_show(rec.get('catatan_tpi' if args.tpi else 'catatan_unit'))}"])
        # Saved, but a count can contradict another one (more changes than agents): say so now.
        result = ws.score(tpi=args.tpi)
        for issue in (*result.issues, *result.advisories):
            if sid in ws.catalog.computed_by_id(issue.ref).requires:
                _out([f"  Peringatan ({issue.ref}): {issue.message}"])
    return 0


# -- import -------------------------------------------------------------------------------------


def _read_source(ws: Workspace, path: Path) -> tuple[list[AnswerRow], list[str], list[str], list[str]]:
    """(rows, problems, unmatched, the workbook's own figures beside ZI Desktop's) from a PortalRB
    JSON document or an LKE workbook."""
    from zi_desktop.exchange.sources import read_answers_source

    got = read_answers_source(ws.catalog, path, settings=ws.settings())
    own = got.self_check.lines() if got.self_check else []
    return got.rows, got.problems, got.unmatched, own


def summary_lines(s: ImportSummary) -> list[str]:
    lines = [f"  baru: {len(s.new)} soal, berubah: {len(s.changed)} soal, tetap: {len(s.unchanged)} soal"]
    filled = [c for c in s.changes if c[2] is None]
    sections: list[tuple[str, list[str]]] = [
        ("Diisi (sebelumnya kosong)", [f"Soal {sid} {f}: {_show(new)}" for sid, f, _old, new in filled]),
        (
            "Diganti (nilai lama ditimpa)",
            [f"Soal {sid} {f}: {_show(o)} -> {_show(n)}" for sid, f, o, n in s.overwritten],
        ),
        ("Dikosongkan", [f"Soal {sid} {f}: {_show(o)} -> (kosong)" for sid, f, o in s.cleared]),
        (
            "Dibiarkan: sel kosong di berkas (pakai --kosongkan untuk mengosongkan)",
            [f"Soal {sid} {f}: tetap {_show(o)}" for sid, f, o in s.kept_blank],
        ),
        (
            "Dibiarkan: berkas membawa nilai lama yang sudah diubah sesudahnya di workspace",
            [f"Soal {sid} {f}: tetap {_show(o)} (berkas: {_show(n)})" for sid, f, o, n in s.kept_later],
        ),
    ]
    for title, items in sections:
        if not items:
            continue
        lines.append(f"  {title} ({len(items)}):")
        lines += [f"    {i}" for i in items[:MAX_LISTED]]
        if len(items) > MAX_LISTED:
            lines.append(f"    ... dan {len(items) - MAX_LISTED} lainnya")
    return lines


def cmd_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    with open_workspace(args.workspace) as ws:
        rows, problems, unmatched, own = _read_source(ws, path)
        lines: list[str] = list(own)
        if problems:
            lines.append(f"Isian yang ditolak ({len(problems)}):")
            lines += [f"  {p}" for p in problems]
        if unmatched:
            lines.append(f"Baris yang tidak cocok dengan katalog ({len(unmatched)}):")
            lines += [f"  {u}" for u in unmatched]
        if problems and not args.skip_invalid:
            _out(lines)
            raise UserError(
                f"{len(problems)} isian di {path} ditolak; tidak ada yang disimpan. Perbaiki berkasnya, "
                "atau pakai --skip-invalid untuk menyimpan sisanya"
            )
        if args.dry_run:
            summary = ws.preview_import(rows, clear=args.kosongkan)
            lines.append(f"Pratinjau impor dari {path} (tidak ada yang disimpan):")
        else:
            summary = ws.apply_import(rows, source=str(path), clear=args.kosongkan)
            lines.append(f"Impor dari {path} selesai:")
        lines += summary_lines(summary)
        _out(lines)
    return 0


# -- evidence -----------------------------------------------------------------------------------


def cmd_detach(args: argparse.Namespace) -> int:
    with open_workspace(args.workspace) as ws:
        sid = _soal_id(ws, args.soal_id)
        ws.detach(sid, args.evidence_id)
        _backup_warning(ws)
        _out([f"Bukti #{args.evidence_id} dilepas dari soal {sid} (berkasnya disimpan sampai 'zi-desktop gc')"])
    return 0


def cmd_gc(args: argparse.Namespace) -> int:
    with open_workspace(args.workspace) as ws:
        removed, freed = ws.gc()
        _out([f"{removed} berkas bukti yang tidak dipakai dihapus, {format_value(freed / 1024 / 1024)} MB dibebaskan"])
    return 0


def cmd_pulihkan(args: argparse.Namespace) -> int:
    from zi_desktop.workspace.backups import list_backups
    from zi_desktop.workspace.store import restore_workspace

    root = Path(args.workspace)
    if not (root / "backups").is_dir():
        raise UserError(f"{root} bukan folder workspace (tidak ada folder backups)")
    if args.dari is None:
        infos = list_backups(root)
        if not infos:
            _out([f"Belum ada cadangan di {root / 'backups'}"])
            return 0
        lines = [f"Cadangan workspace {root} (terbaru lebih dulu):"]
        lines += [f"  {i:>3}. {b.describe()}" for i, b in enumerate(infos, start=1)]
        lines.append(f"Pulihkan satu dengan: zi-desktop pulihkan {root} --dari NOMOR")
        _out(lines)
        return 0
    done = restore_workspace(root, args.dari)
    lines = [f"Workspace {root} dipulihkan dari {done.source.path.name} ({done.source.answers} soal terjawab)."]
    if done.kept_aside is not None:
        lines.append(f"  Database sebelumnya disimpan sebagai {done.kept_aside.name}")
    _out(lines)
    return 0


UNIT_ID = "unit_id"
UNIT_ID_HELP = "ID unit yang diberikan instansi (PortalRB mengambil jawaban dengan ID ini)"


def cmd_setelan(args: argparse.Namespace) -> int:
    from zi_desktop.workspace.settings import SETTINGS, setting

    value: Any = None
    if args.kunci is not None:
        if args.nilai is None:
            raise UserError(f"beri nilai baru untuk {args.kunci}, mis. zi-desktop setelan WS {args.kunci} 20")
        if args.kunci != UNIT_ID:  # the unit id lives with the unit's name, not among the settings
            value = setting(args.kunci).parse(args.nilai)
    with open_workspace(args.workspace) as ws:
        if args.kunci is not None:
            if args.kunci == UNIT_ID:
                ws.set_unit_id(args.nilai)
            else:
                ws.set_setting(args.kunci, value)
        current = ws.settings()
        current["user_name"] = ws.user_name()
        unit_id = ws.unit_id or "(belum diisi)"
    lines = [f"Setelan workspace {args.workspace}:", f"  {UNIT_ID:<22} {unit_id!s:<12} {UNIT_ID_HELP}"]
    for s in SETTINGS:
        lines.append(f"  {s.key:<22} {current[s.key]!s:<12} {s.help}")
    _out(lines)
    return 0


def cmd_syarat(args: argparse.Namespace) -> int:
    from zi_desktop.lke.preconditions import preconditions, set_confirmed

    with open_workspace(args.workspace) as ws:
        if args.nomor:
            set_confirmed(ws, args.nomor, not args.tidak, args.predikat)
        items = preconditions(ws, args.predikat)
        predikat = args.predikat or ws.target
    done = sum(i.confirmed for i in items)
    lines = [f"Syarat pengusulan Menuju {predikat} (dikonfirmasi tim): {done} dari {len(items)}"]
    lines += [f"  [{'x' if i.confirmed else ' '}] {i.number}. {i.text}" for i in items]
    _out(lines)
    return 0


# -- status / history / check -------------------------------------------------------------------


def status_data(ws: Workspace) -> dict[str, Any]:
    result = ws.score()
    cat = ws.catalog
    from zi_desktop.lke.readiness import without_evidence

    no_evidence = without_evidence(cat, ws.records(), ws.evidence())
    c = result.completeness
    return {
        "workspace": str(ws.path),
        "unit": ws.unit_name,
        "tahun": ws.year,
        "target": ws.target,
        "total": result.total,
        "predicate": result.predicate,
        "answered": c.answered,
        "questions": c.questions,
        "unanswered": c.unanswered,
        "areas": {
            str(no): {"nama": cat.area_name(no), "answered": a, "questions": q, "unanswered": q - a}
            for no, (a, q) in sorted(c.by_area.items())
        },
        "hasil": {"answered": c.hasil[0], "questions": c.hasil[1], "unanswered": c.hasil[1] - c.hasil[0]},
        "without_evidence": no_evidence,
        "input_errors": [{"ref": i.ref, "soal_ids": list(i.soal_ids), "pesan": i.message} for i in result.issues],
        "target_gap": [s.to_json() for s in result.shortfalls(ws.target)],
    }


def cmd_status(args: argparse.Namespace) -> int:
    with open_workspace(args.workspace, read_only=True) as ws:
        data = status_data(ws)
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    title = f"Status workspace {data['unit']} ({data['tahun']}, sasaran Menuju {data['target']})"
    lines = [title, "=" * len(title)]
    lines.append(f"Terjawab: {data['answered']} dari {data['questions']} soal ({data['unanswered']} belum)")
    for no, a in data["areas"].items():
        lines.append(f"  Area {no} {a['nama']}: {a['answered']}/{a['questions']} terjawab, {a['unanswered']} belum")
    h = data["hasil"]
    lines.append(f"  Hasil: {h['answered']}/{h['questions']} terjawab, {h['unanswered']} belum")
    ne = data["without_evidence"]
    lines.append(f"Soal tanpa bukti dukung: {len(ne)}" + (f" ({_ids(ne)})" if ne else ""))
    if data["input_errors"]:
        lines.append(f"Kesalahan isian: {len(data['input_errors'])}")
        lines += [f"  {e['ref']}: {e['pesan']}" for e in data["input_errors"]]
    else:
        lines.append("Kesalahan isian: tidak ada")
    lines.append(f"Nilai total: {format_value(float(data['total']))}")
    if data["target_gap"]:
        lines.append(f"Kekurangan menuju {data['target']}:")
        for g in data["target_gap"]:
            unit = "%" if g["satuan"] == "persen" else ""
            lines.append(
                f"  - {g['label']}: {format_value(float(g['nilai']))}{unit}, syarat "
                f"{format_value(float(g['syarat']))}{unit}, kurang {format_value(float(g['kekurangan']))}{unit}"
            )
    else:
        lines.append(f"Semua syarat Menuju {data['target']} terpenuhi")
    _out(lines)
    return 0


def _ids(ids: list[int], limit: int = 30) -> str:
    text = ", ".join(str(i) for i in ids[:limit])
    return text + (f", ... {len(ids) - limit} lagi" if len(ids) > limit else "")


def cmd_history(args: argparse.Namespace) -> int:
    with open_workspace(args.workspace, read_only=True) as ws:
        sid = _soal_id(ws, args.soal_id) if args.soal_id is not None else None
        entries = ws.history(sid)
    if not entries:
        _out(["Belum ada perubahan tercatat" + (f" untuk soal {sid}" if sid is not None else "")])
        return 0
    lines = [f"{'#':>5}  {'waktu':<25}  {'oleh':<12}  {'soal':>4}  perubahan"]
    for e in entries:
        soal = str(e.soal_id) if e.soal_id is not None else "-"
        lines.append(
            f"{e.id:>5}  {e.at:<25}  {e.user[:12]:<12}  {soal:>4}  {e.field}: {_show(e.old)} -> {_show(e.new)}  [{e.source}]"
        )
    _out(lines)
    return 0


def _listed(title: str, items: list[str]) -> list[str]:
    """A titled list of at most MAX_LISTED items, and how many more there are."""
    out = [f"  {title} ({len(items)}):"] + [f"   - {m}" for m in items[:MAX_LISTED]]
    if len(items) > MAX_LISTED:
        out.append(f"   ... dan {len(items) - MAX_LISTED} lagi")
    return out


MAX_MANIFEST_BYTES = 64 * 1024 * 1024


def _manifest_head(path: Path) -> tuple[int, str]:
    """(entries, last hash) of the change log recorded in an exported bundle's manifest."""
    import zipfile

    from zi_desktop.workspace.blobs import open_regular

    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as zf:
                try:
                    info = zf.getinfo("manifest.json")
                except KeyError:
                    raise UserError(f"{path.name} tidak berisi manifest.json; bukan paket ZI Desktop") from None
                if info.file_size > MAX_MANIFEST_BYTES:
                    raise UserError(f"manifest.json di {path.name} terlalu besar")
                with zf.open(info) as fh:
                    raw = fh.read(MAX_MANIFEST_BYTES + 1)
        else:
            with open_regular(path, max_size=MAX_MANIFEST_BYTES, what="manifest") as f:
                raw = f.read(MAX_MANIFEST_BYTES + 1)
        doc = json.loads(raw.decode("utf-8"))
    except UserError:
        raise
    except (OSError, zipfile.BadZipFile, ValueError, RecursionError) as exc:
        raise UserError(f"manifest {path} tidak dapat dibaca ({exc})") from None
    head = doc.get("riwayat") if isinstance(doc, dict) else None
    if not isinstance(head, dict):
        raise UserError(f"manifest {path.name} tidak mencatat ujung riwayat (paket dari versi lama?)")
    count, last = head.get("entri"), head.get("hash_terakhir")
    if isinstance(count, bool) or not isinstance(count, int) or count < 0 or not isinstance(last, str):
        raise UserError(f"ujung riwayat di manifest {path.name} tidak sah")
    return count, last


def cmd_check(args: argparse.Namespace) -> int:
    from zi_desktop.lke.readiness import submission_check

    heads = [(Path(m), *_manifest_head(Path(m))) for m in args.manifest]
    with open_workspace(args.workspace, read_only=True) as ws:
        report = ws.check()
        ready = submission_check(ws)
        problems = list(report.problems)
        for path, count, head in heads:
            problems += ws.check_against(count, head, where=f"paket {path.name}")
    lines = ["Keutuhan workspace:"]
    if not problems:
        lines.append(
            "  baik (rantai riwayat utuh dan sama dengan isi database, berkas bukti cocok, integrity_check ok)"
        )
        for path, count, _ in heads:
            lines.append(f"  riwayat sampai paket {path.name} ({count} entri) tidak berubah")
    lines += [f"  MASALAH: {p}" for p in problems]
    lines += [f"  catatan: {n}" for n in report.notes]
    lines.append("Kesiapan kirim:")
    if ready.blocking:
        lines += _listed("Menghalangi pengiriman", [m for _, m in ready.blocking])
    else:
        lines.append("  siap: semua soal terjawab, tidak ada kesalahan isian")
    if ready.advisory:
        lines += _listed("Saran", [m for _, m in ready.advisory])
    _out(lines)
    return 0 if not problems and ready.ready else EXIT_PROBLEMS
