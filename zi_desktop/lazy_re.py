"""Regular expressions compiled when first used, not when their module is imported.

Compiling a pattern runs Python's regex parser and compiler, about 0.5-1.5 M instructions each:
the 14 patterns defined at module level on the paths of the app's start and of `verify` cost some
12 M instructions, 1-4 ms, before any of them matched anything (issue 15). `compile_later` takes
`re.compile`'s arguments and returns a `LazyPattern`, which behaves as the compiled pattern
(`.match`, `.sub`, `.pattern`, ...): the pattern is compiled the first time one of its attributes
is asked for, and each attribute asked for is then kept on the object, so later uses cost what the
compiled pattern's do. A pattern with a syntax error fails at its first use, not at import; the
tests use every pattern."""

from __future__ import annotations

import re
from typing import Any, AnyStr, cast


class LazyPattern:
    def __init__(self, pattern: str | bytes, flags: int = 0) -> None:
        self._source: tuple[Any, int] = (pattern, flags)  # str or bytes, as re.compile takes

    def __getattr__(self, name: str) -> Any:  # only for what is not kept yet
        if name.startswith("_"):
            raise AttributeError(name)  # copy and pickle probing for hooks; _source before __init__
        compiled = re.compile(*self._source)
        value = getattr(compiled, name)
        self.__dict__[name] = value  # a pattern's attributes never change
        return value

    def __repr__(self) -> str:
        return f"LazyPattern({self._source[0]!r}, {self._source[1]!r})"


def compile_later(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """`re.compile(pattern, flags)`, done at the first use. Typed as the pattern it stands for: it
    has every attribute of one, but is not an instance of `re.Pattern` (hand `re.sub` and friends
    its methods, not the object; nothing in the code base does otherwise)."""
    return cast("re.Pattern[AnyStr]", LazyPattern(pattern, flags))
