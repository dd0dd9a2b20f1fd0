import sys

from zi_desktop.cli import main

sys.exit(main())
