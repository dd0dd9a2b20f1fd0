"""The proposal preconditions (PermenPANRB 90/2021, Tabel 5) as a checklist the team confirms.

The app cannot verify them (an audit opinion, a SAKIP grade, SPIP maturity...): the team ticks each
one after checking it, and readiness lists those still open. The list is catalog data per
predicate; what is ticked is a workspace setting keyed by the precondition's text, so a catalog
that reorders the list keeps what was confirmed.
"""

from __future__ import annotations

from typing import Any, Protocol

from zi_desktop.errors import UserError
from zi_desktop.lke.catalog import PREDICATES, Catalog
from zi_desktop.records import dataclass

SETTING_PREFIX = "syarat_pengusulan_"


class SettingsWorkspace(Protocol):
    catalog: Catalog
    target: str

    def settings(self) -> dict[str, Any]: ...
    def set_setting(self, key: str, value: Any) -> None: ...


@dataclass(frozen=True)
class Precondition:
    number: int  # 1-based, as shown to the user
    text: str
    confirmed: bool


def _predicate(ws: SettingsWorkspace, predikat: str | None) -> str:
    p = (predikat or ws.target or "WBK").upper()
    if p not in PREDICATES:
        raise UserError(f"predikat '{predikat}' tidak dikenal; pilih WBK atau WBBM")
    return p


def preconditions(ws: SettingsWorkspace, predikat: str | None = None) -> list[Precondition]:
    """The preconditions of `predikat` (default: the workspace's target) and whether each is confirmed."""
    p = _predicate(ws, predikat)
    confirmed = ws.settings().get(SETTING_PREFIX + p) or []
    texts = ws.catalog.preconditions.get(p, ())
    return [Precondition(i, text, text in confirmed) for i, text in enumerate(texts, 1)]


def set_confirmed(ws: SettingsWorkspace, numbers: list[int], confirmed: bool, predikat: str | None = None) -> None:
    """Tick (or untick) preconditions by their number; one change, logged like every setting."""
    p = _predicate(ws, predikat)
    items = preconditions(ws, p)
    for n in numbers:
        if not 1 <= n <= len(items):
            raise UserError(f"syarat nomor {n} tidak ada; syarat Menuju {p} bernomor 1 sampai {len(items)}")
    chosen = {items[n - 1].text for n in numbers}
    now = {i.text for i in items if i.confirmed}
    now = now | chosen if confirmed else now - chosen
    ws.set_setting(SETTING_PREFIX + p, [i.text for i in items if i.text in now])
