"""Packets from elsewhere, tampered or malformed: refused by name, nothing in the workspace changes."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from zi_desktop.cli.main import main
from zi_desktop.errors import UserError
from zi_desktop.exchange.packet import make_packet, open_packet, receive_packet, send_back
from zi_desktop.workspace import team
from zi_desktop.workspace.store import Workspace, create_workspace, open_workspace


def dump(ws: Workspace) -> Any:
    return (
        {s: (r.jawaban_unit, r.catatan_unit) for s, r in ws.records().items()},
        [(e.soal_id, e.sha256, e.url) for e in ws.evidence()],
        team.conflicts(ws, include_settled=True),
        len(ws.history()),
    )


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Workspace, Path, Path]:
    cws = create_workspace(tmp_path / "koord", unit_name="Kantor Contoh")
    cws.edit(1, "Ya", note="awal")
    make_packet(cws, "Ani", [1, 2, 3], tmp_path / "p.zip")
    open_packet(tmp_path / "p.zip", tmp_path / "ani")
    (tmp_path / "f.pdf").write_bytes(b"bukti " * 100)
    with open_workspace(tmp_path / "ani") as ani:
        ani.edit(1, "Tidak", note="Ani")
        ani.attach_files(2, [tmp_path / "f.pdf"])
        send_back(ani, tmp_path / "b.zip")
    return cws, tmp_path / "p.zip", tmp_path / "b.zip"


def rewrite(src: Path, dst: Path, change: Any) -> Path:
    """Copy a zip, letting `change(name, data)` return new bytes (or None to drop the member)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info))
            if data is not None:
                zout.writestr(info.filename, data)
    return dst


def refused(cws: Workspace, path: Path, pattern: str) -> None:
    before = dump(cws)
    with pytest.raises(UserError, match=pattern) as err:
        receive_packet(cws, path, dry_run=False)
    assert path.name in str(err.value)
    assert dump(cws) == before


def test_tampered_answer_is_refused(setup: Any, tmp_path: Path) -> None:
    cws, _p, b = setup
    bad = rewrite(b, tmp_path / "ubah.zip", lambda n, d: d.replace(b"Tidak", b"Ya") if n == "paket.json" else d)
    refused(cws, bad, "checksum")


def test_tampered_manifest_and_document_together_is_still_refused(setup: Any, tmp_path: Path) -> None:
    """Someone recomputes the checksums after changing the base the packet claims: the base's own
    checksum recorded by the coordinator does not match."""
    cws, _p, b = setup

    def change(name: str, data: bytes) -> bytes:
        if name == "manifest.json":
            m = json.loads(data)
            m["base_sha256"] = "0" * 64
            return json.dumps(m).encode()
        return data

    refused(cws, rewrite(b, tmp_path / "dasar.zip", change), "dasar paketnya tidak cocok")


def test_evidence_file_swapped_is_refused(setup: Any, tmp_path: Path) -> None:
    cws, _p, b = setup
    bad = rewrite(b, tmp_path / "tukar.zip", lambda n, d: b"lain" if n.startswith("bukti/") else d)
    refused(cws, bad, "checksum")


def test_unknown_or_travelling_names_are_refused(setup: Any, tmp_path: Path) -> None:
    cws, _p, b = setup
    for i, name in enumerate(("../../luar.txt", "/etc/passwd", "bukti/../../x", "lain.txt")):
        with zipfile.ZipFile(b) as zin, zipfile.ZipFile(tmp_path / f"n{i}.zip", "w") as zout:
            for info in zin.infolist():
                zout.writestr(info.filename, zin.read(info))
            zout.writestr(name, b"x")
        refused(cws, tmp_path / f"n{i}.zip", "tidak dikenal|menunjuk ke luar")
        assert not (tmp_path / "luar.txt").exists()


