"""The trainer's class report: what the whole class saved, pooled — and where the class splits.

:func:`class_report` reads every file students saved under a folder (the classroom's
``build/classroom`` by default; the formats are in :mod:`coachkit.teaching.saved`):

* every coding ``koodaus_*.csv`` (the coding contract ``segment_id, coder, code``; one file is
  one student, the student being the file's name after ``koodaus_``; several copies of one
  student's file → the latest), pooled with **every student a coder**:

  - Krippendorff's α (nominal) over the class, with a bootstrap interval
    (:func:`coachkit.analyses.agreement.agreement`);
  - for each excerpt the codes chosen (counts) and the share of student pairs who chose the
    same code,

    .. math:: \\text{agreement}_u = \\frac{\\sum_c n_{uc}(n_{uc}-1)}{m_u(m_u-1)}

    (:math:`n_{uc}` students chose code *c* for excerpt *u*, :math:`m_u` coded it), every excerpt
    listed, least agreement first, with the reference coding of exercise 1 beside it;
  - the pairs of codes the class confuses most: for codes *a* ≠ *b*, the pairs of students of
    whom one chose *a* and the other *b* for the same excerpt, summed over the excerpts;

* every answer file ``vastaukset_<harjoitus>_<opiskelija>.csv``: per exercise who saved and
  when; per task how many answered, right, *Ei vielä*, not tried, and the commonest wrong
  answers as the students wrote them; the reflections side by side.

A file that cannot be read is skipped with one note line (file, row, column); the rest of the
class is still reported.  :func:`report_html` renders the report for a projector,
:func:`write_workbook` writes it as one Excel workbook, ``coachkit class report`` does both
from the command line.

>>> import tempfile, pathlib
>>> from coachkit.teaching.forms import save_coding
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = save_coding({"H1-01": "asiantuntijuus", "H1-02": "prosessi"}, "Anna", folder)
>>> _ = save_coding({"H1-01": "asiantuntijuus", "H1-02": "suunnitelmallisuus"}, "Ville", folder)
>>> r = class_report(folder).to_dict()
>>> r["coding"]["students"], [(d["segment_id"], d["agreement"]) for d in r["coding"]["disputed"]]
(2, [('H1-02', 0.0), ('H1-01', 1.0)])
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import html
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import pandas as pd

from ..checks import check_argument
from ..display.tables import format_count, interval_label
from ..errors import InputError
from ..i18n import format_number, format_percent, t
from .saved import DEFAULT_FOLDER, REFLECTION, finnish_time, read_answers

__all__ = ["ClassReport", "class_report", "report_html", "report_page", "write_workbook",
           "workbook_data", "pooled_coding_csv", "report_text"]

#: bootstrap resamples for the class's α interval
N_BOOT = 1000
#: level of the class's α interval (its labels name it: "95 %:n väli")
CONFIDENCE = 0.95
#: wrong answers and confused code pairs listed
TOP = 5

#: the report's words: catalogue keys ``teaching.report.<name>``
_WORD_NAMES = ("agreement", "alpha", "answer", "answered", "code_name", "codes", "coding", "confused",
                "disputed", "disputed_line", "excerpt", "excerpts", "excerpts_column",
                "exercise", "in", "legend", "no_answers", "nobody", "none",
                "not_tried", "not_yet", "notes", "one_excerpt", "one_pair", "one_student",
                "pairs", "pooled", "reference", "reflections", "result", "right", "right_count",
                "saved", "student", "students", "students_column", "task", "tasks", "text",
                "time", "title", "unchecked", "undefined", "weeks", "wrong")


def _words(lang: str) -> dict:
    """The report's words in ``lang`` by name (from the catalogue)."""
    return {name: t(f"teaching.report.{name}", lang) for name in _WORD_NAMES}


