"""The order of Kring's areas, checked on the source: a lower area never imports a higher
one (nor one beside it), and Kring modules are imported at the top of a module, not
inside a function, so that every dependency is visible where a reader looks for it.
The order is written out in docs/conventions.md; change both together."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

KRING = Path(__file__).resolve().parents[2]

# Lowest first. An area may import its own modules and those of any lower layer.
LAYERS: list[set[str]] = [
    {"env"},
    {"core"},
    {"audit", "mail"},
    {"accounts", "organisations"},
    {"groups"},
    {"methods", "formation", "meetings"},
    {"cases"},
    {"live"},
    {"reports"},
    {"privacy"},
    {"api"},
    {"site"},
    {"settings", "urls", "routing", "wsgi"},  # the project's own modules, on top of every area
    {"asgi", "__main__"},
]
RANK = {area: i for i, layer in enumerate(LAYERS) for area in layer}

# Imports of Kring modules inside a function, each with its reason. AppConfig.ready() is
# always allowed: that is where an area connects to the signals and slots of others.
LATE_IMPORTS: dict[str, str] = {
    "kring/formation/engine.py": "the solver pulls in NumPy and OR-Tools (0.8 s, tens of MB): only a process that forms groups loads it",
}


def _modules() -> list[Path]:
    return sorted(p for p in KRING.rglob("*.py")
                  if "migrations" not in p.parts and "tests" not in p.parts)


def _area(path: Path) -> str:
    rel = path.relative_to(KRING)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _kring_imports(path: Path, node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.split(".")[0] == "kring"]
    if isinstance(node, ast.ImportFrom):
        if node.level:  # relative: resolve against the module's package
            package = path.relative_to(KRING.parent).with_suffix("").parts[:-node.level]
            return [".".join([*package, *(node.module.split(".") if node.module else [])])]
        if node.module and node.module.split(".")[0] == "kring":
            return [node.module]
    return []


def _imports(path: Path, source: str | None = None) -> tuple[list[tuple[int, str]], list[tuple[int, str, str]]]:
    """(line, module) of every Kring import, and (line, function, module) of those inside a function."""
    tree = ast.parse(source if source is not None else path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    late: list[tuple[int, str, str]] = []

    def visit(node: ast.AST, function: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            name = function
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = child.name
            line = getattr(child, "lineno", 0)
            for module in _kring_imports(path, child):
                found.append((line, module))
                if function is not None:
                    late.append((line, function, module))
            visit(child, name)

    visit(tree, None)
    return found, late


def _target(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "kring"


def test_every_area_has_a_place_in_the_order() -> None:
    unknown = sorted({_area(p) for p in _modules()} - set(RANK) - {"__init__"})
    assert unknown == [], f"add these to LAYERS and docs/conventions.md: {unknown}"


def test_no_area_imports_a_higher_or_neighbouring_one() -> None:
    wrong = []
    for path in _modules():
        area = _area(path)
        if area == "__init__":
            continue
        for line, module in _imports(path)[0]:
            target = _target(module)
            if target in (area, "kring"):
                continue
            if RANK[target] >= RANK[area]:
                wrong.append(f"{path.relative_to(KRING.parent)}:{line} imports {module}")
    assert wrong == []


def test_kring_modules_are_imported_at_the_top() -> None:
    wrong = []
    for path in _modules():
        rel = str(path.relative_to(KRING.parent))
        for line, function, module in _imports(path)[1]:
            if function == "ready" and path.name == "apps.py":
                continue
            if rel in LATE_IMPORTS:
                continue
            wrong.append(f"{rel}:{line} imports {module} inside {function}()")
    assert wrong == []


@pytest.mark.parametrize(("source", "bad"), [
    ("from kring.reports.models import Report\n", True),
    ("def f():\n    from kring.core.errors import Refused\n", True),
    ("from kring.core.errors import Refused\n", False),
])
def test_the_checker_itself_sees_a_bad_import(source: str, bad: bool) -> None:
    """A higher import and a late import in a 'core' module are caught; a proper one is not."""
    found, late = _imports(KRING / "core" / "probe.py", source)
    higher = [m for _line, m in found if RANK[_target(m)] > RANK["core"]]
    assert bool(higher or late) is bad
