"""A real spreadsheet engine as the oracle: LibreOffice recalculates the official Lampiran III workbook
and ZI Desktop's own exported workbook, filled with answer sets generated here (counts as units type
them: numerators above denominators, 0 and 0 violations, partial fills, all-best, all-worst), and
its total and every area must equal ZI Desktop's score to 1e-6.

All workbooks are converted in one `soffice` call (one start, many files), with a private profile;
the recalculated values are read back with openpyxl (`data_only=True`). Without LibreOffice these
tests skip; `.ci/run` installs it so that CI runs them. LibreOffice spends about a second of CPU on
each official workbook and a third of that on an exported one.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from answer_sets import Answers, sheet_sets
from fixtures_workbooks import LAMPIRAN3, Rec, lampiran3_rows
from libreoffice import soffice_or_skip
from reference_impl import Reference

from zi_desktop.cli.main import main
from zi_desktop.exchange.sources import read_answers_source
from zi_desktop.exchange.xlsx_io import WorkbookData, write_workbook
from zi_desktop.lke.scoring import ScoreResult, score

SEED = 20261201
N_SETS = 32
TOL = 1e-6
SHEET = "LKE ZI"


# -- the official workbook, its slips corrected (docs/SCORING.md) -------------------------------


def area_rows(ws: Any) -> tuple[list[int], list[int]]:
    """Rows of the six Pemenuhan and the six Reform areas ("1." .. "6." in column D), in order."""
    rows = [
        r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 4).value or "").strip() in {f"{i}." for i in range(1, 7)}
    ]
    assert len(rows) == 12, rows
    return rows[:6], rows[6:]


def total_row(ws: Any) -> int:
    for r in range(1, ws.max_row + 1):
        if "NILAI EVALUASI" in str(ws.cell(r, 2).value or "").upper():
            return r
    raise AssertionError("no total row")


def correct_slips(ws: Any) -> None:
    """The slips of the circulating copy that docs/SCORING.md lists, corrected in place:
    the first question's answer type "Ya" (should be "Ya/Tidak"); Penyampaian Laporan Harta
    Kekayaan averaging the LHKPN percentage with its own weighted sub-total and leaving LHKASN out
    (should be the sum of the two); a typed "harus melaporkan" of the LHKASN (should be the sum of
    its parts, as the LHKPN's is)."""

    def col(r: int, c: int) -> str:
        return str(ws.cell(r, c).value or "")

    first = next(r for r in range(1, ws.max_row + 1) if col(r, 10) in ("Ya", "Ya/Tidak", "A/B/C"))
    assert col(first, 10) == "Ya"
    ws.cell(first, 10).value = "Ya/Tidak"
    lhk = next(r for r in range(1, ws.max_row + 1) if "Harta Kekayaan" in col(r, 6) and col(r, 5))
    lhkpn = next(r for r in range(lhk, ws.max_row + 1) if "(LHKPN)" in col(r, 6))
    lhkasn = next(r for r in range(lhk, ws.max_row + 1) if "(LHKASN)" in col(r, 6))
    assert col(lhk, 12).startswith("=AVERAGE(")
    ws.cell(lhk, 12).value = f"=SUM(L{lhkpn},L{lhkasn})"
    typed = lhkasn + 2  # the "Jumlah yang harus melaporkan" row under the LHKASN percentage
    assert col(typed, 7).startswith("Jumlah yang harus melaporkan") and ws.cell(typed, 11).data_type != "f"
    k = [f"K{typed + i}" for i in (1, 2, 3)]
    ws.cell(typed, 11).value = f'=IF(OR({k[0]}="",{k[1]}="",{k[2]}=""),"Blm Diisi",{k[0]}+{k[1]}+{k[2]})'


class OfficialWorkbook:
    """The official workbook loaded once, its slips corrected, its summary sheets (which only
    reference LKE ZI) dropped; `save(answers, dest)` writes a copy filled with one answer set."""

    def __init__(self, src: Path, catalog: Any, *, corrected: bool = True) -> None:
        self.wb = openpyxl.load_workbook(src)
        for name in [n for n in self.wb.sheetnames if n != SHEET]:
            del self.wb[name]
        self.ws = self.wb[SHEET]
        self.rows = lampiran3_rows(self.ws, catalog)
        if corrected:
            correct_slips(self.ws)

    def save(self, answers: Answers, dest: Path) -> None:
        for sid, r in self.rows.items():
            cell = self.ws[f"K{r}"]
            cell.value = answers.get(sid)
            if isinstance(cell.value, str):
                cell.data_type = "s"
        self.wb.save(dest)


def fill_official(src: Path, dest: Path, catalog: Any, answers: Answers) -> None:
    OfficialWorkbook(src, catalog).save(answers, dest)


def export_records(answers: Answers) -> dict[int, Rec]:
    return {sid: Rec(sid, v, None, None, None, None) for sid, v in answers.items()}


# -- one LibreOffice run for every workbook -----------------------------------------------------


def recalculate(soffice: str, files: list[Path], outdir: Path, profile: Path) -> None:
    """Open, recalculate and save every file in one headless LibreOffice start."""
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(outdir),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=900,  # about a second of CPU per workbook; far more wall time on a crowded machine
    )
    missing = [f.name for f in files if not (outdir / f.name).is_file()]
    assert not missing, f"LibreOffice wrote no {missing}"