@dataclass
class ClassReport:
    """What a class saved, pooled.  See :func:`class_report`.

    Attributes
    ----------
    codings : DataFrame
        The pooled coding: ``segment_id, coder, code, student`` (``coder`` is the student's
        key, unique per file; ``student`` the name shown).
    coding : dict
        ``students, excerpts, alpha, alpha_ci, disputed, confused`` (see :meth:`to_dict`).
    answers : DataFrame
        Every answer row read: the answer file's columns plus ``result``, ``student_key``,
        ``saved`` (the file's time).
    notes : list of str
        One line per file skipped.
    """

    folder: Path
    codings: pd.DataFrame
    coding: dict
    answers: pd.DataFrame
    notes: list = field(default_factory=list)
    lang: str = "fi"
    weeks: pd.DataFrame | None = None

    # -- per task and per exercise --------------------------------------------------------------
    def tasks(self) -> dict:
        """task → ``answered, right, not_yet, wrong_type, unchecked, not_tried, students,
        wrong_answers`` (``[[answer as written, count], …]``, commonest first)."""
        from .tasks import TASKS

        out = {}
        rows = self.answers[self.answers["Tehtävä"] != REFLECTION] if len(self.answers) else None
        for task, rec in TASKS.items():
            mine = rows[rows["Tehtävä"] == task] if rows is not None else pd.DataFrame()
            counts = Counter(mine["result"]) if len(mine) else Counter()
            students = self.students(rec.exercise)
            wrong = Counter(a.strip() for a, r in zip(mine.get("Vastaus", []), mine.get("result", []),
                                                      strict=True)
                            if r in ("not_yet", "wrong_type") and a.strip())
            answered = sum(counts[k] for k in ("correct", "not_yet", "wrong_type", "unchecked"))
            out[task] = {"title": rec.title, "exercise": rec.exercise, "students": len(students),
                         "answered": answered, "right": counts["correct"],
                         "not_yet": counts["not_yet"], "wrong_type": counts["wrong_type"],
                         "unchecked": counts["unchecked"],
                         "not_tried": len(students) - answered,
                         "wrong_answers": [[a, n] for a, n in wrong.most_common(TOP)]}
        return out

    def students(self, exercise: str) -> list:
        """Students (names shown) who saved answers for ``exercise`` — and, for exercise 1,
        a coding — in the order they first saved."""
        names = []
        if len(self.answers):
            mine = self.answers[self.answers["Harjoitus"] == exercise].sort_values("_mtime")
            names += list(dict.fromkeys(mine["student"]))
        if exercise.startswith("01") and len(self.codings):
            names += [s for s in dict.fromkeys(self.codings["student"]) if s not in names]
        return names

    def exercises(self) -> dict:
        """exercise → ``saved`` (students with a file), ``students`` (names), and the table
        with a row per student (:meth:`exercise_table`)."""
        from .tasks import TASKS

        names = list(dict.fromkeys(rec.exercise for rec in TASKS.values()))
        if len(self.answers):
            names += [e for e in dict.fromkeys(self.answers["Harjoitus"]) if e not in names]
        out = {}
        for ex in names:
            students = self.students(ex)
            if students:
                out[ex] = {"saved": len(students), "students": students}
        return out

    def exercise_table(self, exercise: str) -> pd.DataFrame:
        """A row per student: when saved, how many right, each task's answer and result, the
        reflections (Finnish headers)."""
        w = _words(self.lang)
        rows = self.answers[self.answers["Harjoitus"] == exercise] if len(self.answers) else \
            self.answers
        table = []
        for _key, mine in rows.groupby("student_key", sort=False):
            row = {w["student"]: mine["student"].iloc[0], w["time"]: mine["saved"].iloc[0],
                   w["right_count"]: int((mine["result"] == "correct").sum())}
            for r in mine.itertuples(index=False):
                if r.Tehtävä == REFLECTION:
                    row[f"{REFLECTION}: {r.Otsikko}"] = r.Vastaus
                else:
                    row[f"{r.Tehtävä} {w['answer']}"] = r.Vastaus
                    row[f"{r.Tehtävä} {w['result']}"] = r.Tulos
            table.append(row)
        return pd.DataFrame(table)

    def reflections(self) -> dict:
        """exercise → question → ``[(student, text), …]`` (empty texts left out)."""
        out: dict = {}
        if not len(self.answers):
            return out
        rows = self.answers[(self.answers["Tehtävä"] == REFLECTION)
                            & (self.answers["Vastaus"].str.strip() != "")]
        for r in rows.itertuples(index=False):
            out.setdefault(r.Harjoitus, {}).setdefault(r.Otsikko, []).append((r.student, r.Vastaus))
        return out

    def to_dict(self) -> dict:
        """JSON-ready: ``coding`` (``students, excerpts, alpha, alpha_ci, disputed, confused,
        student_names``), ``tasks``, ``exercises``, ``reflections``, ``notes``."""
        return {"folder": str(self.folder), "coding": self.coding, "tasks": self.tasks(),
                "exercises": self.exercises(),
                "reflections": {ex: {q: [{"student": s, "text": t} for s, t in items]
                                     for q, items in qs.items()}
                                for ex, qs in self.reflections().items()},
                "notes": list(self.notes)}


# --- reading ---------------------------------------------------------------------------------------

def _files(folder: Path, pattern: str) -> list:
    """Files matching ``pattern`` under ``folder`` (hidden folders and temporary files skipped)."""
    return sorted(p for p in folder.rglob(pattern)
                  if p.is_file() and not any(part.startswith(".") for part in
                                             p.relative_to(folder).parts))


def _latest(paths, key) -> dict:
    """key → the most recently written of the paths with that key."""
    out: dict = {}
    for p in sorted(paths, key=lambda p: p.stat().st_mtime):
        out[key(p)] = p
    return out


def _saved_time(path: Path) -> str:
    return finnish_time(dt.datetime.fromtimestamp(path.stat().st_mtime))


