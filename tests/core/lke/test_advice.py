"""The fast advice evaluator (one sub-area re-scored per candidate) must plan exactly like a full re-score."""

from __future__ import annotations

import random
from typing import Any

import pytest

from zi_desktop.lke.advice import improvements
from zi_desktop.lke.scoring import score


def _answers(catalog: Any, rng: random.Random) -> dict[int, Any]:
    share = rng.random()
    ans: dict[int, Any] = {}
    for s in catalog.soal.values():
        if rng.random() > share:
            continue
        if s.kind == "choice":
            ans[s.soal_id] = rng.choice(s.options).key
        elif s.kind == "survey":
            ans[s.soal_id] = round(rng.uniform(0, 4), 2)
        else:
            ans[s.soal_id] = rng.randint(0, 9)
    for c in catalog.computed:  # valid inputs: numerator at most the denominator
        if c.kind == "ratio" and all(ans.get(x) is not None for x in c.requires):
            ans[c.num[0]] = min(ans[c.num[0]], sum(ans[x] for x in c.den))
    return ans


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("target", ["WBK", "WBBM"])
def test_fast_plan_equals_full_rescore(catalog: Any, seed: int, target: str) -> None:
    ans = _answers(catalog, random.Random(seed))
    fast = improvements(catalog, ans, target, 8)
    full = improvements(catalog, ans, target, 8, exact_rescore=True)
    assert fast == full
    # and every step is real: applying the plan raises the score by the sum of the steps
    after = dict(ans)
    for u in fast:
        after[u.soal_id] = u.ke
    if fast:
        assert score(catalog, after).total == pytest.approx(fast[-1].total_after)
        assert fast[-1].total_after - score(catalog, ans).total == pytest.approx(sum(u.gain_total for u in fast))


@pytest.mark.parametrize(
    ("predicate", "wanted", "target"),
    [
        (None, None, "WBK"),
        (None, "WBK", "WBK"),
        (None, "WBBM", "WBBM"),
        ("WBK", "WBK", "WBBM"),  # WBK reached: what is left to work for is WBBM
        ("WBK", "WBBM", "WBBM"),
        ("WBK", None, "WBBM"),
        ("WBBM", "WBK", "WBBM"),
    ],
)
def test_advice_target_moves_on_to_wbbm_once_wbk_is_reached(predicate: Any, wanted: Any, target: str) -> None:
    from zi_desktop.lke.advice import advice_target

    assert advice_target(predicate, wanted) == target


# -- the cached planner (issue 15): many answer sets, all shapes ----------------------------------


def _shaped_sets(catalog: Any, reference_dir: Any, seed: int, n: int) -> list[tuple[str, dict[int, Any]]]:
    """Random sets as in test_fast_plan_equals_full_rescore, plus the workbook generator's shapes
    (all-best, all-worst, partial fills, counts above their denominators, 0 of 0)."""
    from answer_sets import random_full, random_partial, sheet_sets
    from reference_impl import Reference

    ref = Reference(reference_dir / "portalrb-master-soal-2026.json")
    rng = random.Random(seed)
    out = sheet_sets(ref, seed, n=max(4, n // 2))
    while len(out) < n:
        k = len(out) % 3
        if k == 0:
            out.append((f"acak #{len(out)}", _answers(catalog, rng)))
        elif k == 1:
            out.append((f"sebagian mentah #{len(out)}", random_partial(ref, rng)))
        else:
            out.append((f"lengkap mentah #{len(out)}", random_full(ref, rng)))
    return out


def _same_plan(catalog: Any, answers: dict[int, Any], target: str, limit: int) -> None:
    fast = improvements(catalog, answers, target, limit)
    full = improvements(catalog, answers, target, limit, exact_rescore=True)
    assert fast == full
    # the caller's own score as the base changes nothing, and the answers are left as they were
    before = dict(answers)
    assert improvements(catalog, answers, target, limit, base=score(catalog, answers)) == fast
    assert answers == before


@pytest.mark.parametrize("target", ["WBK", "WBBM"])
def test_cached_planner_equals_full_rescore_on_every_shape(catalog: Any, reference_dir: Any, target: str) -> None:
    for _label, answers in _shaped_sets(catalog, reference_dir, 15, 6):
        _same_plan(catalog, answers, target, 12)


@pytest.mark.slow
@pytest.mark.parametrize("target", ["WBK", "WBBM"])
def test_cached_planner_equals_full_rescore_on_many_sets(catalog: Any, reference_dir: Any, target: str) -> None:
    for _label, answers in _shaped_sets(catalog, reference_dir, 1515, 60):
        _same_plan(catalog, answers, target, 15)
