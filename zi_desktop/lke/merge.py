"""The three-way merge of team work: base, ours, theirs -> result plus conflicts. Pure, no I/O.

A question's state is its fields (answer, note, evidence description) and its evidence as a set of
keys: a file by its sha256, a link by its URL, a text by its words. `base` is the state when the
packet was made, `ours` the receiving workspace now, `theirs` what the other side sends back.

Per field:
- changed only by them (ours == base): theirs is taken;
- changed only by us (theirs == base): ours is kept;
- changed on both sides to the same value: no conflict;
- changed on both sides to different values: a conflict; the result keeps ours until it is settled.

Evidence is a set: every key is merged like a yes/no field, so it never conflicts (a key both sides
added is kept once, a removal on one side with no change on the other is applied).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from zi_desktop.records import dataclass, field

# What a team member may change in a packet. The TPI's fields belong to the evaluator: they travel
# with the packet for reading and are never taken back from it.
MEMBER_FIELDS = ("jawaban_unit", "catatan_unit", "bukti_dukung_unit")

EvidenceKey = tuple[str, str]  # ("file", sha256) | ("link", url) | ("text", text)


def same(a: Any, b: Any) -> bool:
    """Equal values of the same kind: the text "1" is not the number 1, None only equals None."""
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and a == b
    return bool(a == b)


@dataclass(frozen=True)
class QuestionState:
    """One question on one side: field values (missing = None) and the keys of its evidence."""

    fields: Mapping[str, Any] = field(default_factory=dict)
    evidence: frozenset[EvidenceKey] = frozenset()

    def get(self, name: str) -> Any:
        return self.fields.get(name)


EMPTY = QuestionState()


@dataclass(frozen=True)
class Conflict:
    soal_id: int
    field: str
    base: Any
    ours: Any
    theirs: Any


@dataclass(frozen=True)
class QuestionMerge:
    soal_id: int
    result: QuestionState
    taken: tuple[str, ...]  # fields whose value comes from theirs
    conflicts: tuple[Conflict, ...]
    evidence_added: frozenset[EvidenceKey]  # keys theirs added that ours lacks
    evidence_removed: frozenset[EvidenceKey]  # keys theirs removed that ours still had

    @property
    def changes_ours(self) -> bool:
        return bool(self.taken or self.evidence_added or self.evidence_removed)


@dataclass(frozen=True)
class MergeResult:
    questions: Mapping[int, QuestionMerge]

    @property
    def conflicts(self) -> list[Conflict]:
        return [c for q in self.questions.values() for c in q.conflicts]

    @property
    def changed(self) -> list[QuestionMerge]:
        """Questions whose state in ours changes."""
        return [q for q in self.questions.values() if q.changes_ours]


def merge_value(base: Any, ours: Any, theirs: Any) -> tuple[Any, bool, bool]:
    """(result, taken from theirs, conflict) for one field."""
    if same(ours, theirs):
        return ours, False, False
    if same(ours, base):
        return theirs, True, False
    if same(theirs, base):
        return ours, False, False
    return ours, False, True


def merge_evidence(
    base: frozenset[EvidenceKey], ours: frozenset[EvidenceKey], theirs: frozenset[EvidenceKey]
) -> frozenset[EvidenceKey]:
    """Set merge: each key's presence is merged like a field; yes/no values never conflict (if both
    sides changed a key's presence from the base, they changed it the same way)."""
    out = set()
    for key in base | ours | theirs:
        b, o, t = key in base, key in ours, key in theirs
        present = t if o == b else o
        if present:
            out.add(key)
    return frozenset(out)


def merge_question(
    soal_id: int,
    base: QuestionState,
    ours: QuestionState,
    theirs: QuestionState,
    fields: Iterable[str] = MEMBER_FIELDS,
) -> QuestionMerge:
    values = dict(ours.fields)
    taken: list[str] = []
    conflicts: list[Conflict] = []
    for name in fields:
        value, took, clash = merge_value(base.get(name), ours.get(name), theirs.get(name))
        values[name] = value
        if took:
            taken.append(name)
        if clash:
            conflicts.append(Conflict(soal_id, name, base.get(name), ours.get(name), theirs.get(name)))
    evidence = merge_evidence(base.evidence, ours.evidence, theirs.evidence)
    return QuestionMerge(
        soal_id,
        QuestionState(values, evidence),
        tuple(taken),
        tuple(conflicts),
        frozenset(evidence - ours.evidence),
        frozenset(ours.evidence - evidence),
    )


def merge(
    base: Mapping[int, QuestionState],
    ours: Mapping[int, QuestionState],
    theirs: Mapping[int, QuestionState],
    fields: Iterable[str] = MEMBER_FIELDS,
) -> MergeResult:
    """Merge the questions `theirs` speaks of (a question they did not send is unchanged on their
    side). A question missing from `base` or `ours` is empty there."""
    names = tuple(fields)
    out = {
        sid: merge_question(sid, base.get(sid, EMPTY), ours.get(sid, EMPTY), theirs[sid], names)
        for sid in sorted(theirs)
    }
    return MergeResult(out)