def _name_of_key(key: str) -> str:
    """The name in a file's student key, without the visit's id (and a name's digest).

    >>> _name_of_key("Oskari_93378e"), _name_of_key("Anna_K_49ef2b_3f9a2c"), _name_of_key("Anna")
    ('Oskari', 'Anna K', 'Anna')
    """
    import re

    return re.sub(r"(_[0-9a-f]{6})+$", "", key).replace("_", " ") or key


def _shown_names(keys_names: dict) -> dict:
    """student key → the name shown: the name typed, numbered where two share a name.

    >>> _shown_names({"Anna_81b0de": "Anna", "Ville_0a1b2c": "Ville", "Anna_f00d42": "Anna"})
    {'Anna_81b0de': 'Anna (1)', 'Ville_0a1b2c': 'Ville', 'Anna_f00d42': 'Anna (2)'}
    """
    counts, seen = Counter(keys_names.values()), Counter()
    out = {}
    for k, n in keys_names.items():
        seen[n] += 1
        out[k] = n if counts[n] == 1 else f"{n} ({seen[n]})"
    return out


#: (file, its time and size) → what reading it gave (a table or the error line): a class's
#: trainer page asks every few seconds, and only the files saved since are read again
_READ: dict = {}


def _read_once(path: Path, label: str, reader):
    """``reader(path, label)`` for a file not read since it last changed; InputError as before."""
    st = path.stat()
    key = (str(path), st.st_mtime_ns, st.st_size, label, reader.__name__)
    if key not in _READ:
        if len(_READ) > 5000:
            _READ.clear()
        try:
            _READ[key] = reader(path, label)
        except InputError as exc:
            _READ[key] = exc
    result = _READ[key]
    if isinstance(result, InputError):
        raise result
    return result


def _coding_file(path: Path, label: str) -> pd.DataFrame:
    """One student's coding (``segment_id, coder, code``, one coder, each excerpt once)."""
    from ..checks import require_nonblank, require_unique
    from ..formats import read_table

    df = read_table(path, required=("segment_id", "coder", "code"), name=label)
    for col in ("segment_id", "coder", "code"):
        df[col] = df[col].astype(str).str.strip()
    require_nonblank(df, ("segment_id", "coder", "code"))
    require_unique(df, ["segment_id"], "segment_id")
    coders = list(dict.fromkeys(df["coder"]))
    if len(coders) > 1:
        raise InputError(f"{len(coders)} coders ({', '.join(coders[:3])}); expected one "
                         "student's coding per file", file=label, row=2, column="coder")
    return df[["segment_id", "coder", "code"]]


def _answer_file(path: Path, label: str) -> pd.DataFrame:
    try:
        return read_answers(path)
    except InputError as exc:
        raise InputError(exc.detail, file=label, row=exc.row, column=exc.column) from None


def _week_file(path: Path, label: str) -> pd.DataFrame:
    from ..analyses.tasks import read_task_table

    return read_task_table(path, name=label)


def _read_codings(folder: Path, notes: list) -> pd.DataFrame:
    frames = []
    files = _latest(_files(folder, "koodaus_*.csv"), lambda p: p.stem[len("koodaus_"):])
    for key, path in files.items():
        try:
            df = _read_once(path, str(path.relative_to(folder)), _coding_file)
        except InputError as exc:
            notes.append(str(exc))
            continue
        frames.append(pd.DataFrame({"segment_id": df["segment_id"], "coder": key,
                                    "code": df["code"], "student": df["coder"].iloc[0]}))
    if not frames:
        return pd.DataFrame(columns=["segment_id", "coder", "code", "student"])
    return pd.concat(frames, ignore_index=True)


def _read_answers(folder: Path, notes: list) -> pd.DataFrame:
    frames = []
    for path in sorted(_files(folder, "vastaukset_*.csv"), key=lambda p: p.stat().st_mtime):
        label = str(path.relative_to(folder))
        try:
            df = _read_once(path, label, _answer_file)
        except InputError as exc:
            notes.append(str(exc))
            continue
        exercise = str(df["Harjoitus"].iloc[0]).strip()
        prefix = f"vastaukset_{exercise}_"
        key = path.stem[len(prefix):] if path.stem.startswith(prefix) else path.stem
        frames.append(df.assign(student_key=key, saved=_saved_time(path), _mtime=path.stat().st_mtime,
                                _file=label, student=str(df["Opiskelija"].iloc[0]).strip() or key))
    if not frames:
        return pd.DataFrame(columns=[*_ANSWER_FRAME])
    out = pd.concat(frames, ignore_index=True)
    # several files of one student for one exercise (copied folders): the latest
    latest = out.groupby(["student_key", "Harjoitus"])["_mtime"].transform("max")
    return out[out["_mtime"] == latest].reset_index(drop=True)


