"""The package's floors: every import points down (or sideways within a floor), read with ``ast``.

The layers, from the ground up (README, "map of the package"):

0. ``errors``, ``i18n`` — the error type, words and numbers;
1. ``checks``, ``datasets``, ``reference`` — argument
   checks, bundled data, the codebook and claims;
2. ``formats``, ``privacy`` — files in and out, pseudonyms;
3. ``display`` — tables, figures, pages, notebooks (the analyses draw their figures and
   tables with it, so it stands below them);
4. ``analyses`` — the thesis's analyses;
5. ``models`` — scenario models;
6. ``generators`` — synthetic data (from the models);
7. ``dashboards``, ``teaching`` — widgets beside the teaching tools (``dashboards`` never
   imports ``teaching``);
8. ``cli`` — the command line; only ``__main__`` imports ``cli``.

Imports inside functions count as much as those at the top: a lazy import is still an arrow.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import coachkit

PACKAGE = Path(coachkit.__file__).parent

LAYERS = {
    "errors": 0, "i18n": 0,
    "checks": 1, "datasets": 1, "reference": 1,
    "formats": 2, "privacy": 2,
    "display": 3,
    "analyses": 4,
    "models": 5,
    "generators": 6,
    "dashboards": 7, "teaching": 7,
    "cli": 8,
    "__main__": 9,
}
#: removed by H2/H3 in issue 20 step 2: arrows known to run the wrong way (importing module,
#: imported module); the lead deletes this list once their branches are merged
ALLOWED: set = set()  # H3's three dashboards → teaching arrows are gone (branch h3)


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _exists(name: str) -> bool:
    rel = Path(*name.split("."))
    return (PACKAGE.parent / rel.with_suffix(".py")).is_file() or \
        (PACKAGE.parent / rel / "__init__.py").is_file()


def imports(source: str, name: str, *, package: bool = False) -> set[str]:
    """Every ``coachkit`` module that the source of module ``name`` imports, anywhere in it
    (inside functions too); ``package`` when it is a package's ``__init__``."""
    here = name if package else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "coachkit"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "coachkit":
                continue
            for alias in node.names:  # `from . import x` may name a submodule
                sub = f"{target}.{alias.name}"
                found.add(sub if _exists(sub) else target)
    return found


def _layer(module: str):
    parts = module.split(".")
    return (parts[1], LAYERS.get(parts[1])) if len(parts) > 1 else (None, None)


def arrows() -> list[tuple[str, str]]:
    """(importer, imported) for every import between the package's modules."""
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        importer = _module_name(path)
        found = imports(path.read_text(encoding="utf-8"), importer,
                        package=path.name == "__init__.py")
        out += [(importer, target) for target in sorted(found)]
    return out


def wrong_way(edges) -> list[str]:
    """The arrows that break the floors, one line each."""
    bad = []
    for importer, target in edges:
        (room, floor), (other, other_floor) = _layer(importer), _layer(target)
        if room is None or other is None or room == other:
            continue  # the package's own lazy table, or within one folder
        if floor is None or other_floor is None:
            bad.append(f"{importer} or {target}: not on any floor (add it to LAYERS)")
        elif other == "cli" and room != "__main__":
            bad.append(f"{importer} imports {target}: only __main__ imports the command line")
        elif (room, other) == ("dashboards", "teaching"):
            bad.append(f"{importer} imports {target}: dashboards stand beside teaching, "
                       "never on it")
        elif other_floor > floor:
            bad.append(f"{importer} (floor {floor}) imports {target} (floor {other_floor})")
    return bad


def test_every_module_is_on_a_floor():
    rooms = {p.relative_to(PACKAGE).parts[0].removesuffix(".py") for p in PACKAGE.rglob("*.py")}
    assert sorted(rooms - set(LAYERS) - {"__init__"}) == []


def test_imports_point_down():
    edges = [e for e in arrows() if (e[0], e[1]) not in ALLOWED]
    assert wrong_way(edges) == []


def test_the_allowed_arrows_are_still_there():
    """An arrow removed from the code is removed from :data:`ALLOWED` (so the list empties)."""
    assert sorted(ALLOWED - set(arrows())) == []


def test_the_floors_test_sees_an_upward_import_in_a_function():
    source = "import os\n\ndef f():\n    from ..display.figures import set_theme\n    return set_theme\n"
    found = imports(source, "coachkit.formats.xlsx")
    assert found == {"coachkit.display.figures"}
    assert wrong_way([("coachkit.formats.xlsx", t) for t in found]) == [
        "coachkit.formats.xlsx (floor 2) imports coachkit.display.figures (floor 3)"]
    assert imports("from . import csv, InputError", "coachkit.formats", package=True) == {
        "coachkit.formats.csv", "coachkit.formats"}
    assert wrong_way([("coachkit.teaching.forms", "coachkit.cli")])
    assert wrong_way([("coachkit.dashboards.plan", "coachkit.teaching.tasks")])
    assert wrong_way([("coachkit.teaching.forms", "coachkit.dashboards")]) == []
    assert wrong_way([("coachkit.__main__", "coachkit.cli")]) == []


@pytest.mark.parametrize("code", [
    # the submodule first, then the package's lazy name
    "import coachkit.analyses.agreement as m\nimport coachkit\n"
    "assert type(m).__name__ == 'module' and m.__name__ == 'coachkit.analyses.agreement'\n"
    "assert callable(coachkit.agreement) and coachkit.agreement is m.agreement\n"
    "assert type(coachkit).__name__ == 'module' and type(coachkit) is type(m)\n",
    # the lazy name first, then the submodule
    "import coachkit\nf = coachkit.agreement\n"
    "import coachkit.analyses.agreement as m\n"
    "assert type(m).__name__ == 'module' and coachkit.agreement is f is m.agreement\n"
    "from coachkit import agreement\nassert agreement is f\n",
])
def test_the_package_has_no_class_swap_and_names_stay_what_they_are(code):
    """``coachkit.agreement`` is the function and ``coachkit.analyses.agreement`` the module in
    either import order, with the package an ordinary module (no class swapped in)."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr


def test_no_lazy_name_is_a_submodule_name():
    """With no class swap, a submodule named like a public name would replace it on import."""
    rooms = {p.relative_to(PACKAGE).parts[0].removesuffix(".py") for p in PACKAGE.rglob("*.py")}
    assert sorted(set(coachkit._LAZY) & rooms) == []
