"""`zi-desktop score` and `catalog show`: output, exit codes, one-line errors, the bug log."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from zi_desktop import paths
from zi_desktop.cli.main import main
from zi_desktop.lke import scoring

ROOT = Path(__file__).resolve().parents[3]
NUMBER_KEYS = ("total", "total_floor", "pengungkit", "pemenuhan", "reform", "hasil", "ipak", "capaian_kinerja", "ipkp")


def write(tmp_path: Path, answers: list[dict[str, Any]], name: str = "jawaban.json", **extra: Any) -> str:
    p = tmp_path / name
    p.write_text(
        json.dumps({"unit_id": "U1", "nama_unit": "KPP Contoh", "tahun": 2026, "answers": answers, **extra}), "utf-8"
    )
    return str(p)


SAMPLE = [
    {"soal_id": 1, "jawaban_unit": "ya"},
    {"soal_id": 2, "jawaban_unit": " A "},
    {"soal_id": 88, "jawaban_unit": "4"},
    {"soal_id": 89, "jawaban_unit": 3},
    {"soal_id": 125, "jawaban_unit": "3,60"},
    {"soal_id": 126, "jawaban_unit": "b"},
]


def test_score_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", write(tmp_path, SAMPLE), "--json"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    doc = json.loads(out)
    for k in NUMBER_KEYS:
        assert type(doc[k]) in (int, float), k
    assert set(doc["areas"]) == {"1", "2", "3", "4", "5", "6"}
    assert all(type(v) in (int, float) for v in doc["areas"].values())
    assert doc["predicate"] is None
    assert isinstance(doc["shortfalls"], list) and doc["shortfalls"]
    assert doc["completeness"]["answered"] == 6
    # MP i Pemenuhan (0.5): both best; MP i Reform (2): 3 of 4 -> 1.5; IPAK 15.75; capaian B 3.75
    assert doc["areas"]["1"] == pytest.approx(0.5 + 1.5)
    assert doc["ipak"] == pytest.approx(15.75) and doc["capaian_kinerja"] == pytest.approx(3.75)
    assert doc["total"] == pytest.approx(2 + 15.75 + 3.75)
    assert doc["unit"] == "KPP Contoh"


def test_score_text_is_indonesian_and_shows_the_total(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", write(tmp_path, SAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "Nilai total (aturan resmi)" in out and "21,50" in out
    assert "Predikat tercapai: belum ada" in out
    assert "Kelengkapan: 6 dari 127 soal terjawab" in out


BAD = {
    "unknown soal": ([{"soal_id": 999, "jawaban_unit": "A"}], ["Soal 999", "tidak ada di katalog"]),
    "option F": ([{"soal_id": 12, "jawaban_unit": "F"}], ["Soal 12", "'F'", "tidak dikenal"]),
    "option Mungkin": ([{"soal_id": 1, "jawaban_unit": "Mungkin"}], ["Soal 1", "'Mungkin'"]),
    "survey above 4": ([{"soal_id": 125, "jawaban_unit": 4.5}], ["Soal 125", "antara 0 dan 4"]),
    "survey below 0": ([{"soal_id": 127, "jawaban_unit": "-0,1"}], ["Soal 127", "antara 0 dan 4"]),
    "negative count": ([{"soal_id": 88, "jawaban_unit": -1}], ["Soal 88", "negatif"]),
    "fractional count": ([{"soal_id": 88, "jawaban_unit": "2,5"}], ["Soal 88", "bilangan bulat"]),
    "numerator above a zero denominator": (
        [{"soal_id": 88, "jawaban_unit": 0}, {"soal_id": 89, "jawaban_unit": 5}],
        ["Soal 89", "lebih besar", "88", "penyebut 0"],
    ),
    "duplicate soal": ([{"soal_id": 12, "jawaban_unit": "A"}, {"soal_id": 12, "jawaban_unit": "B"}], ["Soal 12"]),
    "answer with a line break": ([{"soal_id": 12, "jawaban_unit": "A\nB"}], ["Soal 12"]),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_exit_2_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str) -> None:
    answers, words = BAD[case]
    assert main(["score", write(tmp_path, answers), "--json"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert "Traceback" not in err
    for w in words:
        assert w in err, (case, err)
    assert not paths.log_file().exists()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('{"answers": [', ["bukan JSON yang sah"]),
        ("[1, 2]", ["objek JSON"]),
        ('{"tahun": 2026, "answers": [{"soal_id": 12}], "x": 1', ["bukan JSON yang sah"]),
    ],
)
def test_malformed_file_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, words: list[str]
) -> None:
    p = tmp_path / "rusak.json"
    p.write_text(content, "utf-8")
    assert main(["score", str(p)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    for w in words:
        assert w in err


def test_missing_file_and_wrong_year(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(tmp_path / "tidak-ada.json")]) == 2
    assert "tidak ditemukan" in capsys.readouterr().err
    assert main(["score", write(tmp_path, [], tahun=2019)]) == 2
    assert "2019" in capsys.readouterr().err


def test_unexpected_failure_exit_1_traceback_in_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("uji kesalahan tak terduga")

    monkeypatch.setattr(scoring, "score", boom)
    assert main(["score", write(tmp_path, SAMPLE), "--json"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "bug" in err
    log = paths.log_file()
    assert str(log) in err
    text = log.read_text("utf-8")
    assert "Traceback" in text and "RuntimeError: uji kesalahan tak terduga" in text


def test_catalog_show(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog", "show"]) == 0
    out = capsys.readouterr().out
    assert "127 soal" in out and "PRC3A" in out and "PEMENUHAN" in out
    assert main(["catalog", "show", "36"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Soal 36")
    assert "Pilihan jawaban:" in out and "(nilai 0.75)" in out
    assert main(["catalog", "show", "103", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["soal_id"] == 103 and doc["type"] == "JUMLAH" and doc["computed"] == ["PRC3A"]


def test_catalog_show_unknown_soal_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog", "show", "999"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Soal 999" in err and "Traceback" not in err
    assert main(["catalog", "show", "dua"]) == 2
    assert "perintah tidak sah" in capsys.readouterr().err


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["ZI_DESKTOP_HOME"] = str(tmp_path / "home")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_score_subprocess_does_not_import_pyside6(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "zi_desktop", "score", write(tmp_path, SAMPLE), "--json"],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        cwd=tmp_path,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert json.loads(proc.stdout)["total"] == pytest.approx(21.5)
    assert "zi_desktop.lke.scoring" in proc.stderr  # importtime output is there
    assert "PySide6" not in proc.stderr and "shiboken6" not in proc.stderr


def test_core_imports_with_pyside6_blocked(tmp_path: Path) -> None:
    code = (
        "import sys, pkgutil, importlib\n"
        "sys.modules['PySide6'] = None\n"
        "sys.modules['shiboken6'] = None\n"
        "import zi_desktop\n"
        "names = [m.name for m in pkgutil.walk_packages(zi_desktop.__path__, 'zi_desktop.')]\n"
        "names = [n for n in names if n != 'zi_desktop.__main__']\n"
        "for n in names:\n"
        "    importlib.import_module(n)\n"
        "from zi_desktop.cli.main import build_parser\n"
        "build_parser()\n"
        "print(len(names))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=_env(tmp_path), cwd=tmp_path, timeout=60
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert int(proc.stdout) >= 7


def test_score_reads_a_filled_workbook_like_its_json(
    reference_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli_main = main
    book = reference_dir / "lke-lampiran3-filled-sample.xlsx"
    assert cli_main(["score", str(book), "--json"]) == 0
    from_book = json.loads(capsys.readouterr().out)
    ws = tmp_path / "ws"
    assert cli_main(["init", str(ws), "--unit", "Uji"]) == 0
    assert cli_main(["import", str(ws), str(book)]) == 0
    capsys.readouterr()
    assert cli_main(["score", str(ws), "--json"]) == 0
    from_ws = json.loads(capsys.readouterr().out)
    for key in ("total", "total_floor", "pengungkit", "hasil", "areas", "predicate"):
        assert from_book[key] == from_ws[key]
    junk = tmp_path / "rusak.xlsx"
    junk.write_bytes(b"bukan workbook")
    assert cli_main(["score", str(junk)]) == 2
    assert "rusak.xlsx" in capsys.readouterr().err
