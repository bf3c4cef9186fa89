"""Student exercises: instant Finnish feedback, and the trainer's one-command build.

Students call :func:`tarkista` with a task id and their answer::

    tarkista("2a", vastaus_2a)

and get one line of feedback in Finnish: correct, not yet (with a hint that does not give the
answer away), not answered yet, or the wrong type of answer.  Every expected answer is computed
from the kit's data at check time — nothing is typed in.  Open questions are not checked; they
get a reflection prompt (:func:`pohdi`).

Trainers keep one **master** per exercise in ``exercises/source/`` with the solutions in cells
tagged ``solution``; :func:`build_exercises` (``coachkit exercises build``) writes the student
versions to ``exercises/`` with every solution replaced by a marked placeholder.  A solution code
cell becomes one line per assigned name, ``name = None``, so the student notebook still runs
top to bottom and its checks answer "not answered yet".
"""

from __future__ import annotations

import ast
import copy
import math
import numbers
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..datasets import load_dataset

if TYPE_CHECKING:  # nbformat (with jsonschema) costs a classroom kernel ~3 CPU-s: only to build
    import nbformat

__all__ = ["tarkista", "pohdi", "TASKS", "build_exercises", "student_version", "Feedback"]

PLACEHOLDER_CODE = "# ✏️ KIRJOITA RATKAISUSI TÄHÄN (korvaa None)"
PLACEHOLDER_MD = "✏️ *Kirjoita vastauksesi tähän.*"
SOLUTION_TAG = "solution"

STATUS_TEXT = {"correct": "✅ Oikein!", "not_yet": "❌ Ei vielä.",
               "unanswered": "⏳ Ei vielä vastattu.", "wrong_type": "⚠️ Vastaus on väärää tyyppiä."}


