"""The issue's scripted scenario: a coordinator and three members on separate workspaces, packets by
area, concurrent edits on both sides, evidence added everywhere; nothing is lost."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from zi_desktop.cli.main import main
from zi_desktop.errors import UserError
from zi_desktop.exchange.packet import make_packet, open_packet, receive_packet, send_back
from zi_desktop.lke.scoring import score
from zi_desktop.workspace import team
from zi_desktop.workspace.store import Workspace, create_workspace, open_workspace

FIELDS = ("jawaban_unit", "catatan_unit", "bukti_dukung_unit")


def opt(ws: Workspace, sid: int, i: int) -> str:
    return ws.catalog.soal[sid].options[i].key


class Side:
    """A workspace and the last value it gave each field it changed (the 'nothing lost' ledger)."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.last: dict[tuple[int, str], Any] = {}

    def answer(self, sid: int, value: Any) -> None:
        self.ws.edit(sid, value)
        self.last[(sid, "jawaban_unit")] = self.ws.record(sid).jawaban_unit

    def note(self, sid: int, text: str) -> None:
        self.ws.set_note(sid, text)
        self.last[(sid, "catatan_unit")] = text


def state(ws: Workspace) -> tuple[Any, ...]:
    recs = {s: tuple(r.get(f) for f in FIELDS) for s, r in ws.records().items()}
    ev = sorted((e.soal_id, e.kind, e.sha256, e.url, e.text) for e in ws.evidence())
    conf = [(c.soal_id, c.field, c.ours, c.theirs, c.settled_at) for c in team.conflicts(ws, include_settled=True)]
    return recs, ev, conf, len(ws.history())