def _read_weeks(folder: Path, notes: list) -> pd.DataFrame:
    """Every student's week (exercise 6's form, ``viikko_*.csv``), one table, Finnish headers."""
    from ..display.tables import display_frame

    frames = []
    for key, path in _latest(_files(folder, "viikko_*.csv"), lambda p: p.stem[len("viikko_"):]).items():
        try:
            week = _read_once(path, str(path.relative_to(folder)), _week_file)
        except InputError as exc:
            notes.append(str(exc))
            continue
        shown = display_frame(week[["topic", "visits", "employment_related"]])
        # the visits stay numbers, so a workbook can sum them
        shown[shown.columns[1]] = [int(v) for v in week["visits"]]
        shown.insert(0, "student_key", key)
        frames.append(shown)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


_ANSWER_FRAME = ("Opiskelija", "Harjoitus", "Tehtävä", "Otsikko", "Vastaus", "Tulos", "Aika",
                 "result", "student_key", "saved", "_mtime", "_file", "student")


def pair_agreement(counts) -> float | None:
    """Share of pairs of students who chose the same code, from the counts of each code.

    >>> pair_agreement([3, 1]), pair_agreement([2, 2]), pair_agreement([1])
    (0.5, 0.3333333333333333, None)
    """
    counts = [int(c) for c in counts]
    m = sum(counts)
    if m < 2:
        return None
    return sum(c * (c - 1) for c in counts) / (m * (m - 1))


def _pooled(codings: pd.DataFrame, *, n_boot: int, seed: int) -> dict:
    from ..analyses.agreement import agreement
    from ..datasets import load_dataset
    from .tasks import code_names

    names = code_names()
    ref = load_dataset("exercise_reference")
    reference = dict(zip(ref["segment_id"], ref["reference_code"], strict=True))
    texts = dict(zip(load_dataset("exercise_excerpts")["segment_id"],
                     load_dataset("exercise_excerpts")["text"], strict=True))
    students = list(dict.fromkeys(codings["coder"]))
    out = {"students": len(students), "student_names": list(dict.fromkeys(codings["student"])),
           "excerpts": int(codings["segment_id"].nunique()), "alpha": None,
           "alpha_ci": [None, None], "alpha_interpretation": None, "disputed": [],
           "confused": [], "code_names": {}}
    if codings.empty:
        return out
    if len(students) >= 2 and (codings.groupby("segment_id")["coder"].nunique() >= 2).any():
        res = agreement(codings[["segment_id", "coder", "code"]], n_boot=n_boot,
                        random_state=seed, confidence=CONFIDENCE)
        a = res.overall.set_index("metric").loc["krippendorff_alpha"]
        finite = [None if v != v else float(v) for v in (a["estimate"], a["ci_low"], a["ci_high"])]
        out["alpha"], out["alpha_ci"] = finite[0], finite[1:]
        out["alpha_interpretation"] = a["interpretation"]
    disputed, confused, where_ = [], Counter(), {}
    for seg, group in codings.groupby("segment_id", sort=False):
        counts = group["code"].value_counts()
        counts = counts.sort_index().sort_values(ascending=False, kind="stable")
        ref_code = reference.get(seg)
        disputed.append({"segment_id": seg, "codes": {c: int(n) for c, n in counts.items()},
                         "agreement": pair_agreement(counts.to_numpy()),
                         "n": int(counts.sum()), "text": texts.get(seg, ""),
                         "reference": ref_code,
                         "reference_share": (float(counts.get(ref_code, 0) / counts.sum())
                                             if ref_code else None)})
        for (a, na), (b, nb) in combinations(sorted(counts.items()), 2):
            confused[(a, b)] += int(na) * int(nb)
            where_.setdefault((a, b), []).append(seg)
    disputed.sort(key=lambda d: (d["agreement"] is None,
                                 d["agreement"] if d["agreement"] is not None else 0,
                                 d["segment_id"]))
    out["disputed"] = disputed
    out["confused"] = [{"codes": list(pair), "pairs": n, "segments": where_[pair]}
                       for pair, n in sorted(confused.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]]
    used = set(codings["code"]) | {d["reference"] for d in disputed if d["reference"]}
    out["code_names"] = {c: names.get(c, c) for c in sorted(used)}
    return out


