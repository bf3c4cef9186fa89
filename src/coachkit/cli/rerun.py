"""Researchers: rerun an analysis notebook with their own data and assumptions (papermill).

Every analysis notebook has one cell tagged ``parameters``.  ``coachkit rerun 01 --param
corpus=my.csv --out build/rerun/`` injects the values (names are matched case-insensitively),
validates data files with the same readers as the CLI *before* anything runs, executes the
notebook with papermill and writes the executed notebook and its HTML.

Every value is checked before the kernel starts (:func:`check_parameters`): its type
comes from the notebook's default (a number stays a number, true/false a truth value),
some parameters take one of a few values (:data:`CHOICES`) or a range (:data:`LIMITS`),
and data files are read by the kit's readers.  Any failure is one line; a run that
fails inside the notebook is one line too, naming the cell and the error.  Results that
exist are replaced only with ``force=True`` (``--force``), and only by a run that succeeded:
the notebook and its page are made in a hidden folder and moved into place together.
"""

from __future__ import annotations

import ast
import logging
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import nbformat

from ..checks import InputError
from ..display.notebooks import (
    CELL_TIMEOUT,
    RUNS,
    kernel_environment,
    kernel_stderr_to_log,
    notebooks_dir,
    write_html,
)
from ..formats import check_target, move_into_place
from ..reference.codebook import OWN_CODES_HINT

#: Parameters that name a data file, and what the file may hold (:data:`coachkit.formats.HOLDS`;
#: the formats that hold it come from the registry, :func:`coachkit.formats.formats_line`).
FILE_PARAMETERS = {
    "CORPUS": ("table", "project"),  # with CODER, when the notebook has it
    "CODING": ("table", "project"),
    "SURVEY": ("table",), "TABLE": ("table",), "BEFORE": ("table",), "AFTER": ("table",),
    "PLAN": ("table",),  # one client's plan (notebook 08)
    "RATINGS": ("table",),
}


def readers() -> dict:
    """Parameter → the kit's reader that validates its file before the notebook runs (the
    same function the notebook calls; imported here, when a run needs them)."""
    from ..analyses.agreement import read_coding
    from ..analyses.benefit import read_benefit
    from ..analyses.fidelity import read_ratings
    from ..analyses.pyramid import read_survey
    from ..analyses.tasks import read_task_table
    from ..analyses.themes import read_corpus
    from ..models.planning import read_plan

    return {"CORPUS": read_corpus, "CODING": read_coding, "SURVEY": read_survey,
            "TABLE": read_task_table, "BEFORE": read_ratings, "AFTER": read_ratings,
            "PLAN": read_plan, "RATINGS": read_benefit}


def _choices() -> dict:
    """Parameters that take one of a few values (the languages: those with a catalogue)."""
    from ..i18n import languages

    return {"LANG": languages(), "CODES": ("frame", "own")}


#: Numeric parameters and their range (low, high; None = open).
LIMITS = {"SEED": (0, None), "REPS": (1, 100_000), "THRESHOLD": (1, 5)}
#: Parameters that are whole numbers even where the notebook's default is None
#: (``SEED = None`` means "the kit's own data").
WHOLE = {"SEED": 0, "REPS": 1}


def _bad(name: str, value, expected: str) -> InputError:
    return InputError(f"--param {name.lower()}={value}: expected {expected}")


def check_parameters(chosen: dict, available: dict) -> dict:
    """Each value checked against the notebook's default and the rules above.

    Returns the values converted (``"3"`` → 3 where the default is a number).

    >>> check_parameters({"SEED": "3", "PROJECTOR": "true"}, {"SEED": 0, "PROJECTOR": False})
    {'SEED': 3, 'PROJECTOR': True}
    >>> check_parameters({"LANG": "sv"}, {"LANG": "fi"})
    Traceback (most recent call last):
    ...
    coachkit.errors.InputError: --param lang=sv: expected one of fi, en
    """
    from ..i18n import parse_bool

    choices = _choices()
    out = {}
    for name, value in chosen.items():
        default = available.get(name)
        if default is None and name in WHOLE and value is not None:
            default = WHOLE[name]
        if isinstance(default, bool):
            if isinstance(value, str):  # the kit's one truth vocabulary (i18n.parse_bool)
                try:
                    value = parse_bool(value) if value.strip() else value
                except ValueError:
                    pass
            if not isinstance(value, bool):
                raise _bad(name, value, "true or false")
        elif isinstance(default, int | float) and not isinstance(default, bool):
            whole = isinstance(default, int)
            if isinstance(value, str):
                try:
                    value = ast.literal_eval(value.strip().replace(",", "."))
                except (ValueError, SyntaxError):
                    pass
            ok = (isinstance(value, int) if whole else isinstance(value, int | float)) \
                and not isinstance(value, bool) and value == value
            if not ok:
                raise _bad(name, value, "a whole number" if whole else "a number")
            low, high = LIMITS.get(name, (None, None))
            if (low is not None and value < low) or (high is not None and value > high):
                span = (f"between {low} and {high}" if low is not None and high is not None
                        else f"at least {low}" if low is not None else f"at most {high}")
                raise _bad(name, value, f"a {'whole ' if whole else ''}number {span}")
        elif value is not None:
            value = str(value)
        if name in choices and value not in choices[name]:
            raise _bad(name, value, "one of " + ", ".join(choices[name]))
        out[name] = value
    return out


