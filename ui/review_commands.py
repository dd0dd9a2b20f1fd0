"""The TPI review in the app: what the widgets ask of the core, and the undo commands.

`fixing_ids(session)` is the set the tree's "perlu perbaikan" filter shows; the commands write
through `zi_desktop.workspace.review` (one logged transaction each) and refresh the session, so the
tree, the question page and the dashboard follow. Every write here can be undone with Ctrl+Z.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from ui.commands import _Done
from zi_desktop.workspace import review as rv

FIXING = "perlu_perbaikan"  # tree marker: a TPI tier marked the question "perlu perbaikan"


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReviewCommands", text)


def review_info(session: Any) -> rv.ReviewInfo | None:
    """The review the open workspace is (None: the unit's own workspace, or a test fake)."""
    ws = session.ws
    if not hasattr(ws, "_meta"):
        return None
    return rv.review_info(ws)


def fixing_ids(session: Any) -> set[int]:
    ws = session.ws
    if not hasattr(ws, "_meta"):
        return set()
    return set(rv.needs_fixing(ws))


def has_review_data(session: Any) -> bool:
    ws = session.ws
    return hasattr(ws, "_meta") and (rv.review_info(ws) is not None or bool(rv.tiers(ws)))


def tier_scores_line(session: Any) -> str:
    """ "Nilai per tingkat reviu: TPI Unit 57,62 · ..." for the dashboard, when tiers are held apart."""
    if not has_review_data(session):
        return ""
    from ui.format import num

    totals = {t: r.total for t, r in rv.compare(session.ws).tiers.items()}
    if not totals:
        return ""
    parts = " · ".join(f"{t} {num(v)}" for t, v in totals.items())
    return "\n" + _tr("Nilai per tingkat reviu: %1").replace("%1", parts)


class StatusCommand(_Done):
    """The TPI's status of one question (a review workspace)."""

    def __init__(self, session: Any, soal_id: int, old: str, new: str) -> None:
        super().__init__(_tr("Status reviu soal %1: %2").replace("%1", str(soal_id)).replace("%2", new))
        self.session, self.soal_id, self.old, self.new = session, soal_id, old, new

    def do(self) -> None:
        write_status(self.session, self.soal_id, self.new)

    def undo(self) -> None:
        write_status(self.session, self.soal_id, self.old)


def write_status(session: Any, soal_id: int, status: str) -> None:
    rv.set_status(session.ws, soal_id, status)
    session.refresh([soal_id])


def set_status(session: Any, soal_id: int, status: str) -> None:
    """Save now, undoable."""
    old = rv.status_of(session.ws, soal_id)
    if old == status:
        return
    write_status(session, soal_id, status)
    session.undo_stack.push(StatusCommand(session, soal_id, old, status))


class ResponseCommand(_Done):
    """The unit's tanggapan on one question."""

    def __init__(self, session: Any, soal_id: int, old: str | None, new: str | None) -> None:
        super().__init__(_tr("Tanggapan soal %1").replace("%1", str(soal_id)))
        self.session, self.soal_id, self.old, self.new = session, soal_id, old, new

    def do(self) -> None:
        write_response(self.session, self.soal_id, self.new)

    def undo(self) -> None:
        write_response(self.session, self.soal_id, self.old)

    def id(self) -> int:
        return 2

    def mergeWith(self, other: Any) -> bool:
        if not isinstance(other, ResponseCommand) or other.soal_id != self.soal_id:
            return False
        self.new = other.new
        return True


def write_response(session: Any, soal_id: int, text: str | None) -> None:
    rv.set_response(session.ws, soal_id, text)
    session.refresh([soal_id])


def set_response(session: Any, soal_id: int, text: str | None) -> None:
    current = rv.responses(session.ws).get(soal_id)
    old = current.tanggapan if current else None
    new = text if text and text.strip() else None
    if old == new:
        return
    write_response(session, soal_id, new)
    session.undo_stack.push(ResponseCommand(session, soal_id, old, new))


class ImportReviewCommand(_Done):
    """A review result taken in: undo puts every review field back as it was."""

    def __init__(self, session: Any, before: dict[str, Any], label: str) -> None:
        super().__init__(_tr("Terima hasil reviu %1").replace("%1", label))
        self.session, self.before = session, before
        self.after: dict[str, Any] | None = None

    def do(self) -> None:
        if self.after is not None:
            rv.restore(self.session.ws, self.after, "ulangi impor reviu")
        self.session.reload()

    def undo(self) -> None:
        self.after = rv.snapshot(self.session.ws)
        rv.restore(self.session.ws, self.before)
        self.session.reload()


class AreaNoteCommand(_Done):
    def __init__(self, session: Any, area: str, old: str | None, new: str | None) -> None:
        super().__init__(_tr("Catatan area %1").replace("%1", area))
        self.session, self.area, self.old, self.new = session, area, old, new

    def do(self) -> None:
        rv.set_area_note(self.session.ws, self.area, self.new)

    def undo(self) -> None:
        rv.set_area_note(self.session.ws, self.area, self.old)


class RecommendationsCommand(_Done):
    def __init__(self, session: Any, old: list[str], new: list[str]) -> None:
        super().__init__(_tr("Rekomendasi reviu"))
        self.session, self.old, self.new = session, old, new

    def do(self) -> None:
        rv.set_recommendations(self.session.ws, self.new)

    def undo(self) -> None:
        rv.set_recommendations(self.session.ws, self.old)
