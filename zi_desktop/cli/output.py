"""What the command line prints: user text (notes, names, cells, file names) made safe for a terminal."""

from __future__ import annotations

from zi_desktop.lazy_re import compile_later

# C0 (but newline), DEL, C1 controls and the bidirectional overrides
_CONTROL = compile_later(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """Control characters (escape sequences, bidi overrides) are dropped, so a note or a file name
    cannot move the cursor, recolour or rewrite what is printed."""
    return _CONTROL.sub("", text.replace("\t", " "))
