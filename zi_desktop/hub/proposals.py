"""`hub usulkan`: which units the instansi proposes to PortalRB, and as what.

`afirmasi`, as PortalRB's guide defines it (section 3.1): a WBK unit proposed under the affirmative
track has `kategori` "WBK-AFIRMASI" and `afirmasi` true; every other unit has `afirmasi` false. The
guide sets no other rule for it, so an afirmasi unit needs what a WBK unit needs (Menuju WBK with the
TPI's answers and Tabel 5 confirmed) unless `--paksa`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from zi_desktop.errors import UserError
from zi_desktop.hub.recap import KATEGORI, lacking
from zi_desktop.hub.store import Hub, now


@dataclass
class ProposalResult:
    proposed: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    lacking: dict[str, list[str]] = field(default_factory=dict)  # unit -> what it lacks
    forced: list[str] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return bool(self.lacking) and not self.proposed and not self.forced


def propose(
    hub: Hub, unit_ids: Sequence[str], kategori: str | None, *, withdraw: bool = False, force: bool = False
) -> ProposalResult:
    """Propose (or withdraw) units in one transaction. A unit that lacks something is only proposed
    with `force`; without it nothing at all changes and `.lacking` says what each one lacks."""
    if not unit_ids:
        raise UserError("sebutkan ID unit yang diusulkan")
    if not withdraw and kategori not in KATEGORI:
        raise UserError(f"kategori '{kategori}' tidak dikenal; pilih {', '.join(KATEGORI)}")
    units = {u["unit_id"]: u for u in hub.units()}
    unknown = [u for u in unit_ids if u not in units]
    if unknown:
        raise UserError(f"unit tidak ada di hub: {', '.join(unknown)} (tambahkan paketnya dengan: zi-desktop hub add)")
    res = ProposalResult()
    at = now()
    if withdraw:
        with hub.writing() as conn:
            for uid in dict.fromkeys(unit_ids):
                if units[uid]["kategori"] is None:
                    res.unchanged.append(uid)
                    continue
                conn.execute("DELETE FROM proposals WHERE unit_id = ?", (uid,))
                conn.execute("UPDATE units SET changed_at = ? WHERE unit_id = ?", (at, uid))
                res.withdrawn.append(uid)
        return res
    assert kategori is not None
    for uid in dict.fromkeys(unit_ids):
        missing = lacking(units[uid]["summary"], kategori)
        if missing:
            res.lacking[uid] = missing
    if res.lacking and not force:
        return res
    afirmasi = kategori == "WBK-AFIRMASI"
    with hub.writing() as conn:
        for uid in dict.fromkeys(unit_ids):
            u = units[uid]
            if u["kategori"] == kategori and bool(u["forced"]) == (uid in res.lacking):
                res.unchanged.append(uid)
                continue
            conn.execute(
                "INSERT INTO proposals(unit_id, kategori, afirmasi, proposed_at, forced, lacking) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(unit_id) DO UPDATE SET kategori = excluded.kategori, "
                "afirmasi = excluded.afirmasi, proposed_at = excluded.proposed_at, forced = excluded.forced, "
                "lacking = excluded.lacking",
                (uid, kategori, int(afirmasi), at, int(uid in res.lacking), json.dumps(res.lacking.get(uid, []))),
            )
            conn.execute("UPDATE units SET changed_at = ? WHERE unit_id = ?", (at, uid))
            (res.forced if uid in res.lacking else res.proposed).append(uid)
    return res
