"""zi_desktop.records.dataclass behaves as a frozen dataclasses.dataclass (issue 15: it only costs less)."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from typing import Any

import pytest

from zi_desktop import records


def _pair() -> tuple[type, type]:
    made = []
    for dc, fld in ((dataclasses.dataclass, dataclasses.field), (records.dataclass, records.field)):

        @dc(frozen=True)
        class Rec:
            a: int
            b: str
            c: tuple[int, ...] = ()
            d: dict[str, int] = fld(default_factory=dict, repr=False)
            e: float | None = None

            def total(self) -> int:
                return self.a + len(self.c)

        made.append(Rec)
    return made[0], made[1]


REAL, OURS = _pair()


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [((1, "x"), {}), ((1, "x", (2, 3)), {"e": 0.5}), ((), {"b": "y", "a": 4, "d": {"k": 1}})],
)
def test_construction_repr_eq_hash_and_fields_match_a_real_dataclass(args: Any, kwargs: Any) -> None:
    real, ours = REAL(*args, **kwargs), OURS(*args, **kwargs)
    assert repr(ours) == repr(real)
    assert ours == OURS(*args, **kwargs)
    assert not ours != OURS(*args, **kwargs)  # noqa: SIM202 - __ne__ too
    assert ours != real  # another class, like two dataclasses
    assert ours.total() == real.total()
    assert ours.__dict__ == real.__dict__
    assert OURS.__match_args__ == REAL.__match_args__
    assert [(f.name, f.repr) for f in dataclasses.fields(ours)] == [(f.name, f.repr) for f in dataclasses.fields(real)]
    assert dataclasses.is_dataclass(ours) and dataclasses.is_dataclass(OURS)
    assert dataclasses.asdict(ours) == dataclasses.asdict(real)
    assert dataclasses.replace(ours, a=9) == OURS(9, *args[1:], **{k: v for k, v in kwargs.items() if k != "a"})
    with pytest.raises(TypeError):  # a dict field: unhashable, as in a real dataclass
        hash(real)
    with pytest.raises(TypeError):
        hash(ours)
    assert copy.deepcopy(ours) == ours and copy.copy(ours) == ours


def test_hash_is_the_fields_hash_as_in_a_real_dataclass() -> None:
    made = []
    for dc in (dataclasses.dataclass, records.dataclass):

        @dc(frozen=True)
        class Key:
            a: int
            b: tuple[str, ...] = ()

        made.append(Key)
    real, ours = made[0](1, ("x",)), made[1](1, ("x",))
    assert hash(ours) == hash(real) == hash((1, ("x",)))
    assert {ours: 1}[made[1](1, ("x",))] == 1


def test_defaults_and_factories_are_per_instance() -> None:
    x, y = OURS(1, "a"), OURS(1, "a")
    assert x.d == {} and x.d is not y.d
    assert OURS.c == () and not hasattr(OURS, "d")  # as dataclasses leave them on the class
    with pytest.raises(TypeError):
        OURS(1)  # b is missing
    with pytest.raises(TypeError):
        OURS(1, "a", z=3)


def test_frozen_like_a_dataclass() -> None:
    x = OURS(1, "a")
    for attempt in (lambda: setattr(x, "a", 2), lambda: setattr(x, "new", 2), lambda: delattr(x, "a")):
        with pytest.raises(dataclasses.FrozenInstanceError):
            attempt()
    assert x.a == 1 and not hasattr(x, "new")


def test_only_frozen_and_non_default_order_enforced() -> None:
    with pytest.raises(TypeError):
        records.dataclass(frozen=False)
    with pytest.raises(TypeError):

        @records.dataclass(frozen=True)
        class Bad:
            a: int = 1
            b: int


def test_the_core_records_are_frozen() -> None:
    from zi_desktop.lke.catalog import load_catalog
    from zi_desktop.lke.scoring import score

    cat = load_catalog(2026)
    s = next(iter(cat.soal.values()))
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.text = "ubah"  # type: ignore[misc]
    r = score(cat, {})
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.total = 100.0  # type: ignore[misc]
    assert dataclasses.replace(s, text="lain").text == "lain" and s.text != "lain"
    assert pickle.loads(pickle.dumps(s)) == s and pickle.loads(pickle.dumps(r)) == r
