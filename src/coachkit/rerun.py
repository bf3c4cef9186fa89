"""Researchers: rerun an analysis notebook with their own data and assumptions (papermill).

Every analysis notebook has one cell tagged ``parameters``.  ``coachkit rerun 01 --param
corpus=my.csv --out build/rerun/`` injects the values (names are matched case-insensitively),
validates data files with the same readers as the CLI *before* anything runs, executes the
notebook with papermill and writes the executed notebook and its HTML.
"""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat

from ._validation import InputError
from .notebooks import kernel_environment, kernel_stderr_to_log, notebooks_dir, write_html

#: Parameters that name a data file, and the reader that validates it.
FILE_PARAMETERS = {
    "CORPUS": "coachkit.themes:read_corpus",  # with CODER, when the notebook has it
    "CODING": "coachkit.agreement:read_coding",
    "SURVEY": "coachkit.pyramid:read_survey",
    "TABLE": "coachkit.tasks:read_task_table",
    "BEFORE": "coachkit.fidelity:read_ratings",
    "AFTER": "coachkit.fidelity:read_ratings",
    "PLAN": "coachkit.planning:read_plan",  # one client's plan (notebook 08)
    "RATINGS": "coachkit.benefit:read_benefit",
}


def find_notebook(key: str, folder=None) -> Path:
    """The notebook whose file name starts with ``key`` (e.g. ``"01"`` or ``"01_teema"``)."""
    folder = Path(folder) if folder else notebooks_dir()
    matches = sorted(p for p in folder.glob("*.ipynb") if p.name.startswith(str(key)))
    if len(matches) != 1:
        names = ", ".join(p.stem for p in sorted(folder.glob("*.ipynb")))
        what = "no notebook" if not matches else "more than one notebook"
        raise ValueError(f"{what} starts with '{key}'; choose one of: {names}")
    return matches[0]


def notebook_parameters(path) -> dict:
    """Names and default values of the cell tagged ``parameters``."""
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    if len(cells) != 1:
        raise ValueError(f"{path}: expected exactly one cell tagged 'parameters'")
    params = {}
    for node in ast.parse(cells[0].source).body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            try:
                params[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                params[node.targets[0].id] = None
    return params


def parse_params(pairs, available: dict) -> dict:
    """``["corpus=my.csv", "seed=3"]`` → ``{"CORPUS": "my.csv", "SEED": 3}`` (validated names)."""
    by_lower = {k.lower(): k for k in available}
    out = {}
    for pair in pairs or []:
        if "=" not in pair:
            raise ValueError(f"--param '{pair}' must look like name=value")
        key, raw = pair.split("=", 1)
        name = by_lower.get(key.strip().lower())
        if name is None:
            raise ValueError(f"unknown parameter '{key}'; this notebook takes: "
                             + ", ".join(k.lower() for k in available))
        try:
            value = ast.literal_eval(raw)
        except (ValueError, SyntaxError):
            value = raw
        if name in FILE_PARAMETERS:
            value = str(raw)
        out[name] = value
    return out


def _validate_files(params: dict) -> dict:
    import importlib

    resolved = {}
    for name, value in params.items():
        if name in FILE_PARAMETERS and value is not None:
            path = Path(value).expanduser().resolve()
            module, func = FILE_PARAMETERS[name].split(":")
            extra = {"coder": params["CODER"]} if name == "CORPUS" and params.get("CODER") else {}
            getattr(importlib.import_module(module), func)(path, name=str(value), **extra)
            resolved[name] = str(path)
        else:
            resolved[name] = value
    return resolved


def rerun(key: str, params=None, *, out="build/rerun", folder=None) -> dict:
    """Validate, execute with papermill, write ``.ipynb`` and ``.html``.

    Returns
    -------
    dict
        ``notebook`` and ``html`` paths and the ``parameters`` used.
    """
    import papermill as pm

    source = find_notebook(key, folder)
    available = notebook_parameters(source)
    chosen = _validate_files(parse_params(params, available) if isinstance(params, list | tuple)
                             else dict(params or {}))
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError("exists and is not a folder; expected a folder for the results",
                         file=str(out))
    out.mkdir(parents=True, exist_ok=True)
    target = out / source.name
    with kernel_environment(), kernel_stderr_to_log():
        pm.execute_notebook(str(source), str(target), parameters=chosen, kernel_name="python3",
                            cwd=str(source.parent), progress_bar=False, log_output=False)
    html = out / f"{source.stem}.html"
    write_html(nbformat.read(target, as_version=4), html)
    return {"notebook": str(target.resolve()), "html": str(html.resolve()), "parameters": chosen}
