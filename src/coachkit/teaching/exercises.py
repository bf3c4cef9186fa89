"""Student exercises: instant Finnish feedback, and the trainer's one-command build.

Every task is one record in :mod:`coachkit.teaching.tasks` (question, tool, form, check, hint).
A master shows a task with ``tehtava("2a")``: the question in Finnish, the data or tool the
student needs, and the answer form.  In JupyterLab a student may also answer in code::

    tarkista("2a", vastaus_2a)

and gets one line of feedback in Finnish: correct, not yet (with a hint that says where to look
on the page and does not give the answer away), not answered yet, or the wrong kind of answer.
Every expected answer is computed from the kit's data at check time — nothing is typed in.
Open questions are not checked; they get a reflection prompt (:func:`pohdi`).

Trainers keep one **master** per exercise in ``exercises/source/`` with the solutions in cells
tagged ``solution``; :func:`build_exercises` (``coachkit exercises build``) writes the student
versions to ``exercises/`` with every solution replaced by a marked placeholder; a student version
that was changed after it was built is replaced only with ``--force``.  A solution code
cell becomes one line per assigned name, ``name = None``, so the student notebook still runs
top to bottom and its checks answer "not answered yet".
"""

from __future__ import annotations

import ast
import copy
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import DEFAULT_LANG, t
from .tasks import TASKS, Feedback, tarkista

if TYPE_CHECKING:  # nbformat (with jsonschema) costs a classroom kernel ~3 CPU-s: only to build
    import nbformat

__all__ = ["tarkista", "pohdi", "TASKS", "build_exercises", "student_version", "Feedback",
           "UNITS", "units_line"]

PLACEHOLDER_CODE = "# KIRJOITA RATKAISUSI TÄHÄN (korvaa None)"
PLACEHOLDER_MD = "*Kirjoita vastauksesi tähän.*"
SOLUTION_TAG = "solution"


def pohdi(kysymys: str) -> None:
    """Show a reflection prompt with a text area (open questions are not checked).

    What the student writes is saved with the other answers by
    :func:`~coachkit.teaching.forms.tallennus`.
    """
    from IPython.display import Markdown, display

    from .forms import reflection_area

    display(Markdown(f"**{t('teaching.reflection.lead', DEFAULT_LANG)}** {kysymys}\n\n"
                     f"*{t('teaching.reflection.note', DEFAULT_LANG)}*"))
    display(reflection_area(kysymys))


NAME_HINT = t("teaching.hint.name", DEFAULT_LANG)
SYNTAX_HINT = t("teaching.hint.syntax", DEFAULT_LANG)


def hint_for(exc: BaseException) -> str | None:
    """The Finnish hint line for a novice's NameError or SyntaxError (None for others).

    >>> "'arjenhallinta'" in hint_for(NameError("name 'arjenhallinta' is not defined", name="arjenhallinta"))
    True
    """
    if isinstance(exc, NameError):
        name = getattr(exc, "name", None) or (str(exc).split("'")[1] if "'" in str(exc) else "?")
        return NAME_HINT.format(name=name)
    if isinstance(exc, SyntaxError):
        return SYNTAX_HINT
    return None


def install_hints(shell=None) -> bool:
    """Add a Finnish hint line under NameError and SyntaxError tracebacks in this IPython kernel.

    Uses IPython's custom exception hook for ``NameError`` (raised while a cell runs) and
    wraps ``showsyntaxerror`` (a cell that does not compile).  Returns False outside IPython.
    """
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - IPython comes with ipykernel
            return False
        shell = get_ipython()
    if shell is None or getattr(shell, "_coachkit_hints", False):
        return shell is not None

    def on_name_error(self, etype, value, tb, tb_offset=None):
        self.showtraceback((etype, value, tb), tb_offset=tb_offset)
        print(hint_for(value))

    shell.set_custom_exc((NameError,), on_name_error)
    original = shell.showsyntaxerror

    def showsyntaxerror(*args, **kwargs):
        original(*args, **kwargs)
        print(SYNTAX_HINT)

    shell.showsyntaxerror = showsyntaxerror
    shell._coachkit_hints = True
    return True


# --- the qualification units an exercise serves ------------------------------------------------

#: The units of the 2011 requirements (claim ``qualification.units_2011``), the one place their
#: names are written: every exercise's units line is :func:`units_line` of its unit ids.
UNITS = {"A1": "Ammatillinen toiminta työvalmennuksessa",
         "A2": "Asiakkaan työvalmennusprosessissa toimiminen",
         "A3": "Työelämäosaaminen ja työvalmennuksen vastuuhenkilönä toimiminen",
         "B": "Työvalmennuspalveluiden kehittäminen ja tuotteistaminen"}
UNITS_LEAD = "**Tutkinnon osat (perusteet 2011 – tarkista voimassa olevat):**"
_UNITS_PARAGRAPH = re.compile(r"^\*\*Tutkinnon osat.*?(?=\n\s*\n|\Z)", re.S | re.M)


