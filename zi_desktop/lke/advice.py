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
from typing import Any

from zi_desktop.lke.answers import Value
from zi_desktop.lke.catalog import CHOICE, Catalog
from zi_desktop.lke.scoring import ScoreResult, answer_value, compute_percentage, score
from zi_desktop.records import dataclass

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


def advice_target(predicate: str | None, wanted: str | None = None) -> str:
    """The predicate to advise toward when the user names none (`score`, `status`, the dashboard).

    Once WBK is reached (or WBBM), the only useful advice is toward WBBM, even in a workspace whose
    target is WBK: its shortfalls toward WBK are gone. Before that, the workspace's target (`wanted`),
    WBK when there is none."""
    if predicate in ("WBK", "WBBM"):
        return "WBBM"
    return wanted or "WBK"


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


class _Figures:
    """The figures the predicate conditions look at, updated cheaply for one changed leaf node."""

    def __init__(self, catalog: Catalog, base: ScoreResult) -> None:
        self.cat = catalog
        self.base = base
        self.area_of_node: dict[int, int | None] = {}
        for n in catalog.nodes.values():
            area = catalog.area_node(n.node_id, is_soal=False)
            self.area_of_node[n.node_id] = area.area_no if area else None

    def leaf_score(self, node_id: int, answers: Mapping[int, Value | None]) -> float:
        n = self.cat.nodes[node_id]
        if n.part is None:
            return sum((answer_value(self.cat, s, answers.get(s)) or 0.0) * self.cat.soal[s].weight for s in n.soal)
        vals = [answer_value(self.cat, s, answers.get(s)) for s in n.soal if self.cat.soal[s].kind == CHOICE]
        vals += [compute_percentage(c, answers).value for c in self.cat.computed_of(node_id)]
        got = [v for v in vals if v is not None]
        return sum(got) / len(got) * n.weight if got else 0.0

    def trial(self, node_id: int, sid: int, answers: Mapping[int, Value | None], target: str) -> tuple[float, float]:
        """(gap, total) after changing `sid` (whose value lives in leaf `node_id`) to its value in `answers`."""
        b = self.base
        delta = self.leaf_score(node_id, answers) - b.nodes[node_id].score
        roles = self.cat.roles
        pengungkit, hasil = b.pengungkit, b.hasil
        parts = {
            "bersih_akuntabel": b.bersih_akuntabel,
            "ipak": b.ipak,
            "capaian_kinerja": b.capaian_kinerja,
            "ipkp": b.ipkp,
        }
        area_no = self.area_of_node[node_id]
        if self.cat.nodes[node_id].part is None:
            hasil += delta
            if node_id == roles["bersih_akuntabel"]:
                parts["bersih_akuntabel"] += delta
            for key in ("ipak", "capaian_kinerja", "ipkp"):
                if roles[key] == sid:
                    parts[key] += delta
        else:
            pengungkit += delta
        total = min(100.0, pengungkit + hasil)
        t = self.cat.thresholds[target]
        g = max(0.0, t.total_min - total) + max(0.0, t.pengungkit_min - pengungkit)
        for no, a in b.areas.items():
            area_score = a.score + (delta if no == area_no else 0.0)
            g += max(0.0, t.area_min_fraction * a.weight - area_score)
        g += max(0.0, t.bersih_akuntabel_min - parts["bersih_akuntabel"])
        g += max(0.0, t.ipak_min - parts["ipak"]) + max(0.0, t.capaian_kinerja_min - parts["capaian_kinerja"])
        g += max(0.0, t.ipkp_min - parts["ipkp"])
        return g, total


def _leaf_of(catalog: Catalog, sid: int, ref: str) -> int:
    if ref != str(sid):
        return catalog.computed_by_id(ref).node_id
    return catalog.soal[sid].node_id


def improvements(
    catalog: Catalog,
    answers: Mapping[int, Value | None],
    target: str = "WBK",
    limit: int = 10,
    *,
    exact_rescore: bool = False,
) -> list[Upgrade]:
    """Ranked upgrades toward `target` ("WBK" or "WBBM"), greedy; see the module docstring.

    Each candidate is evaluated by re-scoring only the sub-area it changes (`exact_rescore=True`
    re-scores everything instead; the tests check both give the same plan)."""
    current: dict[int, Value | None] = dict(answers)
    base = score(catalog, current)
    taken: set[int] = set()
    plan: list[Upgrade] = []
    while len(plan) < limit:
        base_gap = gap(base, target)
        figures = _Figures(catalog, base) if not exact_rescore else None
        best: tuple[tuple[float, float, float], int, str, Value] | None = None
        for sid, ref, new in _candidates(catalog, current):
            if sid in taken:
                continue
            trial = dict(current)
            trial[sid] = new
            if figures is None:
                r = score(catalog, trial)
                trial_gap, trial_total = gap(r, target), r.total
            else:
                trial_gap, trial_total = figures.trial(_leaf_of(catalog, sid, ref), sid, trial, target)
            closed = base_gap - trial_gap
            gain = trial_total - base.total
            if closed <= EPS and gain <= EPS:
                continue
            step = _step_size(catalog, sid, current.get(sid), new)
            key = (round(closed, 9), round(gain, 9), -step)
            if best is None or key > best[0]:
                best = (key, sid, ref, new)
        if best is None:
            break
        _, sid, ref, new = best
        after = dict(current)
        after[sid] = new
        r = score(catalog, after)
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
                gain_total=r.total - base.total,
                gap_closed=max(0.0, base_gap - gap(r, target)),
                total_after=r.total,
                predicate_after=r.predicate,
            )
        )
        taken.add(sid)
        current = after
        base = r
    return plan


def _step_size(catalog: Catalog, sid: int, cur: Value | None, new: Value) -> float:
    s = catalog.soal[sid]
    if s.kind != CHOICE:
        return 0.0
    o_new = s.option(str(new))
    o_cur = s.option(str(cur)) if cur is not None else None
    return (o_new.multiplier if o_new else 0.0) - (o_cur.multiplier if o_cur else 0.0)
