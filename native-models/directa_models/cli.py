"""What every command of this package does around its work: errors a user can act on
(missing files, bad configs or packages) become one line on stderr and exit status 1."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable


def run_command(args: argparse.Namespace, run: Callable[[argparse.Namespace], int]) -> int:
    try:
        return run(args)
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