def units_line(ids) -> str:
    """An exercise's units line: the caveat and each unit's name, from :data:`UNITS`.

    >>> units_line(["A1", "B"]).split(":** ")[1].split(" · ")  # doctest: +NORMALIZE_WHITESPACE
    ['A1 Ammatillinen toiminta työvalmennuksessa',
     'B Työvalmennuspalveluiden kehittäminen ja tuotteistaminen']
    """
    unknown = [i for i in ids if i not in UNITS]
    if unknown or not ids:
        raise ValueError(f"unknown qualification unit {unknown}; units are: {', '.join(UNITS)}")
    return UNITS_LEAD + " " + " · ".join(f"{i} {UNITS[i]}" for i in ids)


def unit_ids(text: str) -> list:
    """The unit ids an exercise's first cell names in its units line (in order, once each)."""
    found = _UNITS_PARAGRAPH.search(text)
    if not found:
        return []
    words = re.findall(r"(?<![\w-])(A[1-3]|B)(?![\w-])", found.group(0).split(":**", 1)[-1])
    return list(dict.fromkeys(words))


def with_units_line(text: str) -> str:
    """``text`` with its units paragraph rewritten as :func:`units_line` of the ids it names."""
    ids = unit_ids(text)
    return _UNITS_PARAGRAPH.sub(lambda _: units_line(ids), text, count=1) if ids else text


# --- building student versions ----------------------------------------------------------------

def _assigned_names(source: str) -> list:
    """Names a solution cell assigns at top level, in order (``a = …``, ``a, b = …``)."""
    names = []
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ValueError(f"a solution cell is not valid Python: {exc}") from None
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, ast.AnnAssign | ast.AugAssign) else [])
        for target in targets:
            for n in ast.walk(target):
                if isinstance(n, ast.Name) and n.id not in names:
                    names.append(n.id)
    return names


def student_version(master) -> nbformat.NotebookNode:
    """The student notebook for a master: solutions replaced by placeholders, outputs cleared."""
    nb = copy.deepcopy(master)
    if nb.cells and nb.cells[0].cell_type == "markdown":  # unit names from the one place
        nb.cells[0].source = with_units_line(nb.cells[0].source)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        if SOLUTION_TAG not in cell.metadata.get("tags", []):
            continue
        if cell.cell_type == "code":
            names = _assigned_names(cell.source)
            if not names:
                raise ValueError("a solution cell assigns no name; a placeholder needs one")
            cell.source = "\n".join([PLACEHOLDER_CODE, *(f"{n} = None" for n in names)])
        else:
            cell.source = PLACEHOLDER_MD
        cell.metadata["tags"] = [t for t in cell.metadata["tags"] if t != SOLUTION_TAG] + ["answer"]
    return nb


def exercises_dir() -> Path:
    """The kit's ``exercises/`` folder (student versions; masters in ``source/``): the project
    folder's, or the copy a wheel carries."""
    from ..datasets import shipped_dir

    return shipped_dir("exercises")


#: Notebook metadata key holding the fingerprint of the student version as built.
BUILD_KEY = "coachkit_build"


def _fingerprint(data: dict) -> str:
    """A student notebook's fingerprint (its JSON without :data:`BUILD_KEY`)."""
    import hashlib
    import json

    data = copy.deepcopy(data)
    data.get("metadata", {}).pop(BUILD_KEY, None)
    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def edited_since_build(path) -> bool:
    """Whether a student notebook differs from what :func:`build_exercises` wrote there.

    A notebook that was opened and saved, answered or changed by hand no longer matches the
    fingerprint the build recorded in its metadata; neither does a file the build did not write.
    """
    import json

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return data["metadata"].get(BUILD_KEY) != _fingerprint(data)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return True


def build_exercises(src=None, out=None, *, force: bool = False) -> list:
    """Write the student version of every master in ``src`` to ``out``.

    A student version that was changed after it was built (a student's answers, a trainer's
    edits: :func:`edited_since_build`) is replaced only with ``force=True`` (``--force``);
    without it nothing is written.  One that is as built is simply rebuilt.  The files are
    written all or none (:func:`coachkit.formats.write_all`).

    Returns
    -------
    list of Path
        The files written.
    """
    import json

    import nbformat

    from ..errors import InputError
    from ..formats import write_all

    src = Path(src) if src else exercises_dir() / "source"
    out = Path(out) if out else exercises_dir()
    masters = sorted(src.glob("*.ipynb"))
    if not masters:
        raise ValueError(f"{src}: no exercise masters (*.ipynb) found")
    payloads = {}
    for path in masters:
        nb = student_version(nbformat.read(path, as_version=4))
        nb.metadata[BUILD_KEY] = _fingerprint(json.loads(nbformat.writes(nb)))
        text = nbformat.writes(nb)
        target = out / path.name
        payloads[target] = (text if text.endswith("\n") else text + "\n").encode("utf-8")
    if not force:
        for target, payload in payloads.items():
            if target.is_file() and target.read_bytes() != payload and edited_since_build(target):
                raise InputError("was changed after it was built (answers or edits would be "
                                 "lost); nothing was written (use --force to replace it)",
                                 file=target)
    return write_all(payloads, force=True)