def class_report(folder=None, *, lang: str = "fi", n_boot: int = N_BOOT,
                 seed: int = 0) -> ClassReport:
    """Read everything students saved under ``folder`` and pool it (see the module docstring).

    Parameters
    ----------
    folder : path, optional
        The classroom's folder (default ``build/classroom``); searched with its subfolders.
    lang : {"fi", "en"}
        Language of the tables and pages made from the report.
    n_boot, seed : int
        Bootstrap resamples and seed of α's interval.

    Returns
    -------
    ClassReport
    """
    check_argument("lang", ["fi", "en"], lang)
    folder = Path(DEFAULT_FOLDER if folder is None else folder)
    if not folder.is_dir():
        what = "not a folder" if folder.exists() else "no such folder"
        raise InputError(f"{what}; expected the classroom's folder (coachkit classroom --dir)",
                         file=folder)
    # the trainer's page asks every few seconds: nothing saved since → the same report
    files = [*_files(folder, "koodaus_*.csv"), *_files(folder, "vastaukset_*.csv"),
             *_files(folder, "viikko_*.csv")]
    signature = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    key = (str(folder.resolve()), lang, n_boot, seed)
    cached = _LAST.get(key)
    if cached is not None and cached[0] == signature:
        return cached[1]
    notes: list = []
    codings = _read_codings(folder, notes)
    answers = _read_answers(folder, notes)
    weeks = _read_weeks(folder, notes)
    # one name per student (key) across codings, answers and weeks; namesakes numbered, no ids
    names = {**dict(zip(codings["coder"], codings["student"], strict=True)),
             **dict(zip(answers["student_key"], answers["student"], strict=True))}
    for key in dict.fromkeys(weeks.get("student_key", [])):  # a week file has no name column
        names.setdefault(key, _name_of_key(key))
    shown = _shown_names(names)
    codings["student"] = codings["coder"].map(shown)
    answers["student"] = answers["student_key"].map(shown)
    if len(weeks):
        weeks.insert(0, _words("fi")["student"], weeks.pop("student_key").map(shown))
    pooled_key = (tuple(map(tuple, codings[["segment_id", "coder", "code", "student"]]
                            .itertuples(index=False))), n_boot, seed)
    if _POOLED.get("key") != pooled_key:  # α's bootstrap again only when a coding changed
        _POOLED.update(key=pooled_key, value=_pooled(codings, n_boot=n_boot, seed=seed))
    report = ClassReport(folder=folder, codings=codings,
                         coding=copy.deepcopy(_POOLED["value"]), answers=answers,
                         notes=notes, lang=lang, weeks=weeks)
    _LAST.clear()
    _LAST[key] = (signature, report)
    return report


#: the last report made, with the files it was made from (see :func:`class_report`)
_LAST: dict = {}
#: the last pooled coding computed, with what it was computed from
_POOLED: dict = {}


# --- showing -----------------------------------------------------------------------------------

def _esc(value) -> str:
    return html.escape(str(value))


@functools.lru_cache(maxsize=32)
def exercise_title(exercise: str) -> str:
    """An exercise's title as its page shows it (``Harjoitus 1: Koodaa itse ja vertaa``).

    >>> exercise_title("01_koodaus")
    'Harjoitus 1: Koodaa itse ja vertaa'
    >>> exercise_title("99_muu")
    '99_muu'
    """
    import json

    from .exercises import exercises_dir

    path = exercises_dir() / f"{exercise}.ipynb"
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        return exercise
    for cell in cells:
        source = "".join(cell.get("source", ""))
        if cell.get("cell_type") == "markdown" and source.startswith("# "):
            return source.splitlines()[0][2:].strip()
    return exercise


def _code_names(coding: dict, lang: str) -> dict:
    """Code id → its name in ``lang`` (ids outside the codebook as they are)."""
    if lang == "fi":
        return coding.get("code_names", {})
    from ..display.tables import _id_names

    english = _id_names((("values", "code_id"),), lang)
    return {c: english.get(c, c) for c in coding.get("code_names", {})}


def _alpha_line(c: dict, lang: str) -> str:
    from ..analyses.agreement import band_label

    w = _words(lang)
    if c["alpha"] is None:
        return f"{w['alpha']}: {w['undefined']}"
    lo, hi = c["alpha_ci"]
    named = t("teaching.report.interval", lang, format_percent(CONFIDENCE, lang, 0))
    interval = (f" ({named} {format_number(lo, lang, 2)}–{format_number(hi, lang, 2)})"
                if lo is not None and hi is not None else "")
    verdict = band_label(c["alpha_interpretation"], lang) if c["alpha_interpretation"] else ""
    return (f"{w['alpha']} = {format_number(c['alpha'], lang, 2)}{interval}"
            + (f" – {verdict}" if verdict else ""))


def _counts_line(c: dict, lang: str) -> str:
    """'3 opiskelijaa, 12 katkelmaa' (and '1 opiskelija' for one)."""
    w = _words(lang)
    return (f"{_students(c['students'], lang)}, "
            f"{format_count(c['excerpts'], w['one_excerpt'], w['excerpts'], lang)}")


def _students(n: int, lang: str) -> str:
    """How many students wrote an answer: '1 opiskelija', '3 opiskelijaa'.

    >>> _students(1, "fi"), _students(3, "fi"), _students(1, "en")
    ('1 opiskelija', '3 opiskelijaa', '1 student')
    """
    w = _words(lang)
    return format_count(n, w["one_student"], w["students"], lang)


def _agreement_words(value, lang) -> str:
    return "–" if value is None else format_percent(value, lang, 0)


