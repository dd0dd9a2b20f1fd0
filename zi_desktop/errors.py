"""Error kinds of the core.

`UserError` is anything a person can fix (bad input, a locked workspace, a full disk): its message is
plain Indonesian, shown as one line (command line: stderr, exit 2; app: one error dialog). Anything
else that escapes is a bug: exit 1 and a traceback in the log file. The split follows qutebrowser's
KnownError / BugError.
"""

from __future__ import annotations


class ZiError(Exception):
    """Base of every error the core raises on purpose."""


class UserError(ZiError):
    """Bad input or an environmental problem the user can act on. The message is for a person."""

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.message = message
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class CatalogError(UserError):
    """The catalog data file is broken; names what is wrong."""


class AnswerError(UserError):
    """An answer does not fit its question."""

    def __init__(self, soal_id: int | str, message: str) -> None:
        self.soal_id = soal_id
        super().__init__(message, where=f"Soal {soal_id}")


class Cancelled(ZiError):
    """Long work was cancelled by the user; nothing was changed."""
