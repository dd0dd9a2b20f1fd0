"""The pure three-way merge: every combination over a small domain, then generated histories."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from zi_desktop.lke.merge import (
    MEMBER_FIELDS,
    QuestionState,
    merge,
    merge_evidence,
    merge_question,
    merge_value,
    same,
)

DOMAIN: tuple[Any, ...] = (None, "A", "B", 1, 1.5, "1")
KEYS = (("file", "a" * 64), ("link", "https://contoh.go.id/x"), ("text", "SK tim"))


def powerset(items: tuple[Any, ...]) -> list[frozenset[Any]]:
    return [frozenset(c) for r in range(len(items) + 1) for c in itertools.combinations(items, r)]


def test_every_field_combination_follows_the_rules() -> None:
    seen = set()
    for base, ours, theirs in itertools.product(DOMAIN, repeat=3):
        result, taken, conflict = merge_value(base, ours, theirs)
        if same(ours, theirs):
            rule = "same change or untouched"
            assert same(result, ours) and not taken and not conflict
        elif same(ours, base):
            rule = "only theirs changed: taken"
            assert same(result, theirs) and taken and not conflict
        elif same(theirs, base):
            rule = "only ours changed: kept"
            assert same(result, ours) and not taken and not conflict
        else:
            rule = "both changed differently: conflict, ours kept meanwhile"
            assert same(result, ours) and not taken and conflict
        seen.add(rule)
    assert len(seen) == 4


def test_text_one_is_not_number_one() -> None:
    assert merge_value(1, 1, "1") == ("1", True, False)
    assert merge_value(None, 1, "1")[2] is True


def test_every_evidence_combination_is_a_per_key_merge() -> None:
    for base, ours, theirs in itertools.product(powerset(KEYS), repeat=3):
        out = merge_evidence(base, ours, theirs)
        for key in KEYS:
            b, o, t = key in base, key in ours, key in theirs
            if o == t:
                assert (key in out) == o  # same on both sides (added by both: kept once)
            elif o == b:
                assert (key in out) == t  # only theirs changed: added or removed
            else:
                assert (key in out) == o  # only ours changed
        assert out <= base | ours | theirs


def test_removal_on_one_side_and_no_change_on_the_other_is_applied() -> None:
    k = KEYS[0]
    assert merge_evidence(frozenset({k}), frozenset({k}), frozenset()) == frozenset()
    assert merge_evidence(frozenset({k}), frozenset(), frozenset({k})) == frozenset()
    # removed by us, added back by nobody; added by them, never in base: kept
    assert merge_evidence(frozenset(), frozenset(), frozenset({k})) == frozenset({k})


def test_question_merge_reports_taken_conflicts_and_evidence() -> None:
    base = QuestionState({"jawaban_unit": "A", "catatan_unit": "n"}, frozenset({KEYS[0]}))
    ours = QuestionState({"jawaban_unit": "B", "catatan_unit": "n"}, frozenset({KEYS[0]}))
    theirs = QuestionState(
        {"jawaban_unit": "C", "catatan_unit": "baru", "bukti_dukung_unit": "SK"}, frozenset({KEYS[1]})
    )
    q = merge_question(7, base, ours, theirs)
    assert q.taken == ("catatan_unit", "bukti_dukung_unit")
    assert [(c.field, c.base, c.ours, c.theirs) for c in q.conflicts] == [("jawaban_unit", "A", "B", "C")]
    assert q.result.fields == {"jawaban_unit": "B", "catatan_unit": "baru", "bukti_dukung_unit": "SK"}
    assert q.evidence_added == {KEYS[1]} and q.evidence_removed == {KEYS[0]}


def test_tpi_fields_are_never_taken_from_a_member() -> None:
    base = QuestionState({"jawaban_tpi": "A"})
    q = merge_question(1, base, base, QuestionState({"jawaban_tpi": "B"}))
    assert q.result.get("jawaban_tpi") == "A" and not q.taken and not q.conflicts


# -- generated histories ---------------------------------------------------------------------

values = st.sampled_from(DOMAIN)
states = st.builds(
    lambda f, e: QuestionState(dict(zip(MEMBER_FIELDS, f, strict=True)), frozenset(e)),
    st.tuples(values, values, values),
    st.sets(st.sampled_from(KEYS)),
)
# a history is a list of edits (field index or evidence toggle) applied to the base
edits = st.lists(
    st.one_of(
        st.tuples(st.just("field"), st.integers(0, len(MEMBER_FIELDS) - 1), values),
        st.tuples(st.just("bukti"), st.integers(0, len(KEYS) - 1), st.booleans()),
    ),
    max_size=8,
)


def play(state: QuestionState, history: list[tuple[str, int, Any]]) -> QuestionState:
    fields = dict(state.fields)
    evidence = set(state.evidence)
    for kind, i, v in history:
        if kind == "field":
            fields[MEMBER_FIELDS[i]] = v
        elif v:
            evidence.add(KEYS[i])
        else:
            evidence.discard(KEYS[i])
    return QuestionState(fields, frozenset(evidence))


@settings(max_examples=200, deadline=None)
@given(states, edits, edits)
def test_generated_histories_lose_nothing(base: QuestionState, h_ours: Any, h_theirs: Any) -> None:
    ours, theirs = play(base, h_ours), play(base, h_theirs)
    res = merge({1: base}, {1: ours}, {1: theirs})
    q = res.questions[1]
    queued = {c.field: c for c in q.conflicts}
    for f in MEMBER_FIELDS:
        # each side's last value of a field it changed is in the result or in the queue
        for side in (ours, theirs):
            if same(side.get(f), base.get(f)):
                continue
            assert same(q.result.get(f), side.get(f)) or (
                f in queued and (same(queued[f].ours, side.get(f)) or same(queued[f].theirs, side.get(f)))
            )
        if f in queued:
            c = queued[f]
            assert same(c.base, base.get(f)) and same(c.ours, ours.get(f)) and same(c.theirs, theirs.get(f))
            assert not same(c.ours, c.theirs)
    # untouched on one side: the result is exactly the other side
    if h_ours == []:
        assert q.result.fields == dict(theirs.fields) and q.result.evidence == theirs.evidence and not q.conflicts
    if h_theirs == []:
        assert q.result == ours and not q.changes_ours


@settings(max_examples=150, deadline=None)
@given(states, edits, edits)
def test_merging_again_changes_nothing(base: QuestionState, h_ours: Any, h_theirs: Any) -> None:
    ours, theirs = play(base, h_ours), play(base, h_theirs)
    first = merge({1: base}, {1: ours}, {1: theirs}).questions[1]
    second = merge({1: base}, {1: first.result}, {1: theirs}).questions[1]
    assert not second.changes_ours
    assert second.result == first.result
    assert [(c.field, c.ours, c.theirs) for c in second.conflicts] == [
        (c.field, c.ours, c.theirs) for c in first.conflicts
    ]


@settings(max_examples=150, deadline=None)
@given(states, edits, edits)
def test_sides_are_symmetric_apart_from_who_waits(base: QuestionState, h_ours: Any, h_theirs: Any) -> None:
    ours, theirs = play(base, h_ours), play(base, h_theirs)
    a = merge_question(1, base, ours, theirs)
    b = merge_question(1, base, theirs, ours)
    assert a.result.evidence == b.result.evidence
    assert {c.field for c in a.conflicts} == {c.field for c in b.conflicts}
    for f in MEMBER_FIELDS:
        if f not in {c.field for c in a.conflicts}:
            assert same(a.result.get(f), b.result.get(f))


def test_a_question_only_theirs_knows_starts_empty() -> None:
    res = merge({}, {}, {5: QuestionState({"jawaban_unit": "A"}, frozenset({KEYS[2]}))})
    q = res.questions[5]
    assert q.taken == ("jawaban_unit",) and q.evidence_added == {KEYS[2]}
    assert res.changed == [q] and res.conflicts == []
