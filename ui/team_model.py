"""What the Qt face needs of team work: who is in charge of each question (for the tree and its
filter), and the member workspace's packet. Everything is asked of `zi_desktop.workspace.team`."""

from __future__ import annotations

from typing import Any

from zi_desktop.lke.catalog import Catalog
from zi_desktop.workspace import team
from zi_desktop.workspace.store import Workspace

NO_PIC = ""  # the filter value for "nobody is in charge"


def _real(session: Any) -> Workspace | None:
    ws = getattr(session, "ws", None)
    return ws if isinstance(ws, Workspace) else None


def session_pics(session: Any) -> dict[int, str]:
    """soal id -> PIC of the session's workspace ({} for a workspace without team data)."""
    ws = _real(session)
    return team.pic_map(ws) if ws is not None else {}


def node_pics(catalog: Catalog, pics: dict[int, str]) -> dict[int, str]:
    """node id -> the PIC when every question under the node has that same one."""
    out: dict[int, str] = {}
    for node_id in catalog.nodes:
        names = {pics.get(s, NO_PIC) for n in catalog.walk(node_id) for s in n.soal}
        if len(names) == 1:
            (name,) = names
            if name:
                out[node_id] = name
    return out


def member_packet(session: Any) -> dict[str, Any] | None:
    ws = _real(session)
    return team.member_info(ws) if ws is not None else None


def read_only_reason(session: Any, soal_id: int) -> str | None:
    ws = _real(session)
    return team.read_only_reason(ws, soal_id) if ws is not None else None


def open_conflicts(session: Any) -> list[team.ConflictEntry]:
    ws = _real(session)
    return team.conflicts(ws) if ws is not None else []


def progress(session: Any) -> list[team.PicProgress]:
    ws = _real(session)
    if ws is None or not team.assignments(ws):
        return []
    return team.progress_by_pic(ws)
