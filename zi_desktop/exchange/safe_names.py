"""File and folder names that survive Windows, macOS, Linux and zip tools.

A portal bundle is unpacked on whatever the team uses, most often Windows Explorer, so every path
part is cleaned of what Windows refuses: reserved device names (CON, PRN, AUX, NUL, COM1-9, LPT1-9,
with or without an extension), the characters <>:"/\\|?* and control characters, trailing dots and
spaces. Names are NFC-normalised so the same name typed on a Mac and on Windows is the same name.
"""

from __future__ import annotations

import re
import unicodedata

# and what safezip refuses in a member name: C1 controls, bidirectional overrides, lone surrogates
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]')
_SPACES = re.compile(r"\s+")
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {f"{p}{i}" for p in ("COM", "LPT") for i in range(10)}
MAX_PART = 120


def safe_part(name: str, *, fallback: str = "berkas", max_len: int = MAX_PART) -> str:
    """One path component that every common file system and zip tool accepts."""
    text = unicodedata.normalize("NFC", name)
    text = _FORBIDDEN.sub("_", text)
    text = _SPACES.sub(" ", text).strip()
    text = text.rstrip(". ")
    if not text or set(text) <= {".", "_", " "}:
        text = fallback
    stem = text.split(".", 1)[0].strip().upper()
    if stem in _RESERVED:
        text = "_" + text
    if len(text) > max_len:
        text = shorten_file_name(text, max_len)
    return text


def shorten_file_name(name: str, max_len: int) -> str:
    """Cut a name to `max_len` characters, keeping its extension (if short) and no trailing dot/space."""
    if len(name) <= max_len:
        return name
    stem, dot, ext = name.rpartition(".")
    if dot and 0 < len(ext) <= 10 and stem and max_len > len(ext) + 2:
        cut = stem[: max_len - len(ext) - 1].rstrip(". ")
        return f"{cut}.{ext}" if cut else name[:max_len].rstrip(". ") or "berkas"
    return name[:max_len].rstrip(". ") or "berkas"


def shorten_words(text: str, max_len: int) -> str:
    """Cut a phrase at a word boundary to at most `max_len` characters."""
    text = _SPACES.sub(" ", text).strip()
    if len(text) <= max_len:
        return text
    cut = text[:max_len]
    if " " in cut[max_len // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" .,;:-")


def unique_name(name: str, taken: set[str]) -> str:
    """`name`, or `name (2)`, `name (3)`... (before the extension) so it is not in `taken`
    (compared case-insensitively, as Windows and macOS do). Adds the result to `taken`."""
    candidate = name
    n = 1
    while candidate.casefold() in taken:
        n += 1
        stem, dot, ext = name.rpartition(".")
        candidate = f"{stem} ({n}).{ext}" if dot and stem else f"{name} ({n})"
    taken.add(candidate.casefold())
    return candidate


def safe_file_stem(text: str, *, fallback: str = "unit", max_len: int = 60) -> str:
    """A short name for a file made from free text (unit names in bundle file names)."""
    return safe_part(shorten_words(text, max_len), fallback=fallback, max_len=max_len)