@pytest.fixture(scope="module")
def ref(reference_dir: Path) -> Reference:
    return Reference(reference_dir / "portalrb-master-soal-2026.json")


@pytest.fixture(scope="module")
def sets(ref: Reference) -> list[tuple[str, Answers]]:
    return sheet_sets(ref, SEED, N_SETS)


UNCORRECTED = "lampiran3-apa-adanya.xlsx"


@pytest.fixture(scope="module")
def oracle(
    catalog: Any, reference_dir: Path, sets: list[tuple[str, Answers]], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    soffice = soffice_or_skip()
    base = tmp_path_factory.mktemp("oracle")
    src, out = base / "in", base / "out"
    src.mkdir()
    official = OfficialWorkbook(reference_dir / LAMPIRAN3, catalog)
    files: list[Path] = []
    for i, (_, answers) in enumerate(sets):
        official.save(answers, src / f"lampiran3-{i:02d}.xlsx")
        export = src / f"ekspor-{i:02d}.xlsx"
        write_workbook(WorkbookData(catalog, "Satker Uji", "U-1", 2026, export_records(answers)), export)
        files += [src / f"lampiran3-{i:02d}.xlsx", export]
    # the circulating copy as it is, with the first question answered "Tidak": its mistyped answer
    # type makes the sheet drop that answer, which the workbook's own figures must then show
    as_is = OfficialWorkbook(reference_dir / LAMPIRAN3, catalog, corrected=False)
    as_is.save({**sets[0][1], 1: "Tidak"}, src / UNCORRECTED)
    files.append(src / UNCORRECTED)
    recalculate(soffice, files, out, base / "profile")
    return out


def _figures(r: ScoreResult) -> tuple[float, dict[int, float]]:
    return r.total, {no: a.score for no, a in r.areas.items()}


# -- the oracle ---------------------------------------------------------------------------------


def test_the_sets_cover_what_units_type(catalog: Any, sets: list[tuple[str, Answers]]) -> None:
    results = [score(catalog, a) for _, a in sets]
    assert len(sets) >= 30
    assert sum(bool(r.advisories) for r in results) >= 5  # numerators above denominators
    assert any(a.get(89, 0) > a.get(88, 0) for _, a in sets)
    assert any(a.get(102) == 0 and a.get(103) == 0 for _, a in sets)
    assert any(r.completeness.unanswered for r in results)  # partial fills
    assert {r.total for r in results} >= {100.0, 0.0}  # all-best, all-worst
    assert all(not r.issues for r in results)


@pytest.mark.libreoffice
def test_libreoffice_recalculating_the_official_workbook_equals_the_app(
    catalog: Any, ref: Reference, sets: list[tuple[str, Answers]], oracle: Path
) -> None:
    for i, (label, answers) in enumerate(sets):
        wb = openpyxl.load_workbook(oracle / f"lampiran3-{i:02d}.xlsx", data_only=True)
        ws = wb[SHEET]
        pem, refm = area_rows(ws)
        total, areas = _figures(score(catalog, answers))
        got_total = ws[f"L{total_row(ws)}"].value
        assert isinstance(got_total, float | int), (label, got_total)
        assert got_total == pytest.approx(total, abs=TOL), (label, got_total, total)
        assert total == pytest.approx(ref.score(answers)["total"], abs=TOL), label
        for no, (p, r) in enumerate(zip(pem, refm, strict=True), start=1):
            sheet_area = ws[f"L{p}"].value + ws[f"L{r}"].value
            assert sheet_area == pytest.approx(areas[no], abs=TOL), (label, f"area {no}", sheet_area, areas[no])
        # saved with its computed values now, the workbook agrees with itself and with ZI Desktop
        own = read_answers_source(catalog, oracle / f"lampiran3-{i:02d}.xlsx").self_check
        assert own is not None and len(own.figures) == 9, label
        assert own.differences == [], (label, own.lines())


@pytest.mark.libreoffice
def test_the_workbooks_own_figures_name_a_mistyped_answer_type(catalog: Any, oracle: Path) -> None:
    """The circulating copy's first answer-type cell says "Ya": the sheet drops a "Tidak" from the
    average, ZI Desktop counts it, and the import says which cells make the difference."""
    own = read_answers_source(catalog, oracle / UNCORRECTED).self_check
    assert own is not None
    area1 = next(f for f in own.figures if f.key == "area_1")
    assert area1.differs
    assert (
        "L8 tidak bernilai angka (tertulis '-') padahal K8 dijawab 'Tidak'; jenis jawaban J8 tertulis 'Ya', bukan 'Ya/Tidak'"
        in area1.causes
    )
    assert "total" in {f.key for f in own.differences}


@pytest.mark.libreoffice
def test_libreoffice_recalculating_the_exported_workbook_equals_the_app(
    catalog: Any, sets: list[tuple[str, Answers]], oracle: Path
) -> None:
    rows = catalog.excel_rows
    for i, (label, answers) in enumerate(sets):
        ws = openpyxl.load_workbook(oracle / f"ekspor-{i:02d}.xlsx", data_only=True)["Jawaban"]
        r = score(catalog, answers)
        assert ws[f"O{rows['total']}"].value == pytest.approx(r.total, abs=TOL), label
        for no, a in r.areas.items():
            p, q = (next(n for n in catalog.areas(part) if n.area_no == no) for part in ("pemenuhan", "reform"))
            got = (ws[f"O{p.excel_row}"].value or 0) + (ws[f"O{q.excel_row}"].value or 0)
            assert got == pytest.approx(a.score, abs=TOL), (label, f"area {no}")
        own = read_answers_source(catalog, oracle / f"ekspor-{i:02d}.xlsx").self_check
        assert own is not None and own.differences == [], (label, own and own.lines())
        for cid, cv in r.computed.items():
            cell = ws[f"O{catalog.computed_by_id(cid).excel_row}"].value
            assert (None if cell in (None, "") else cell) == (None if cv.value is None else pytest.approx(cv.value)), (
                label,
                cid,
            )


# -- the CLI on filled workbooks and on a workspace that imported them ---------------------------


def test_score_json_of_filled_workbooks_and_workspaces_equals_the_reference(
    catalog: Any,
    ref: Reference,
    reference_dir: Path,
    sets: list[tuple[str, Answers]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`zi-desktop score FILE --json` of a Lampiran III workbook filled with the sets, and of a workspace
    that imported it, equals the independent implementation to 0.01 on every figure."""
    figures = ("total", "total_floor", "pengungkit", "pemenuhan", "reform", "hasil", "ipak", "capaian_kinerja", "ipkp")
    for i, (label, answers) in enumerate(sets[:8]):
        book = tmp_path / f"isi-{i}.xlsx"
        fill_official(reference_dir / LAMPIRAN3, book, catalog, answers)
        ws_dir = tmp_path / f"ws-{i}"
        assert main(["init", str(ws_dir), "--unit", "Satker Uji"]) == 0
        assert main(["import", str(ws_dir), str(book)]) == 0, capsys.readouterr()
        capsys.readouterr()
        want = ref.score(answers)
        for source in (book, ws_dir):
            assert main(["score", str(source), "--json"]) == 0
            got = json.loads(capsys.readouterr().out)
            for k in figures:
                assert got[k] == pytest.approx(want[k], abs=0.01), (label, source.name, k)
            assert got["areas"] == pytest.approx(want["areas"], abs=0.01), (label, source.name)
            assert {a["soal_ids"][0] for a in got["advisories"]} == want["advisories"], (label, source.name)