def find_notebook(key: str, folder=None) -> Path:
    """The notebook whose file name starts with ``key`` (e.g. ``"01"`` or ``"01_teema"``)."""
    folder = Path(folder) if folder else notebooks_dir()
    matches = sorted(p for p in folder.glob("*.ipynb") if p.name.startswith(str(key)))
    if len(matches) != 1:
        names = ", ".join(p.stem for p in sorted(folder.glob("*.ipynb")))
        what = "no notebook" if not matches else "more than one notebook"
        raise InputError(f"{what} starts with '{key}'; choose one of: {names}")
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
            raise InputError(f"--param '{pair}' must look like name=value")
        key, raw = pair.split("=", 1)
        name = by_lower.get(key.strip().lower())
        if name is None:
            raise InputError(f"unknown parameter '{key}'; this notebook takes: "
                             + ", ".join(k.lower() for k in available))
        try:
            value = ast.literal_eval(raw)
        except (ValueError, SyntaxError):
            value = raw
        if name in FILE_PARAMETERS or available[name] is None:
            value = None if raw.strip() == "None" else raw  # paths and names stay text
        out[name] = value
    return out


def _known(name: str, available: dict) -> str:
    by_lower = {k.lower(): k for k in available}
    if str(name).lower() not in by_lower:
        raise InputError(f"unknown parameter '{name}'; this notebook takes: "
                         + ", ".join(k.lower() for k in available))
    return by_lower[str(name).lower()]


def _validate_files(params: dict, available: dict) -> dict:
    from ..formats import reader_of

    read = None
    resolved = {}
    for name, value in params.items():
        if name in FILE_PARAMETERS and value is not None:
            path = Path(value).expanduser().resolve()
            holds = FILE_PARAMETERS[name]
            try:
                reader_of(path, holds=holds)  # the formats that hold what it takes, or one line
            except InputError as exc:
                raise InputError(f"--param {name.lower()}: {exc.detail}", file=value) from None
            read = read or readers()
            wanted = {"CORPUS": ("CODER", "CODES"), "CODING": ("CODES",)}.get(name, ())
            extra = {k.lower(): params[k] for k in wanted if params.get(k)}
            try:
                read[name](path, name=str(value), **extra)
            except ValueError as exc:
                if OWN_CODES_HINT not in str(exc):
                    raise
                # the same advice, in the words this command takes
                hint = "--param codes=own" if "CODES" in available \
                    else "'coachkit themes … --codes own' (this notebook has no codes parameter)"
                if isinstance(exc, InputError):
                    raise InputError(exc.detail.replace(OWN_CODES_HINT, hint), file=exc.file,
                                     row=exc.row, column=exc.column) from None
                raise ValueError(str(exc).replace(OWN_CODES_HINT, hint)) from None
            resolved[name] = str(path)
        else:
            resolved[name] = value
    return resolved


def rerun(key: str, params=None, *, out="build/rerun", folder=None, force: bool = False) -> dict:
    """Validate, execute with papermill, write ``.ipynb`` and ``.html``.

    ``force=True`` replaces results of an earlier run in ``out``; without it they are an
    error before anything runs.

    Returns
    -------
    dict
        ``notebook`` and ``html`` paths and the ``parameters`` used.
    """
    import papermill as pm

    source = find_notebook(key, folder)
    available = notebook_parameters(source)
    chosen = parse_params(params, available) if isinstance(params, list | tuple) \
        else {_known(k, available): v for k, v in dict(params or {}).items()}
    chosen = _validate_files(check_parameters(chosen, available), available)
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError("exists and is not a folder; expected a folder for the results",
                         file=str(out))
    target, html = out / source.name, out / f"{source.stem}.html"
    existing = [p for p in (target, html) if p.exists()]
    if existing and not force:
        raise InputError("exists from an earlier run; nothing was run (use --force to replace "
                         "it, or --out for another folder)", file=str(existing[0]))
    for path in (target, html):
        check_target(path)
    out.mkdir(parents=True, exist_ok=True)
    # the run and its page are made in a hidden folder and moved beside any earlier results
    # only when both are done: a failed run leaves the earlier results as they were
    work = Path(tempfile.mkdtemp(dir=out, prefix=".rerun-"))
    try:
        done, page = work / source.name, work / html.name
        with kernel_environment(), kernel_stderr_to_log(show=False), _papermill_quiet():
            try:
                for attempt in range(1, RUNS + 1):
                    try:
                        pm.execute_notebook(str(source), str(done), parameters=chosen,
                                            kernel_name="python3", cwd=str(source.parent),
                                            progress_bar=False, log_output=False,
                                            execution_timeout=CELL_TIMEOUT)
                        break
                    except TimeoutError:
                        # a cell got no answer in CELL_TIMEOUT seconds: seen once under heavy
                        # load with the kernel idle (a lost message); a fresh kernel runs it again
                        if attempt == RUNS:
                            raise
            except pm.PapermillExecutionError as exc:
                last = (str(exc.evalue).strip().splitlines() or [""])[-1]
                kept = "the earlier results are unchanged" if existing else "nothing was written"
                raise ValueError(f"{source.name}: the run stopped in cell {exc.exec_count}: "
                                 f"{exc.ename}: {last} ({kept})") from None
            except (RuntimeError, OSError, TimeoutError) as exc:  # the kernel died or never started
                kept = "the earlier results are unchanged" if existing else "nothing was written"
                raise ValueError(f"{source.name}: the notebook's kernel stopped "
                                 f"({type(exc).__name__}: {exc}) ({kept})") from None
        write_html(nbformat.read(done, as_version=4), page)
        move_into_place(done, target)
        move_into_place(page, html)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"notebook": str(target.resolve()), "html": str(html.resolve()), "parameters": chosen}


@contextmanager
def _papermill_quiet():
    """papermill's own warnings (a parameter line it cannot parse, a parameter it does not
    know) are chatter once the kit has checked every value; they stay off the terminal."""
    log = logging.getLogger("papermill")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)
