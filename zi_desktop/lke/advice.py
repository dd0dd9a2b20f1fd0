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
from zi_desktop.lke.catalog import CHOICE, Catalog, Computed, Soal
from zi_desktop.lke.scoring import ScoreResult, answer_value, compute_percentage, rescore, score
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


def _choice_candidates(s: Soal, cur: Value | None) -> list[tuple[int, str, Value]]:
    cur_opt = s.option(str(cur)) if cur is not None else None
    cur_m = cur_opt.multiplier if cur_opt is not None else None
    out: list[tuple[int, str, Value]] = []
    for o in s.options:
        if cur_m is None:
            if o.multiplier == s.best_multiplier:
                out.append((s.soal_id, str(s.soal_id), o.key))
        elif o.multiplier > cur_m + EPS:
            out.append((s.soal_id, str(s.soal_id), o.key))
    return out


def _computed_candidates(c: Computed, answers: Mapping[int, Value | None]) -> list[tuple[int, str, Value]]:
    vals = [answers.get(x) for x in c.requires]
    if any(v is None for v in vals):
        return []
    num = int(answers[c.num[0]] or 0)
    den = sum(int(answers[x] or 0) for x in c.den)
    return [(c.num[0], c.id, den)] if num < den else []


def _suggestable(c: Computed) -> bool:
    return c.kind == "ratio" and len(c.num) == 1


def _candidates(catalog: Catalog, answers: Mapping[int, Value | None]) -> list[tuple[int, str, Value]]:
    out: list[tuple[int, str, Value]] = []
    for s in catalog.soal.values():
        if s.kind == CHOICE:
            out += _choice_candidates(s, answers.get(s.soal_id))
    for c in catalog.computed:
        if _suggestable(c):
            out += _computed_candidates(c, answers)
    return out


_Cand = tuple[tuple[int, str, Value], int, float]  # (soal id, ref, new value), its leaf, its step size


class _Planner:
    """The fast evaluator of one greedy run (same choices as re-scoring every candidate).

    A candidate changes one answer, so only its own leaf (sub-area, or hasil node) scores
    differently: the trial adds that leaf's change to the current figures. A leaf's change for a
    candidate is kept until an applied upgrade touches one of the answers that leaf reads, and so
    are the candidates of a question or percentage until one of its answers changes."""

    def __init__(self, catalog: Catalog, answers: Mapping[int, Value | None]) -> None:
        self.cat = catalog
        self.area_of_node: dict[int, int | None] = {}
        for n in catalog.nodes.values():
            area = catalog.area_node(n.node_id, is_soal=False)
            self.area_of_node[n.node_id] = area.area_no if area else None
        # the answers each leaf's score reads, and the leaves that read each answer
        self.readers: dict[int, set[int]] = {}
        for n in catalog.nodes.values():
            if n.children:
                continue
            reads = set(n.soal)
            for c in catalog.computed_of(n.node_id):
                reads.update(c.requires, c.recorded)
            for sid in reads:
                self.readers.setdefault(sid, set()).add(n.node_id)
        self.deltas: dict[int, dict[tuple[int, str, Value], float]] = {}
        # candidates in the order of _candidates: choice questions, then computed percentages
        self.slots: list[list[_Cand]] = []
        self.slot_of_soal: dict[int, list[int]] = {}
        for s in catalog.soal.values():
            if s.kind == CHOICE:
                self.slot_of_soal.setdefault(s.soal_id, []).append(len(self.slots))
                self.slots.append(self._annotated(_choice_candidates(s, answers.get(s.soal_id)), answers))
        self.slot_computed: dict[int, Computed] = {}
        for c in catalog.computed:
            if _suggestable(c):
                for x in set(c.requires):
                    self.slot_of_soal.setdefault(x, []).append(len(self.slots))
                self.slot_computed[len(self.slots)] = c
                self.slots.append(self._annotated(_computed_candidates(c, answers), answers))

    def _annotated(self, cands: list[tuple[int, str, Value]], answers: Mapping[int, Value | None]) -> list[_Cand]:
        """Each candidate with its leaf and its step size (fixed until its own answer changes)."""
        return [
            (cand, _leaf_of(self.cat, cand[0], cand[1]), _step_size(self.cat, cand[0], answers.get(cand[0]), cand[2]))
            for cand in cands
        ]

    def candidates(self) -> list[_Cand]:
        return [cand for slot in self.slots for cand in slot]

    def changed(self, sid: int, answers: Mapping[int, Value | None]) -> None:
        """`sid`'s answer changed (an upgrade was applied): forget what depended on it."""
        for leaf in self.readers.get(sid, ()):
            self.deltas.pop(leaf, None)
        for i in self.slot_of_soal.get(sid, ()):
            c = self.slot_computed.get(i)
            cands = (
                _computed_candidates(c, answers)
                if c is not None
                else _choice_candidates(self.cat.soal[sid], answers.get(sid))
            )
            self.slots[i] = self._annotated(cands, answers)

    def leaf_score(self, node_id: int, answers: Mapping[int, Value | None]) -> float:
        n = self.cat.nodes[node_id]
        if n.part is None:
            return sum((answer_value(self.cat, s, answers.get(s)) or 0.0) * self.cat.soal[s].weight for s in n.soal)
        vals = [answer_value(self.cat, s, answers.get(s)) for s in n.soal if self.cat.soal[s].kind == CHOICE]
        vals += [compute_percentage(c, answers).value for c in self.cat.computed_of(node_id)]
        got = [v for v in vals if v is not None]
        return sum(got) / len(got) * n.weight if got else 0.0

    def delta(
        self, node_id: int, cand: tuple[int, str, Value], current: dict[int, Value | None], base: ScoreResult
    ) -> float:
        """What leaf `node_id` gains when the candidate's answer replaces the current one."""
        cache = self.deltas.setdefault(node_id, {})
        got = cache.get(cand)
        if got is None:
            sid, new = cand[0], cand[2]
            had, old = sid in current, current.get(sid)
            current[sid] = new
            try:
                got = self.leaf_score(node_id, current) - base.nodes[node_id].score
            finally:
                if had:
                    current[sid] = old
                else:
                    del current[sid]
            cache[cand] = got
        return got


