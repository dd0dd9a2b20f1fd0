import sys

from zi_desktop.cli.main import main

sys.exit(main())
