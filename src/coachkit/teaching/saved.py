"""What students save: files a person can read in Finnish Excel, and the trainer's report can read.

Every file a student's page writes lands in the page's folder (``build/classroom/harjoitukset``
in the classroom) and is named after the student (the name as typed, plus the page's short
id in the classroom: ``Anna_3f9a2c``).  CSV files are written for Finnish Excel: semicolon
separators, UTF-8 with a byte-order mark, Finnish headers, *kyllä/ei*, decimal commas, and
formula-like text neutralised (:func:`coachkit.formats.csv.safe_cell`).

=====================================  =====================================================
file                                   columns
=====================================  =====================================================
``koodaus_<opiskelija>.csv``           the coding contract ``segment_id, coder, code`` (every
                                       kit command reads it) and ``Koodin nimi``
``vastaukset_<harjoitus>_<opisk>.csv`` :data:`ANSWER_COLUMNS`: one row per task of the
                                       exercise (every task, answered or not) and one per
                                       reflection (*Tehtävä* = ``Pohdinta``)
``viikko_<opiskelija>.csv``            ``Aihe, Käyntejä, Työllistymiseen liittyvä`` (the week
                                       form of exercise 6; ``coachkit tasks summary`` reads it)
``ips25_<opiskelija>.csv``             ``Väittämä, Pisteet`` (the IPS-25 form)
``.tila_<harjoitus>_<opisk>.json``     the forms' values, so a reloaded page gets them back
=====================================  =====================================================

*Tulos* is one of :data:`RESULT_WORDS`: *Oikein*, *Ei vielä*, *Väärää muotoa*, *ei
tarkistettu* (answered, the answer not checked since it was changed) or *ei vastattu*.
"""

from __future__ import annotations

import datetime as dt
import json
import numbers
from pathlib import Path

import pandas as pd

from ..i18n import DEFAULT_LANG, format_number, format_percent, t

#: the classroom's folder: its apps and every file students save there (``coachkit classroom``
#: serves it, ``coachkit class report`` reads it)
DEFAULT_FOLDER = "build/classroom"

__all__ = ["ANSWER_COLUMNS", "RESULT_WORDS", "REFLECTION", "answer_text", "answer_table",
           "finnish_time", "student_csv", "answers_path", "state_path", "coding_path",
           "read_answers", "write_state", "read_state", "download_link"]

#: the answer file's columns, in order
ANSWER_COLUMNS = ("Opiskelija", "Harjoitus", "Tehtävä", "Otsikko", "Vastaus", "Tulos", "Aika")
#: result → the words in the answer file (feedback statuses of :mod:`.tasks`, plus two)
RESULT_WORDS = {"correct": "Oikein", "not_yet": "Ei vielä", "wrong_type": "Väärää muotoa",
                "unchecked": "ei tarkistettu", "unanswered": "ei vastattu"}
#: *Tehtävä* of a reflection row
REFLECTION = "Pohdinta"
#: the coding file's column with the code's Finnish name (beside the contract's columns)
CODE_NAME = "Koodin nimi"


def student_csv(df: pd.DataFrame) -> bytes:
    """``df`` as CSV for Finnish Excel: ``;``, UTF-8 with BOM, formula-like text neutralised."""
    from ..formats.csv import csv_bytes

    return csv_bytes(df, sep=";", bom=True)


def finnish_time(when: dt.datetime | None = None) -> str:
    """A time the Finnish way.

    >>> finnish_time(dt.datetime(2026, 12, 5, 9, 7))
    '5.12.2026 klo 9.07'
    """
    when = when or dt.datetime.now()
    return f"{when.day}.{when.month}.{when.year} klo {when.hour}.{when.minute:02d}"


def coding_path(folder, student_key: str) -> Path:
    return Path(folder) / f"koodaus_{student_key}.csv"


def answers_path(folder, exercise: str, student_key: str) -> Path:
    return Path(folder) / f"vastaukset_{exercise}_{student_key}.csv"


