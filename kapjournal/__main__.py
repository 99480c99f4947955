"""Run kapjournal with ``python -m kapjournal``."""

import sys

from kapjournal.cli.main import main

sys.exit(main())
