"""The command table (zi_desktop.cli.main.COMMANDS) is what the modules register, and a command
imports only its own module: `status` does not load the workbook, bundle or team code."""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from zi_desktop.cli import main as cli
from zi_desktop.errors import UserError

ROOT = Path(__file__).resolve().parents[3]


def test_the_table_names_exactly_what_each_module_registers() -> None:
    for name in set(cli.COMMANDS.values()):
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers()
        importlib.import_module(f"zi_desktop.cli.{name}").register(sub)
        registered = set(sub.choices)
        listed = {c for c, m in cli.COMMANDS.items() if m == name}
        assert registered == listed, f"zi_desktop.cli.{name}: registers {sorted(registered)}, table {sorted(listed)}"
    assert not set(cli.BUILT_IN) & set(cli.COMMANDS)


def test_help_and_a_mistyped_command_still_know_every_command(capsys) -> None:  # type: ignore[no-untyped-def]
    assert cli.main(["statsu", "x"]) == 2
    err = capsys.readouterr().err
    assert "pilihan tidak dikenal" in err and "status" in err


def _modules_loaded(argv: list[str], tmp_path: Path) -> set[str]:
    code = "import sys, runpy; sys.argv = ['zi-desktop', *sys.argv[1:]]\ntry:\n    runpy.run_module('zi_desktop', run_name='__main__')\nexcept SystemExit:\n    pass\nprint('\\n'.join(sys.modules), file=sys.stderr)"
    env = dict(os.environ, PYTHONPATH=str(ROOT), ZI_DESKTOP_HOME=str(tmp_path / "home"))
    proc = subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60
    )
    return set(proc.stderr.split())