def report_html(report: ClassReport, lang: str | None = None) -> str:
    """The report as an HTML fragment for the trainer's page and a projector (1280×800).

    Large type; the pooled coding first (α and its interval, then every excerpt, most disputed
    first, with the codes chosen by name, the share of agreeing pairs and the reference code),
    the codes confused most, then each exercise's tasks and reflections.  Every value from a
    student's file is escaped.
    """
    lang = lang or report.lang
    check_argument("lang", ["fi", "en"], lang)
    w = _words(lang)
    c = report.coding
    names = _code_names(c, lang)
    parts = [f'<div class="coachkit-report" lang="{lang}" style="font-family:sans-serif;'
             'font-size:22px;line-height:1.35;max-width:1260px">',
             "<style>.coachkit-report table{border-collapse:collapse;width:100%}"
             ".coachkit-report td,.coachkit-report th{border-bottom:1px solid #ccc;"
             "padding:.25em .4em;text-align:left;vertical-align:top}"
             ".coachkit-report .track{display:inline-block;width:5em;height:.6em;"
             "background:#eee;border:1px solid #999}"
             ".coachkit-report .bar{display:block;height:100%;background:#2166ac}"
             ".coachkit-report .chip{display:inline-block;border:1px solid #bbb;"
             "border-radius:.3em;padding:0 .3em;margin:.1em 0}"
             ".coachkit-report .chip.ref{border:2px solid #1b7837}"
             ".coachkit-report h2{font-size:1.4em;margin:.6em 0 .2em}"
             ".coachkit-report .small{font-size:.8em;color:#444}</style>",
             f"<h2>{_esc(w['coding'])}</h2>"]
    if not c["students"]:
        parts.append(f"<p>{_esc(w['none'])}</p>")
    else:
        parts.append(f'<p style="font-size:1.3em" data-alpha="{_esc(c["alpha"])}"><b>'
                     f"{_esc(_alpha_line(c, lang))}</b><br><span class='small'>"
                     f"{_esc(_counts_line(c, lang))}</span></p>")
        parts.append(f"<p class='small'>{_esc(w['legend'])}</p>")
        parts.append(f"<table><tr><th>{_esc(w['excerpt'])}</th><th>{_esc(w['codes'])}</th>"
                     f"<th>{_esc(w['agreement'])}</th><th>{_esc(w['reference'])}</th></tr>")
        for d in c["disputed"]:
            ref = d["reference"]
            codes = " ".join(f'<span class="chip{" ref" if code == ref else ""}">'
                             f"{_esc(names.get(code, code))} <b>{n}</b></span>"
                             for code, n in d["codes"].items())
            share = d["agreement"]
            bar = ("" if share is None else
                   f'<br><span class="track"><span class="bar" '
                   f'style="width:{round(100 * share)}%"></span></span>')
            parts.append(f'<tr data-segment="{_esc(d["segment_id"])}"><td style="width:30%"><b>'
                         f'{_esc(d["segment_id"])}</b><br><span class="small">{_esc(d["text"])}'
                         f"</span></td><td>{codes}</td><td style='width:9em'><b>"
                         f"{_esc(_agreement_words(share, lang))}</b>{bar}</td>"
                         f"<td>{_esc(names.get(ref, ref) if ref else '–')}</td></tr>")
        parts.append("</table>")
        if c["confused"]:
            parts.append(f"<h2>{_esc(w['confused'])}</h2><ol>")
            for item in c["confused"]:
                a, b = (names.get(x, x) for x in item["codes"])
                pairs = format_count(item["pairs"], w["one_pair"], w["pairs"], lang)
                parts.append(f"<li>{_esc(a)} – {_esc(b)}: {_esc(pairs)} "
                             f"<span class='small'>({_esc(w['in'])} "
                             f"{_esc(', '.join(item['segments']))})</span></li>")
            parts.append("</ol>")
    parts.append(_tasks_html(report, lang))
    if report.notes:
        parts.append(f"<h2>{_esc(w['notes'])}</h2><ul class='small'>"
                     + "".join(f"<li>{_esc(n)}</li>" for n in report.notes) + "</ul>")
    parts.append("</div>")
    return "".join(parts)


