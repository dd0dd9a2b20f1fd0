"""Generated histories through the real store and real packets: random edits by the coordinator and
a member on the same questions, the packet back, the merge; nothing anyone changed is lost, the
change log stays valid, and receiving again changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zi_desktop.exchange.packet import make_packet, open_packet, receive_packet, send_back
from zi_desktop.lke.catalog import load_catalog
from zi_desktop.workspace import team
from zi_desktop.workspace.store import Workspace, create_workspace, open_workspace

pytestmark = pytest.mark.slow  # about 20 s: real workspaces and packets per example

CATALOG = load_catalog(2026)
SOAL = (2, 3, 13)  # two A/B/C(/D) questions and a Ya/Tidak one, in areas 1 and 2
NOTES = (None, "n1", "n2")
LINKS = ("https://contoh.go.id/a", "https://contoh.go.id/b")


def options(sid: int) -> list[str]:
    return [o.key for o in CATALOG.soal[sid].options]


edit = st.one_of(
    st.tuples(st.just("jawaban"), st.sampled_from(SOAL), st.integers(0, 3)),
    st.tuples(st.just("catatan"), st.sampled_from(SOAL), st.sampled_from(NOTES)),
    st.tuples(st.just("tautan"), st.sampled_from(SOAL), st.sampled_from(LINKS)),
)
histories = st.lists(edit, max_size=6)


def play(ws: Workspace, history: list[Any]) -> dict[tuple[int, str], Any]:
    """Apply edits; returns the last value each changed field was given."""
    last: dict[tuple[int, str], Any] = {}
    for kind, sid, v in history:
        if kind == "jawaban":
            keys = options(sid)
            value = keys[v % len(keys)]
            ws.edit(sid, value)
            last[(sid, "jawaban_unit")] = value
        elif kind == "catatan":
            ws.set_note(sid, v)
            last[(sid, "catatan_unit")] = v
        else:  # toggle a link
            have = [e for e in ws.evidence(sid) if e.url == v]
            if have:
                ws.detach(sid, have[0].id)
            else:
                ws.attach_link(sid, v)
    return last


def links(ws: Workspace) -> set[tuple[int, str | None]]:
    return {(e.soal_id, e.url) for e in ws.evidence()}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(base=histories, ours=histories, theirs=histories)
def test_generated_histories_through_packets(tmp_path_factory: Any, base: Any, ours: Any, theirs: Any) -> None:
    tmp: Path = tmp_path_factory.mktemp("riwayat")
    cws = create_workspace(tmp / "koord", unit_name="Kantor Uji")
    try:
        play(cws, base)
        base_links = links(cws)
        base_vals = {(sid, f): cws.record(sid).get(f) for sid in SOAL for f in ("jawaban_unit", "catatan_unit")}
        make_packet(cws, "Ani", list(SOAL), tmp / "p.zip")
        open_packet(tmp / "p.zip", tmp / "ani")
        with open_workspace(tmp / "ani") as ani:
            theirs_last = play(ani, theirs)
            theirs_links = links(ani)
            send_back(ani, tmp / "b.zip")
        ours_last = play(cws, ours)
        ours_links = links(cws)
        receive_packet(cws, tmp / "b.zip", dry_run=False)
        queue = {(c.soal_id, c.field): c for c in team.conflicts(cws)}
        for last in (ours_last, theirs_last):
            for (sid, f), value in last.items():
                if value == base_vals[(sid, f)]:
                    continue  # changed back: no change to keep
                here = cws.record(sid).get(f)
                c = queue.get((sid, f))
                assert here == value or (c is not None and value in (c.ours, c.theirs)), (sid, f, value)
        # evidence: per link, the side that changed it wins; both changed it the same way
        result = links(cws)
        for key in base_links | ours_links | theirs_links:
            b, o, t = key in base_links, key in ours_links, key in theirs_links
            assert (key in result) == (t if o == b else o), key
        assert cws.check().ok
        before = (cws.records(), links(cws), team.conflicts(cws), len(cws.history()))
        receive_packet(cws, tmp / "b.zip", dry_run=False)
        assert (cws.records(), links(cws), team.conflicts(cws), len(cws.history())) == before
    finally:
        cws.close()
