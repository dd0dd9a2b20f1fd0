"""The `zi-desktop` command line (also `python -m zi_desktop`).

No arguments, or `gui`, opens the desktop app (the Qt launcher in the top-level `main` module is
loaded only then, so headless subcommands never import PySide6). Every other subcommand works
headless. A `UserError` prints one line on stderr and exits 2; anything else is a bug: exit 1 with
the traceback written to the log file.

Subcommands are registered by modules: this one (score, catalog) and one module per group of
commands (`cli.workspace`, `cli.bundle`, `cli.team`, `cli.review`, `cli.hub`), each with a
`register(subparsers)` function, imported by name so a renamed module fails loudly.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zi_desktop import __version__
from zi_desktop.cli.output import clean
from zi_desktop.errors import AnswerError, UserError

if TYPE_CHECKING:
    from zi_desktop.lke.answers import Value
    from zi_desktop.lke.catalog import Catalog

# The catalog and the answer formats are imported by the commands that use them (`score`,
# `catalog show`): `verify`, `status` and the window's start have their own way to them or none.

Handler = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    """argparse that raises a UserError (exit 2, one line) instead of printing usage and exiting."""

    def error(self, message: str) -> Any:
        for english, indonesian in _ARGPARSE_WORDS:
            message = message.replace(english, indonesian)
        sub = " ".join(self.prog.split()[1:])
        help_cmd = f"zi-desktop {sub} --help" if sub else "zi-desktop --help"
        raise UserError(f"perintah tidak sah: {message} (lihat: {help_cmd})")


# argparse's own messages, in the words of the rest of the command line
_ARGPARSE_WORDS = (
    ("the following arguments are required", "argumen berikut wajib diisi"),
    ("unrecognized arguments", "argumen tidak dikenal"),
    ("invalid choice", "pilihan tidak dikenal"),
    ("choose from", "pilih dari"),
    ("expected one argument", "membutuhkan satu nilai"),
    ("invalid int value", "bukan bilangan bulat"),
    ("argument ", "argumen "),
    ("not allowed with argument", "tidak boleh bersama argumen"),
)


# The first word of every command that lives in a module of its own, and that module (in
# zi_desktop.cli). The parser imports only the module of the command typed, so a command starts at
# once (issue 15); help and a mistyped command load them all. A test checks this table against what
# the modules register: a new command goes here and into its module's register().
COMMANDS: dict[str, str] = {
    **dict.fromkeys(
        (
            "init",
            "answer",
            "import",
            "detach",
            "status",
            "history",
            "check",
            "gc",
            "pulihkan",
            "setelan",
            "syarat",
        ),
        "workspace",
    ),
    **dict.fromkeys(("export", "verify", "links"), "bundle"),
    **dict.fromkeys(("tugas", "paket", "konflik"), "team"),
    **dict.fromkeys(("review", "laporan"), "review"),
    "attach": "attach",  # many files for many soal in one call (cli/attach.py)
    "hub": "hub",  # the instansi hub; FastAPI/uvicorn load only inside `hub serve`
}
BUILT_IN = ("gui", "score", "catalog")


def command_modules(command: str | None) -> list[str]:
    """The command modules the parser needs for `command` (all of them when it is not known)."""
    if command in BUILT_IN:
        return []
    if command in COMMANDS:
        return [COMMANDS[command]]
    return list(dict.fromkeys(COMMANDS.values()))


class _Unused:
    """The parser of a command not typed in this run: whatever its module registers is dropped, so
    that only the typed command's parser is built (argparse spends a few milliseconds per command)."""

    def __getattr__(self, name: str) -> Any:
        return self._drop

    def _drop(self, *_args: Any, **_kwargs: Any) -> _Unused:
        return self


class _OnlyOne:
    """The subparsers of the root parser, keeping only `command`'s parser."""

    def __init__(self, sub: Any, command: str) -> None:
        self.sub, self.command = sub, command

    def add_parser(self, name: str, **kwargs: Any) -> Any:
        return self.sub.add_parser(name, **kwargs) if name == self.command else _Unused()


