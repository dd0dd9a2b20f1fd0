"""Hostile and broken answers documents (JSON): each is refused with a message that names the fault
(and the limit, where one applies), exit 2, never a traceback, and the workspace is left unchanged.

Run through `zi-desktop score FILE` and `zi-desktop import WORKSPACE FILE`."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from zi_desktop.cli.main import main
from zi_desktop.errors import UserError
from zi_desktop.lke.answers import JsonLimits, load_answers_file, read_json_file
from zi_desktop.workspace.settings import json_limits

TIME_BOUND = 60.0
ROOT = Path(__file__).resolve().parents[3]


def _answers(items: str) -> str:
    return '{"unit_id": "u1", "nama_unit": "Satker Uji", "tahun": 2026, "answers": [' + items + "]}"


def _many_answers(n: int) -> str:
    one = '{"soal_id": 1, "jawaban_unit": "Ya", "catatan_unit": "ada SK"}'
    return _answers(",".join([one] * n))


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


# name -> (file content, expected fragments of the one-line message)
CASES: dict[str, tuple[Callable[[], str | bytes], tuple[str, ...]]] = {
    "not_json": (lambda: "ini bukan JSON {", ("bukan JSON yang sah", "baris 1")),
    "binary": (lambda: os.urandom(4096), ("bukan teks UTF-8",)),
    "empty_file": (lambda: "", ("bukan JSON yang sah",)),
    "top_level_list": (lambda: "[1, 2, 3]", ("harus berupa objek JSON dengan kunci 'answers'",)),
    "answers_not_list": (lambda: '{"answers": {"1": "Ya"}}', ("'answers' tidak ada atau bukan daftar",)),
    "answer_not_object": (lambda: _answers('"Ya"'), ("answers[0] bukan objek",)),
    "no_soal_id": (lambda: _answers('{"jawaban_unit": "Ya"}'), ("answers[0] tidak memiliki soal_id",)),
    "unknown_soal": (lambda: _answers('{"soal_id": 99999, "jawaban_unit": "Ya"}'), ("soal_id 99999 tidak ada",)),
    "soal_id_infinity": (lambda: _answers('{"soal_id": Infinity}'), ("bukan nomor soal",)),
    "soal_id_bool": (lambda: _answers('{"soal_id": true}'), ("bukan nomor soal",)),
    "soal_id_object": (lambda: _answers('{"soal_id": {"a": 1}}'), ("'{objek}' bukan nomor soal",)),
    "number_too_long": (lambda: _answers('{"soal_id": 1, "jawaban_unit": ' + "9" * 6000 + "}"), ("terlalu panjang",)),
    "count_overflow": (lambda: _answers('{"soal_id": 88, "jawaban_unit": ' + "9" * 400 + "}"), ("terlalu besar",)),
    "tahun_wrong": (lambda: '{"tahun": "tahun ini", "answers": []}', ("'tahun' harus bilangan bulat",)),
    "too_many_answers": (
        lambda: _many_answers(200_000),
        ("terlalu banyak jawaban (200000; batas 10000, max_answers)",),
    ),
    "too_many_values": (
        lambda: _answers(",".join(["[]"] * 2_100_000)),
        ("terlalu banyak nilai JSON", "max_json_items"),
    ),
    "deep_document": (lambda: _answers(_deep(200_000)), ("struktur JSON terlalu dalam",)),
    "deep_unclosed": (lambda: "[" * 500_000, ("struktur JSON terlalu dalam",)),
    "deep_value": (lambda: _answers('{"soal_id": 1, "jawaban_unit": ' + _deep(900) + "}"), ("Soal 1", "'[daftar]'")),
    "duplicate_soal": (
        lambda: _answers(
            '{"soal_id": 1, "jawaban_unit": "Ya"}, {"soal_id": 2}, {"soal_id": "1", "jawaban_unit": "Tidak"}'
        ),
        ("Soal 1: muncul lebih dari sekali", "answers[0] dan answers[2]"),
    ),
    "duplicate_key": (
        lambda: _answers('{"soal_id": 1, "jawaban_unit": "Ya", "jawaban_unit": "Tidak"}'),
        ("kunci 'jawaban_unit' muncul dua kali",),
    ),
    "megabyte_note": (
        lambda: _answers('{"soal_id": 1, "catatan_unit": "' + "x" * 3_000_000 + '"}'),
        ("Soal 1 catatan_unit: teks terlalu panjang (3000000 karakter; batas 100000 karakter, max_text_chars)",),
    ),
    "megabyte_answer": (
        lambda: _answers('{"soal_id": 1, "jawaban_unit": "' + "Y" * 3_000_000 + '"}'),
        ("Soal 1: jawaban 'YYYY", "...' tidak dikenal"),
    ),
    "megabyte_soal_id": (lambda: _answers('{"soal_id": "' + "1" * 2_000_000 + '"}'), ("bukan nomor soal",)),
    "megabyte_unit_name": (
        lambda: '{"nama_unit": "' + "n" * 1_000_000 + '", "answers": []}',
        ("nama_unit: teks terlalu panjang (1000000 karakter; batas 500 karakter)",),
    ),
    "lone_surrogate": (
        lambda: _answers('{"soal_id": 1, "catatan_unit": "ada \\ud800 di sini"}'),
        ("teks di answers[0].catatan_unit", "(\\ud800 tanpa pasangan)"),
    ),
    "lone_low_surrogate_in_name": (
        lambda: '{"nama_unit": "Satker \\uDC00\\uD800", "answers": []}',
        ("teks di nama_unit", "(\\udc00 tanpa pasangan)"),
    ),
    "lone_surrogate_in_key": (
        lambda: _answers('{"soal_id": 1, "x\\ud800": 1}'),
        ("teks di answers[0] (nama kunci)", "tanpa pasangan"),
    ),
    "deep_unit_name": (lambda: '{"nama_unit": ' + _deep(900) + ', "answers": []}', ("nama_unit: harus berupa teks",)),
}


def _write(tmp_path: Path, name: str) -> Path:
    content = CASES[name][0]()
    path = tmp_path / f"{name}.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, "utf-8")
    return path


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    start = time.monotonic()
    code = main(argv)
    elapsed = time.monotonic() - start
    assert elapsed < TIME_BOUND, f"{argv[0]} took {elapsed:.1f} s"
    err = capsys.readouterr().err
    return code, err


def _check_refused(code: int, err: str, fragments: tuple[str, ...]) -> None:
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err[:2000]
    assert lines[0].startswith("Galat: ")
    assert len(lines[0]) < 600, f"message not bounded: {len(lines[0])} characters"
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.mark.parametrize("name", sorted(CASES))
def test_score_refuses(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, name)
    code, err = _run(["score", str(path)], capsys)
    _check_refused(code, err, CASES[name][1])


# -- import into a workspace: refused and nothing changed -----------------------------------------


def _snapshot(ws_path: Path) -> dict[str, Any]:
    from zi_desktop.workspace.store import open_workspace

    with open_workspace(ws_path, read_only=True) as ws:
        return {
            "records": ws.records(),
            "history": ws.history(),
            "evidence": ws.evidence(),
            "settings": ws.settings(),
        }


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = pytest.importorskip("zi_desktop.workspace.store")
    path = tmp_path_factory.mktemp("hostile-json") / "ws"
    with store.create_workspace(path, unit_name="Satker Uji") as ws:
        ws.set_answer(1, "Ya")
        ws.set_answer(88, "12")
        ws.set_note(1, "catatan awal")
    return path


@pytest.mark.parametrize("name", sorted(CASES))
def test_import_refuses_and_changes_nothing(
    name: str, workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("zi_desktop.cli.workspace")
    path = _write(tmp_path, name)
    before = _snapshot(workspace)
    code, err = _run(["import", str(workspace), str(path)], capsys)
    _check_refused(code, err, CASES[name][1])
    assert _snapshot(workspace) == before


def test_import_200k_answers_within_memory(workspace: Path, tmp_path: Path) -> None:
    """The acceptance check: 200 000 answers refused within 60 s and 600 MB (a child process, so its
    peak memory is its own)."""
    pytest.importorskip("zi_desktop.cli.workspace")
    path = _write(tmp_path, "too_many_answers")
    before = _snapshot(workspace)
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(workspace), str(path)],
        capture_output=True,
        text=True,
        timeout=TIME_BOUND,
        cwd=ROOT,
    )
    assert time.monotonic() - start < TIME_BOUND
    assert proc.returncode == 2, proc.stderr
    assert "terlalu banyak jawaban (200000; batas 10000, max_answers)" in proc.stderr
    peak_mb = int(proc.stdout.strip().splitlines()[-1]) / 1024
    assert peak_mb < 600, f"peak memory {peak_mb:.0f} MB"
    assert _snapshot(workspace) == before


_CHILD = """
import resource, sys
from zi_desktop.cli.main import main
code = main(["import", sys.argv[1], sys.argv[2]])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
sys.exit(code)
"""


# -- limits: from the workspace settings, named in the message -----------------------------------


def test_limits_from_settings() -> None:
    lim = json_limits({"max_json_mb": 1, "max_answers": 50, "max_text_chars": 0, "max_json_items": True})
    assert lim.max_bytes == 1024 * 1024
    assert lim.max_answers == 50
    assert lim.max_text == JsonLimits().max_text  # 0 is not a usable limit: the default stays
    assert lim.max_items == JsonLimits().max_items  # a bool is not a number


def test_size_limit_named(tmp_path: Path, catalog: Any) -> None:
    path = tmp_path / "big.json"
    path.write_text(_answers('{"soal_id": 1, "catatan_unit": "' + "x" * 3 * 1024 * 1024 + '"}'), "utf-8")
    with pytest.raises(UserError, match=r"terlalu besar \(3\.0 MB; batas 1 MB, max_json_mb\)"):
        load_answers_file(catalog, path, limits=json_limits({"max_json_mb": 1}))


def test_answers_limit_from_settings(tmp_path: Path, catalog: Any) -> None:
    path = tmp_path / "some.json"
    path.write_text(_answers('{"soal_id": 1}, {"soal_id": 2}, {"soal_id": 3}'), "utf-8")
    with pytest.raises(UserError, match=r"terlalu banyak jawaban \(3; batas 2, max_answers\)"):
        load_answers_file(catalog, path, limits=JsonLimits(max_answers=2))
    assert len(load_answers_file(catalog, path).rows) == 3


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a POSIX FIFO")
def test_fifo_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    with pytest.raises(UserError, match="bukan berkas biasa"):
        read_json_file(fifo)


def test_folder_and_missing(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="adalah folder"):
        read_json_file(tmp_path)
    with pytest.raises(UserError, match="tidak ditemukan"):
        read_json_file(tmp_path / "nope.json")


def test_valid_document_still_reads(tmp_path: Path, catalog: Any) -> None:
    path = tmp_path / "ok.json"
    path.write_text("\ufeff" + _answers('{"soal_id": 1, "jawaban_unit": " ya ", "catatan_unit": 12}'), "utf-8")
    doc = load_answers_file(catalog, path)
    assert doc.nama_unit == "Satker Uji"
    assert doc.rows[0].jawaban_unit == "Ya"
    assert doc.rows[0].catatan_unit == "12"
    # a surrogate pair escaped in JSON is one character, not a fault; an escaped backslash is text
    path.write_text(_answers('{"soal_id": 1, "catatan_unit": "senyum \\ud83d\\ude00 \\\\ud800"}'), "utf-8")
    assert load_answers_file(catalog, path).rows[0].catatan_unit == "senyum \U0001f600 \\ud800"
