"""What to improve first: a ranked list of answer upgrades toward a target predicate.

Method (greedy, not exact): the *gap* of a result is the sum, over the target's unmet conditions,
of the points still missing (for an area: the points below its minimum share of the weight). Each
round tries every upgrade still open, one question moved to a better option (or an unanswered
question answered with its best option, or a computed percentage brought to 100 % by raising its
numerator to its denominator), and keeps the one that closes most of the gap, ties broken by the
gain in total score and then by the smaller step. The chosen upgrade is applied and the next round
starts from there, so the list accounts for what earlier items already achieved. Once the gap is
closed, the remaining items are ranked by their gain in total score. Survey scores (IPAK, IPKP) are
measured by the national team, not chosen by the unit, so they are never suggested.

An exact search over all option combinations is out of reach (about 4^110 combinations) and the
greedy order is what a team works through anyway: one question at a time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from zi_desktop.answers import Value
from zi_desktop.catalog import CHOICE, Catalog
from zi_desktop.scoring import ScoreResult, score

EPS = 1e-9


@dataclass(frozen=True)
class Upgrade:
    rank: int
    soal_id: int
    ref: str  # the soal id, or the computed percentage id for a numerator change
    area_no: int | None
    text: str
    dari: Value | None
    ke: Value
    gain_total: float  # points of total score this step adds (official rule)
    gap_closed: float  # points of the target's shortfall this step closes
    total_after: float
    predicate_after: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "soal_id": self.soal_id,
            "ref": self.ref,
            "area": self.area_no,
            "text": self.text,
            "dari": self.dari,
            "ke": self.ke,
            "gain_total": self.gain_total,
            "gap_closed": self.gap_closed,
            "total_after": self.total_after,
            "predicate_after": self.predicate_after,
        }


def gap(result: ScoreResult, target: str) -> float:
    return sum(c.poin_kurang for c in result.conditions[target])


def _candidates(catalog: Catalog, answers: Mapping[int, Value | None]) -> list[tuple[int, str, Value]]:
    out: list[tuple[int, str, Value]] = []
    for s in catalog.soal.values():
        if s.kind != CHOICE:
            continue
        cur = answers.get(s.soal_id)
        cur_opt = s.option(str(cur)) if cur is not None else None
        cur_m = cur_opt.multiplier if cur_opt is not None else None
        for o in s.options:
            if cur_m is None:
                if o.multiplier == s.best_multiplier:
                    out.append((s.soal_id, str(s.soal_id), o.key))
            elif o.multiplier > cur_m + EPS:
                out.append((s.soal_id, str(s.soal_id), o.key))
    for c in catalog.computed:
        if c.kind != "ratio" or len(c.num) != 1:
            continue
        vals = [answers.get(x) for x in c.requires]
        if any(v is None for v in vals):
            continue
        num = int(answers[c.num[0]] or 0)
        den = sum(int(answers[x] or 0) for x in c.den)
        if num < den:
            out.append((c.num[0], c.id, den))
    return out


def improvements(
    catalog: Catalog,
    answers: Mapping[int, Value | None],
    target: str = "WBK",
    limit: int = 10,
) -> list[Upgrade]:
    """Ranked upgrades toward `target` ("WBK" or "WBBM"), greedy; see the module docstring."""
    current: dict[int, Value | None] = dict(answers)
    base = score(catalog, current)
    taken: set[int] = set()
    plan: list[Upgrade] = []
    while len(plan) < limit:
        base_gap = gap(base, target)
        best: tuple[tuple[float, float, float], int, str, Value, ScoreResult] | None = None
        for sid, ref, new in _candidates(catalog, current):
            if sid in taken:
                continue
            trial = dict(current)
            trial[sid] = new
            r = score(catalog, trial)
            closed = base_gap - gap(r, target)
            gain = r.total - base.total
            if closed <= EPS and gain <= EPS:
                continue
            step = _step_size(catalog, sid, current.get(sid), new)
            key = (round(closed, 9), round(gain, 9), -step)
            if best is None or key > best[0]:
                best = (key, sid, ref, new, r)
        if best is None:
            break
        (closed, gain, _), sid, ref, new, r = best
        area = catalog.area_node(sid)
        text = catalog.soal[sid].text
        if ref != str(sid):
            text = catalog.computed_by_id(ref).text
        plan.append(
            Upgrade(
                rank=len(plan) + 1,
                soal_id=sid,
                ref=ref,
                area_no=area.area_no if area else None,
                text=text,
                dari=current.get(sid),
                ke=new,
                gain_total=gain,
                gap_closed=max(0.0, closed),
                total_after=r.total,
                predicate_after=r.predicate,
            )
        )
        taken.add(sid)
        current[sid] = new
        base = r
    return plan


def _step_size(catalog: Catalog, sid: int, cur: Value | None, new: Value) -> float:
    s = catalog.soal[sid]
    if s.kind != CHOICE:
        return 0.0
    o_new = s.option(str(new))
    o_cur = s.option(str(cur)) if cur is not None else None
    return (o_new.multiplier if o_new else 0.0) - (o_cur.multiplier if o_cur else 0.0)
