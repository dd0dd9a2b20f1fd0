"""Numbers as Indonesians write them (decimal comma), and the user's text in rich-text labels."""

from __future__ import annotations

_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def escape(text: str) -> str:
    """`text` shown as written inside a rich-text label (what `html.escape` does; the `html` module
    is not loaded for it at start, since it brings a table of 2,000 entities with it, issue 15)."""
    return text.translate(_HTML)


def num(x: float | None, digits: int = 2) -> str:
    if x is None:
        return ""
    text = f"{x:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".") if digits > 2 else text
    return text.replace(".", ",")


def pct(fraction: float | None) -> str:
    if fraction is None:
        return ""
    return (
        f"{100 * fraction:.0f} %"
        if abs(100 * fraction - round(100 * fraction)) < 0.05
        else f"{100 * fraction:.1f} %".replace(".", ",")
    )
