"""Patterns compiled at their first use (zi_desktop.lazy_re, issue 15)."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

import zi_desktop
from zi_desktop.lazy_re import LazyPattern, compile_later


def test_a_lazy_pattern_behaves_as_the_compiled_one() -> None:
    lazy = compile_later(r"(\d+)-(\d+)", re.I)
    real = re.compile(r"(\d+)-(\d+)", re.I)
    for text in ("12-34", "x", "a 1-2 b 3-4"):
        assert bool(lazy.fullmatch(text)) == bool(real.fullmatch(text))
        assert lazy.findall(text) == real.findall(text)
        assert lazy.sub(r"\2-\1", text) == real.sub(r"\2-\1", text)
    assert (lazy.pattern, lazy.flags, lazy.groups) == (real.pattern, real.flags, real.groups)
    raw = compile_later(rb"[0-9a-f]{4}")
    assert raw.fullmatch(b"beef") and not raw.fullmatch(b"beef" + b"!")


def test_nothing_is_compiled_until_first_use_and_then_kept() -> None:
    broken = compile_later("(unclosed")  # a syntax error is not raised at definition
    with pytest.raises(re.error):
        broken.match("x")
    lazy = compile_later("a+")
    assert isinstance(lazy, LazyPattern) and "match" not in vars(lazy)
    assert lazy.match("aaa")
    assert "match" in vars(lazy)  # the bound method is kept: later calls skip __getattr__
    with pytest.raises(AttributeError):
        lazy._private  # noqa: B018 (what is not a pattern's attribute is not forwarded)


def test_every_lazy_pattern_of_the_core_compiles() -> None:
    found = []
    for info in pkgutil.walk_packages(zi_desktop.__path__, "zi_desktop."):
        if info.name.endswith("__main__"):
            continue  # runs the command line
        if info.name.startswith("zi_desktop.hub"):  # FastAPI is not needed for this
            try:
                module = importlib.import_module(info.name)
            except ImportError:
                continue
        else:
            module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, LazyPattern):
                found.append(f"{info.name}.{name}")
                assert value.search is not None  # compiles it (a syntax error raises re.error)
    assert len(found) >= 14, found
