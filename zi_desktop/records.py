"""Frozen dataclasses that cost nothing to define: `from zi_desktop.records import dataclass, field`.

Defining a frozen `dataclasses.dataclass` costs about 1 ms on Python 3.11 (it writes and compiles
six methods), and `import dataclasses` itself another 7 ms (it loads `inspect`); the core defines
some thirty of them on the way to any command, which was most of a headless command's start-up
(issue 15). This decorator makes the same classes at the cost of a plain class:

- the same constructor (positional or keyword, defaults, `field(default_factory=...)`), compiled
  when the class is first instantiated, not when it is defined;
- the same `repr` (without `field(repr=False)` fields), `==` (same class, field by field), `hash`
  (of the fields, so an unhashable field makes the instance unhashable), `__match_args__`;
- the same frozen semantics: assigning or deleting a field raises `dataclasses.FrozenInstanceError`;
- `dataclasses.fields()`, `replace()`, `asdict()` and `is_dataclass()` work: `__dataclass_fields__`
  is built (importing `dataclasses`) the first time something asks for it.

Only `dataclass(frozen=True)` is offered: anything else should use `dataclasses` itself. Type
checkers see the standard `dataclasses.dataclass` and `field`, so they check these classes as the
dataclasses they behave as (tests/core/test_records.py compares them with real ones).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["MutableRecord", "dataclass", "field"]

_MISSING: Any = object()


class _Field:
    __slots__ = ("default", "default_factory", "repr")

    def __init__(self, default: Any, default_factory: Any, repr: bool) -> None:
        self.default = default
        self.default_factory = default_factory
        self.repr = repr


def _field(*, default: Any = _MISSING, default_factory: Any = _MISSING, repr: bool = True) -> Any:
    if default is not _MISSING and default_factory is not _MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return _Field(default, default_factory, repr)


class _DataclassFields:
    """`__dataclass_fields__`, built by `dataclasses` itself on first use (fields(), replace(), ...)."""

    def __init__(self, owner: type, specs: dict[str, _Field | None], annotations: dict[str, Any]) -> None:
        self.owner = owner
        self.specs = specs
        self.annotations = annotations
        self.built: dict[str, Any] | None = None

    def __get__(self, obj: object, cls: type | None = None) -> dict[str, Any]:
        if self.built is None:
            import dataclasses

            spec = []
            for name, f in self.specs.items():
                kw: dict[str, Any] = {}
                if f is not None:
                    if f.default is not _MISSING:
                        kw["default"] = f.default
                    if f.default_factory is not _MISSING:
                        kw["default_factory"] = f.default_factory
                    kw["repr"] = f.repr
                spec.append((name, self.annotations.get(name, Any), dataclasses.field(**kw)))
            twin = dataclasses.make_dataclass(self.owner.__name__, spec, frozen=True)
            self.built = dict(twin.__dataclass_fields__)  # type: ignore[attr-defined]
        return self.built


def _frozen_error(message: str) -> Exception:
    from dataclasses import FrozenInstanceError

    return FrozenInstanceError(message)


def _setattr(_self: object, name: str, _value: Any) -> None:
    # like a frozen dataclass: any name, not only the fields (these classes are not subclassed)
    raise _frozen_error(f"cannot assign to field {name!r}")


def _delattr(_self: object, name: str) -> None:
    raise _frozen_error(f"cannot delete field {name!r}")


def _repr(self: object) -> str:
    cls = type(self)
    inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in cls.__zi_repr__)  # type: ignore[attr-defined]
    return f"{cls.__qualname__}({inner})"


def _eq(self: object, other: object) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    names = type(self).__zi_fields__  # type: ignore[attr-defined]
    return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)


def _hash(self: object) -> int:
    return hash(tuple(getattr(self, n) for n in type(self).__zi_fields__))  # type: ignore[attr-defined]


def _compile_init(cls: type) -> Any:
    specs: dict[str, _Field | None] = cls.__zi_specs__  # type: ignore[attr-defined]
    env: dict[str, Any] = {"_MISSING": _MISSING}
    params, body = ["self"], []
    for i, (name, f) in enumerate(specs.items()):
        if f is None:
            params.append(name)
        elif f.default_factory is not _MISSING:
            env[f"_f{i}"] = f.default_factory
            params.append(f"{name}=_MISSING")
            body.append(f" if {name} is _MISSING: {name} = _f{i}()")
        else:
            env[f"_d{i}"] = f.default
            params.append(f"{name}=_d{i}")
        body.append(f" _d[{name!r}] = {name}")
    src = f"def __init__({', '.join(params)}):\n _d = self.__dict__\n" + "\n".join(body) + "\n"
    exec(src, env)
    init = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _lazy_init(cls: type) -> Any:
    def __init__(self: object, *args: Any, **kwargs: Any) -> None:
        real = _compile_init(cls)
        cls.__init__ = real  # type: ignore[misc]
        real(self, *args, **kwargs)

    return __init__


def _frozen_dataclass(cls: type) -> type:
    annotations = cls.__dict__.get("__annotations__", {})
    specs: dict[str, _Field | None] = {}
    for base in reversed(cls.__mro__[1:]):
        specs.update(getattr(base, "__zi_specs__", {}))
    seen_default = False
    for name in annotations:
        value = cls.__dict__.get(name, _MISSING)
        if isinstance(value, _Field):
            f: _Field | None = value
        elif value is _MISSING:
            f = None
        else:
            f = _Field(value, _MISSING, True)
        if f is not None and f.default is _MISSING:
            # like dataclasses: a factory field has no class attribute
            if name in cls.__dict__:
                delattr(cls, name)
        elif f is not None:
            setattr(cls, name, f.default)
        if f is None and seen_default:
            raise TypeError(f"non-default argument {name!r} follows default argument")
        seen_default = seen_default or f is not None
        specs[name] = f
    names = tuple(specs)
    cls.__zi_specs__ = specs  # type: ignore[attr-defined]
    cls.__zi_fields__ = names  # type: ignore[attr-defined]
    cls.__zi_repr__ = tuple(n for n, f in specs.items() if f is None or f.repr)  # type: ignore[attr-defined]
    cls.__match_args__ = names  # type: ignore[attr-defined,misc]
    cls.__dataclass_fields__ = _DataclassFields(cls, specs, annotations)  # type: ignore[attr-defined]
    if "__init__" not in cls.__dict__:
        cls.__init__ = _lazy_init(cls)  # type: ignore[misc]
    if "__repr__" not in cls.__dict__:
        cls.__repr__ = _repr  # type: ignore[assignment,method-assign]
    if "__eq__" not in cls.__dict__:
        cls.__eq__ = _eq  # type: ignore[assignment,method-assign]
    own_hash = cls.__dict__.get("__hash__", _MISSING)
    if own_hash is _MISSING or (own_hash is None and "__eq__" in cls.__dict__):
        cls.__hash__ = _hash  # type: ignore[assignment,method-assign]
    cls.__setattr__ = _setattr  # type: ignore[assignment,method-assign]
    cls.__delattr__ = _delattr  # type: ignore[assignment,method-assign]
    return cls


def _dataclass(cls: type | None = None, /, *, frozen: bool = False) -> Any:
    if not frozen:
        raise TypeError("zi_desktop.records.dataclass only makes frozen classes: use dataclass(frozen=True)")
    if cls is not None:
        return _frozen_dataclass(cls)
    return _frozen_dataclass


class MutableRecord:
    """The base of the few mutable records on the app's start path: a subclass lists its fields in
    `__slots__` and writes its `__init__`; it gets a dataclass's repr and `==` (field by field, same
    class) and, like a mutable dataclass, no hash."""

    __slots__: tuple[str, ...] = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({inner})"


if TYPE_CHECKING:
    from dataclasses import dataclass, field
else:
    dataclass = _dataclass
    field = _field
