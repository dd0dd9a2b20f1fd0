"""Review rules: read-only unit data, statuses, bad input refused by name with nothing changed,
two reviewers of one tier, undo of an import, the LHE and the self-assessment PDFs."""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from review_setup import Setup, make_unit, other_option, review_some, state

from zi_desktop.errors import UserError
from zi_desktop.exchange.bundle import export_bundle
from zi_desktop.exchange.review_packet import (
    ReviewConflict,
    export_review,
    import_review,
    open_review,
    update_review,
)
from zi_desktop.lke.answers import format_decimal
from zi_desktop.reports.lhe import lhe_data, lhe_pdf, mandiri_pdf
from zi_desktop.workspace import review as rv
from zi_desktop.workspace.store import open_workspace


def rewrite(src: Path, dest: Path, change: dict[str, bytes], *, fix_manifest: bool) -> None:
    """A copy of a zip with some members replaced (and its manifest updated, if asked)."""
    import hashlib

    with zipfile.ZipFile(src) as zin:
        members = {n: zin.read(n) for n in zin.namelist()}
    members.update(change)
    if fix_manifest:
        m = json.loads(members["manifest.json"])
        for f in m["files"]:
            data = members[f["path"]]
            f["size"], f["sha256"] = len(data), hashlib.sha256(data).hexdigest()
        members["manifest.json"] = json.dumps(m).encode()
    with zipfile.ZipFile(dest, "w") as zout:
        for n, b in members.items():
            zout.writestr(n, b)


def no_time(records: dict[int, Any]) -> dict[int, Any]:
    return {sid: dataclasses.replace(r, updated_at=None) for sid, r in records.items()}


def test_unit_data_is_read_only_in_a_review(setup: Setup) -> None:
    with open_workspace(setup.review) as ws:
        sid = 4
        before = ws.record(sid)
        soal = ws.catalog.soal[sid]
        for attempt in (
            lambda: ws.set_answer(sid, other_option(soal, before.jawaban_unit)),
            lambda: ws.set_note(sid, "diubah TPI"),
            lambda: ws.set_evidence_text(sid, "teks"),
            lambda: ws.attach_link(sid, "https://contoh.go.id/sk.pdf"),
            lambda: ws.detach(1, ws.evidence(1)[0].id),
        ):
            with pytest.raises(UserError, match="milik unit Kantor Contoh"):
                attempt()
        assert ws.record(sid) == before
        assert len(ws.evidence(1)) == 1
        ws.set_note(sid, "catatan TPI baru", tpi=True)  # the TPI's own fields stay editable
        assert ws.record(sid).catatan_tpi == "catatan TPI baru"
        assert ws.history()[-1].field == "catatan_tpi"  # logged in the hash chain
        assert ws.check().ok


def test_status_words_and_log(setup: Setup) -> None:
    with open_workspace(setup.review) as ws:
        rv.set_status(ws, 3, "Perlu-Perbaikan")
        assert rv.status_of(ws, 3) == rv.PERBAIKAN
        rv.set_status(ws, 3, "belum")
        assert rv.status_of(ws, 3) == rv.BELUM
        with pytest.raises(UserError, match="status reviu 'bagus' tidak dikenal"):
            rv.set_status(ws, 3, "bagus")
        entries = [h for h in ws.history(3) if h.field == "reviu:status"]
        assert [(h.old, h.new) for h in entries[-2:]] == [(rv.SESUAI, rv.PERBAIKAN), (rv.PERBAIKAN, rv.BELUM)]
    with open_workspace(setup.unit) as ws, pytest.raises(UserError, match="bukan workspace reviu"):
        rv.set_status(ws, 3, "sesuai")


def test_comparison_lists_every_difference(setup: Setup) -> None:
    with open_workspace(setup.review) as ws:
        cmp = rv.compare(ws)
    assert {d.soal_id for d in cmp.differences} == set(setup.findings)
    assert [a.area for a in cmp.areas] == ["1", "2", "3", "4", "5", "6", "hasil"]
    assert cmp.reviewed["TPI Unit"] == 12


def test_review_of_another_unit_is_refused(setup: Setup, catalog: Any) -> None:
    other = make_unit(setup.root / "lain", catalog, name="Kantor Lain", unit_id="KL-02")
    before = state(other)
    with open_workspace(other) as ws, pytest.raises(UserError, match=r"untuk unit Kantor Contoh \(KC-01\)"):
        import_review(ws, setup.packet)
    assert state(other) == before