def test_a_command_loads_only_its_own_module(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert cli.main(["init", str(ws), "--unit", "Satker Uji"]) == 0
    mods = _modules_loaded(["status", str(ws)], tmp_path)
    assert "zi_desktop.cli.workspace" in mods
    for heavy in ("zi_desktop.cli.bundle", "zi_desktop.cli.team", "openpyxl", "PySide6", "zi_desktop.exchange.bundle"):
        assert heavy not in mods, heavy
    score = _modules_loaded(["score", str(ws), "--json"], tmp_path)
    assert not {m for m in score if m.startswith("zi_desktop.cli.")} - {"zi_desktop.cli.main", "zi_desktop.cli.output"}


def test_score_and_errors_print_no_terminal_control_codes(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    ws = tmp_path / "ws"
    assert cli.main(["init", str(ws), "--unit", "Satker \x1b[31mMERAH\x1b[0m \u202eUji"]) == 0
    capsys.readouterr()
    assert cli.main(["score", str(ws)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out and "MERAH" in out
    assert cli.main(["answer", str(ws), "1", "F\x1b[2J"]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and err.startswith("Galat: ")


# Modules a headless command on a workspace must not load (issue 15: they start at once). They are
# dropped from sys.modules before the command runs, so that whatever the interpreter's start-up
# (site, .pth files) loaded does not hide an import the command makes itself.
NOT_FOR_READING = (
    "openpyxl",
    "fastapi",
    "uvicorn",
    "starlette",
    "PySide6",
    "shiboken6",
    "zipfile",
    "tempfile",
    "logging",
    "urllib.request",
    "dataclasses",
    "inspect",
    "traceback",
    "zi_desktop.logs",
    "zi_desktop.cli.bundle",
    "zi_desktop.cli.team",
    "zi_desktop.cli.review",
    "zi_desktop.cli.hub",
    "zi_desktop.exchange",
    "zi_desktop.hub",
    "zi_desktop.workspace.backups",
)


def _imported_by(argv: list[str], tmp_path: Path, drop: tuple[str, ...]) -> tuple[set[str], str]:
    code = (
        "import sys, runpy\n"
        f"for name in [m for m in sys.modules if m.split('.')[0] in {sorted({d.split('.')[0] for d in drop})!r}]:\n"
        "    del sys.modules[name]\n"
        "before = set(sys.modules)\n"
        "sys.argv = ['zi-desktop', *sys.argv[1:]]\n"
        "try:\n"
        "    runpy.run_module('zi_desktop', run_name='__main__')\n"
        "except SystemExit as exc:\n"
        "    code = exc.code\n"
        "print('\\n'.join(sorted(set(sys.modules) - before)), file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT), ZI_DESKTOP_HOME=str(tmp_path / "home"))
    proc = subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60
    )
    assert proc.returncode in (0, 3), proc.stderr[-2000:]
    return set(proc.stderr.split()), proc.stdout


def test_reading_commands_load_no_workbook_server_qt_archive_or_other_command_code(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert cli.main(["init", str(ws), "--unit", "Satker Uji"]) == 0
    assert cli.main(["answer", str(ws), "1", "Ya"]) == 0
    for argv in (
        ["score", str(ws)],
        ["score", str(ws), "--json"],
        ["status", str(ws)],
        ["history", str(ws), "1"],
        ["check", str(ws)],
        ["answer", str(ws), "2", "A"],
        ["catalog", "show", "1"],
    ):
        loaded, out = _imported_by(argv, tmp_path, NOT_FOR_READING)
        assert out.strip(), argv  # the command ran and printed its answer
        allowed = {"zi_desktop.workspace.backups"} if argv[0] == "answer" else set()  # a first rolling copy
        bad = {m for m in loaded if any(m == d or m.startswith(d + ".") for d in NOT_FOR_READING)} - allowed
        assert not bad, (argv, sorted(bad))
        assert "zi_desktop.cli.workspace" in loaded or argv[0] in cli.BUILT_IN, argv


def test_the_check_sees_what_a_command_loads(tmp_path: Path) -> None:
    """The subprocess reports imports the command made, also of a module start-up had loaded and
    the check dropped (so the test above cannot pass vacuously)."""
    loaded, out = _imported_by(["export", "--help"], tmp_path, NOT_FOR_READING)
    assert "zi_desktop.cli.bundle" in loaded and "export" in out
    loaded, out = _imported_by(["--version"], tmp_path, ("argparse",))
    assert "argparse" in loaded and "zi-desktop" in out


def _help(parser: argparse.ArgumentParser, argv: list[str], capsys) -> str:  # type: ignore[no-untyped-def]
    capsys.readouterr()
    try:
        parser.parse_args(argv)
    except SystemExit:
        pass
    except UserError as exc:  # a sub-command the command does not have: the same message
        return f"Galat: {exc}"
    return str(capsys.readouterr().out)


def test_a_command_parser_built_alone_is_the_same_parser(capsys) -> None:  # type: ignore[no-untyped-def]
    """build_parser(command) builds only that command's parser (issue 15), and it is the same one."""
    full = cli.build_parser()
    for command in (*cli.BUILT_IN, *cli.COMMANDS):
        alone = cli.build_parser(command)
        for argv in ([command, "--help"], *([command, s, "--help"] for s in ("show", "add", "open"))):
            assert _help(alone, argv, capsys) == _help(full, argv, capsys), argv
        other = "score" if command != "score" else "status"
        with pytest.raises(UserError):  # the others are not there
            alone.parse_args([other, "x"])


@pytest.mark.parametrize("args", [["gui"], ["gui", "/some/folder"], ["gui", "folder with spaces"]])
def test_the_app_opens_without_the_parser_with_the_parsers_arguments(args: list[str]) -> None:
    """`zi-desktop` and `main.py WS` skip building the parser (issue 15); what they hand the app is
    what the parser would have given."""
    fast = cli._plain_gui(args)
    assert fast is not None
    assert vars(fast) == vars(cli.build_parser("gui").parse_args(args))


@pytest.mark.parametrize(
    "args", [["gui", "--screenshot", "x.png"], ["gui", "a", "b"], ["gui", "-h"], ["score", "x"], ["--version"]]
)
def test_anything_but_a_plain_open_goes_through_the_parser(args: list[str]) -> None:
    assert cli._plain_gui(args) is None
