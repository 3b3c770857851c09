"""Prompt templates are files under prompts/, each declaring its variables on its first line:

    # variables: question, passages

Rendering fails when a declared variable is missing or the template uses an undeclared one.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from pathlib import Path

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"
_DECLARATION = re.compile(r"^#\s*variables:\s*(.*)$")


class PromptError(Exception):
    pass


@dataclass(frozen=True)
class Prompt:
    name: str
    variables: tuple[str, ...]
    template: str

    def render(self, **values: str) -> str:
        missing = [v for v in self.variables if v not in values]
        if missing:
            raise PromptError(f"prompt '{self.name}' needs {', '.join(missing)}")
        return self.template.format_map({v: values[v] for v in self.variables})


def load_prompt(name: str, folder: Path = PROMPTS_DIR) -> Prompt:
    path = folder / f"{name}.txt"
    try:
        first, _, template = path.read_text(encoding="utf-8").partition("\n")
    except FileNotFoundError as exc:
        raise PromptError(f"no prompt template {path}") from exc
    declared = _DECLARATION.match(first)
    if not declared:
        raise PromptError(f"{path}: the first line must be '# variables: a, b'")
    variables = tuple(v.strip() for v in declared.group(1).split(",") if v.strip())
    used = {field for _, field, _, _ in string.Formatter().parse(template) if field}
    if used != set(variables):
        raise PromptError(f"{path}: declares {sorted(variables)} but uses {sorted(used)}")
    return Prompt(name, variables, template)


def available_prompts(folder: Path = PROMPTS_DIR) -> list[str]:
    return sorted(p.stem for p in folder.glob("*.txt"))