def test_review_of_another_year_is_refused(setup: Setup) -> None:
    with zipfile.ZipFile(setup.packet) as zf:
        doc = json.loads(zf.read("reviu.json"))
    doc["tahun"] = 2025
    bad = setup.root / "tahun-lain.zip"
    rewrite(setup.packet, bad, {"reviu.json": json.dumps(doc).encode()}, fix_manifest=True)
    before = state(setup.unit)
    with open_workspace(setup.unit) as ws, pytest.raises(UserError, match="tahun 2025, bukan untuk unit ini"):
        import_review(ws, bad)
    assert state(setup.unit) == before


def test_tampered_review_is_refused(setup: Setup) -> None:
    with zipfile.ZipFile(setup.packet) as zf:
        doc = json.loads(zf.read("reviu.json"))
    doc["items"][0]["jawaban_tpi"] = "Tidak"
    bad = setup.root / "diubah.zip"
    rewrite(setup.packet, bad, {"reviu.json": json.dumps(doc).encode()}, fix_manifest=False)
    before = state(setup.unit)
    with open_workspace(setup.unit) as ws, pytest.raises(UserError, match="diubah.zip telah diubah atau rusak"):
        import_review(ws, bad)
    assert state(setup.unit) == before


@pytest.mark.parametrize("kind", ["text", "zip", "bundle"])
def test_a_non_review_file_is_refused(setup: Setup, kind: str) -> None:
    bad = setup.root / "bukan.zip"
    if kind == "text":
        bad.write_text("bukan zip")
        want = "bukan berkas zip"
    elif kind == "zip":
        with zipfile.ZipFile(bad, "w") as zf:
            zf.writestr("a.txt", "x")
        want = "tidak ada manifest.json"
    else:
        shutil.copy(setup.bundle, bad)
        want = "tidak ada reviu.json"
    before = state(setup.unit)
    with open_workspace(setup.unit) as ws, pytest.raises(UserError, match=want):
        import_review(ws, bad)
    assert state(setup.unit) == before


def test_a_non_bundle_is_not_opened(setup: Setup) -> None:
    dest = setup.root / "reviu-baru"
    with pytest.raises(UserError, match="hasil reviu TPI, bukan paket unit"):
        open_review(setup.packet, dest, tier="TPI", reviewer="X")
    bad = setup.root / "rusak.zip"
    rewrite(setup.bundle, bad, {"jawaban-unit.json": b'{"answers": []}'}, fix_manifest=False)
    with pytest.raises(UserError, match="tidak utuh"):
        open_review(bad, dest, tier="TPI", reviewer="X")
    (setup.root / "teks.zip").write_text("bukan")
    with pytest.raises(UserError, match="bukan paket ZI Desktop"):
        open_review(setup.root / "teks.zip", dest, tier="TPI", reviewer="X")
    assert not dest.exists()


def test_update_from_another_unit_is_refused(setup: Setup, catalog: Any) -> None:
    other = make_unit(setup.root / "lain", catalog, name="Kantor Lain", unit_id="KL-02")
    b = setup.root / "lain.zip"
    with open_workspace(other) as ws:
        export_bundle(ws, b)
    before = state(setup.review)
    with open_workspace(setup.review) as ws, pytest.raises(UserError, match="dari unit Kantor Lain"):
        update_review(ws, b)
    assert state(setup.review) == before


def test_two_reviewers_of_one_tier(setup: Setup, catalog: Any) -> None:
    second = setup.root / "reviu-2"
    open_review(setup.bundle, second, tier="TPI Unit", reviewer="Citra")
    review_some(second, catalog, reviewer_note="catatan lain")
    with open_workspace(second) as ws:
        rv.review_edit(ws, 5, status=rv.PERBAIKAN)
    packet2 = setup.root / "hasil-citra.zip"
    with open_workspace(second) as ws:
        export_review(ws, packet2)
    with open_workspace(setup.unit) as ws:
        import_review(ws, setup.packet)
    before = state(setup.unit)
    with open_workspace(setup.unit) as ws:
        with pytest.raises(ReviewConflict, match="--pilih lama") as info:
            import_review(ws, packet2)
        differing = {d.soal_id for d in info.value.differences if d.soal_id}
        assert differing == set(setup.findings) | {5}  # each question where the two differ
    assert state(setup.unit) == before
    with open_workspace(setup.unit) as ws:
        assert import_review(ws, packet2, pilih="lama").kept_old
    assert state(setup.unit) == before
    with open_workspace(setup.unit) as ws:
        import_review(ws, packet2, pilih="baru")
        assert rv.tier_answers(ws, "TPI Unit")[5].status == rv.PERBAIKAN
        assert ws.record(4).catatan_tpi.startswith("catatan lain")  # type: ignore[union-attr]
        assert rv.responses(ws)[4].revisions == 1  # the same bundle: not a new round


