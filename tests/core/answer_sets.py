"""Answer sets generated the way units fill the LKE in: counts as people type them (more changes than
change agents, more reports than people obliged, 0 and 0 violations), partial fills, all-best and
all-worst. Shared by the reference comparison, the LibreOffice oracle and the workbook round trips.

`sheet_safe=True` keeps to what the official Lampiran III workbook computes without an error value:
no denominator of 0 (the sheet divides by it), no violations rising from none, the Hasil surveys
filled in, at least one item answered in every sub-area (an AVERAGE of nothing is #DIV/0!), and a
count group blank as a whole or not at all (a half-filled LHKPN sum is #VALUE! in the sheet).
"""

from __future__ import annotations

import random
from typing import Any

from reference_impl import FORMULAS, RECORDED_ONLY, Reference

Answers = dict[int, Any]


def survey(rng: random.Random) -> float:
    if rng.random() < 0.3:  # the thresholds' own values and the ends of the scale
        return rng.choice([0.0, 3.2, 3.6, 4.0, 3.19, 3.59])
    return round(rng.uniform(0, 4), 2)


def unit_counts(rng: random.Random, *, sheet_safe: bool = False) -> dict[int, int]:
    """Counts of every computed percentage as a unit types them: the numerator below, equal to or
    above its denominator (12 changes by 10 agents), zero denominators unless `sheet_safe`."""
    out: dict[int, int] = {}
    for _, kind, num, den in FORMULAS:
        if kind == "decrease":
            base = rng.choice([0, 0, rng.randint(1, 20), rng.randint(1, 20)])
            now = rng.choice([0, rng.randint(0, 25), base])
            if sheet_safe and base == 0:
                now = 0  # 0 and 0 violations; 0 -> more is #DIV/0! in the sheet
            out[num[0]], out[den[0]] = base, now
            continue
        low = 1 if sheet_safe else 0
        dens = {d: rng.choice([low, rng.randint(0, 30)]) for d in den}
        if sum(dens.values()) == 0 and (sheet_safe or rng.random() < 0.5):
            dens[den[0]] = rng.randint(1, 30)
        total = sum(dens.values())
        out.update(dens)
        out[num[0]] = rng.choice(
            [0, total, rng.randint(0, total), total + rng.randint(1, 5), total + rng.randint(1, 5)]
        )
    for s in RECORDED_ONLY:
        out[s] = rng.randint(0, 50)
    return out


def random_full(ref: Reference, rng: random.Random, *, sheet_safe: bool = False) -> Answers:
    a: Answers = {s: rng.choice(list(ref.soal[s].options)) for s in ref.ids("choice")}
    a.update({s: survey(rng) for s in ref.ids("survey")})
    a.update(unit_counts(rng, sheet_safe=sheet_safe))
    return a


def random_partial(ref: Reference, rng: random.Random, *, sheet_safe: bool = False) -> Answers:
    full = random_full(ref, rng, sheet_safe=sheet_safe)
    keep = rng.random()  # 0-100 % answered
    a = {s: v for s, v in full.items() if rng.random() < keep}
    return make_sheet_safe(ref, a, full) if sheet_safe else a


def make_sheet_safe(ref: Reference, a: Answers, full: Answers) -> Answers:
    """Restore, from `full`, what the official workbook needs to compute without an error value."""
    out = dict(a)
    for key in ref.hasil.values():
        out[key] = full[key]
    for _, kind, num, den in FORMULAS:
        if kind == "ratio" and len(den) > 1 and any(out.get(d) is None for d in den):
            for s in (*den, *num):
                out.pop(s, None)  # a half-filled sum: blank the whole group
    stack = list(ref.sub_areas)
    while stack:
        n = stack.pop()
        if n.children:
            stack.extend(n.children)
            continue
        choices = [s for s in n.soal if ref.soal[s].kind == "choice"]
        if any(out.get(s) is not None for s in choices):
            continue
        if any(ref.formula_value(i, out)[0] is not None for i in n.formulas):
            continue
        if choices:
            out[choices[0]] = full[choices[0]]
        else:
            for i in n.formulas:
                name, _, num, den = FORMULAS[i]
                for s in (*num, *den, *RECORDED_ONLY):
                    if s in full and (s in num or s in den or _recorded_of(name, s)):
                        out[s] = full[s]
    return out


def _recorded_of(name: str, soal_id: int) -> bool:
    from reference_impl import RECORDED_OF

    return soal_id in RECORDED_OF.get(name, ())


def all_best(ref: Reference, rng: random.Random | None = None) -> Answers:
    a: Answers = {s: max(ref.soal[s].options, key=ref.soal[s].options.__getitem__) for s in ref.ids("choice")}
    a.update({s: 4.0 for s in ref.ids("survey")})
    for _, kind, num, den in FORMULAS:
        if kind == "decrease":
            a[num[0]], a[den[0]] = 7, 0
        else:
            for d in den:
                a[d] = 5
            a[num[0]] = 5 * len(den)
    a.update({s: 3 for s in RECORDED_ONLY})
    return a


def all_worst(ref: Reference, rng: random.Random | None = None) -> Answers:
    a: Answers = {s: min(ref.soal[s].options, key=ref.soal[s].options.__getitem__) for s in ref.ids("choice")}
    a.update({s: 0.0 for s in ref.ids("survey")})
    for _, kind, num, den in FORMULAS:
        if kind == "decrease":
            a[num[0]], a[den[0]] = 4, 9
        else:
            for d in den:
                a[d] = 6
            a[num[0]] = 0
    a.update({s: 0 for s in RECORDED_ONLY})
    return a


def only_hasil(ref: Reference, rng: random.Random) -> Answers:
    return {s: v for s, v in random_full(ref, rng).items() if s in ref.hasil.values()}


def only_counts(ref: Reference, rng: random.Random) -> Answers:
    return unit_counts(rng)


def sheet_sets(ref: Reference, seed: int, n: int = 32) -> list[tuple[str, Answers]]:
    """`n` labelled sets the official workbook computes: all-best, all-worst, 0-0 violations, more
    changes than agents, then seeded full and partial fills alternating."""
    rng = random.Random(seed)
    best = all_best(ref)
    out: list[tuple[str, Answers]] = [("all-best", best), ("all-worst", all_worst(ref))]
    out.append(("0-0 pelanggaran", {**best, 102: 0, 103: 0, 104: 0}))
    out.append(("12 perubahan oleh 10 agen", {**best, 88: 10, 89: 12, 90: 12, 91: 13, 105: 4, 106: 6}))
    i = 0
    while len(out) < n:
        if i % 2:
            out.append((f"sebagian #{i}", random_partial(ref, rng, sheet_safe=True)))
        else:
            out.append((f"lengkap #{i}", random_full(ref, rng, sheet_safe=True)))
        i += 1
    return out