def _tasks_html(report: ClassReport, lang: str) -> str:
    w = _words(lang)
    tasks = report.tasks()
    reflections = report.reflections()
    exercises = report.exercises()
    if not len(report.answers):
        return f"<h2>{_esc(w['tasks'])}</h2><p>{_esc(w['no_answers'])}</p>"
    parts = []
    for ex, info in exercises.items():
        mine = {t: s for t, s in tasks.items() if s["exercise"] == ex}
        parts.append(f"<h2>{_esc(exercise_title(ex))}</h2><p class='small'>"
                     f"{_esc(w['saved'])} ({info['saved']}): "
                     f"{_esc(', '.join(info['students']))}</p>")
        if mine:
            parts.append(f"<table><tr><th>{_esc(w['task'])}</th><th>{_esc(w['answered'])}</th>"
                         f"<th>{_esc(w['right'])}</th><th>{_esc(w['not_yet'])}</th>"
                         f"<th>{_esc(w['unchecked'])}</th><th>{_esc(w['not_tried'])}</th><th>{_esc(w['wrong'])}</th></tr>")
            for task, s in mine.items():
                wrong = "<br>".join(f"{_short(a)} <b>({_esc(_students(n, lang))})</b>"
                                    for a, n in s["wrong_answers"])
                parts.append(f'<tr data-task="{_esc(task)}"><td><b>{_esc(task)}</b> '
                             f"<span class='small'>{_esc(s['title'])}</span></td>"
                             f"<td>{s['answered']}</td><td>{s['right']}</td>"
                             f"<td>{s['not_yet'] + s['wrong_type']}</td><td>{s['unchecked']}</td>"
                             f"<td>{s['not_tried']}</td>"
                             f"<td class='small'>{wrong or '–'}</td></tr>")
            parts.append("</table>")
        for question, items in reflections.get(ex, {}).items():
            parts.append(f"<h3>{_esc(w['reflections'])}: {_esc(question)}</h3>"
                         "<div style='display:flex;flex-wrap:wrap;gap:.5em'>"
                         + "".join(f"<div style='flex:1 1 18em;border:1px solid #ccc;"
                                   f"padding:.4em'><b>{_esc(s)}</b><br>"
                                   f"{_esc(t).replace(chr(10), '<br>')}</div>"
                                   for s, t in items) + "</div>")
    return "".join(parts)


def _short(answer: str, lines: int = 3) -> str:
    """An answer for a table cell: escaped, at most ``lines`` lines (a whole coding is twelve).

    >>> _short("a\\nb\\nc\\nd\\ne", 2)
    'a<br>b<br>… (5)'
    """
    parts = answer.split("\n")
    shown = "<br>".join(_esc(p) for p in parts[:lines])
    return shown + (f"<br>… ({len(parts)})" if len(parts) > lines else "")


def report_page(report: ClassReport, lang: str | None = None) -> str:
    """A standalone HTML page around :func:`report_html` (for ``--html`` and handouts)."""
    lang = lang or report.lang
    title = _words(lang)["title"]
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{_esc(title)}</title></head><body><h1 style='font-family:sans-serif'>"
            f"{_esc(title)}</h1>{report_html(report, lang)}</body></html>\n")


def coding_table(report: ClassReport, lang: str | None = None, *,
                 shares: bool = False) -> pd.DataFrame:
    """The pooled coding as a table: a row per excerpt, most disputed first, a column per
    student (codes by name), the agreement and the reference.  The agreement is '33 %', or
    with ``shares`` the number 0.333 (for a workbook, shown there with :data:`PERCENT`)."""
    lang = lang or report.lang
    w = _words(lang)
    c = report.coding
    names = _code_names(c, lang)
    if report.codings.empty:
        return pd.DataFrame(columns=[w["excerpt"], w["text"], w["agreement"], w["reference"]])
    wide = report.codings.pivot(index="segment_id", columns="student", values="code")
    wide = wide[list(dict.fromkeys(report.codings["student"]))]  # students in the order read
    rows = []
    for d in c["disputed"]:
        row = {w["excerpt"]: d["segment_id"], w["text"]: d["text"],
               w["agreement"]: (_share(d["agreement"]) if shares
                                else _agreement_words(d["agreement"], lang)),
               w["reference"]: names.get(d["reference"], d["reference"] or "–")}
        for student in wide.columns:
            code = wide.at[d["segment_id"], student]
            row[student] = "–" if not isinstance(code, str) else names.get(code, code)
        rows.append(row)
    return pd.DataFrame(rows)


def _share(value) -> float | None:
    return None if value is None else round(float(value), 3)


#: Excel's number format for a share: 0.333 shown as '33 %' (the cell keeps the number)
PERCENT = "0 %"


def workbook_tables(report: ClassReport, lang: str | None = None) -> dict:
    """Sheet name → table: the pooled coding, then one sheet per exercise (a row per student)."""
    lang = lang or report.lang
    w = _words(lang)
    c = report.coding

    def number(x):  # a number cell (Excel shows it the reader's way), blank when undefined
        return None if x is None else round(float(x), 3)

    summary = pd.DataFrame({
        w["students_column"]: [c["students"]],
        w["excerpts_column"]: [c["excerpts"]],
        w["alpha"]: [number(c["alpha"])],
        interval_label("low", CONFIDENCE, lang): [number(c["alpha_ci"][0])],
        interval_label("high", CONFIDENCE, lang): [number(c["alpha_ci"][1])]})
    tables = {w["pooled"]: coding_table(report, lang, shares=True), "α": summary}
    for ex in report.exercises():
        table = report.exercise_table(ex)
        if len(table):
            tables[_sheet_name(ex, lang)] = table
    if report.weeks is not None and len(report.weeks):
        tables[f"{_sheet_name('06_viikko', lang)}, {w['weeks']}"] = \
            report.weeks
    return tables


