"""The house rules of `loaders/`, checked on the source: small rooms, no import loop, vocabulary defined once.

The extraction wing is read by people who must find the rule that decided a
number: no module over 600 lines, no class over 250; imports run one way
(vocabulary <- reading <- rules <- pipeline <- evaluations and the CLI), with
no cycle; every word list and cue is defined once, in `loaders/vocabulary/`,
whose modules hold data only.
"""

import ast
from pathlib import Path

import pytest

LOADERS = Path(__file__).resolve().parent.parent / "loaders"
MODULE_LINES_MAX = 600
CLASS_LINES_MAX = 250


def _module_name(path):
    parts = list(path.relative_to(LOADERS.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(LOADERS.rglob("*.py"))}
TREES = {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in MODULES.items()}


def _imports(name):
    """The `loaders` modules a module imports, at the top or inside functions."""
    found = set()
    for node in ast.walk(TREES[name]):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            targets = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            continue
        found.update(target for target in targets if target in MODULES and target != name)
    return found


GRAPH = {name: _imports(name) for name in MODULES}


def _top_level_names(tree):
    names = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            names.extend(target.id for target in node.targets if isinstance(target, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
    return names


VOCABULARY = {name: tree for name, tree in TREES.items() if name.startswith("loaders.vocabulary.")}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_is_over_600_lines(name):
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MODULE_LINES_MAX, f"{name} has {lines} lines"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_class_is_over_250_lines(name):
    big = [
        (node.name, node.end_lineno - node.lineno + 1)
        for node in ast.walk(TREES[name])
        if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno + 1 > CLASS_LINES_MAX
    ]
    assert big == []


def test_no_import_cycle_among_loaders_modules():
    state, cycles = {}, []

    def visit(name, path):
        state[name] = "open"
        for target in sorted(GRAPH[name]):
            if state.get(target) == "open":
                cycles.append(
                    path[path.index(target) :] + [target] if target in path else [name, target]
                )
            elif target not in state:
                visit(target, path + [target])
        state[name] = "done"

    for name in sorted(GRAPH):
        if name not in state:
            visit(name, [name])
    assert cycles == []


# Which packages a layer may import from (its own included): imports run one way, never back up.
LAYERS = {
    "loaders.vocabulary": ("loaders.vocabulary",),
    "loaders.reading": ("loaders.reading", "loaders.vocabulary", "loaders.template_spec"),
}
# Only the CLI runs the evaluations; nothing in the parser imports them, the loader or the CLI.
TOP = ("loaders.evaluation", "loaders.cli", "loaders.load", "loaders.write")


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_never_run_back_up(name):
    for layer, allowed in LAYERS.items():
        if name == layer or name.startswith(layer + "."):
            outside = [
                t for t in GRAPH[name] if not any(t == a or t.startswith(a + ".") for a in allowed)
            ]
            assert outside == [], f"{name} imports {outside}"
    if not name.startswith(TOP):
        upward = [t for t in GRAPH[name] if t.startswith(TOP)]
        assert upward == [], f"{name} imports {upward}"


def test_evaluations_import_nothing_of_each_other_back():
    """The e2e evaluation uses the narrative and table ones; neither imports it (the old loop)."""
    assert "loaders.evaluation.e2e" not in GRAPH["loaders.evaluation.narrative"]
    assert "loaders.evaluation.e2e" not in GRAPH["loaders.evaluation.tables"]


@pytest.mark.parametrize("name", sorted(VOCABULARY))
def test_vocabulary_modules_hold_data_only(name):
    code = [
        node.name
        for node in VOCABULARY[name].body
        if isinstance(node, (ast.FunctionDef, ast.ClassDef))
    ]
    assert code == []


def test_every_vocabulary_name_is_defined_once():
    where = {}
    for name, tree in VOCABULARY.items():
        for defined in _top_level_names(tree):
            where.setdefault(defined, []).append(name)
    for name, tree in TREES.items():
        if name.startswith("loaders.vocabulary"):
            continue
        for defined in _top_level_names(tree):
            if defined in where:
                where[defined].append(name)
    twice = {defined: modules for defined, modules in where.items() if len(modules) > 1}
    assert twice == {}