def state_path(folder, exercise: str, student_key: str) -> Path:
    return Path(folder) / f".tila_{exercise}_{student_key}.json"


# --- answers in words ------------------------------------------------------------------------------

def _lines(pairs) -> str:
    return "\n".join(f"{k}: {v}" for k, v in pairs)


def _hours(value) -> str:
    return f"{format_number(round(float(value), 2), DEFAULT_LANG)} h"


def answer_text(task: str, value) -> str:
    """An answer as the student saw it on the form: Finnish names, decimal commas.

    >>> answer_text("6c", 152), answer_text("4a", "0,25"), answer_text("1b", 0.5)
    ('152', '0,25', '0,5')
    >>> print(answer_text("7c", {17, 14, 15}))
    14. Arviointi työssä
    15. Nopea työnhaku
    17. Työnantajakontaktien määrä
    >>> answer_text("6c", None)
    ''
    """
    from .tasks import TASKS

    if value is None:
        return ""
    kind = TASKS[task].form.kind if task in TASKS else "number"
    try:
        return _KIND_TEXT.get(kind, _plain)(task, value)
    except (TypeError, ValueError, KeyError, AttributeError):
        return _plain(task, value)  # an answer typed in code may have any shape


def _plain(task, value) -> str:
    if isinstance(value, bool):
        return "kyllä" if value else "ei"
    if isinstance(value, numbers.Real):
        return format_number(value, DEFAULT_LANG)
    if isinstance(value, set | frozenset):
        return ", ".join(sorted(_plain(task, v) for v in value))
    if isinstance(value, list | tuple):
        return ", ".join(_plain(task, v) for v in value)
    if isinstance(value, dict):
        return _lines((k, _plain(task, v)) for k, v in value.items())
    return str(value)


def _coding_text(task, value) -> str:
    from ..datasets import load_dataset
    from .tasks import code_names

    names = code_names()
    segments = load_dataset("exercise_reference")["segment_id"].tolist()
    return _lines((s, names.get(c, c) if c else "–") for s, c in zip(segments, value, strict=False))


def _stars_text(task, value) -> str:
    from ..reference.codebook import Codebook

    names = Codebook.load().names("goal", "fi")
    return _lines((names.get(g, g), "–" if n is None else f"{n} ★") for g, n in value.items())


def _design_text(task, value) -> str:
    share = format_percent(float(value["share"]), DEFAULT_LANG, 0)
    return (f"Motivaation perusteella täytettävät paikat: {share}"
            f"\nValmentajatyö: {format_number(float(value['coach_fte']), DEFAULT_LANG)} henkilötyövuotta")


def _items_text(task, value) -> str:
    from ..datasets import load_dataset

    items = load_dataset("ips25_items")
    names = dict(zip(items["item"].astype(int), items["name_fi"], strict=True))
    return "\n".join(f"{i}. {names.get(int(i), '')}".rstrip() for i in sorted(value, key=int))


def _areas_text(task, value) -> str:
    return _lines((k, t(f"value.area.{a}", DEFAULT_LANG, default=a or "–")) for k, a in value.items())


def _plan_text(task, value) -> str:
    """A plan as a small table: one line per phase and activity with hours, and the total."""
    from ..models.planning import activities, phases

    ph = dict(zip(phases()["phase_id"], phases()["name_fi"], strict=True))
    act = dict(zip(activities()["activity_id"], activities()["name_fi"], strict=True))
    rows, total = [], 0.0
    for key, hours in value.items():
        phase, activity = key.split("|") if isinstance(key, str) else key
        if float(hours) > 0:
            rows.append((f"{ph.get(phase, phase)} – {act.get(activity, activity)}", _hours(hours)))
            total += float(hours)
    return _lines([*rows, ("Yhteensä", _hours(total))])


_KIND_TEXT = {"coding": _coding_text, "stars": _stars_text, "design": _design_text,
              "topics": lambda task, v: "\n".join(sorted(v)), "items": _items_text,
              "areas": _areas_text, "plan": _plan_text,
              "share": lambda task, v: (str(v).strip() if isinstance(v, str)
                                        else format_number(v, DEFAULT_LANG))}


