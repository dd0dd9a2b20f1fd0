"""Numbers as Indonesians write them (decimal comma)."""

from __future__ import annotations


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
