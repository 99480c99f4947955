"""The frozen app's entry point: the same command line and desktop app as `kapjournal`."""

import sys

from kapjournal.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
