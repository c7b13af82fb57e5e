"""Run the `charter` command with `python -m charter`."""

import sys

from charter.cli import main

sys.exit(main())
