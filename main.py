"""ZI Desktop launcher: compose the app. Parse arguments, build the QApplication, open the window.

`python main.py [WORKSPACE] [--screenshot FILE.png] [--page dashboard|question]` opens the app;
the `zi-desktop` command does the same with no arguments or with `gui`.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence


def run_gui(
    workspace: str | None = None,
    screenshot: str | None = None,
    page: str = "question",
    size: tuple[int, int] = (1400, 900),
) -> int:
    from ui.app import run

    return run(workspace=workspace, screenshot=screenshot, page=page, size=size)


def main(argv: Sequence[str] | None = None) -> int:
    # The app collects cyclic garbage itself, on the GUI thread (ui.gc_guard); automatic collection
    # during start-up would only walk the new modules' objects again and again.
    gc.disable()
    from zi_desktop.cli.main import main as cli_main

    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] != ["gui"]:
        args = ["gui", *args]
    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
