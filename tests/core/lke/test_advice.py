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