# What `gui` gets for the options not given (the parser's defaults, and `_plain_gui`'s)
GUI_DEFAULTS: dict[str, Any] = {"screenshot": None, "page": "question", "size": "1400x900"}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command-line parser; with `command` (a known first word), only that command's parser
    is built and only its module imported. Help and an unknown command build them all."""
    p = _Parser(
        prog="zi-desktop",
        description="ZI Desktop: isi, nilai, dan kemas LKE Zona Integritas (PermenPANRB 90/2021).",
    )
    p.add_argument("--version", action="version", version=f"zi-desktop {__version__}")
    real = p.add_subparsers(dest="command", metavar="PERINTAH", parser_class=_Parser)
    known = command in BUILT_IN or command in COMMANDS
    sub: Any = _OnlyOne(real, str(command)) if known else real

    g = sub.add_parser("gui", help="buka aplikasi desktop (default tanpa argumen)")
    g.add_argument("workspace", nargs="?", help="folder workspace yang dibuka")
    g.add_argument("--screenshot", metavar="FILE.png", help="simpan tangkapan layar jendela lalu keluar")
    g.add_argument("--page", choices=("dashboard", "question"), default=GUI_DEFAULTS["page"])
    g.add_argument(
        "--size",
        metavar="LxT",
        default=GUI_DEFAULTS["size"],
        help=f"ukuran jendela tangkapan layar (default {GUI_DEFAULTS['size']})",
    )
    g.set_defaults(func=cmd_gui)

    s = sub.add_parser("score", help="hitung nilai LKE dari berkas jawaban PortalRB atau workspace")
    s.add_argument("source", help="berkas JSON jawaban-unit PortalRB, workbook LKE (.xlsx), atau folder workspace")
    s.add_argument("--json", action="store_true", help="keluaran JSON")
    s.add_argument("--tpi", action="store_true", help="nilai jawaban TPI, bukan jawaban unit")
    s.add_argument("--target", choices=("WBK", "WBBM"), help="predikat sasaran untuk saran perbaikan")
    s.add_argument("--year", type=int, default=None, help="tahun katalog (default: tahun dokumen atau 2026)")
    s.set_defaults(func=cmd_score)

    c = sub.add_parser("catalog", help="lihat katalog soal LKE")
    csub = c.add_subparsers(dest="catalog_command", metavar="SUB", parser_class=_Parser, required=True)
    show = csub.add_parser("show", help="tampilkan pohon LKE atau satu soal")
    show.add_argument("soal_id", nargs="?", type=int)
    show.add_argument("--year", type=int, default=2026)
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_catalog_show)

    for name in command_modules(command):
        importlib.import_module(f"zi_desktop.cli.{name}").register(sub)
    return p


# -- gui ----------------------------------------------------------------------------------------


def cmd_gui(args: argparse.Namespace) -> int:
    # The launcher lives outside the core (main.py); importing it by name keeps Qt out of every
    # headless command and out of the core's static imports.
    launcher = importlib.import_module("main")
    result: int = launcher.run_gui(
        workspace=getattr(args, "workspace", None),
        screenshot=getattr(args, "screenshot", None),
        page=getattr(args, "page", "question"),
        size=_window_size(getattr(args, "size", "1400x900")),
    )
    return result


def _plain_gui(args: list[str]) -> argparse.Namespace | None:
    """`gui` with at most a workspace folder and no option: the arguments as the parser would give
    them, without building it (the app's start, issue 15: about 2 ms of argparse). Anything else
    (an option, a second argument, another command) is None: the parser decides."""
    if args[0] != "gui" or len(args) > 2 or any(a.startswith("-") for a in args[1:]):
        return None
    workspace = args[1] if len(args) == 2 else None
    return argparse.Namespace(command="gui", workspace=workspace, **GUI_DEFAULTS, func=cmd_gui)


def _window_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise UserError(f"ukuran '{text}' tidak dikenal; tulis lebar x tinggi, mis. 1366x768") from None
    if not (320 <= w <= 10000 and 240 <= h <= 10000):
        raise UserError(f"ukuran '{text}' di luar batas (320x240 sampai 10000x10000)")
    return w, h


# -- score --------------------------------------------------------------------------------------


def answers_from_source(
    source: str, *, tpi: bool, year: int | None
) -> tuple[Catalog, dict[int, Value | None], str, Any]:
    """(catalog, answers, unit name, the workbook's own figures or None) from a PortalRB answers file,
    an LKE workbook or a workspace folder."""
    got = _answers_and_target(source, tpi=tpi, year=year)
    return got[0], got[1], got[2], got[3]


def _answers_and_target(
    source: str, *, tpi: bool, year: int | None
) -> tuple[Catalog, dict[int, Value | None], str, Any, str | None]:
    """`answers_from_source`, and the workspace's target predicate (None for a file): the workspace
    is opened once."""
    path = Path(source)
    if path.is_dir():
        from zi_desktop.workspace.store import open_workspace

        ws = open_workspace(path, read_only=True)
        try:
            cat = ws.catalog
            answers = ws.answers(tpi=tpi)
            name = ws.unit_name
            target = str(ws.target)
        finally:
            ws.close()
        return cat, answers, name, None, target
    from zi_desktop.exchange.sources import looks_like_workbook, read_answers_source
    from zi_desktop.lke.answers import parse_answers_document, read_json_file
    from zi_desktop.lke.catalog import load_catalog

    if looks_like_workbook(path):
        cat = load_catalog(year or 2026)
        got = read_answers_source(cat, path)
        if got.problems:
            raise UserError(f"{len(got.problems)} isian di {path.name} ditolak, antara lain {got.problems[0]}")
        field = "jawaban_tpi" if tpi else "jawaban_unit"
        return cat, {r.soal_id: getattr(r, field) for r in got.rows}, "", None if tpi else got.self_check, None
    data = read_json_file(path)
    cat = load_catalog(year or _document_year(data))
    doc = parse_answers_document(cat, data, source=str(path))
    answers = doc.tpi_answers() if tpi else doc.unit_answers()
    return cat, answers, doc.nama_unit, None, None


def _document_year(data: Any) -> int:
    """The evaluation year a document names (to pick the catalog); 2026 when it names none."""
    from zi_desktop.lke.answers import document_year

    year = document_year(data) if isinstance(data, dict) else None
    return year or 2026


def cmd_score(args: argparse.Namespace) -> int:
    from zi_desktop.lke.advice import advice_target, improvements
    from zi_desktop.lke.scoring import score

    cat, answers, unit, own, wanted = _answers_and_target(args.source, tpi=args.tpi, year=args.year)
    result = score(cat, answers)
    if result.issues and not Path(args.source).is_dir():
        # A file is refused; a workspace is scored with its input errors listed (the app shows them).
        first = result.issues[0]
        raise AnswerError(first.soal_ids[0] if first.soal_ids else first.ref, f"{first.message} ({first.ref})")
    target = args.target or advice_target(result.predicate, wanted)
    plan = improvements(cat, answers, target=target, limit=10, base=result)
    if args.json:
        doc = result.to_json(cat)
        doc["unit"] = unit
        doc["sumber"] = "tpi" if args.tpi else "unit"
        doc["improvements"] = {"target": target, "method": "greedy", "items": [u.to_json() for u in plan]}
        doc["buku_kerja"] = own.to_json() if own else None
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    sys.stdout.write(clean(render_score_text(cat, result, unit, target, plan)))
    if own:
        sys.stdout.write("\n" + "\n".join(own.lines()) + "\n")
    return 0


def render_score_text(cat: Catalog, r: Any, unit: str, target: str, plan: Sequence[Any]) -> str:
    from zi_desktop.lke.answers import format_decimal as _n
    from zi_desktop.lke.answers import format_value
    from zi_desktop.reports.summary import summary_rows

    lines = []
    title = f"Nilai LKE ZI {cat.tahun}" + (f" - {unit}" if unit else "")
    lines += [title, "=" * len(title), ""]
    lines.append(f"{'Komponen':<44}{'Nilai':>9}{'Bobot':>9}")
    lines.append("-" * 62)
    for row in summary_rows(cat, r):
        if row.key == "total":
            lines.append("-" * 62)
        label = "   " * row.depth + row.label
        lines.append(f"{label[:44]:<44}{_n(row.score):>9}{_n(row.weight):>9}")
    c = r.completeness
    lines += ["", f"Kelengkapan: {c.answered} dari {c.questions} soal terjawab ({c.unanswered} belum)."]
    for issue in r.issues:
        lines.append(f"Kesalahan isian ({issue.ref}): {issue.message}")
    for adv in r.advisories:
        lines.append(f"Periksa isian ({adv.ref}): {adv.message}")
    lines.append(f"Predikat tercapai: {'Menuju ' + r.predicate if r.predicate else 'belum ada'}")
    for p in ("WBK", "WBBM"):
        short = r.shortfalls(p)
        if not short:
            lines.append(f"  Syarat Menuju {p}: semua terpenuhi")
            continue
        lines.append(f"  Syarat Menuju {p} yang belum terpenuhi:")
        for s in short:
            unit_s = "%" if s.satuan == "persen" else ""
            lines.append(
                f"   - {s.label}: {_n(s.nilai)}{unit_s}, syarat {_n(s.syarat)}{unit_s}, kurang {_n(s.kekurangan)}{unit_s}"
            )
    if plan:
        lines += ["", f"Perbaiki lebih dulu (menuju {target}, metode greedy):"]
        for u in plan[:10]:
            dari = format_value(u.dari) or "belum diisi"
            if u.ref != str(u.soal_id):
                step = f"jumlah {dari} -> {format_value(u.ke)} agar persentase {u.ref} 100%"
            else:
                step = f"jawaban {dari} -> {format_value(u.ke)}"
            where = f"area {u.area_no}" if u.area_no else "hasil"
            lines.append(f" {u.rank:>2}. Soal {u.soal_id} ({where}): {step}, +{_n(u.gain_total)} poin")
            lines.append(f"     {u.text[:90]}")
    return "\n".join(lines) + "\n"


# -- catalog show -------------------------------------------------------------------------------


def cmd_catalog_show(args: argparse.Namespace) -> int:
    from zi_desktop.lke.catalog import CHOICE, COUNT, SURVEY, load_catalog

    cat = load_catalog(args.year)
    if args.soal_id is not None:
        s = cat.soal.get(args.soal_id)
        if s is None:
            raise AnswerError(args.soal_id, f"soal_id {args.soal_id} tidak ada di katalog {cat.catalog_id}")
        path = " > ".join(n.name for n in cat.ancestors(s.node_id))
        if args.json:
            json.dump(
                {
                    "soal_id": s.soal_id,
                    "path": path,
                    "text": s.text,
                    "type": s.type,
                    "kriteria": s.kriteria,
                    "options": [o.__dict__ for o in s.options],
                    "evidence_examples": list(s.evidence_examples),
                    "excel": {"sheet": s.excel_sheet, "row": s.excel_row, "columns": dict(s.columns)},
                    "computed": [c.id for c in cat.computed_using(s.soal_id)],
                },
                sys.stdout,
                ensure_ascii=False,
                indent=1,
            )
            sys.stdout.write("\n")
            return 0
        out = [f"Soal {s.soal_id}  [{cat.answer_type_labels.get(s.type, s.type)}]", path, "", s.text, ""]
        if s.kind == CHOICE:
            out.append("Pilihan jawaban:")
            for o in s.options:
                meaning = o.meaning or o.label
                out.append(f"  {o.key:<6} (nilai {o.multiplier:g})  {meaning}")
        elif s.kind == COUNT:
            for c in cat.computed_using(s.soal_id):
                out.append(f"Isian jumlah (bilangan bulat >= 0) untuk persentase {c.id}: {c.text}")
                out.append(f"  Rumus: {c.describe()}")
        elif s.kind == SURVEY:
            out.append("Isian nilai survei 0,00 sampai 4,00 (nilai = skor / 4 x bobot)")
        if s.kriteria:
            out += ["", "Kriteria:", s.kriteria]
        if s.evidence_examples:
            out += ["", "Contoh bukti dukung:"] + [f"  - {e}" for e in s.evidence_examples]
        out += [
            "",
            f"Sel Excel: sheet {s.excel_sheet}, baris {s.excel_row}, jawaban unit kolom {s.column('jawaban_unit')}",
        ]
        sys.stdout.write("\n".join(out) + "\n")
        return 0
    out = [f"{cat.title} ({cat.catalog_id}, {len(cat.soal)} soal)", ""]
    for n in cat.walk():
        depth = len(cat.ancestors(n.node_id)) - 1
        out.append(f"{'  ' * depth}{n.name}  [bobot {n.weight:g}]")
        for sid in n.soal:
            s = cat.soal[sid]
            out.append(
                f"{'  ' * (depth + 1)}- {s.soal_id:>3} {cat.answer_type_labels.get(s.type, s.type):<10} {s.text[:70]}"
            )
        for c in cat.computed_of(n.node_id):
            out.append(f"{'  ' * (depth + 1)}- {c.id:>5} %          {c.text[:60]} = {c.describe()}")
    sys.stdout.write("\n".join(out) + "\n")
    return 0


# -- entry point --------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if not args_list:
            args_list = ["gui"]
        args = _plain_gui(args_list)
        parser = None
        if args is None:
            parser = build_parser(args_list[0] if not args_list[0].startswith("-") else None)
            args = parser.parse_args(args_list)
        func: Handler | None = getattr(args, "func", None)
        if func is None:
            assert parser is not None
            parser.print_help()
            return 0
        return func(args)
    except UserError as exc:
        # one line, even when the message quotes a typed answer or a path with a line break in it
        sys.stderr.write("Galat: " + clean(" ".join(str(exc).splitlines())) + "\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("Dibatalkan.\n")
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - a bug: its traceback goes to the log, exit 1
        from zi_desktop.logs import log_bug

        where = log_bug(exc, "zi-desktop " + " ".join(args_list[:1]))
        sys.stderr.write(
            "Terjadi kesalahan tak terduga (bug). "
            + (f"Rincian teknis dicatat di {where}.\n" if where else "Rincian teknis tidak dapat dicatat.\n")
        )
        return 1
