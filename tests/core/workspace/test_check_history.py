"""`check` compares the database with the change log's replay, finds dropped triggers, and tells
from an earlier bundle's manifest whether history was rewritten since (issue 9)."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from zi_desktop.cli.main import main
from zi_desktop.exchange.bundle import export_bundle
from zi_desktop.workspace.store import create_workspace, open_workspace


@pytest.fixture
def ws_path(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    (tmp_path / "sk.pdf").write_bytes(b"%PDF sk tim" * 40)
    with create_workspace(root, unit_name="Kantor Contoh") as ws:
        ws.set_answer(1, "Ya")
        ws.set_answer(2, "A")
        ws.set_note(2, "catatan rapat")
        ws.attach_files(1, [tmp_path / "sk.pdf"])
        ws.attach_link(2, "https://drive.example.go.id/sk", "SK")
        ws.attach_text(3, "SK nomor 12/2026")
        ws.detach(3, ws.evidence(3)[0].id)
    return root


def _sql(root: Path, *statements: str) -> None:
    conn = sqlite3.connect(str(root / "workspace.sqlite"))
    try:
        for st in statements:
            conn.execute(st)
        conn.commit()
    finally:
        conn.close()


def _problems(root: Path) -> list[str]:
    with open_workspace(root, read_only=True) as ws:
        return ws.check().problems


def _check(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    capsys.readouterr()
    rc = main(["check", str(root), *extra])
    return rc, capsys.readouterr().out


def test_a_workspace_used_normally_replays_to_its_state(ws_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _problems(ws_path) == []
    rc, out = _check(ws_path, capsys)
    assert "MASALAH" not in out and "baik" in out


def test_an_answer_updated_with_sqlite3_is_found_naming_soal_and_field(
    ws_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_workspace(ws_path, read_only=True) as ws:
        before = ws.score().total
    _sql(ws_path, "UPDATE answers SET jawaban_unit = 'Tidak' WHERE soal_id = 1")
    with open_workspace(ws_path, read_only=True) as ws:
        assert ws.score().total != before  # the score did change behind the log's back
    problems = _problems(ws_path)
    assert any("Soal 1 jawaban_unit" in p and "'Tidak'" in p and "'Ya'" in p for p in problems), problems
    rc, out = _check(ws_path, capsys)
    assert rc == 3 and "MASALAH: Soal 1 jawaban_unit" in out


@pytest.mark.parametrize(
    ("statement", "words"),
    [
        ("UPDATE answers SET catatan_unit = 'diganti' WHERE soal_id = 2", "Soal 2 catatan_unit"),
        ("INSERT INTO answers(soal_id, jawaban_unit) VALUES (5, 'Ya')", "Soal 5 jawaban_unit"),
        ("DELETE FROM answers WHERE soal_id = 2", "Soal 2 jawaban_unit"),
        ("UPDATE evidence SET url = 'https://jahat.example/x' WHERE kind = 'link'", "bukti dukung #2"),
        ("DELETE FROM evidence WHERE kind = 'file'", "bukti dukung #1"),
        (
            "INSERT INTO evidence(soal_id, kind, name, text, added_at, added_by) "
            "VALUES (4, 'text', 'x', 'bukti palsu', '2026', 'x')",
            "tidak tercatat di riwayat",
        ),
    ],
)
def test_notes_and_evidence_changed_behind_the_log_are_found(ws_path: Path, statement: str, words: str) -> None:
    _sql(ws_path, statement)
    problems = _problems(ws_path)
    assert any(words in p for p in problems), problems


def test_dropped_append_only_triggers_are_reported(ws_path: Path) -> None:
    _sql(ws_path, "DROP TRIGGER changelog_no_update", "DROP TRIGGER changelog_no_delete")
    problems = _problems(ws_path)
    assert any("changelog_no_update" in p and "hilang" in p for p in problems)
    assert any("changelog_no_delete" in p and "hilang" in p for p in problems)


def _rewrite_history(root: Path) -> None:
    """What an attacker with sqlite3 does: drop the triggers, change an old entry and the answer, and
    recompute every hash after it (and the head), so the chain alone looks whole again."""
    from zi_desktop.workspace.store import GENESIS, _entry_hash

    conn = sqlite3.connect(str(root / "workspace.sqlite"))
    try:
        conn.execute("DROP TRIGGER changelog_no_update")
        conn.execute("UPDATE changelog SET new = 'Tidak' WHERE soal_id = 1 AND field = 'jawaban_unit'")
        conn.execute("UPDATE answers SET jawaban_unit = 'Tidak' WHERE soal_id = 1")
        prev = GENESIS
        for row in conn.execute(
            "SELECT id, at, user, soal_id, field, old, new, source FROM changelog ORDER BY id"
        ).fetchall():
            h = _entry_hash(prev, row)
            conn.execute("UPDATE changelog SET prev_hash = ?, hash = ? WHERE id = ?", (prev, h, row[0]))
            prev = h
        conn.execute("UPDATE meta SET value = ? WHERE key = 'log_head'", (prev,))
        conn.execute(
            "CREATE TRIGGER changelog_no_update BEFORE UPDATE ON changelog "
            "BEGIN SELECT RAISE(ABORT, 'changelog is append-only'); END"
        )
        conn.commit()
    finally:
        conn.close()


def test_an_earlier_bundle_tells_that_history_was_rewritten(
    ws_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = tmp_path / "paket-1.zip"
    with open_workspace(ws_path) as ws:
        count, head = ws.chain_head()
        export_bundle(ws, bundle)
        ws.set_answer(4, "B")  # work goes on after the export
    with zipfile.ZipFile(bundle) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert manifest["riwayat"] == {"entri": count, "hash_terakhir": head}
    rc, out = _check(ws_path, capsys, "--manifest", str(bundle))
    assert "MASALAH" not in out and f"riwayat sampai paket paket-1.zip ({count} entri) tidak berubah" in out
    _rewrite_history(ws_path)
    assert _problems(ws_path) == []  # chain, replay and triggers alone cannot see it any more
    rc, out = _check(ws_path, capsys, "--manifest", str(bundle))
    assert rc == 3
    assert "MASALAH: riwayat perubahan ditulis ulang sejak paket paket-1.zip dibuat" in out
    # a TPI holding only the manifest file can do the same
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    rc, out = _check(ws_path, capsys, "--manifest", str(tmp_path / "manifest.json"))
    assert rc == 3 and "ditulis ulang" in out


def test_a_history_cut_shorter_than_the_bundle_is_found(ws_path: Path, tmp_path: Path) -> None:
    with open_workspace(ws_path) as ws:
        count, head = ws.chain_head()
    _sql(
        ws_path,
        "DROP TRIGGER changelog_no_delete",
        f"DELETE FROM changelog WHERE id >= {count - 1}",
    )
    with open_workspace(ws_path, read_only=True) as ws:
        got = ws.check_against(count, head, where="paket X")
    assert got and "lebih pendek" in got[0]


def test_a_manifest_without_a_head_is_refused_by_name(
    ws_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tmp_path / "manifest.json"
    old.write_text(json.dumps({"format": "zi-desktop-bundle"}), encoding="utf-8")
    capsys.readouterr()
    assert main(["check", str(ws_path), "--manifest", str(old)]) == 2
    assert "tidak mencatat ujung riwayat" in capsys.readouterr().err