def answer_table(exercise: str, student: str, answers: dict, reflections: dict) -> pd.DataFrame:
    """The answer file's table: every task of ``exercise``, then the reflections.

    ``answers``: task → ``(value, result, time)`` where ``result`` is a key of
    :data:`RESULT_WORDS` and ``time`` a :func:`finnish_time` (or ``""``); tasks missing from
    it are listed as not answered.  ``reflections``: question → text.
    """
    from .tasks import TASKS

    rows = []
    for task in (key for key, rec in TASKS.items() if rec.exercise == exercise):
        value, result, when = answers.get(task, (None, "unanswered", ""))
        rows.append((student, exercise, task, TASKS[task].title, answer_text(task, value),
                     RESULT_WORDS[result], when))
    for question, text in reflections.items():
        rows.append((student, exercise, REFLECTION, question, text.strip(), "", ""))
    return pd.DataFrame(rows, columns=list(ANSWER_COLUMNS))


def read_answers(path) -> pd.DataFrame:
    """An answer file back as a table (``InputError``: file, row, column of what is wrong)."""
    from ..checks import InputError, require_nonblank
    from ..formats import read_table

    df = read_table(path, required=ANSWER_COLUMNS)
    df[list(ANSWER_COLUMNS)] = df[list(ANSWER_COLUMNS)].fillna("").astype(str)
    require_nonblank(df, ("Harjoitus", "Tehtävä"))
    words = {w.casefold(): k for k, w in RESULT_WORDS.items()}
    result = df["Tulos"].astype(str).str.strip().str.casefold()
    bad = (df["Tehtävä"] != REFLECTION) & ~result.isin(words)
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0])
        raise InputError(f"'{df['Tulos'].iloc[row]}' is not a result; expected one of "
                         + ", ".join(RESULT_WORDS.values()), file=path, row=row + 2,
                         column="Tulos")
    df["result"] = result.map(words).fillna("")
    # the student's words as typed: the "'" that kept a formula from running is not theirs
    df["Vastaus"] = [_unquoted(v) for v in df["Vastaus"].astype(str)]
    return df


def _unquoted(text: str) -> str:
    """A cell as the student typed it, without the ``'`` the writer put before a formula.

    >>> _unquoted("'=1+1"), _unquoted("'kissa"), _unquoted("0,5")
    ('=1+1', "'kissa", '0,5')
    """
    from ..formats.csv import FORMULA_START, safe_cell

    if text.startswith("'") and text[1:].startswith(FORMULA_START) and safe_cell(text[1:]) == text:
        return text[1:]
    return text


# --- the forms' values, for a reloaded page -------------------------------------------------------

def write_state(path, state: dict) -> Path:
    """Save the forms' values (JSON) atomically."""
    from ..formats import write_atomic

    return write_atomic(path, json.dumps(state, ensure_ascii=False, default=str).encode("utf-8"))


def read_state(path) -> dict | None:
    """Saved form values, or None when there are none (or the file is damaged)."""
    try:
        state = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) else None


def download_link(path, *, words: str | None = None, lang: str = DEFAULT_LANG) -> str:
    """An HTML link that downloads the saved file from the page itself (a data URI); its
    words default to ``teaching.save.download`` in ``lang``.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "viikko_Anna.csv"; _ = p.write_bytes(b"a;b")
    >>> download_link(p)
    '<a download="viikko_Anna.csv" href="data:text/csv;base64,YTti" ...'
    """
    import base64
    import html

    path = Path(path)
    words = t("teaching.save.download", lang) if words is None else words
    kind = "text/csv" if path.suffix == ".csv" else "application/octet-stream"
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return (f'<a download="{html.escape(path.name)}" href="data:{kind};base64,{data}" '
            f'style="font-weight:bold" target="_blank">{html.escape(words)} '
            f"({html.escape(path.name)})</a>")