def test_missing_member_is_refused(setup: Any, tmp_path: Path) -> None:
    cws, _p, b = setup
    bad = rewrite(b, tmp_path / "kurang.zip", lambda n, d: None if n.startswith("bukti/") else d)
    refused(cws, bad, "tidak sama dengan manifest")


def test_a_packet_from_another_workspace_is_refused(setup: Any, tmp_path: Path) -> None:
    _cws, _p, b = setup
    other = create_workspace(tmp_path / "lain", unit_name="Kantor Contoh")  # same name, another workspace
    refused(other, b, "workspace lain")
    other.close()


def test_a_member_workspace_of_another_coordinator_refuses_its_packet(setup: Any, tmp_path: Path) -> None:
    _cws, _p, _b = setup
    other = create_workspace(tmp_path / "lain", unit_name="Kantor Lain")
    make_packet(other, "Ani", [1], tmp_path / "lain.zip")
    other.close()
    with pytest.raises(UserError, match="dari workspace lain"):
        open_packet(tmp_path / "lain.zip", tmp_path / "ani")


def test_opening_into_an_ordinary_workspace_is_refused(setup: Any, tmp_path: Path) -> None:
    _cws, p, _b = setup
    create_workspace(tmp_path / "biasa", unit_name="X").close()
    with pytest.raises(UserError, match="workspace biasa"):
        open_packet(p, tmp_path / "biasa")


def test_an_invalid_answer_inside_a_consistent_packet_is_refused(setup: Any, tmp_path: Path) -> None:
    """A packet rebuilt with fresh checksums but an answer the catalog does not know."""
    cws, _p, b = setup
    import hashlib

    with zipfile.ZipFile(b) as zin:
        m = json.loads(zin.read("manifest.json"))
        doc = json.loads(zin.read("paket.json"))
        others = {i.filename: zin.read(i) for i in zin.infolist() if i.filename.startswith("bukti/")}
    doc["changes"]["1"]["fields"]["jawaban_unit"]["value"] = "Mungkin"
    data = json.dumps(doc).encode()
    for f in m["files"]:
        if f["path"] == "paket.json":
            f["size"], f["sha256"] = len(data), hashlib.sha256(data).hexdigest()
    with zipfile.ZipFile(tmp_path / "isi.zip", "w") as zout:
        zout.writestr("manifest.json", json.dumps(m))
        zout.writestr("paket.json", data)
        for n, d in others.items():
            zout.writestr(n, d)
    refused(cws, tmp_path / "isi.zip", "jawaban 'Mungkin' tidak sah")


def test_wrong_kind_and_not_a_zip(setup: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cws, p, b = setup
    refused(cws, p, "paket buka")
    (tmp_path / "bukan.zip").write_text("halo")
    refused(cws, tmp_path / "bukan.zip", "bukan berkas zip")
    assert main(["paket", "terima", str(cws.path), str(tmp_path / "bukan.zip")]) == 2
    assert "bukan berkas zip" in capsys.readouterr().err
    with pytest.raises(UserError, match="paket terima"):
        open_packet(b, tmp_path / "baru")
    assert not (tmp_path / "baru").exists()  # nothing left behind


def test_send_back_from_an_ordinary_workspace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    create_workspace(tmp_path / "ws", unit_name="X").close()
    assert main(["paket", "kirim", str(tmp_path / "ws"), "--out", str(tmp_path / "b.zip")]) == 2
    assert "bukan workspace anggota" in capsys.readouterr().err
    assert not (tmp_path / "b.zip").exists()


def test_a_bad_target_is_refused_before_anything_is_recorded(tmp_path: Path) -> None:
    ws = create_workspace(tmp_path / "ws", unit_name="X")
    before = (ws._meta(), team.packets(ws), len(ws.history()))
    for out in (tmp_path / "paket.txt", tmp_path):
        with pytest.raises(UserError, match=r"\.zip"):
            make_packet(ws, "Ani", [1], out)
    assert (ws._meta(), team.packets(ws), len(ws.history())) == before
    ws.close()
