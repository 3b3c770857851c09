"""What the leave-councils-out tuning scripts share: their arguments and the two halves."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path


def rows_from_arguments(description: str, rows_of: Callable[[Path, list[Path]], list]) -> list:
    """Parse --index DIR --questions FILE… (repeated) and gather ``rows_of`` each pair."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--index", type=Path, action="append", required=True)
    parser.add_argument("--questions", type=Path, nargs="+", action="append", required=True)
    args = parser.parse_args()
    return [
        row
        for index, files in zip(args.index, args.questions, strict=True)
        for row in rows_of(index, files)
    ]


def halves(councils: set[str]) -> tuple[set[str], set[str]]:
    """Councils sorted by name and split alternately: (tuning, held out)."""
    ordered = sorted(councils)
    return set(ordered[0::2]), set(ordered[1::2])
