"""Imports follow the layer order written in docs/architecture.md.

The table there is the one source: each row may import the rows below it, never a row above
nor another app of its own row. This test reads the table and every module under src/digit/.
"""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "digit"
ARCHITECTURE = ROOT / "docs" / "architecture.md"
PURE_LAYER = "pure"

DOTTED_PATH = re.compile(r"digit\.([a-z_]+)(\.[A-Za-z_][A-Za-z0-9_]*)*")
MODEL_LABEL = re.compile(r"([a-z_]+)\.[A-Z][A-Za-z0-9]*")


@dataclass(frozen=True)
class Reference:
    module: str  # the referring file, relative to src/digit
    line: int
    target: str  # the app or top-level module referred to
    what: str  # the text of the reference, for the message


def read_layers() -> list[tuple[str, list[str]]]:
    """(layer name, its apps and modules) from the table under "## Layers", bottom row first."""
    text = ARCHITECTURE.read_text(encoding="utf-8").split("## Layers", 1)[1]
    rows = []
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) >= 2 and cells[1].startswith("`"):
            rows.append((cells[0], re.findall(r"`([a-z_]+)`", cells[1])))
        elif rows and not line.startswith("|"):
            break  # the end of the table
    return rows[::-1]


def unit_of(path: Path) -> str:
    """The app (package) or top-level module a source file belongs to."""
    relative = path.relative_to(SOURCE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def source_units() -> set[str]:
    return {unit_of(path) for path in SOURCE.rglob("*.py")}


def references(path: Path, units: set[str], text: str | None = None) -> list[Reference]:
    """Everything in the file that makes it depend on another Digit app or module."""
    own, name = unit_of(path), str(path.relative_to(SOURCE))
    tree = ast.parse(path.read_text(encoding="utf-8") if text is None else text)
    return [
        Reference(name, getattr(node, "lineno", 0), target, what)
        for node in ast.walk(tree)
        for target, what in _targets(node, units)
        if target != own
    ]


def _targets(node: ast.AST, units: set[str]):
    if isinstance(node, ast.Import):
        for alias in node.names:
            yield from _dotted(alias.name)
    elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        if node.module == "digit":
            for alias in node.names:
                yield alias.name, f"from digit import {alias.name}"
        else:
            yield from _dotted(node.module)
    elif isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield from _dotted(node.value)
        label = MODEL_LABEL.fullmatch(node.value)
        if label and label.group(1) in units:
            yield label.group(1), node.value
    elif isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "get_model":
        first = node.args[0] if node.args else None
        if isinstance(first, ast.Constant) and first.value in units:
            yield first.value, f'get_model("{first.value}", …)'


def _dotted(text: str):
    match = DOTTED_PATH.fullmatch(text)
    if match:
        yield match.group(1), text


def test_every_app_and_module_has_a_layer():
    placed = {unit for _layer, units in read_layers() for unit in units}
    missing = sorted(source_units() - placed)
    assert not missing, (
        f"{missing} belong to no layer: add them to the table in docs/architecture.md "
        "(its last section says where a new app goes)"
    )


def test_imports_point_down_the_layers():
    layers = read_layers()
    layer_of = {unit: index for index, (_name, units) in enumerate(layers) for unit in units}
    project = layer_of["settings"]
    units = source_units()
    wrong = []
    for path in sorted(SOURCE.rglob("*.py")):
        own = layer_of.get(unit_of(path))
        for ref in references(path, units):
            target = layer_of.get(ref.target)
            if own is None or target is None or target < own or own == target == project:
                continue
            wrong.append(
                f"{ref.module}:{ref.line} ({layers[own][0]}) uses {ref.what} ({layers[target][0]})"
            )
    assert not wrong, "imports against docs/architecture.md:\n" + "\n".join(wrong)


def test_pure_layer_imports_no_django():
    pure = dict(read_layers())[PURE_LAYER]
    wrong = []
    for path in sorted(SOURCE.rglob("*.py")):
        if unit_of(path) not in pure:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            wrong += [
                f"{path.relative_to(SOURCE)}:{node.lineno} imports {name}"
                for name in names
                if name.split(".")[0] == "django"
            ]
    assert not wrong, "the pure layer must not import Django:\n" + "\n".join(wrong)


def test_the_reader_sees_each_kind_of_reference():
    """The checks above can fail: each way of depending on an app is found."""
    units = {"people", "learning", "assessments"}
    module = SOURCE / "assessments" / "example.py"
    text = (
        "import digit.people.models\n"
        "from digit.learning import services\n"
        "def later():\n"
        "    from digit.learning.models import Session\n"
        'PANEL = "digit.learning.home.home_panel"\n'
        'unit = ForeignKey("people.Unit")\n'
        'model = apps.get_model("learning", "Activity")\n'
        "from digit.assessments import scoring\n"
    )
    found = {(ref.target, ref.what) for ref in references(module, units, text)}
    assert found == {
        ("people", "digit.people.models"),
        ("learning", "digit.learning"),
        ("learning", "digit.learning.models"),
        ("learning", "digit.learning.home.home_panel"),
        ("people", "people.Unit"),
        ("learning", 'get_model("learning", …)'),
    }


def test_the_table_has_every_layer_of_the_diagram():
    names = [layer for layer, _units in read_layers()]
    assert names[0] == PURE_LAYER and names[-1] == "project"
    assert {"foundations", "organisation", "pages", "demo"} <= set(names)