def _sheet_name(exercise: str, lang: str = "fi") -> str:
    """An exercise's sheet: 'Harjoitus 1' for ``01_koodaus``; another name made valid and
    short (Excel: at most 31 characters, none of ``[]:*?/\\``).

    >>> _sheet_name("01_koodaus"), _sheet_name("09_valmennusvuosi", "en"), _sheet_name("x?/y")
    ('Harjoitus 1', 'Exercise 9', 'x__y')
    """
    number = re.match(r"(\d+)_", exercise)
    if number:
        return f"{_words(lang)['exercise']} {int(number.group(1))}"
    return re.sub(r"[\[\]:*?/\\]", "_", exercise)[:31]


def workbook_data(report: ClassReport) -> bytes:
    """The report as the bytes of one Excel workbook (see :func:`workbook_tables`).

    Text is written as text, never as a formula (:func:`coachkit.formats.xlsx.workbook_bytes`).
    """
    from ..formats.xlsx import workbook_bytes

    lang = report.lang
    return workbook_bytes(workbook_tables(report, lang),
                          number_formats={_words(lang)["pooled"]: {_words(lang)["agreement"]: PERCENT}})


def write_workbook(report: ClassReport, path, *, force: bool = False) -> Path:
    """Write the report as one Excel workbook (:func:`workbook_data`); an existing file is
    replaced only with ``force``."""
    from ..formats import write_atomic

    return write_atomic(path, workbook_data(report), force=force)


def pooled_coding_csv(report: ClassReport, lang: str | None = None) -> bytes:
    """The class's pooled coding as one CSV for Finnish Excel (``;``, UTF-8 with BOM).

    The coding contract ``segment_id, coder, code`` (``coder`` is the student's file key, one
    per student, so ``coachkit themes agreement`` reads the file as it is), then the student's
    name and the code's name.

    >>> import tempfile, pathlib
    >>> from coachkit.teaching.forms import save_coding
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = save_coding({"H1-01": "asiantuntijuus"}, "Anna", folder)
    >>> pooled_coding_csv(class_report(folder))[:3] == b"\\xef\\xbb\\xbf"  # the BOM
    True
    >>> for line in pooled_coding_csv(class_report(folder)).decode("utf-8-sig").splitlines():
    ...     print(line)
    segment_id;coder;code;Opiskelija;Koodin nimi
    H1-01;Anna;asiantuntijuus;Anna;Asiakas oman elämänsä asiantuntijana
    """
    from .saved import student_csv

    lang = lang or report.lang
    names = _code_names(report.coding, lang)
    df = report.codings[["segment_id", "coder", "code", "student"]].copy()
    w = _words(lang)
    df[w["code_name"]] = [names.get(c, c) for c in df["code"]]
    return student_csv(df.rename(columns={"student": w["student"]}))


def report_text(report: ClassReport, lang: str | None = None) -> str:
    """The report as plain text for a terminal (Finnish by default)."""
    lang = lang or report.lang
    w = _words(lang)
    c = report.coding
    names = _code_names(c, lang)
    lines = [w["coding"]]
    if not c["students"]:
        lines.append("  " + w["none"])
    else:
        lines.append(f"  {_counts_line(c, lang)}")
        lines.append("  " + _alpha_line(c, lang))
        lines.append(f"  {w['disputed_line']}:")
        for d in c["disputed"]:
            codes = ", ".join(f"{names.get(k, k)} {n}" for k, n in d["codes"].items())
            ref = names.get(d["reference"], d["reference"]) if d["reference"] else "–"
            lines.append(f"    {d['segment_id']}  {_agreement_words(d['agreement'], lang):>6}  "
                         f"{codes}  [{w['reference']}: {ref}]")
        if c["confused"]:
            lines.append(f"  {w['confused']}:")
            for item in c["confused"]:
                a, b = (names.get(x, x) for x in item["codes"])
                lines.append(f"    {a} – {b}: "
                             f"{format_count(item['pairs'], w['one_pair'], w['pairs'], lang)}")
    tasks = report.tasks()
    reflections = report.reflections()
    for ex, info in report.exercises().items():
        lines.append(exercise_title(ex))
        lines.append(f"  {w['saved']} ({info['saved']}): {', '.join(info['students'])}")
        for task, s in tasks.items():
            if s["exercise"] != ex:
                continue
            lines.append(f"  {task}: {w['answered'].lower()} {s['answered']}, "
                         f"{w['right'].lower()} {s['right']}, {w['not_yet'].lower()} "
                         f"{s['not_yet'] + s['wrong_type']}, {w['unchecked'].lower()} "
                         f"{s['unchecked']}, {w['not_tried'].lower()} "
                         f"{s['not_tried']}")
            for answer, n in s["wrong_answers"]:
                lines.append(f"      {answer.replace(chr(10), ' · ')} ({_students(n, lang)})")
        for question, items in reflections.get(ex, {}).items():  # under their exercise
            lines.append(f"  {w['reflections']}: {question}")
            lines += [f"    {student}: {text.replace(chr(10), ' ')}" for student, text in items]
    for note in report.notes:
        lines.append(f"{w['notes']}: {note}")
    return "\n".join(lines)