class _Round:
    """The current figures of one round, for (gap, total) after one leaf changes by `delta`."""

    def __init__(self, catalog: Catalog, base: ScoreResult, target: str, area_of_node: dict[int, int | None]) -> None:
        self.cat = catalog
        self.b = base
        self.t = t = catalog.thresholds[target]
        self.area_of_node = area_of_node
        self.areas = [
            (no, t.area_min_fraction * a.weight, a.score, max(0.0, t.area_min_fraction * a.weight - a.score))
            for no, a in base.areas.items()
        ]
        roles = catalog.roles
        self.bersih_node = roles["bersih_akuntabel"]
        self.survey_roles = {key: roles[key] for key in ("ipak", "capaian_kinerja", "ipkp")}

    def trial(self, node_id: int, sid: int, delta: float) -> tuple[float, float]:
        """(gap, total) after changing `sid` (whose value lives in leaf `node_id`): the same sums as
        a full re-score, in the same order."""
        b, t = self.b, self.t
        pengungkit, hasil = b.pengungkit, b.hasil
        bersih, ipak, capaian, ipkp = b.bersih_akuntabel, b.ipak, b.capaian_kinerja, b.ipkp
        area_no = self.area_of_node[node_id]
        if self.cat.nodes[node_id].part is None:
            hasil += delta
            if node_id == self.bersih_node:
                bersih += delta
            roles = self.survey_roles
            if roles["ipak"] == sid:
                ipak += delta
            if roles["capaian_kinerja"] == sid:
                capaian += delta
            if roles["ipkp"] == sid:
                ipkp += delta
        else:
            pengungkit += delta
        total = min(100.0, pengungkit + hasil)
        g = max(0.0, t.total_min - total) + max(0.0, t.pengungkit_min - pengungkit)
        for no, need, area_score, term in self.areas:
            g += max(0.0, need - (area_score + delta)) if no == area_no else term
        g += max(0.0, t.bersih_akuntabel_min - bersih)
        g += max(0.0, t.ipak_min - ipak) + max(0.0, t.capaian_kinerja_min - capaian)
        g += max(0.0, t.ipkp_min - ipkp)
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
    base: ScoreResult | None = None,
) -> list[Upgrade]:
    """Ranked upgrades toward `target` ("WBK" or "WBBM"), greedy; see the module docstring.

    Each candidate is evaluated by re-scoring only the sub-area it changes (`exact_rescore=True`
    re-scores everything instead; the tests check both give the same plan). `base` is
    `score(catalog, answers)` when the caller already has it."""
    current: dict[int, Value | None] = dict(answers)
    if base is None:
        base = score(catalog, current)
    taken: set[int] = set()
    plan: list[Upgrade] = []
    planner = _Planner(catalog, current) if not exact_rescore else None
    while len(plan) < limit:
        base_gap = gap(base, target)
        rnd = _Round(catalog, base, target, planner.area_of_node) if planner is not None else None
        best: tuple[tuple[float, float, float], int, str, Value] | None = None
        if planner is None or rnd is None:
            annotated = [
                (c, 0, _step_size(catalog, c[0], current.get(c[0]), c[2])) for c in _candidates(catalog, current)
            ]
        else:
            annotated = planner.candidates()
        for cand, leaf, step in annotated:
            sid, ref, new = cand
            if sid in taken:
                continue
            if planner is None or rnd is None:
                trial = dict(current)
                trial[sid] = new
                r = score(catalog, trial)
                trial_gap, trial_total = gap(r, target), r.total
            else:
                trial_gap, trial_total = rnd.trial(leaf, sid, planner.delta(leaf, cand, current, base))
            closed = base_gap - trial_gap
            gain = trial_total - base.total
            if closed <= EPS and gain <= EPS:
                continue
            key = (round(closed, 9), round(gain, 9), -step)
            if best is None or key > best[0]:
                best = (key, sid, ref, new)
        if best is None:
            break
        _, sid, ref, new = best
        after = dict(current)
        after[sid] = new
        r = score(catalog, after) if planner is None else rescore(catalog, base, after, sid, current.get(sid))
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
        if planner is not None:
            planner.changed(sid, current)
    return plan


def _step_size(catalog: Catalog, sid: int, cur: Value | None, new: Value) -> float:
    s = catalog.soal[sid]
    if s.kind != CHOICE:
        return 0.0
    o_new = s.option(str(new))
    o_cur = s.option(str(cur)) if cur is not None else None
    return (o_new.multiplier if o_new else 0.0) - (o_cur.multiplier if o_cur else 0.0)
