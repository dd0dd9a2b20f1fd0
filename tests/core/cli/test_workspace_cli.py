"""The workspace subcommands, called in-process through `zi_desktop.cli.main.main`."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from sample_answers import best_answers, sample_value

from zi_desktop.cli.main import main
from zi_desktop.lke.answers import AnswerRow
from zi_desktop.workspace.store import open_workspace


def answers_doc(catalog: Any, variant: int = 0, *, skip_every: int = 0) -> dict[str, Any]:
    items = []
    for i, s in enumerate(catalog.soal_in_order()):
        if skip_every and i % skip_every == 0:
            continue
        v = sample_value(catalog, i, s, variant, 3.25)
        item: dict[str, Any] = {"soal_id": s.soal_id, "jawaban_unit": v, "catatan_unit": f"catatan {i}"}
        if i % 10 == 0:
            item["jawaban_tpi"] = v
            item["catatan_tpi"] = "sesuai"
        if i % 3 == 0:
            item["bukti_dukung_unit"] = f"https://bukti.example.go.id/{s.soal_id}"
        items.append(item)
    return {"unit_id": "u-1", "nama_unit": "Kantor Uji", "tahun": 2026, "answers": items}


def run(capsys: pytest.CaptureFixture[str], *args: Any) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def ws_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "ws"
    code, out, _ = run(capsys, "init", path, "--unit", "Kantor Uji", "--target", "WBK")
    assert code == 0 and "Workspace dibuat" in out
    return path


def write_doc(tmp_path: Path, doc: dict[str, Any], name: str = "jawaban.json") -> Path:
    p = tmp_path / name
    p.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return p


def test_init_refuses_to_overwrite(ws_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "init", ws_path, "--unit", "Lain")
    assert code == 2 and "sudah ada workspace" in err and "Traceback" not in err
    code, _, err = run(capsys, "init", ws_path.parent / "x", "--unit", "X", "--target", "ABC")
    assert code == 2 and "perintah tidak sah" in err


def test_answer_note_tpi_and_history(ws_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "answer", ws_path, "1", "ya", "--note", "SK Tim ZI sudah terbit")
    assert code == 0 and "Soal 1 (unit): (kosong) -> Ya" in out
    code, out, _ = run(capsys, "answer", ws_path, "1", "Tidak", "--tpi")
    assert code == 0 and "(TPI)" in out
    code, _, err = run(capsys, "answer", ws_path, "2", "Z")
    assert code == 2 and "Soal 2" in err and "pilihan yang sah: A, B, C" in err
    code, _, err = run(capsys, "answer", ws_path, "500", "Ya")
    assert code == 2 and "500" in err
    code, out, _ = run(capsys, "history", ws_path)
    assert code == 0
    assert "jawaban_unit: (kosong) -> Ya" in out and "catatan_unit: (kosong) -> SK Tim ZI sudah terbit" in out
    assert "jawaban_tpi: (kosong) -> Tidak" in out
    code, out, _ = run(capsys, "history", ws_path, "2")
    assert code == 0 and "Belum ada perubahan" in out


def test_import_then_score_matches_scoring_the_file(
    ws_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], catalog: Any
) -> None:
    doc_path = write_doc(tmp_path, answers_doc(catalog, skip_every=7))
    code, out, _ = run(capsys, "import", ws_path, doc_path)
    assert code == 0 and "Impor dari" in out and "tetap: 0 soal" in out
    for tpi in ([], ["--tpi"]):
        code, from_file, _ = run(capsys, "score", doc_path, "--json", *tpi)
        assert code == 0
        code, from_ws, _ = run(capsys, "score", ws_path, "--json", *tpi)
        assert code == 0
        a, b = json.loads(from_file), json.loads(from_ws)
        assert a["total"] > 0
        a.pop("unit"), b.pop("unit")
        assert a == b
    code, out, _ = run(capsys, "import", ws_path, doc_path)
    assert code == 0 and "baru: 0 soal, berubah: 0 soal" in out


def test_import_dry_run_writes_nothing(
    ws_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], catalog: Any
) -> None:
    doc_path = write_doc(tmp_path, answers_doc(catalog))
    code, out, _ = run(capsys, "import", ws_path, doc_path, "--dry-run")
    assert code == 0 and "tidak ada yang disimpan" in out and f"baru: {len(catalog.soal)} soal" in out
    with open_workspace(ws_path) as ws:
        assert ws.records() == {} and ws.history() == []


def test_import_with_a_bad_value_writes_nothing(
    ws_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], catalog: Any
) -> None:
    doc = answers_doc(catalog)
    doc["answers"][5]["jawaban_unit"] = "Mungkin"
    code, _, err = run(capsys, "import", ws_path, write_doc(tmp_path, doc))
    assert code == 2 and "Mungkin" in err and "Traceback" not in err
    with open_workspace(ws_path) as ws:
        assert ws.records() == {}


@pytest.mark.parametrize("kind", ["missing", "folder", "not-json"])
def test_import_bad_file(ws_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    target = {"missing": tmp_path / "tidak-ada.json", "folder": tmp_path, "not-json": tmp_path / "x.json"}[kind]
    if kind == "not-json":
        target.write_text("bukan json")
    code, _, err = run(capsys, "import", ws_path, target)
    assert code == 2 and str(target) in err
    assert {"missing": "tidak ditemukan", "folder": "folder", "not-json": "bukan JSON"}[kind] in err


def _fake_xlsx(
    monkeypatch: pytest.MonkeyPatch, rows: list[AnswerRow], problems: list[str], unmatched: list[str]
) -> None:
    mod = types.ModuleType("zi_desktop.exchange.xlsx_io")

    def read_workbook(catalog: Any, path: Any) -> Any:
        return types.SimpleNamespace(rows=rows, problems=problems, unmatched=unmatched, sheet_map=None)

    mod.read_workbook = read_workbook  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "zi_desktop.exchange.xlsx_io", mod)


def test_import_xlsx_problems_block_unless_skip_invalid(
    ws_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    book = tmp_path / "LKE.xlsx"
    book.write_bytes(b"PK fake")
    rows = [AnswerRow(1, "Ya", None, None, None, None, frozenset({"jawaban_unit"}))]
    _fake_xlsx(monkeypatch, rows, ["LKE!K12: jawaban 'Mungkin' tidak dikenal"], ["LKE!baris 300: 'Soal tambahan'"])
    code, out, err = run(capsys, "import", ws_path, book)
    assert code == 2 and "ditolak; tidak ada yang disimpan" in err
    assert "LKE!K12" in out and "LKE!baris 300" in out
    with open_workspace(ws_path) as ws:
        assert ws.answers() == {}
    code, out, _ = run(capsys, "import", ws_path, book, "--skip-invalid", "--dry-run")
    assert code == 0 and "Pratinjau" in out
    with open_workspace(ws_path) as ws:
        assert ws.answers() == {}
    code, out, _ = run(capsys, "import", ws_path, book, "--skip-invalid")
    assert code == 0 and "baru: 1 soal" in out
    with open_workspace(ws_path) as ws:
        assert ws.answers() == {1: "Ya"}
        assert ws.history()[0].source == "impor:LKE.xlsx"


def test_attach_detach_gc(ws_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "notulen rapat.pdf"
    f.write_bytes(b"%PDF-1.4 notulen")
    code, out, _ = run(capsys, "attach", ws_path, "3", f)
    assert code == 0 and "Bukti #1 terlampir pada soal 3: notulen rapat.pdf" in out
    code, out, _ = run(capsys, "attach", ws_path, "3", "--link", "https://drive.example.go.id/x", "--title", "Foto")
    assert code == 0 and "#2" in out
    code, out, _ = run(capsys, "attach", ws_path, "3", "--text", "SK No. 5 tahun 2026")
    assert code == 0 and "#3" in out
    code, _, err = run(capsys, "attach", ws_path, "3")
    assert code == 2 and "tepat satu jenis bukti" in err
    code, out, _ = run(capsys, "detach", ws_path, "3", "1")
    assert code == 0 and "dilepas" in out
    code, _, err = run(capsys, "detach", ws_path, "4", "2")
    assert code == 2 and "tidak terlampir pada soal 4" in err
    code, out, _ = run(capsys, "gc", ws_path)
    assert code == 0 and out.startswith("0 berkas")  # just detached: kept for a grace period
    with open_workspace(ws_path) as ws:
        assert [e.id for e in ws.evidence(3)] == [2, 3]


def test_attach_missing_file_is_a_clean_error(
    ws_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "attach", ws_path, "3", tmp_path / "hilang.pdf")
    assert code == 2
    assert err.strip() == f"Galat: berkas {tmp_path / 'hilang.pdf'} tidak ditemukan (untuk soal 3)"
    code, _, err = run(capsys, "attach", ws_path, "3", tmp_path)
    assert code == 2 and "adalah folder" in err
    code, _, err = run(capsys, "attach", tmp_path / "bukan-ws", "3", "--text", "x")
    assert code == 2 and "tidak ditemukan" in err
    with open_workspace(ws_path) as ws:
        assert ws.evidence() == [] and ws.history() == []


def test_status_text_and_json(ws_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], catalog: Any) -> None:
    run(capsys, "import", ws_path, write_doc(tmp_path, answers_doc(catalog, skip_every=4)))
    code, out, _ = run(capsys, "status", ws_path, "--json")
    assert code == 0
    data = json.loads(out)
    skipped = len(range(0, len(catalog.soal), 4))
    assert data["unanswered"] == skipped and data["answered"] == len(catalog.soal) - skipped
    assert sum(a["unanswered"] for a in data["areas"].values()) + data["hasil"]["unanswered"] == skipped
    # evidence strings were given for every third soal (of those imported); survey scores need none
    assert data["without_evidence"] == [
        s.soal_id
        for i, s in enumerate(catalog.soal_in_order())
        if not (i % 3 == 0 and i % 4 != 0) and s.kind != "survey"
    ]
    assert data["target"] == "WBK" and isinstance(data["target_gap"], list)
    code, out, _ = run(capsys, "status", ws_path)
    assert code == 0 and f"Terjawab: {data['answered']} dari {len(catalog.soal)} soal" in out
    assert "Area 1" in out and "Soal tanpa bukti dukung" in out


def test_check_exit_codes(ws_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], catalog: Any) -> None:
    code, out, _ = run(capsys, "check", ws_path)
    assert code == 3 and "belum dijawab" in out
    run(capsys, "import", ws_path, write_doc(tmp_path, answers_doc(catalog)))
    run(capsys, "attach", ws_path, "1", "--link", "file:///C:/bukti/sk.pdf")
    code, out, _ = run(capsys, "check", ws_path)
    assert code == 3 and "ID unit dari instansi belum diisi" in out, out
    code, _, err = run(capsys, "setelan", ws_path, "unit_id", "bukan id/../x")
    assert code == 2 and "tidak sah" in err
    code, out, _ = run(capsys, "setelan", ws_path, "unit_id", "UNIT-UJI-01")
    assert code == 0 and "UNIT-UJI-01" in out
    code, out, _ = run(capsys, "check", ws_path)
    assert code == 0, out
    assert "ID unit" not in out
    assert "siap" in out and "bukan alamat http(s)" in out
    import sqlite3

    conn = sqlite3.connect(str(ws_path / "workspace.sqlite"))
    conn.execute("DROP TRIGGER changelog_no_update")
    conn.execute("UPDATE changelog SET new = 'Tidak' WHERE id = 3")
    conn.commit()
    conn.close()
    code, out, _ = run(capsys, "check", ws_path)
    assert code == 3 and "MASALAH" in out and "entri 3 diubah" in out
    code, _, err = run(capsys, "check", tmp_path / "tidak-ada")
    assert code == 2


def test_readiness_flags_large_files(ws_path: Path, tmp_path: Path, catalog: Any) -> None:
    from zi_desktop.lke.readiness import submission_check

    big = tmp_path / "video.mp4"
    big.write_bytes(b"\0" * (2 * 1024 * 1024))
    with open_workspace(ws_path) as ws:
        ws.set_setting("max_file_mb", 1)
        ws.attach_files(2, [big])
        ws.set_answer(2, "A")
        ready = submission_check(ws)
    assert (2, "soal 2 belum dijawab") not in ready.blocking
    assert (1, "soal 1 belum dijawab") in ready.blocking
    assert any(sid == 2 and "melebihi batas saran 1 MB" in m for sid, m in ready.advisory)
    assert (2, "soal 2 belum punya bukti dukung") not in ready.advisory
    assert (1, "soal 1 belum punya bukti dukung") in ready.advisory


def test_input_errors_show_in_status_and_block_check(
    ws_path: Path, capsys: pytest.CaptureFixture[str], catalog: Any
) -> None:
    c = catalog.computed_by_id("PRA1A")  # a numerator above a denominator of 0 is an input error
    run(capsys, "answer", ws_path, c.den[0], "0")
    run(capsys, "answer", ws_path, c.num[0], "25")
    code, out, _ = run(capsys, "status", ws_path, "--json")
    errors = json.loads(out)["input_errors"]
    assert code == 0 and [e["ref"] for e in errors] == ["PRA1A"]
    code, out, _ = run(capsys, "check", ws_path)
    assert code == 3 and "isian salah (PRA1A)" in out


def test_answer_warns_when_a_count_contradicts_another(ws_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "answer", ws_path, "90", "3")[0] == 0
    code, out, _ = run(capsys, "answer", ws_path, "91", "5")  # five integrated of three changes made
    assert code == 0  # saved: the user may be about to correct soal 90
    assert "Peringatan (PRA1B)" in out and "soal 91 (5) lebih besar dari soal 90 (3)" in out
    assert "terintegrasi" in out and "100%" in out
    code, out, _ = run(capsys, "answer", ws_path, "90", "6")
    assert code == 0 and "Peringatan" not in out


def test_more_changes_than_agents_is_accepted_without_a_remark(
    ws_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "answer", ws_path, "88", "10")[0] == 0
    code, out, _ = run(capsys, "answer", ws_path, "89", "12")  # one agent can make several changes
    assert code == 0 and "Peringatan" not in out
    code, out, _ = run(capsys, "status", ws_path, "--json")
    assert json.loads(out)["input_errors"] == []
    code, out, _ = run(capsys, "check", ws_path)
    assert "PRA1A" not in out


def test_an_impossible_count_is_advice_in_check_not_a_block(ws_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "answer", ws_path, "105", "4")
    run(capsys, "answer", ws_path, "106", "6")  # six targets met of four
    code, out, _ = run(capsys, "check", ws_path)
    blocking, _, advice = out.partition("Saran")
    assert "PRD1A" not in blocking
    assert "periksa isian (PRD1A): soal 106 (6) lebih besar dari soal 105 (4)" in advice
    assert "sasaran" in advice


def test_argument_errors_are_indonesian_one_liners(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "bogus")
    assert code == 2 and "pilihan tidak dikenal" in err and "(lihat: zi-desktop --help)" in err
    code, _, err = run(capsys, "init")
    assert code == 2 and "argumen berikut wajib diisi" in err and "zi-desktop init --help" in err
    assert len(err.strip().splitlines()) == 1


def test_setelan_shows_and_changes_limits(ws_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "setelan", ws_path)
    assert code == 0 and "max_file_mb" in out and "max_answers" in out and "10000" in out
    code, out, _ = run(capsys, "setelan", ws_path, "max_answers", "2")
    assert code == 0
    # the new limit is what an import now uses, and the message names it
    doc = {"tahun": 2026, "answers": [{"soal_id": i, "jawaban_unit": "A"} for i in (2, 4, 5)]}
    code, _, err = run(capsys, "import", ws_path, write_doc(tmp_path, doc))
    assert code == 2 and "max_answers" in err
    assert run(capsys, "setelan", ws_path, "max_answers", "-1")[0] == 2
    assert run(capsys, "setelan", ws_path, "tidak_ada", "1")[0] == 2
    code, out, _ = run(capsys, "setelan", ws_path, "user_name", "Budi (TPI)")
    assert code == 0 and "Budi (TPI)" in out
    run(capsys, "answer", ws_path, "1", "Ya")
    code, out, _ = run(capsys, "history", ws_path, "1")
    assert "Budi (TPI)" in out


def test_score_of_a_wbk_workspace_that_reached_wbk_advises_toward_wbbm(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], catalog: Any
) -> None:
    """The same target as the dashboard: a workspace aiming at WBK that reached it gets WBBM advice."""
    from zi_desktop.workspace.store import create_workspace

    ws = create_workspace(tmp_path / "ws", unit_name="U", target="WBK")
    rows = [AnswerRow(sid, v, None, None, None, None) for sid, v in best_answers(catalog, capaian="C").items()]
    ws.apply_import(rows, source="test")
    ws.close()
    assert main(["score", str(tmp_path / "ws"), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["predicate"] == "WBK" and doc["improvements"]["target"] == "WBBM"
