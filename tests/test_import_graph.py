"""The one rule of imports, checked on the source: `qa_portal` → `questions` →
`specialists` → `machinery`, never back; no cycle between modules; and no import hidden
inside a function to dodge one (only `AppConfig.ready()` imports late)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Lowest first: each may import those before it, never those after it.
LAYERS = ["machinery", "specialists", "questions", "qa_portal"]


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _sources() -> dict[str, Path]:
    found = {}
    for layer in LAYERS:
        for path in (ROOT / layer).rglob("*.py"):
            if "migrations" not in path.parts:
                found[_module_name(path)] = path
    return found


SOURCES = _sources()


def _is_package(name: str) -> bool:
    return SOURCES.get(name, Path()).name == "__init__.py"


def _imports(name: str, tree: ast.Module):
    """(first-party module imported, the node) for each import in the module."""
    package = name if _is_package(name) else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in LAYERS:
                    yield alias.name, node
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target.split(".")[0] not in LAYERS:
                continue
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                yield (submodule if submodule in SOURCES else target), node


def _graph() -> dict[str, set[str]]:
    """Module → the modules its import runs: each one named, and the packages above it
    that the importer is not already inside (importing a.b.c runs a/__init__ and
    a/b/__init__ first)."""
    graph: dict[str, set[str]] = {name: set() for name in SOURCES}
    for name, path in SOURCES.items():
        for target, _node in _imports(name, ast.parse(path.read_text(), str(path))):
            parts = target.split(".")
            for length in range(1, len(parts) + 1):
                prefix = ".".join(parts[:length])
                if prefix in SOURCES and not (name + ".").startswith(prefix + "."):
                    graph[name].add(prefix)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph[node]:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_checker_sees_the_whole_code():
    """The walk finds the apps' modules and their imports (a checker that read nothing
    would pass everything)."""
    assert {"machinery.pagecache", "questions.models.questions", "qa_portal.views"} <= set(SOURCES)
    graph = _graph()
    assert "questions.models.replies" in graph["questions.models.questions"]
    assert "machinery.pagecache" in graph["questions.archive.pagecache"]
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycle():
    """No two modules import each other, directly or through others."""
    assert _cycles(_graph()) == []


def test_imports_run_one_way():
    """A module imports only from its own app and the layers below it."""
    wrong = []
    for name, path in SOURCES.items():
        layer = LAYERS.index(name.split(".")[0])
        for target, node in _imports(name, ast.parse(path.read_text(), str(path))):
            if LAYERS.index(target.split(".")[0]) > layer:
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {target}")
    assert wrong == []


def test_no_import_hidden_in_a_function():
    """Imports sit at the top of a module; only AppConfig.ready() imports late."""
    hidden = []
    for path in SOURCES.values():
        tree = ast.parse(path.read_text(), str(path))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if function.name == "ready" and path.name == "apps.py":
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    hidden.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert hidden == []
