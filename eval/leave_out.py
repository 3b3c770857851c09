"""What the leave-councils-out tuning scripts share: their arguments, the two halves, and
each council left out in turn."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar


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


Choice = TypeVar("Choice")


def each_left_out(councils: Iterable[str], choose: Callable[[set[str]], Choice]) -> dict:
    """For each council, what ``choose`` picks on all the other councils: the constant that
    council would get had it never been seen."""
    every = set(councils)
    return {council: choose(every - {council}) for council in sorted(every)}


def by_council(value: float | dict[str, float], councils: set[str]) -> dict[str, float]:
    """One constant for every council, or each council's own (``each_left_out``'s)."""
    return value if isinstance(value, dict) else dict.fromkeys(councils, value)