def test_coordinator_and_three_members(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = tmp_path / "berkas"
    files.mkdir()
    (files / "sk-tim.pdf").write_bytes(b"SK tim kerja " * 100)
    (files / "bersama.pdf").write_bytes(b"dokumen yang dilampirkan dua anggota " * 50)
    (files / "sop.pdf").write_bytes(b"SOP layanan " * 80)
    (files / "koord.pdf").write_bytes(b"berkas koordinator " * 60)

    c = Side(create_workspace(tmp_path / "koord", unit_name="Kantor Contoh"))
    cws = c.ws
    a1 = team.soal_of_area(cws.catalog, 1)
    a2 = team.soal_of_area(cws.catalog, 2)
    a3 = team.soal_of_area(cws.catalog, 3)
    x = a1[5]  # in Ani's packet (area 1) and in Citra's (area 3 plus this one)
    # the base: some answers, notes and one file
    for sid in (a1[0], a1[1], a1[2], a1[3], a2[0], a2[1], a3[0]):
        c.answer(sid, opt(cws, sid, 0))
    c.note(a1[1], "catatan awal")
    cws.attach_files(a1[0], [files / "sk-tim.pdf"])
    team.set_pic(cws, "Ani", area=1)
    team.set_pic(cws, "Budi", area=2)
    team.set_pic(cws, "Citra", area=3)

    pk = tmp_path / "paket"
    pk.mkdir()
    make_packet(cws, "Ani", a1, pk / "ani.zip")
    assert main(["paket", "buat", str(cws.path), "--pic", "Budi", "--out", str(pk / "budi.zip")]) == 0  # by PIC
    make_packet(cws, "Citra", [*a3, x], pk / "citra.zip")
    c.last.clear()  # the ledger counts changes made since the packets
    members = {}
    for name in ("ani", "budi", "citra"):
        report, fresh = open_packet(pk / f"{name}.zip", tmp_path / name)
        assert fresh and not report.conflicts
        members[name] = Side(open_workspace(tmp_path / name))
    ani, budi, citra = members["ani"], members["budi"], members["citra"]
    assert ani.ws.record(a1[1]).catatan_unit == "catatan awal"
    assert [e.name for e in ani.ws.evidence(a1[0])] == ["sk-tim.pdf"]
    with pytest.raises(UserError, match="bukan bagian paket kerja Ani"):
        ani.ws.edit(a2[0], opt(cws, a2[0], 1))
    with pytest.raises(UserError, match="hanya-baca"):
        budi.ws.attach_text(a1[0], "bukan punya Budi")
    with pytest.raises(UserError, match="penilaian TPI"):
        budi.ws.edit(a2[0], opt(cws, a2[0], 1), tpi=True)

    # -- concurrent work --------------------------------------------------------------------
    ani.answer(a1[0], opt(cws, a1[0], 1))  # only Ani: taken
    ani.note(a1[1], "catatan Ani")  # both, differently: conflict
    c.note(a1[1], "catatan koordinator")
    c.answer(a1[2], opt(cws, a1[2], 1))  # only the coordinator: kept
    ani.answer(a1[3], opt(cws, a1[3], 1))  # both, the same: no conflict
    c.answer(a1[3], opt(cws, a1[3], 1))
    ani.ws.detach(a1[0], ani.ws.evidence(a1[0])[0].id)  # a removal, no change here: applied
    ani.answer(x, opt(cws, x, 0))
    ani.ws.attach_files(x, [files / "bersama.pdf"])

    budi.answer(a2[0], opt(cws, a2[0], 2))  # conflict with the coordinator below
    c.answer(a2[0], opt(cws, a2[0], 3))
    budi.answer(a2[2], opt(cws, a2[2], 1))
    budi.ws.attach_files(a2[2], [files / "sop.pdf"])
    budi.ws.attach_link(a2[2], "https://contoh.go.id/sop")
    cws.attach_files(a2[1], [files / "koord.pdf"])  # evidence on the coordinator's side too

    citra.answer(x, opt(cws, x, 1))  # differs from Ani's: a conflict once both are back
    citra.ws.attach_files(x, [files / "bersama.pdf"])  # the same file as Ani's
    citra.answer(a3[1], opt(cws, a3[1], 1))
    citra.ws.attach_text(a3[1], "Notulen rapat tersedia di sekretariat")

    # -- back to the coordinator -------------------------------------------------------------
    for name, side in members.items():
        send_back(side.ws, pk / f"{name}-balik.zip")
    before_preview = state(cws)
    preview = receive_packet(cws, pk / "ani-balik.zip", dry_run=True)
    assert state(cws) == before_preview  # the preview saves nothing
    assert {(s, f) for s, f, *_ in preview.conflicts} == {(a1[1], "catatan_unit")}
    for name in members:
        assert main(["paket", "terima", str(cws.path), str(pk / f"{name}-balik.zip")]) == 0
    after = state(cws)
    for name in members:  # the same packets again: nothing changes
        receive_packet(cws, pk / f"{name}-balik.zip", dry_run=False)
    assert state(cws) == after

    rec = cws.records()
    assert rec[a1[0]].jawaban_unit == opt(cws, a1[0], 1)
    assert rec[a1[2]].jawaban_unit == opt(cws, a1[2], 1)
    assert rec[a1[3]].jawaban_unit == opt(cws, a1[3], 1)
    assert rec[a2[2]].jawaban_unit == opt(cws, a2[2], 1)
    assert rec[a3[1]].jawaban_unit == opt(cws, a3[1], 1)
    assert cws.evidence(a1[0]) == []  # Ani's removal applied
    assert {e.kind for e in cws.evidence(a2[2])} == {"file", "link"}
    assert [e.name for e in cws.evidence(a2[1])] == ["koord.pdf"]
    assert [e.text for e in cws.evidence(a3[1])] == ["Notulen rapat tersedia di sekretariat"]
    shared = [e for e in cws.evidence(x) if e.kind == "file"]
    assert len(shared) == 1  # added by two members: one item, one stored file
    blobs = [p for p in (cws.path / "blobs").rglob("*") if p.is_file() and p.name == shared[0].sha256]
    assert len(blobs) == 1

    queue = {(q.soal_id, q.field): q for q in team.conflicts(cws)}
    assert set(queue) == {(a1[1], "catatan_unit"), (a2[0], "jawaban_unit"), (x, "jawaban_unit")}
    q = queue[(a1[1], "catatan_unit")]
    assert (q.base, q.ours, q.theirs, q.theirs_by) == ("catatan awal", "catatan koordinator", "catatan Ani", "Ani")
    assert q.ours_by and q.ours_at and q.theirs_at
    qx = queue[(x, "jawaban_unit")]
    assert (qx.ours, qx.theirs, qx.theirs_by) == (opt(cws, x, 0), opt(cws, x, 1), "Citra")

    # nothing lost: each side's last value of every field it changed is in the result or the queue
    for side in (c, ani, budi, citra):
        for (sid, f), value in side.last.items():
            here = cws.record(sid).get(f)
            waiting = queue.get((sid, f))
            assert here == value or (waiting is not None and value in (waiting.ours, waiting.theirs)), (sid, f, value)

    # the change log names the member and the packet, and stays a valid chain
    hist = cws.history(a1[0])
    taken = [h for h in hist if h.field == "jawaban_unit" and h.new == opt(cws, a1[0], 1)]
    assert taken and taken[-1].user == "Ani" and taken[-1].source.startswith("paket:")
    assert cws.check().ok

    # -- settle ------------------------------------------------------------------------------
    assert main(["konflik", str(cws.path), "--pilih", str(a1[1]), "catatan", "theirs"]) == 0
    assert main(["konflik", str(cws.path), "--pilih", str(a2[0]), "jawaban", "mine"]) == 0
    assert main(["konflik", str(cws.path), "--pilih", str(x), "jawaban", "theirs"]) == 0
    assert team.conflicts(cws) == []
    assert cws.record(a1[1]).catatan_unit == "catatan Ani"
    assert cws.check().ok
    # the answers the scenario says the workspace ends with, and the score they give
    expected = {
        a1[0]: opt(cws, a1[0], 1),  # Ani's
        a1[1]: opt(cws, a1[1], 0),  # the base, nobody changed it
        a1[2]: opt(cws, a1[2], 1),  # the coordinator's
        a1[3]: opt(cws, a1[3], 1),  # the same on both sides
        x: opt(cws, x, 1),  # Citra's, settled "theirs"
        a2[0]: opt(cws, a2[0], 3),  # the coordinator's, settled "mine"
        a2[1]: opt(cws, a2[1], 0),
        a2[2]: opt(cws, a2[2], 1),  # Budi's
        a3[0]: opt(cws, a3[0], 0),
        a3[1]: opt(cws, a3[1], 1),  # Citra's
    }
    assert {s: r.jawaban_unit for s, r in cws.records().items() if r.jawaban_unit is not None} == expected
    assert cws.score() == score(cws.catalog, expected)
    capsys.readouterr()
    assert main(["score", str(cws.path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == pytest.approx(score(cws.catalog, expected).total)
    for side in (c, *members.values()):
        side.ws.close()


def test_member_rebases_unsent_work_on_a_newer_packet(tmp_path: Path) -> None:
    cws = create_workspace(tmp_path / "koord", unit_name="Kantor Contoh")
    a2 = team.soal_of_area(cws.catalog, 2)
    make_packet(cws, "Budi", a2, tmp_path / "p1.zip")
    open_packet(tmp_path / "p1.zip", tmp_path / "budi")
    budi = open_workspace(tmp_path / "budi")
    budi.edit(a2[0], opt(cws, a2[0], 1), note="sudah dicek")
    send_back(budi, tmp_path / "b1.zip")
    receive_packet(cws, tmp_path / "b1.zip", dry_run=False)
    # Budi keeps working (unsent), the coordinator changes two things, one of them the same field
    budi.edit(a2[1], opt(cws, a2[1], 2))
    budi.set_note(a2[0], "catatan Budi kedua")
    cws.edit(a2[2], opt(cws, a2[2], 3))
    cws.set_note(a2[0], "catatan koordinator")
    make_packet(cws, "Budi", a2, tmp_path / "p2.zip")
    report, fresh = open_packet(tmp_path / "p2.zip", tmp_path / "budi")
    assert not fresh
    assert budi.record(a2[2]).jawaban_unit == opt(cws, a2[2], 3)  # the coordinator's change arrives
    assert budi.record(a2[1]).jawaban_unit == opt(cws, a2[1], 2)  # unsent work survives
    assert [(s, f) for s, f, *_ in report.conflicts] == [(a2[0], "catatan_unit")]
    team.settle(budi, a2[0], "catatan_unit", "mine")
    send_back(budi, tmp_path / "b2.zip")
    r = receive_packet(cws, tmp_path / "b2.zip", dry_run=False)
    assert not r.conflicts
    assert cws.record(a2[1]).jawaban_unit == opt(cws, a2[1], 2)
    assert cws.record(a2[0]).catatan_unit == "catatan Budi kedua"
    assert cws.check().ok and budi.check().ok
    # opening the same packet twice changes nothing
    again, _ = open_packet(tmp_path / "p2.zip", tmp_path / "budi")
    assert again.already
    budi.close()
    cws.close()


def test_a_second_send_from_the_same_packet_is_not_a_conflict_with_the_first(tmp_path: Path) -> None:
    cws = create_workspace(tmp_path / "koord", unit_name="Kantor Contoh")
    ids = team.soal_of_area(cws.catalog, 1)[:3]
    make_packet(cws, "Ani", ids, tmp_path / "p.zip")
    open_packet(tmp_path / "p.zip", tmp_path / "ani")
    ani = open_workspace(tmp_path / "ani")
    ani.set_note(ids[0], "pertama")
    send_back(ani, tmp_path / "b1.zip")
    ani.set_note(ids[0], "kedua")
    ani.set_note(ids[1], "baru")
    send_back(ani, tmp_path / "b2.zip")
    receive_packet(cws, tmp_path / "b1.zip", dry_run=False)
    r = receive_packet(cws, tmp_path / "b2.zip", dry_run=False)
    assert not r.conflicts
    assert cws.record(ids[0]).catatan_unit == "kedua" and cws.record(ids[1]).catatan_unit == "baru"
    # the older one arriving late changes nothing
    before = state(cws)
    late = receive_packet(cws, tmp_path / "b1.zip", dry_run=False)
    assert late.already and state(cws) == before
    ani.close()
    cws.close()


def test_assignments_and_progress_per_pic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws_path = tmp_path / "ws"
    cws = create_workspace(ws_path, unit_name="Kantor Contoh")
    a1 = team.soal_of_area(cws.catalog, 1)
    cws.edit(a1[0], opt(cws, a1[0], 0))
    cws.attach_text(a1[0], "SK")
    cws.close()
    assert main(["tugas", str(ws_path), "--pic", "Ani", "--area", "1"]) == 0
    assert main(["tugas", str(ws_path), "--pic", "Dodi", "--soal", str(a1[1])]) == 0
    sub = next(
        n.node_id
        for n in cws.catalog.walk()
        if n.level == "sub_area" and getattr(cws.catalog.area_node(n.node_id, is_soal=False), "area_no", 0) == 2
    )
    assert main(["tugas", str(ws_path), "--pic", "Eka", "--sub-area", str(sub)]) == 0
    out = capsys.readouterr().out
    assert "area 1 (Manajemen Perubahan): Ani" in out and f"soal {a1[1]}: Dodi" in out
    # Ani's questions: all of area 1 but Dodi's; one has evidence, so the others have an advisory each
    assert f"Ani: 1/{len(a1) - 1} terjawab, 1/{len(a1) - 1} berbukti, {len(a1) - 2} saran terbuka" in out
    with open_workspace(ws_path) as ws:
        pics = team.pic_map(ws)
        assert pics[a1[0]] == "Ani" and pics[a1[1]] == "Dodi"  # the soal's own assignment wins
        assert {pics[s] for n in ws.catalog.walk(sub) for s in n.soal} == {"Eka"}
        assert ws.check().ok
        assert any(h.field == "tugas:area:1" and h.new == "Ani" for h in ws.history())
    assert main(["tugas", str(ws_path), "--hapus", "--soal", str(a1[1])]) == 0
    with open_workspace(ws_path) as ws:
        assert team.pic_map(ws)[a1[1]] == "Ani"
    for bad, msg in (
        (["--pic", "X", "--area", "9"], "area 9 tidak ada"),
        (["--pic", "X", "--soal", "999"], "999"),
        (["--pic", "X"], "sebutkan yang ditugaskan"),
        (["--pic", "X", "--sub-area", "3"], "sub-area 3 tidak ada"),
    ):
        assert main(["tugas", str(ws_path), *bad]) == 2
        assert msg in capsys.readouterr().err


def test_conflict_settle_with_a_bad_value_changes_nothing_and_reopen_undoes(tmp_path: Path) -> None:
    cws = create_workspace(tmp_path / "koord", unit_name="Kantor Contoh")
    sid = team.soal_of_area(cws.catalog, 1)[1]
    make_packet(cws, "Ani", [sid], tmp_path / "p.zip")
    open_packet(tmp_path / "p.zip", tmp_path / "ani")
    with open_workspace(tmp_path / "ani") as ani:
        ani.edit(sid, opt(cws, sid, 1))
        send_back(ani, tmp_path / "b.zip")
    cws.edit(sid, opt(cws, sid, 2))
    receive_packet(cws, tmp_path / "b.zip", dry_run=False)
    before = state(cws)
    with pytest.raises(UserError, match="tidak dikenal"):
        team.settle(cws, sid, "jawaban_unit", "Z")
    with pytest.raises(UserError, match="tidak ada konflik terbuka"):
        team.settle(cws, sid, "catatan_unit", "mine")
    assert state(cws) == before
    entry = team.settle(cws, sid, "jawaban_unit", opt(cws, sid, 0))
    assert cws.record(sid).jawaban_unit == opt(cws, sid, 0) and entry.settled_how == "edit"
    team.reopen(cws, entry.id)
    assert cws.record(sid).jawaban_unit == opt(cws, sid, 2)
    assert [c.id for c in team.conflicts(cws)] == [entry.id]
    assert cws.check().ok
    cws.close()


def test_json_documents_of_a_packet_are_plain(tmp_path: Path) -> None:
    """The packet a member gets is readable: manifest names who it is for and every checksum."""
    import zipfile

    cws = create_workspace(tmp_path / "koord", unit_name="Kantor Contoh")
    make_packet(cws, "Ani", [1, 2], tmp_path / "p.zip")
    with zipfile.ZipFile(tmp_path / "p.zip") as zf:
        m = json.loads(zf.read("manifest.json"))
    assert m["pic"] == "Ani" and m["soal"] == [1, 2] and m["workspace"]["unit_name"] == "Kantor Contoh"
    assert {f["path"] for f in m["files"]} == {"paket.json"}
    cws.close()


def test_the_command_line_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    k, a = str(tmp_path / "koord"), str(tmp_path / "ani")
    assert main(["init", k, "--unit", "Kantor Contoh"]) == 0
    assert main(["answer", k, "2", "A", "--note", "awal"]) == 0
    assert main(["tugas", k, "--pic", "Ani", "--area", "1"]) == 0
    assert main(["paket", "buat", k, "--pic", "Ani", "--out", str(tmp_path / "p.zip")]) == 0
    assert main(["paket", "buka", str(tmp_path / "p.zip"), a]) == 0
    assert "Workspace anggota dibuat" in capsys.readouterr().out
    assert main(["answer", a, "2", "B", "--note", "Ani"]) == 0
    assert main(["answer", a, "13", "A"]) == 2
    assert "bukan bagian paket kerja Ani" in capsys.readouterr().err
    assert main(["paket", "kirim", a, "--out", str(tmp_path / "b.zip")]) == 0
    assert "1 soal berubah (2 isian" in capsys.readouterr().out
    assert main(["answer", k, "2", "C"]) == 0
    capsys.readouterr()
    assert main(["paket", "terima", k, str(tmp_path / "b.zip"), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "KONFLIK soal 2 jawaban: di sini C, dari anggota B (semula A)" in out
    assert "soal 2 catatan: awal -> Ani (akan diambil)" in out and "Tidak ada yang disimpan" in out
    assert main(["konflik", k]) == 0
    assert "Tidak ada konflik terbuka." in capsys.readouterr().out
    assert main(["paket", "terima", k, str(tmp_path / "b.zip")]) == 0
    capsys.readouterr()
    assert main(["konflik", k]) == 0
    out = capsys.readouterr().out
    assert "soal 2 jawaban: di sini C" in out and "dari Ani B" in out and "1 konflik terbuka" in out
    assert main(["konflik", k, "--pilih", "2", "jawaban", "B"]) == 0
    assert "diselesaikan (edit): B" in capsys.readouterr().out
    assert main(["konflik", k, "--semua"]) == 0
    assert "[selesai: edit]" in capsys.readouterr().out
    assert main(["paket", "terima", k, str(tmp_path / "b.zip")]) == 0
    assert "sudah diterima" in capsys.readouterr().out
    assert main(["check", k]) in (0, 3)
    assert "baik (rantai riwayat utuh" in capsys.readouterr().out
    assert main(["history", k, "2"]) == 0
    hist = capsys.readouterr().out
    assert "Ani" in hist and "paket:" in hist
