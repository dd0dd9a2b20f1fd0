"""The engine against an independent implementation of LKE-SCORING.md on generated answer sets.

Every figure must agree (far tighter than the 0.01 the reviewers ask) and the predicate must be
equal. The reference (reference_impl.py) reads the PortalRB master list itself and computes with
exact fractions.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from reference_impl import FORMULAS, RECORDED_ONLY, Reference

from zi_desktop.cli.main import main
from zi_desktop.lke.answers import parse_answer
from zi_desktop.lke.scoring import score

FIGURES = (
    "total",
    "total_floor",
    "pengungkit",
    "pemenuhan",
    "reform",
    "hasil",
    "ipak",
    "capaian_kinerja",
    "ipkp",
    "bersih_akuntabel",
    "pelayanan_prima",
)
TOL = 1e-6  # the reviewers ask for 0.01; the two implementations agree far closer than that
SEED = 20260609

Answers = dict[int, Any]


@pytest.fixture(scope="module")
def ref(reference_dir: Path) -> Reference:
    return Reference(reference_dir / "portalrb-master-soal-2026.json")


# -- generators (valid inputs only) -------------------------------------------------------------


def _survey(rng: random.Random) -> float:
    if rng.random() < 0.3:  # the thresholds' own values and the ends of the scale
        return rng.choice([0.0, 3.2, 3.6, 4.0, 3.19, 3.59])
    return round(rng.uniform(0, 4), 2)


def _counts(rng: random.Random) -> dict[int, int]:
    out: dict[int, int] = {}
    for _, kind, num, den in FORMULAS:
        if kind == "decrease":
            base = rng.choice([0, 0, rng.randint(0, 20)])
            # any "now": below, equal to or above the base (rise = 0), also 0 -> more
            out[num[0]] = base
            out[den[0]] = rng.choice([0, rng.randint(0, 25), base])
            continue
        dens = {d: rng.choice([0, rng.randint(0, 30)]) for d in den}
        total = sum(dens.values())
        out.update(dens)
        out[num[0]] = rng.choice([0, total, rng.randint(0, total)])  # numerator <= denominator
    for s in RECORDED_ONLY:
        out[s] = rng.randint(0, 50)
    return out


def random_full(ref: Reference, rng: random.Random) -> Answers:
    a: Answers = {s: rng.choice(list(ref.soal[s].options)) for s in ref.ids("choice")}
    a.update({s: _survey(rng) for s in ref.ids("survey")})
    a.update(_counts(rng))
    return a


def random_partial(ref: Reference, rng: random.Random) -> Answers:
    keep = rng.random()  # 0-100 % answered
    return {s: v for s, v in random_full(ref, rng).items() if rng.random() < keep}


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
    return _counts(rng)


GENERATORS: dict[str, tuple[Callable[[Reference, random.Random], Answers], int]] = {
    "random_full": (random_full, 250),
    "random_partial": (random_partial, 250),
    "only_hasil": (only_hasil, 40),
    "only_counts": (only_counts, 40),
}


def _typed(value: Any, rng: random.Random) -> Any:
    """How a person might have typed the value (lower case, spaces, decimal comma)."""
    if isinstance(value, str):
        return rng.choice([value, value.lower(), value.upper(), f" {value} "])
    if isinstance(value, float):
        return rng.choice([value, f"{value:.2f}".replace(".", ","), f" {value} "])
    return rng.choice([value, str(value), float(value)])


def assert_agrees(catalog: Any, ref: Reference, answers: Answers, label: str) -> dict[str, Any]:
    result = score(catalog, answers)
    got = result.to_json(catalog)
    want = ref.score(answers)
    for k in FIGURES:
        assert isinstance(got[k], float | int) and not isinstance(got[k], bool), (label, k, got[k])
        assert got[k] == pytest.approx(want[k], abs=TOL), (label, k, got[k], want[k], answers)
    assert set(got["areas"]) == {"1", "2", "3", "4", "5", "6"}
    for no, v in want["areas"].items():
        assert got["areas"][no] == pytest.approx(v, abs=TOL), (label, f"area {no}", got["areas"][no], v, answers)
    assert got["predicate"] == want["predicate"], (label, got["predicate"], want, answers)
    assert got["meets"] == want["meets"], (label, answers)
    assert {i.soal_ids[0] for i in result.issues} == want["issues"], (label, result.issues, answers)
    assert got["completeness"]["answered"] == want["answered"], label
    return want


# -- the comparison -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(GENERATORS))
def test_generated_sets_agree(catalog: Any, ref: Reference, kind: str) -> None:
    gen, n = GENERATORS[kind]
    rng = random.Random(f"{SEED}-{kind}")
    predicates: set[str | None] = set()
    for i in range(n):
        answers = gen(ref, rng)
        want = assert_agrees(catalog, ref, answers, f"{kind} #{i}")
        predicates.add(want["predicate"])
    if kind == "random_full":
        assert None in predicates  # the generator is not degenerate


def test_typed_answers_agree(catalog: Any, ref: Reference) -> None:
    """The same sets typed the way people type them, through parse_answer, score the same."""
    rng = random.Random(SEED + 1)
    for i in range(60):
        clean = random_full(ref, rng) if i % 2 else random_partial(ref, rng)
        parsed = {s: parse_answer(catalog.soal[s], _typed(v, rng)) for s, v in clean.items()}
        assert parsed == clean
        assert_agrees(catalog, ref, parsed, f"typed #{i}")


def test_all_best_is_100_and_wbbm_in_both(catalog: Any, ref: Reference) -> None:
    a = all_best(ref)
    want = assert_agrees(catalog, ref, a, "all-best")
    assert want["total"] == 100.0 and want["predicate"] == "WBBM"
    assert score(catalog, a).total == 100.0


def test_all_worst_is_0_in_both(catalog: Any, ref: Reference) -> None:
    want = assert_agrees(catalog, ref, all_worst(ref), "all-worst")
    assert want["total"] == 0.0 and want["predicate"] is None


def test_empty_in_both(catalog: Any, ref: Reference) -> None:
    want = assert_agrees(catalog, ref, {}, "empty")
    assert want["total"] == 0.0


def test_near_threshold_sets_agree(catalog: Any, ref: Reference) -> None:
    """All-best pengungkit with Hasil around every threshold: WBBM, WBK and None all occur."""
    rng = random.Random(SEED + 2)
    seen: set[str | None] = set()
    base = all_best(ref)
    for i in range(150):
        a = dict(base)
        for s in rng.sample(ref.ids("choice"), rng.randint(0, 40)):
            a[s] = rng.choice(list(ref.soal[s].options))
        a[ref.hasil["ipak"]] = rng.choice([3.59, 3.6, 3.61, 4.0])
        a[ref.hasil["ipkp"]] = rng.choice([3.19, 3.2, 3.59, 3.6, 4.0])
        a[ref.hasil["capaian_kinerja"]] = rng.choice(list(ref.soal[ref.hasil["capaian_kinerja"]].options))
        seen.add(assert_agrees(catalog, ref, a, f"near #{i}")["predicate"])
    assert seen == {"WBBM", "WBK", None}


def test_recorded_only_counts_do_not_change_the_score(catalog: Any, ref: Reference) -> None:
    """s104 and s111 are "recorded, not scored": blank or any value, the score is the same."""
    a = all_best(ref)
    full = score(catalog, a).total
    for s in RECORDED_ONLY:
        b = {k: v for k, v in a.items() if k != s}
        assert_agrees(catalog, ref, b, f"without s{s}")
        assert score(catalog, b).total == full
        assert score(catalog, {**a, s: 999}).total == full


def test_cli_json_agrees(catalog: Any, ref: Reference, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """What reviewers read: the figures of `zi-desktop score FILE --json`."""
    rng = random.Random(SEED + 3)
    for i, answers in enumerate([random_full(ref, rng), random_partial(ref, rng), all_best(ref)]):
        doc = {
            "tahun": 2026,
            "answers": [{"soal_id": s, "jawaban_unit": _typed(v, rng)} for s, v in answers.items()],
        }
        path = tmp_path / f"set{i}.json"
        path.write_text(json.dumps(doc), "utf-8")
        assert main(["score", str(path), "--json"]) == 0
        got = json.loads(capsys.readouterr().out)
        want = ref.score(answers)
        for k in FIGURES:
            assert got[k] == pytest.approx(want[k], abs=TOL), (i, k)
        assert got["areas"] == pytest.approx(want["areas"], abs=TOL)
        assert got["predicate"] == want["predicate"]