@dataclass
class Feedback:
    """Result of a check; prints as one Finnish line."""

    task: str
    status: str
    message: str

    def __str__(self) -> str:
        return f"[{self.task}] {STATUS_TEXT[self.status]} {self.message}".rstrip()

    def _repr_markdown_(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return str(self)


# --- expected answers, computed from the kit's data -------------------------------------------

def _coach_segments():
    from ..saturation import _coach_segments as segs

    return segs()


def _kappa_shipped():
    from ..agreement import agreement

    o = agreement(load_dataset("coach_coding"), n_boot=10).overall.set_index("metric")
    return float(o.loc["cohen_kappa", "estimate"])


def _new_source_stars():
    from ..themes import read_corpus, star_table

    t = star_table(read_corpus(load_dataset("exercise_new_source")))
    return dict(zip(t["category"], t["stars"].astype(int), strict=True))


def _share_rule_changes():
    from ..stars import ALTERNATIVE_RULES
    from ..themes import read_corpus, rule_sensitivity

    s = rule_sensitivity(read_corpus(load_dataset("source_corpus")), rules=[ALTERNATIVE_RULES[-1]])
    return int((s["change"] != 0).sum())


def _saturation(threshold, run=2):
    from ..saturation import saturation_point

    return saturation_point(_coach_segments(), base=4, run=run, threshold=threshold)["n_documents"]


def _provider_level_share(provider="Salo", level="III"):
    from ..pyramid import levels_met, read_survey

    m = levels_met(read_survey(load_dataset("feedback_survey")))
    return float(m.loc[m["provider"] == provider, f"met_{level}"].mean())


def _best_pyramid_provider():
    from ..pyramid import provider_table, read_survey

    t = provider_table(read_survey(load_dataset("feedback_survey")))
    return str(t.sort_values("pyramid_index", ascending=False)["provider"].iloc[0])


def _visit_summary():
    from ..tasks import read_task_table, task_summary

    return task_summary(read_task_table(load_dataset("visit_topics")))


def _employment_topics():
    t = load_dataset("visit_topics")
    return set(t.loc[t["employment_related"].astype(str).str.lower() == "true", "topic"])


#: The selection design task (exercise 5): targets every answer must meet.
DESIGN_TARGETS = {"employment_rate": 0.40, "disadvantaged_admitted_share": 0.55, "coach_fte": 1.5}


def _design_outcome(answer):
    from ..selection import SelectionParams, Strategy, simulate

    params = SelectionParams.calibrated(coach_fte=float(answer["coach_fte"]))
    res = simulate(params, strategies=[Strategy("oma", float(answer["share"]))], coach=(True,),
                   reps=300, seed=0)
    return res.summary.iloc[0]


# --- the checks -------------------------------------------------------------------------------

def _number(task, answer, expected, *, tol, hint, percent=False):
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        return Feedback(task, "wrong_type", "Odotin lukua (esim. 0.42), en "
                        f"{type(answer).__name__}-tyyppistä arvoa.")
    if percent and answer > 1.5:
        return Feedback(task, "not_yet", "Anna osuus desimaalilukuna (0–1), ei prosentteina.")
    if math.isclose(float(answer), float(expected), abs_tol=tol):
        return Feedback(task, "correct", "")
    return Feedback(task, "not_yet", hint)


def _check_1a(answer):
    ref = load_dataset("exercise_reference")
    codes = set(load_dataset("values")["code_id"])
    if not isinstance(answer, list | tuple) or not all(isinstance(a, str) for a in answer):
        return Feedback("1a", "wrong_type", "Odotin listaa koodeja, esim. ['luottamus', 'prosessi', …].")
    if len(answer) != len(ref):
        return Feedback("1a", "not_yet", f"Katkelmia on {len(ref)}; listassasi on {len(answer)} koodia.")
    unknown = [a for a in answer if a not in codes]
    if unknown:
        return Feedback("1a", "not_yet", f"Koodia '{unknown[0]}' ei ole koodikirjassa "
                        "(katso load_dataset('values')['code_id']).")
    import pandas as pd

    from ..agreement import agreement

    rows = [{"segment_id": s, "coder": "sinä", "code": c} for s, c in zip(ref["segment_id"], answer,
                                                                          strict=True)]
    rows += [{"segment_id": s, "coder": "referenssi", "code": c}
             for s, c in zip(ref["segment_id"], ref["reference_code"], strict=True)]
    res = agreement(pd.DataFrame(rows), n_boot=10)
    k = float(res.overall.set_index("metric").loc["cohen_kappa", "estimate"])
    differ = len(res.disagreements)
    if k >= 0.6:
        return Feedback("1a", "correct", f"κ = {k:.2f} referenssikoodaajan kanssa; "
                        f"eri mieltä {differ} katkelmasta – mieti, miksi.")
    return Feedback("1a", "not_yet", f"κ = {k:.2f} (eri mieltä {differ} katkelmasta). Lue koodien "
                    "kuvaukset uudelleen ja tarkista katkelmat, joissa olette eri mieltä.")


def _check_2a(answer):
    expected = _new_source_stars()
    if not isinstance(answer, dict):
        return Feedback("2a", "wrong_type", "Odotin sanakirjaa tavoite → tähtimäärä, "
                        "esim. {'arjenhallinta': 1, …}.")
    missing = [g for g in expected if g not in answer]
    if missing:
        return Feedback("2a", "not_yet", f"Sanakirjasta puuttuu tavoite '{missing[0]}'.")
    wrong = [g for g in expected if answer[g] != expected[g]]
    if not wrong:
        return Feedback("2a", "correct", "")
    return Feedback("2a", "not_yet", f"{len(wrong)} tavoitteen tähdet eivät täsmää. Laske ensin "
                    "ilmausten määrä tavoitteittain ja käytä sääntöä 1/3/6/10.")


def _check_5a(answer):
    if not isinstance(answer, dict) or not {"share", "coach_fte"} <= set(answer):
        return Feedback("5a", "wrong_type", "Odotin sanakirjaa {'share': …, 'coach_fte': …}.")
    try:
        share, fte = float(answer["share"]), float(answer["coach_fte"])
    except (TypeError, ValueError):
        return Feedback("5a", "wrong_type", "Arvojen pitää olla lukuja.")
    if not 0 <= share <= 1:
        return Feedback("5a", "not_yet", "Osuuden 'share' pitää olla välillä 0–1.")
    if not 0 <= fte <= DESIGN_TARGETS["coach_fte"]:
        return Feedback("5a", "not_yet", f"Budjetti sallii enintään {DESIGN_TARGETS['coach_fte']} "
                        "valmentajan henkilötyövuotta.")
    r = _design_outcome(answer)
    emp, dis = r["employment_rate"], r["disadvantaged_admitted_share"]
    misses = []
    if emp < DESIGN_TARGETS["employment_rate"]:
        misses.append(f"työllistymisaste {emp:.1%} < {DESIGN_TARGETS['employment_rate']:.0%}")
    if dis < DESIGN_TARGETS["disadvantaged_admitted_share"]:
        misses.append(f"heikossa asemassa olevia valituista {dis:.1%} < "
                      f"{DESIGN_TARGETS['disadvantaged_admitted_share']:.0%}")
    if not misses:
        return Feedback("5a", "correct", f"Työllistymisaste {emp:.1%}, heikossa asemassa olevia "
                        f"{dis:.1%}. Perustele nyt valintasi.")
    return Feedback("5a", "not_yet", "; ".join(misses) + ". Kokeile muuttaa osuutta tai resurssia.")


def _check_6a(answer):
    expected = _employment_topics()
    if not isinstance(answer, set | list | tuple):
        return Feedback("6a", "wrong_type", "Odotin joukkoa tai listaa aiheiden nimiä.")
    chosen = set(answer)
    if chosen == expected:
        return Feedback("6a", "correct", "Sama luokittelu kuin kitissä.")
    return Feedback("6a", "not_yet", f"Valitsit {len(chosen)} aihetta. Mukaan kuuluvat aiheet, "
                    "jotka liittyvät suoraan työnhakuun, työnantajiin tai työpaikkoihin.")


TASKS = {
    "1a": ("Koodaa katkelmat ja vertaa referenssiin", _check_1a),
    "1b": ("Cohenin κ kitin koodaajien välillä",
           lambda a: _number("1b", a, _kappa_shipped(), tol=0.01,
                             hint="Käytä ck.agreement(...) ja poimi rivin 'cohen_kappa' estimaatti.")),
    "2a": ("Uuden lähteen tähdet", _check_2a),
    "2b": ("Muuttuvat solut osuussäännöllä",
           lambda a: _number("2b", a, _share_rule_changes(), tol=0,
                             hint="Käytä rule_sensitivity-funktiota osuussäännöllä ja laske rivit, "
                                  "joissa change ≠ 0.")),
    "3a": ("Saturaatiopiste, kynnys 5 %",
           lambda a: _number("3a", a, _saturation(0.05), tol=0,
                             hint="Pohja 4, jakso 2, kynnys 0.05; katso 'n_documents'.")),
    "3b": ("Saturaatiopiste, jakso 1, kynnys 0 %",
           lambda a: _number("3b", a, _saturation(0.0, run=1), tol=0,
                             hint="Pohja 4, jakso 1, kynnys 0: yhtään uutta koodia ei sallita.")),
    "4a": ("Tason III osuus palvelussa Salo",
           lambda a: _number("4a", a, _provider_level_share(), tol=0.005, percent=True,
                             hint="Rajaa levels_met-taulukko palveluun 'Salo' ja laske met_III:n "
                                  "keskiarvo.")),
    "4b": ("Paras palvelu arvopyramidin mukaan",
           lambda a: Feedback("4b", "wrong_type", "Odotin palvelun nimeä merkkijonona.")
           if not isinstance(a, str) else
           Feedback("4b", "correct", "") if a.strip() == _best_pyramid_provider() else
           Feedback("4b", "not_yet", "Järjestä provider_table sarakkeen pyramid_index mukaan.")),
    "5a": ("Valintamalli, joka täyttää tavoitteet", _check_5a),
    "6a": ("Työllistymiseen liittyvät aiheet", _check_6a),
    "6b": ("Työllistymiseen liittyvien käyntien osuus",
           lambda a: _number("6b", a, _visit_summary()["share_of_visits"], tol=0.002, percent=True,
                             hint="Jaa työllistymiseen liittyvien aiheiden käynnit rivien summalla "
                                  "(ei painetulla summalla).")),
    "6c": ("Rivisumman ja painetun summan ero",
           lambda a: _number("6c", a, _visit_summary()["rows_total"]
                             - _visit_summary()["printed_total"], tol=0,
                             hint="Laske visits-sarakkeen summa aiheriveistä ja vähennä "
                                  "painettu summa.")),
}


def tarkista(task: str, vastaus=None) -> Feedback:
    """Check a student's answer and return Finnish feedback (shown in the notebook).

    Parameters
    ----------
    task : str
        Task id, e.g. ``"2a"``.
    vastaus : any
        The answer; ``None`` means not answered yet.

    Examples
    --------
    >>> tarkista("6c", None)
    [6c] ⏳ Ei vielä vastattu.
    >>> tarkista("6c", "152")
    [6c] ⚠️ Vastaus on väärää tyyppiä. Odotin lukua (esim. 0.42), en str-tyyppistä arvoa.
    """
    if task not in TASKS:
        raise ValueError(f"unknown task '{task}'; tasks are: {', '.join(TASKS)}")
    if vastaus is None or vastaus is Ellipsis:
        return Feedback(task, "unanswered", "")
    return TASKS[task][1](vastaus)


def pohdi(kysymys: str) -> None:
    """Show a reflection prompt with a text area (open questions are not checked).

    What the student writes is saved with the other answers by
    :func:`~coachkit.teaching.forms.tallennus`.
    """
    from IPython.display import Markdown, display

    from .forms import reflection_area

    display(Markdown(f"💬 **Pohdi:** {kysymys}\n\n*Tähän ei ole yhtä oikeaa vastausta – "
                     "keskustelkaa ryhmässä tai kirjoita vastauksesi alle.*"))
    display(reflection_area(kysymys))


NAME_HINT = ("💡 Vihje: Python ei tunne nimeä '{name}'. Jos tarkoitit tekstiä (koodia, tavoitetta "
             "tai palvelun nimeä), laita se lainausmerkkeihin: '{name}'. Aja myös yläpuolen solut "
             "järjestyksessä – tai vastaa tehtävän lomakkeella, jolloin koodia ei tarvita.")
SYNTAX_HINT = ("💡 Vihje: Python ei ymmärtänyt riviä. Tarkista, että sulut ja lainausmerkit ovat "
               "pareittain ja että alkiot on erotettu pilkuilla – esim. {'arjenhallinta': 2, "
               "'tyokyky': 3}. Voit myös vastata tehtävän lomakkeella.")


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
        for t in targets:
            for n in ast.walk(t):
                if isinstance(n, ast.Name) and n.id not in names:
                    names.append(n.id)
    return names


def student_version(master) -> nbformat.NotebookNode:
    """The student notebook for a master: solutions replaced by placeholders, outputs cleared."""
    nb = copy.deepcopy(master)
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
    """The repository's ``exercises/`` folder (student versions; masters in ``source/``)."""
    return Path(__file__).resolve().parents[3] / "exercises"


def build_exercises(src=None, out=None) -> list:
    """Write the student version of every master in ``src`` to ``out``.

    Returns
    -------
    list of Path
        The files written.
    """
    import nbformat

    src = Path(src) if src else exercises_dir() / "source"
    out = Path(out) if out else exercises_dir()
    masters = sorted(src.glob("*.ipynb"))
    if not masters:
        raise ValueError(f"{src}: no exercise masters (*.ipynb) found")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in masters:
        nb = student_version(nbformat.read(path, as_version=4))
        target = out / path.name
        tmp = target.with_suffix(".ipynb.tmp")
        nbformat.write(nb, tmp)
        tmp.replace(target)
        written.append(target)
    return written
