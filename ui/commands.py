"""Undo commands. Each one calls the Workspace API through the Session; the write itself has
already happened when a command is pushed (so errors reach the caller), hence the skipped first
`redo`."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from zi_desktop.lke.answers import TEXT_FIELDS, format_value


class _Done(QUndoCommand):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self.do()

    def do(self) -> None:
        raise NotImplementedError


class FieldCommand(_Done):
    """One field of one soal set from `old` to `new`. Consecutive note edits merge into one."""

    def __init__(self, session: Any, soal_id: int, field: str, old: Any, new: Any) -> None:
        label = {
            "jawaban_unit": QCoreApplication.translate("Commands", "Jawaban soal %1: %2"),
            "jawaban_tpi": QCoreApplication.translate("Commands", "Jawaban TPI soal %1: %2"),
            "catatan_unit": QCoreApplication.translate("Commands", "Catatan soal %1"),
            "catatan_tpi": QCoreApplication.translate("Commands", "Catatan TPI soal %1"),
            "bukti_dukung_unit": QCoreApplication.translate("Commands", "Teks bukti dukung soal %1"),
        }[field]
        shown = format_value(new) if field.startswith("jawaban") else ""
        super().__init__(
            label.replace("%1", str(soal_id)).replace("%2", shown or QCoreApplication.translate("Commands", "kosong"))
        )
        self.session, self.soal_id, self.field, self.old, self.new = session, soal_id, field, old, new

    def do(self) -> None:
        self.session.write(self.soal_id, self.field, self.new)

    def undo(self) -> None:
        self.session.write(self.soal_id, self.field, self.old)

    def id(self) -> int:
        return 1 if self.field in TEXT_FIELDS else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, FieldCommand) or (other.soal_id, other.field) != (self.soal_id, self.field):
            return False
        self.new = other.new
        return True


class AttachCommand(_Done):
    """Evidence added in one step, to one soal or to many (each item carries its soal): undo removes
    every item, redo adds them back."""

    def __init__(self, session: Any, soal_id: int, items: list[Any]) -> None:
        soal = list(dict.fromkeys(getattr(i, "soal_id", soal_id) for i in items)) or [soal_id]
        if len(soal) == 1:
            text = QCoreApplication.translate("Commands", "Tambah bukti dukung soal %1").replace("%1", str(soal[0]))
        else:
            text = (
                QCoreApplication.translate("Commands", "Tambah %1 bukti dukung ke %2 soal")
                .replace("%1", str(len(items)))
                .replace("%2", str(len(soal)))
            )
        super().__init__(text)
        self.session, self.soal_id, self.items = session, soal_id, list(items)

    def _soal(self, item: Any) -> int:
        return int(getattr(item, "soal_id", self.soal_id))

    def do(self) -> None:
        self.items = [self.session.ws.reattach(self._soal(i), i) for i in self.items]
        for sid in dict.fromkeys(self._soal(i) for i in self.items):
            self.session.refresh_evidence(sid)

    def undo(self) -> None:
        ws = self.session.ws
        if len(self.items) > 1 and hasattr(ws, "detach_many"):
            ws.detach_many([(self._soal(i), i.id) for i in self.items])  # one transaction
        else:
            for i in self.items:
                ws.detach(self._soal(i), i.id)
        for sid in dict.fromkeys(self._soal(i) for i in self.items):
            self.session.refresh_evidence(sid)


class DetachCommand(_Done):
    def __init__(self, session: Any, soal_id: int, item: Any) -> None:
        super().__init__(
            QCoreApplication.translate("Commands", "Hapus bukti dukung soal %1").replace("%1", str(soal_id))
        )
        self.session, self.soal_id, self.item = session, soal_id, item

    def do(self) -> None:
        self.session.ws.detach(self.soal_id, self.item.id)
        self.session.refresh_evidence(self.soal_id)

    def undo(self) -> None:
        self.item = self.session.ws.reattach(self.soal_id, self.item)
        self.session.refresh_evidence(self.soal_id)


class PreconditionCommand(_Done):
    """One proposal precondition (Tabel 5) ticked or unticked."""

    def __init__(self, session: Any, number: int, confirmed: bool) -> None:
        text = (
            QCoreApplication.translate("Commands", "Konfirmasi syarat pengusulan %1")
            if confirmed
            else QCoreApplication.translate("Commands", "Batalkan konfirmasi syarat pengusulan %1")
        )
        super().__init__(text.replace("%1", str(number)))
        self.session, self.number, self.confirmed = session, number, confirmed

    def do(self) -> None:
        self.session.write_precondition(self.number, self.confirmed)

    def undo(self) -> None:
        self.session.write_precondition(self.number, not self.confirmed)


class ImportCommand(_Done):
    """A whole import as one undo step: undo puts back every answer and note it changed, in one
    transaction; redo applies the same values again."""

    def __init__(self, session: Any, name: str, summary: Any, before: dict[int, Any]) -> None:
        super().__init__(QCoreApplication.translate("Commands", "Impor %1").replace("%1", name))
        self.session, self.name = session, name
        fields: dict[int, set[str]] = {}
        for sid, field, _old, _new in summary.changes:
            fields.setdefault(sid, set()).add(field)
        after = {sid: session.records.get(sid) for sid in fields}
        self.undo_rows = [_row(sid, before.get(sid), f) for sid, f in fields.items()]
        self.redo_rows = [_row(sid, after.get(sid), f) for sid, f in fields.items()]

    def _apply(self, rows: list[Any], source: str) -> None:
        self.session.ws.apply_import(rows, source=source, clear=True, keep_later=False)
        self.session.reload()

    def do(self) -> None:
        self._apply(self.redo_rows, f"ulangi impor {self.name}")

    def undo(self) -> None:
        self._apply(self.undo_rows, f"urungkan impor {self.name}")


def _row(soal_id: int, record: Any, fields: set[str]) -> Any:
    from zi_desktop.lke.answers import AnswerRow

    def get(f: str) -> Any:
        return None if record is None else getattr(record, f)

    return AnswerRow(
        soal_id=soal_id,
        jawaban_unit=get("jawaban_unit"),
        jawaban_tpi=get("jawaban_tpi"),
        catatan_unit=get("catatan_unit"),
        bukti_dukung_unit=get("bukti_dukung_unit"),
        catatan_tpi=get("catatan_tpi"),
        given=frozenset(fields),
    )
