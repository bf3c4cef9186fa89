"""One-off for issue 20 §3: give the package its layers as folders, and rewrite every import.

    python tools/relayout.py --dry-run   # print the moves and the files it would rewrite
    python tools/relayout.py             # git mv + rewrite, in the work tree (commit it yourself)

What it does, in this order:

1. ``git mv`` each file of :data:`MOVES` (creating the layer folders with a one-line
   ``__init__.py`` where :data:`FACES` gives one);
2. rewrites every relative import inside ``src/coachkit`` (at any depth, also the ones inside
   functions) from the file's old place to its new one, keeping the names bound in the code
   (a module whose file name changed is imported ``as`` its old name);
3. rewrites ``coachkit.<old>`` to ``coachkit.<new>`` in every text file of the project (Python,
   notebooks, Markdown, TOML, Makefile, CI), and ``from coachkit import <module>`` for moved
   modules, and the module names in the package's lazy-name table (``_LAZY``);
4. adds the change of depth to ``Path(__file__).resolve().parents[N]`` in moved files.

It changes no behaviour: the tests that passed before pass after (run ``make test-fast``).
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "src" / "coachkit"

#: old file (under src/coachkit) → new file.  Ground modules (errors, datasets, i18n/) stay.
MOVES = {
    "_validation.py": "checks.py",
    # what the kit knows: the coding frame, the sources and claims, client profiles
    "codebook.py": "reference/codebook.py",
    "sources.py": "reference/sources.py",
    "profiles.py": "reference/profiles.py",
    # analyses of researchers' and the kit's data
    "themes.py": "analyses/themes.py", "stars.py": "analyses/stars.py",
    "saturation.py": "analyses/saturation.py", "agreement.py": "analyses/agreement.py",
    "groups.py": "analyses/groups.py", "unitising.py": "analyses/unitising.py",
    "pyramid.py": "analyses/pyramid.py", "fidelity.py": "analyses/fidelity.py",
    "tasks.py": "analyses/tasks.py", "benefit.py": "analyses/benefit.py",
    # scenario models, and the generator of synthetic data above them
    "orientations.py": "models/orientations.py", "planning.py": "models/planning.py",
    "selection.py": "models/selection.py",
    "synthetic.py": "generators/synthetic.py", "_phrases.py": "generators/phrases.py",
    # showing results: tables, figures, pages
    "tables.py": "display/tables.py", "_plotting.py": "display/figures.py",
    "static_pages.py": "display/pages.py", "notebooks.py": "display/notebooks.py",
    # personal data out of files
    "pseudonymise.py": "privacy/pseudonymise.py",
    # dashboards beside the teaching tools (split per analysis in a later step)
    "widgets.py": "dashboards/__init__.py",
    # command line
    "cli.py": "cli/__init__.py", "rerun.py": "cli/rerun.py",
}
#: docstrings of the new layer folders
FACES = {
    "reference": "What the kit knows: the coding frame, the sources with their claims, client profiles.",
    "analyses": "Analyses of coded data and surveys: each reads its input and returns a result.",
    "models": "Scenario models of coaching: orientations, the coaching year, student selection.",
    "generators": "The synthetic data sets, generated from a fixed seed with the models.",
    "display": "Showing results to people: tables, figures, notebook pages.",
}
TEXT_SUFFIXES = {".py", ".ipynb", ".md", ".toml", ".yml", ".yaml", ".cfg", ".txt", ".json", ""}
SKIP_DIRS = {".git", ".venv", "build", "__pycache__", "node_modules", ".ruff_cache", ".pytest_cache"}


def _module(rel: str) -> str:
    """``analyses/themes.py`` → ``coachkit.analyses.themes`` (``x/__init__.py`` → ``coachkit.x``)."""
    parts = ["coachkit", *Path(rel).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module(old): _module(new) for old, new in MOVES.items()}


def new_name(module: str) -> str:
    """The new dotted name of ``module`` (or of the module a dotted name lies in)."""
    parts = module.split(".")
    for i in range(len(parts), 0, -1):
        head = ".".join(parts[:i])
        if head in MODULES:
            return ".".join([MODULES[head], *parts[i:]])
    return module


def _package(module: str, is_init: bool) -> str:
    return module if is_init else module.rsplit(".", 1)[0]


def _relative(target: str, package: str) -> tuple[int, str]:
    """``from <dots><rest>`` that names ``target`` from inside ``package``."""
    t, p = target.split("."), package.split(".")
    common = 0
    while common < min(len(t), len(p)) and t[common] == p[common]:
        common += 1
    return len(p) - common + 1, ".".join(t[common:])


def _is_module(name: str) -> bool:
    rel = name.split(".")[1:]
    return (PKG.joinpath(*rel).with_suffix(".py").exists() or (PKG.joinpath(*rel) / "__init__.py").exists())


def rewrite_relative(source: str, old_module: str, new_module: str, old_init: bool, new_init: bool) -> str:
    """Every relative import of a file, from its old place to its new one."""
    tree = ast.parse(source)
    old_pkg, new_pkg = _package(old_module, old_init), _package(new_module, new_init)
    lines = source.splitlines(keepends=True)
    edits = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or node.level == 0:
            continue
        base = old_pkg.split(".")
        base = base[:len(base) - node.level + 1]
        absolute = ".".join(base + ([node.module] if node.module else []))
        names = []
        target = new_name(absolute)
        for alias in node.names:
            full = f"{absolute}.{alias.name}"
            if full in MODULES or (node.module is None and _is_module(full)):
                moved = new_name(full)
                parent, _, leaf = moved.rpartition(".")
                bound = alias.asname or alias.name
                names.append((parent, leaf + (f" as {bound}" if leaf != bound else "")))
            else:
                names.append((target, alias.name + (f" as {alias.asname}" if alias.asname else "")))
        groups = {}
        for parent, text in names:
            groups.setdefault(parent, []).append(text)
        indent = re.match(r"\s*", lines[node.lineno - 1]).group(0)
        stmts = []
        for parent, texts in groups.items():
            level, rest = _relative(parent, new_pkg)
            stmt = f"from {'.' * level}{rest} import {', '.join(texts)}"
            if len(indent + stmt) > 100:
                inner = f",\n{indent}    ".join(texts)
                stmt = f"from {'.' * level}{rest} import (\n{indent}    {inner},\n{indent})"
            stmts.append(stmt)
        tail = lines[node.end_lineno - 1][node.end_col_offset:]
        edits.append((node.lineno, node.end_lineno, indent + f"\n{indent}".join(stmts) + tail))
    for start, end, text in sorted(edits, reverse=True):
        lines[start - 1:end] = [text if text.endswith("\n") else text + "\n"]
    return "".join(lines)


_DOTTED = re.compile(r"\bcoachkit((?:\.[A-Za-z_]\w*)+)")
_FROM_PKG = re.compile(r"^(\s*)from coachkit import ([\w, ]+?)\s*$", re.M)


def rewrite_text(text: str) -> str:
    """``coachkit.<old>`` → ``coachkit.<new>``; ``from coachkit import <moved module>`` split off."""
    text = _DOTTED.sub(lambda m: new_name("coachkit" + m.group(1)), text)

    def from_pkg(m):
        indent, names = m.group(1), [n.strip() for n in m.group(2).split(",")]
        keep, moved = [], {}
        for n in names:
            bare, _, alias = (p.strip() for p in n.partition(" as "))
            if f"coachkit.{bare}" in MODULES:
                parent, _, leaf = MODULES[f"coachkit.{bare}"].rpartition(".")
                bound = alias or bare
                moved.setdefault(parent, []).append(leaf if leaf == bound else f"{leaf} as {bound}")
            else:
                keep.append(n)
        out = [f"{indent}from coachkit import {', '.join(keep)}"] if keep else []
        out += [f"{indent}from {p} import {', '.join(v)}" for p, v in moved.items()]
        return "\n".join(out)
    return _FROM_PKG.sub(from_pkg, text)


def rewrite_notebook(raw: str) -> str:
    import nbformat

    nb = nbformat.reads(raw, as_version=4)
    changed = False
    for cell in nb.cells:
        new = rewrite_text(cell.source)
        if new != cell.source:
            cell.source, changed = new, True
    return nbformat.writes(nb) + "\n" if changed else raw


def rewrite_lazy(init: str) -> str:
    """The ``_LAZY`` table (public name → module relative to the package), rewritten one line per
    module so that the longer module names keep the lines short."""
    start = init.index("_LAZY = {")
    end = init.index("}", start)
    table = ast.literal_eval(init[start + len("_LAZY = "):end + 1])
    by_module = {}
    for name, mod in table.items():
        by_module.setdefault(new_name(f"coachkit.{mod}")[len("coachkit."):], []).append(name)
    lines = []
    for mod, names in by_module.items():
        line = "    "
        for name in names:
            item = f'"{name}": "{mod}", '
            if len(line) + len(item) > 105:
                lines.append(line.rstrip())
                line = "    "
            line += item
        lines.append(line.rstrip())
    return init[:start] + "_LAZY = {\n" + "\n".join(lines) + "\n" + init[end:]


def _depth_fix(text: str, old: str, new: str) -> str:
    delta = len(Path(new).parts) - len(Path(old).parts)
    return re.sub(r"(Path\(__file__\)\.resolve\(\)\.parents\[)(\d+)\]",
                  lambda m: f"{m.group(1)}{int(m.group(2)) + delta}]", text)


def text_files():
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    for rel in out.stdout.splitlines():
        p = ROOT / rel
        if set(Path(rel).parts) & SKIP_DIRS or p.suffix not in TEXT_SUFFIXES or not p.is_file():
            continue
        if rel.startswith("tools/relayout.py"):
            continue
        yield p


def main(dry_run: bool) -> int:
    missing = [old for old in MOVES if not (PKG / old).exists()]
    if missing:
        print(f"relayout: not found (already moved?): {', '.join(missing)}", file=sys.stderr)
        return 2
    # 1. the relative imports, computed from the old places before anything moves
    sources = {}
    for path in PKG.rglob("*.py"):
        rel = path.relative_to(PKG).as_posix()
        new_rel = MOVES.get(rel, rel)
        text = path.read_text(encoding="utf-8")
        new = rewrite_relative(text, _module(rel), _module(new_rel), rel.endswith("__init__.py"),
                               new_rel.endswith("__init__.py"))
        if rel in MOVES:
            new = _depth_fix(new, rel, new_rel)
        if rel == "__init__.py":
            new = rewrite_lazy(new)
        sources[rel] = new
    if dry_run:
        for old, new in MOVES.items():
            print(f"git mv src/coachkit/{old} src/coachkit/{new}")
        changed = [rel for rel, text in sources.items()
                   if text != (PKG / rel).read_text(encoding="utf-8")]
        print(f"{len(changed)} package files get import rewrites")
        return 0
    for rel, text in sources.items():
        (PKG / rel).write_text(text, encoding="utf-8")
    # 2. the moves
    for old, new in MOVES.items():
        dst = PKG / new
        dst.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["git", "mv", str(PKG / old), str(dst)], cwd=ROOT, check=True)
    for folder, says in FACES.items():
        init = PKG / folder / "__init__.py"
        if not init.exists():
            init.write_text(f'"""{says}"""\n', encoding="utf-8")
            subprocess.run(["git", "add", str(init)], cwd=ROOT, check=True)
    # 3. dotted names everywhere
    for path in text_files():
        raw = path.read_text(encoding="utf-8")
        new = rewrite_notebook(raw) if path.suffix == ".ipynb" else rewrite_text(raw)
        if new != raw:
            path.write_text(new, encoding="utf-8")
    # 4. import blocks sorted again (the rewritten names sort differently)
    subprocess.run([sys.executable, "-m", "ruff", "check", "--fix", "--select", "I", "-q", "src", "tests",
                    "tools"], cwd=ROOT, check=False)
    # 5. what is left by hand: lines the longer names made too long (docstrings, mostly)
    subprocess.run([sys.executable, "-m", "ruff", "check", "--select", "E501", "--output-format",
                    "concise", "src", "tests", "tools"], cwd=ROOT, check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main("--dry-run" in sys.argv))
