"""The command table (zi_desktop.cli.main.COMMANDS) is what the modules register, and a command
imports only its own module: `status` does not load the workbook, bundle or team code."""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys
from pathlib import Path

from zi_desktop.cli import main as cli

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