def test_import_is_undone_by_restore(setup: Setup) -> None:
    before = state(setup.unit)
    with open_workspace(setup.unit) as ws:
        rep = import_review(ws, setup.packet)
        assert ws.record(4).jawaban_tpi is not None
        rv.restore(ws, rep.undo)
        after = (no_time(ws.records()), rv.snapshot(ws))
        assert ws.check().ok
    assert after == (no_time(before[0]), before[3])


def test_the_same_packet_twice_changes_nothing(setup: Setup) -> None:
    with open_workspace(setup.unit) as ws:
        import_review(ws, setup.packet)
    before = state(setup.unit)
    with open_workspace(setup.unit) as ws:
        assert import_review(ws, setup.packet).already
    assert state(setup.unit) == before


def pdf_text(data: bytes, tmp: Path) -> str:
    f = tmp / "x.pdf"
    f.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(f), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")
def test_lhe_pdf_names_unit_scores_and_every_finding(setup: Setup) -> None:
    with open_workspace(setup.review) as ws:
        data = lhe_pdf(ws)
        d = lhe_data(ws)
    assert data.startswith(b"%PDF")
    text = " ".join(pdf_text(data, setup.root).split())
    assert "Kantor Contoh" in text and "TPI Unit" in text and "Budi" in text
    assert format_decimal(d.unit.total) in text and format_decimal(d.tpi.total) in text
    for a in d.areas:
        assert format_decimal(a.unit) in text
    for sid, (_, note) in setup.findings.items():
        assert f"Soal {sid}:" in text
        assert note in text
    assert "Sahkan SOP layanan" in text and "Tata laksana belum didukung SOP" in text
    assert "Halaman 1 dari" in text
    # the unit's copy: the LHE of the imported tier says the same
    with open_workspace(setup.unit) as ws:
        import_review(ws, setup.packet)
        unit_text = " ".join(pdf_text(lhe_pdf(ws), setup.root).split())
    for _, note in setup.findings.values():
        assert note in unit_text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")
def test_self_assessment_pdf(setup: Setup) -> None:
    with open_workspace(setup.unit) as ws:
        data = mandiri_pdf(ws)
        total = ws.score().total
    text = " ".join(pdf_text(data, setup.root).split())
    assert "PENILAIAN MANDIRI" in text and "Kantor Contoh" in text
    assert format_decimal(total) in text
    assert "Syarat Menuju WBK" in text and "Perbaiki lebih dulu" in text
    assert "Soal tanpa bukti dukung" in text and "Tabel 5" in text


def test_cli_laporan_needs_no_qt(setup: Setup) -> None:
    import sys

    out = setup.root / "lhe.pdf"
    code = (
        "import sys; sys.modules['PySide6'] = None; from zi_desktop.cli.main import main; "
        f"sys.exit(main(['laporan', {str(setup.review)!r}, '--jenis', 'lhe', '--out', {str(out)!r}]))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parents[3])
    assert run.returncode == 0, run.stderr
    assert out.read_bytes().startswith(b"%PDF")
    assert io.BytesIO(out.read_bytes()).getbuffer().nbytes > 1000


def test_cli_lists_each_differing_question_and_needs_pilih(setup: Setup, catalog: Any, capsys: Any) -> None:
    from zi_desktop.cli.main import main

    second = setup.root / "reviu-2"
    open_review(setup.bundle, second, tier="TPI Unit", reviewer="Citra")
    review_some(second, catalog, reviewer_note="lain")
    packet2 = setup.root / "hasil-2.zip"
    with open_workspace(second) as ws:
        export_review(ws, packet2)
    assert main(["review", "import", str(setup.unit), str(setup.packet)]) == 0
    capsys.readouterr()
    before = state(setup.unit)
    assert main(["review", "import", str(setup.unit), str(packet2)]) == 2
    out, err = capsys.readouterr()
    for sid in setup.findings:
        assert f"Soal {sid} catatan" in out
    assert "--pilih" in err
    assert state(setup.unit) == before
    assert main(["review", "import", str(setup.unit), str(packet2), "--pilih", "baru"]) == 0


def test_wrong_workspace_kinds_are_refused(setup: Setup) -> None:
    with open_workspace(setup.review) as ws, pytest.raises(UserError, match="workspace reviu TPI"):
        import_review(ws, setup.packet)
    with pytest.raises(UserError, match="sudah ada workspace"):
        open_review(setup.bundle, setup.review, tier="TPI", reviewer="X")
    with open_workspace(setup.unit) as ws, pytest.raises(UserError, match="bukan workspace reviu"):
        export_review(ws, setup.root / "x.zip")
