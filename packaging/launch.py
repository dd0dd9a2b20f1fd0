"""Entry point of the frozen build: the same command as `zi-desktop` (no arguments opens the app)."""

import sys

from zi_desktop.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
