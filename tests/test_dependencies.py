"""Every library zzy imports itself is declared in pyproject.toml, with a lower bound (issue 27)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_modules() -> set[str]:
    """The top-level modules ``src/zzy`` imports, wherever in a file the import is."""
    found = set()
    for path in (ROOT / "src" / "zzy").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"zzy", "__future__"}


def declared() -> dict[str, str]:
    """Each declared distribution (normalised name) and its requirement, optional extras included."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [*project["dependencies"], *project["optional-dependencies"]["postgres"]]
    named = {}
    for requirement in requirements:
        name = re.match(r"[A-Za-z0-9_.-]+", requirement)
        assert name is not None
        named[re.sub(r"[-_.]+", "-", name.group()).lower()] = requirement
    return named


def test_every_imported_library_is_declared_with_a_lower_bound() -> None:
    distributions = packages_distributions()
    wanted = declared()
    for module in sorted(imported_modules()):
        names = {re.sub(r"[-_.]+", "-", d).lower() for d in distributions.get(module, [module])}
        requirement = next((wanted[name] for name in names if name in wanted), None)
        assert requirement is not None, f"{module} is imported but not declared in pyproject.toml"
        assert ">=" in requirement, requirement


def test_zero_x_libraries_have_an_upper_bound() -> None:
    for requirement in declared().values():
        lower = re.search(r">=\s*0\.", requirement)
        assert not lower or "<" in requirement, requirement
