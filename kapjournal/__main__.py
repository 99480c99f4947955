"""Run kapjournal with ``python -m kapjournal``."""

import sys

from kapjournal.cli import main

sys.exit(main())
