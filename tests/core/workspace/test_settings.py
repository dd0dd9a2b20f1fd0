"""One table of every workspace setting: defaults, limits and help, used by the store, the
command line, the import limits and the submission check."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from zi_desktop.errors import UserError
from zi_desktop.lke.answers import JsonLimits
from zi_desktop.workspace.settings import BY_KEY, SETTINGS, effective, json_limits, setting
from zi_desktop.workspace.store import Workspace, create_workspace

CORE = Path(__file__).resolve().parents[3] / "zi_desktop"


@pytest.fixture
def ws(tmp_path: Path) -> Any:
    w = create_workspace(tmp_path / "ws", unit_name="Kantor Contoh")
    yield w
    w.close()


def test_every_setting_has_a_default_and_help_and_the_json_defaults_are_the_parsers() -> None:
    for s in SETTINGS:
        assert s.help and (s.default is not None or s.key == "user_name"), s.key
    assert json_limits({}) == JsonLimits()


def test_every_setting_the_core_reads_is_in_the_table() -> None:
    read = set()
    for path in CORE.rglob("*.py"):
        read |= set(re.findall(r'settings\(\)\["(\w+)"\]', path.read_text("utf-8")))
    assert read and read <= set(BY_KEY)


def test_unusable_stored_values_fall_back_to_the_default() -> None:
    got = effective({"max_file_mb": "banyak", "max_attach_mb": -1, "backup_keep": 2.5, "max_answers": True, "x": 1})
    assert got["max_file_mb"] == 10 and got["max_attach_mb"] == 1024 and got["backup_keep"] == 5
    assert got["max_answers"] == JsonLimits().max_answers
    assert got["x"] == 1  # other keys (the preconditions' ticks) pass through
    assert effective({"backup_every_minutes": 0})["backup_every_minutes"] == 0  # 0 turns backups off


@pytest.mark.parametrize(
    ("key", "raw", "message"),
    [
        ("max_file_mb", "-1", "setelan max_file_mb harus angka > 0, bukan '-1'"),
        ("max_file_mb", "0", "harus angka > 0"),
        ("max_answers", "2,5", "setelan max_answers harus bilangan bulat > 0"),
        ("backup_keep", "-2", "bilangan bulat >= 0 (0: mati)"),
        ("max_json_mb", "nan", "harus angka > 0"),
        ("max_json_mb", "banyak", "harus angka, bukan 'banyak'"),
        ("user_name", "  ", "tidak boleh kosong"),
    ],
)
def test_parse_refuses_what_the_limits_do_not_allow(key: str, raw: str, message: str) -> None:
    with pytest.raises(UserError, match=re.escape(message)):
        setting(key).parse(raw)


def test_parse_accepts_decimal_commas_and_zero_where_it_means_off() -> None:
    assert setting("max_file_mb").parse("2,5") == 2.5
    assert setting("max_answers").parse("20") == 20
    assert setting("backup_every_minutes").parse("0") == 0
    with pytest.raises(UserError, match="tidak dikenal; pilih salah satu: user_name, max_file_mb"):
        setting("warna")


def test_the_store_answers_every_setting(ws: Workspace) -> None:
    got = ws.settings()
    assert set(BY_KEY) <= set(got)
    ws.set_setting("max_file_mb", 3)
    assert ws.settings()["max_file_mb"] == 3


def test_setelan_lists_the_table(ws: Workspace, capsys: Any) -> None:
    from zi_desktop.cli.main import main

    ws.close()
    assert main(["setelan", str(ws.path)]) == 0
    out = capsys.readouterr().out
    for s in SETTINGS:
        assert s.key in out and s.help in out
