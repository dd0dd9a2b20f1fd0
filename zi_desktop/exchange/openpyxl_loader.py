"""openpyxl, imported without numpy.

When numpy is installed, `import openpyxl` imports it too (openpyxl.compat.numbers), only so that
numpy scalars are accepted as cell values. ZI Desktop never writes numpy values, and that import
is most of what openpyxl costs a command (about a quarter of a second on a 2-core laptop, for
`export`, `import` and every workbook read). The workbook modules import this module first; it
imports openpyxl with numpy hidden (an ImportError for that one import, which openpyxl handles),
then puts everything back as it was. Nothing changes when numpy is not installed or already loaded.
"""

from __future__ import annotations

import sys

if "openpyxl" not in sys.modules:
    _hide = "numpy" not in sys.modules
    if _hide:
        sys.modules["numpy"] = None  # type: ignore[assignment]  # `import numpy` raises ImportError
    try:
        import openpyxl  # noqa: F401
    finally:
        if _hide and sys.modules.get("numpy", 0) is None:
            del sys.modules["numpy"]
