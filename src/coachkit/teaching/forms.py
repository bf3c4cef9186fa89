"""Answer forms: every exercise task answered with mouse and keyboard, checked in Finnish.

``tehtava("2a")`` shows the task from its record (:mod:`coachkit.teaching.tasks`): the
question, the data or tool to use (:mod:`coachkit.teaching.tools`) and the answer form.
``lomake("2a")`` is the form alone: one that fits the task — a dropdown
of the codebook's Finnish names per excerpt, a 0–4 grid of stars per goal, number fields,
checkboxes — and a **Tarkista** button.  The feedback is the same as
:func:`~coachkit.teaching.exercises.tarkista` gives to the code path (correct / not yet
with a hint / not answered / wrong type); hints never give the answer away.

The coding task (1a) also saves the student's coding as a CSV in the coding contract
(``segment_id, coder, code``) so that two students can compare their codings
(:func:`vertailu`: κ, α and the excerpts they disagree on).  Reflection prompts
(:func:`~coachkit.teaching.exercises.pohdi`) get a text area, and :func:`tallennus` saves
every answer of the exercise as one table for the trainer (formats in
:mod:`coachkit.teaching.saved`): every task listed, the answer as the student saw it, the
result and the time.  Once the page knows the student's name (:func:`set_student`, or the
name typed in a form), every **Tarkista** and every reflection saves the table again, with
the forms' values beside it, and each save offers the student a download of their own copy.

A student is one *visit*, not one page: in the classroom the files are named after the name
and the visit's id (:func:`set_visit`, filled in by the name bar from the browser's session),
so a reload in the same browser writes to the same files and gets its answers back by itself;
in another browser the same name offers them with **Palauta vastaukset**
(:func:`restore_answers`).  Two students of the same name in two browsers keep their own files.

Each form is a :class:`Lomake`: tests set ``form.inputs[...]`` values, call
``form.check()`` (the same as pressing the button) and read ``form.feedback.value``.
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as w

from ..datasets import load_dataset
from ..display.pages import FORM_CLASS
from ..i18n import DEFAULT_LANG, t
from .student import (
    _NAME_BOXES,
    _ON_NAME,
    STUDENT,
    safe_name,
    set_student,
    student_key,
    student_name,
)
from .tasks import TASKS, Feedback, read_number, tarkista


def _t(key: str, *args) -> str:
    """The kit's words on the exercise pages: Finnish (the exercises are for Finnish classes),
    from the catalogue, so a translation of the kit covers them."""
    return t(key, DEFAULT_LANG, *args)

__all__ = ["Lomake", "lomake", "tehtava", "vertailu", "tallennus", "compare_codings",
           "save_answers", "restore_answers", "week_form", "fidelity_form", "ANSWERS",
           "REFLECTIONS", "FORMS"]

#: task → (the last answer checked through a form, its feedback, the time) for :func:`save_answers`
ANSWERS: dict = {}
#: question → its text area (filled by :func:`~coachkit.teaching.exercises.pohdi`)
REFLECTIONS: dict = {}
#: task → its form on this page (the last one built), read when saving and restoring
FORMS: dict = {}
#: files of form values this page wrote (a restore is offered only for what it did not write)
_SAVED_HERE: set = set()

_WIDE = w.Layout(width="auto", min_width="24em")
_LABEL = {"description_width": "initial"}  # labels are never cut ("Työmarkkinat", not "Työmarkki…")
_COLOURS = {"correct": "#1b7837", "not_yet": "#b2182b", "unanswered": "#555555",
            "wrong_type": "#b35806"}


def badge(status: str, words: str) -> str:
    """A coloured badge with words (no emoji: it renders without an emoji font)."""
    return (f'<span style="display:inline-block;background:{_COLOURS[status]};color:#ffffff;'
            f'font-weight:bold;border-radius:0.3em;padding:0.05em 0.5em;margin-right:0.4em">'
            f"{html.escape(words)}</span>")


def _feedback_html(fb: Feedback) -> str:
    return (f'<div style="font-size:1.1em;padding:0.3em 0" data-status="{fb.status}">'
            f"{badge(fb.status, fb.words)}{html.escape(fb.message)}</div>")


def _note(text: str, status: str = "wrong_type") -> str:
    return f'<span style="color:{_COLOURS[status]}">{html.escape(text)}</span>'


class Lomake(w.VBox):
    """A task's form: inputs, a **Tarkista** button and a feedback line.

    Parameters
    ----------
    task : str
        Task id (``"2a"``).
    inputs : dict
        name → widget.
    answer : callable
        Builds the answer ``tarkista`` expects from ``inputs`` (None = not answered).
    layout_children : list, optional
        Widgets to show above the button (default: the inputs in order).
    """

    def __init__(self, task, inputs, answer, layout_children=None, extra=()):
        self.task = task
        self.inputs = inputs
        self._answer = answer
        self.check_button = w.Button(description=_t("teaching.form.check"), button_style="primary",
                                     layout=w.Layout(width="10em"))
        self.feedback = w.HTML()
        self.check_button.on_click(lambda _: self.check())
        FORMS[task] = self
        title = w.HTML(f"<b>{html.escape(_t('teaching.form.title', task, TASKS[task].title))}</b>")
        super().__init__([title, *(layout_children or list(inputs.values())),
                          w.HBox([self.check_button, *extra]), self.feedback],
                         layout=w.Layout(border="1px solid #cccccc", padding="0.5em",
                                         margin="0.5em 0"))
        self.add_class(FORM_CLASS)  # a printed page shows its title and "answer on the page"

    def answer(self):
        """The answer as the code path would give it."""
        return self._answer(self.inputs)

    def check(self) -> Feedback:
        """Check the current answer and show the feedback (what the button does)."""
        from .saved import finnish_time

        value = self.answer()
        fb = tarkista(self.task, value)
        ANSWERS[self.task] = (value, fb, finnish_time())
        self.feedback.value = _feedback_html(fb)
        autosave(TASKS[self.task].exercise)
        return fb


def parse_number(text: str, *, integer: bool = False):
    """A number typed by a Finnish user (decimal comma, "%" allowed); blank → None, else the text.

    >>> parse_number(" 0,25 "), parse_number("152", integer=True), parse_number(""), parse_number("x")
    (0.25, 152, None, 'x')
    """
    value = read_number(text)
    if integer and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _number_form(task, label, *, share=False):
    # the placeholder says what to type, never a number that could be an answer
    hint = "prosentteina tai desimaalilukuna" if share else "kirjoita luku"
    box = w.Text(value="", placeholder=hint, description=label, style=_LABEL, layout=_WIDE)
    if share:  # the text goes to the check as typed: a bare "1" is asked about, not guessed
        return Lomake(task, {"luku": box}, lambda i: i["luku"].value.strip() or None)
    return Lomake(task, {"luku": box}, lambda i: read_number(i["luku"].value))


def _form_coding(task, spec):
    from .student import name_field, visit_field

    excerpts = load_dataset("exercise_excerpts")
    values = load_dataset("values").sort_values("order")
    options = [("– valitse koodi –", None)] + list(zip(values["name_fi"], values["code_id"],
                                                       strict=True))
    rows, inputs = [], {}
    for seg, text in zip(excerpts["segment_id"], excerpts["text"], strict=True):
        dd = w.Dropdown(options=options, index=0, layout=w.Layout(width="20em"))
        inputs[seg] = dd
        rows.append(w.HBox([w.HTML(f"<b>{html.escape(seg)}</b> {html.escape(text)}",
                                   layout=w.Layout(width="36em")), dd]))
    coder = name_field(_t("teaching.form.coder"))
    save = w.Button(description=_t("teaching.form.save_coding"), layout=w.Layout(width="14em"))
    saved = w.HTML()

    def answer(i):
        codes = [i[s].value for s in excerpts["segment_id"]]
        return None if all(c is None for c in codes) else [c or "" for c in codes]

    def on_save(_):
        from .saved import download_link

        try:
            path = save_coding({s: inputs[s].value for s in excerpts["segment_id"]}, coder.value,
                               STUDENT["folder"])
            autosave(TASKS[task].exercise)  # the coding comes back after a reload too
            saved.value = (f"Tallennettu: <code>{html.escape(path.name)}</code> kouluttajalle "
                           f"· {download_link(path)}")
        except ValueError as exc:
            saved.value = _note(str(exc))

    save.on_click(on_save)
    form = Lomake(task, inputs, answer, layout_children=[*rows, coder, visit_field()],
                  extra=[save])
    form.inputs["coder"] = coder
    form.save_button, form.saved = save, saved
    form.children = (*form.children, saved)
    return form


def _form_stars(task, spec):
    from ..reference.codebook import Codebook

    names = Codebook.load().names("goal", "fi")
    inputs = {g: w.ToggleButtons(options=[("–", None), *((str(k), k) for k in range(5))],
                                 value=None, style={"button_width": "3em"}) for g in names}
    rows = [w.HBox([w.Label(names[g], layout=w.Layout(width="22em")), inputs[g]]) for g in names]

    def answer(i):
        chosen = {g: b.value for g, b in i.items()}
        return None if all(v is None for v in chosen.values()) else chosen

    return Lomake(task, inputs, answer, layout_children=rows)


def _form_choice(task, spec):
    providers = sorted(load_dataset("feedback_survey")["provider"].unique())
    dd = w.Dropdown(options=[("– valitse palvelu –", None), *((p, p) for p in providers)],
                    index=0, description=spec.label, style=_LABEL)
    return Lomake(task, {"palvelu": dd}, lambda i: i["palvelu"].value)


def _form_design(task, spec):
    from .tools import number_slider

    share = number_slider("Motivaation perusteella täytettävät paikat:", value=0.3, low=0,
                          high=1, step=0.05, percent=True)
    fte = number_slider("Valmentajatyö (henkilötyövuotta):", value=1.0, low=0, high=2,
                        step=0.05)
    touched = []  # the starting position is not an answer until the student moves a slider
    for box in (share, fte):
        box.slider.observe(lambda _: touched.append(True), names="value")
    form = Lomake(task, {"share": share.slider, "coach_fte": fte.slider},
                  lambda i: {"share": i["share"].value, "coach_fte": i["coach_fte"].value}
                  if touched else None, layout_children=[share, fte])
    form.texts = {"share": share.text, "coach_fte": fte.text}
    return form


def _form_topics(task, spec):
    table = load_dataset("visit_topics")
    topics = table["topic"]
    if "row_type" in table.columns:  # a printed total row is not a topic to choose
        topics = topics[table["row_type"].astype(str) != "printed_total"]
    inputs = {topic: w.Checkbox(value=False, description=topic, indent=False, layout=_WIDE)
              for topic in topics}

    def answer(i):
        chosen = {t for t, box in i.items() if box.value}
        return chosen or None

    return Lomake(task, inputs, answer, layout_children=[w.GridBox(
        list(inputs.values()), layout=w.Layout(grid_template_columns="repeat(2, minmax(20em, 1fr))"))])


def _form_items(task, spec):
    """Form kind ``items``: one checkbox per IPS-25 item (answer: the set of item numbers)."""
    from ..models.orientations import ips_table

    inputs = {int(r.item): w.Checkbox(value=False, description=f"{r.item}. {r.name}",
                                      indent=False, layout=_WIDE)
              for r in ips_table().sort_values("item").itertuples()}

    def answer(i):
        return {k for k, box in i.items() if box.value} or None

    return Lomake(task, inputs, answer, layout_children=[w.GridBox(
        list(inputs.values()), layout=w.Layout(grid_template_columns="repeat(2, minmax(20em, 1fr))"))])


def _form_areas(task, spec):
    """Form kind ``areas``: a dropdown of the benefit areas per statement (answer: item → area)."""
    from ..analyses.benefit import areas, instrument
    from .study_tasks import STATEMENTS_8A

    names = areas()
    options = [("– valitse alue –", None), *zip(names["name"], names["area_id"], strict=True)]
    texts = instrument().set_index("item")["text"]
    inputs = {i: w.Dropdown(options=options, index=0, layout=w.Layout(width="24em"))
              for i in STATEMENTS_8A}
    rows = [w.HBox([w.HTML(f"<b>{html.escape(i)}</b> {html.escape(texts[item])}",
                           layout=w.Layout(width="30em")), inputs[i]])
            for i, item in STATEMENTS_8A.items()]

    def answer(i):
        chosen = {k: d.value for k, d in i.items()}
        return None if all(v is None for v in chosen.values()) else chosen

    return Lomake(task, inputs, answer, layout_children=rows)


def _form_plan(task, spec):
    """Form kind ``plan``: hours per phase and activity, starting from the provider's plan, set
    with a slider or typed into the box beside it ("2,5"), with status lines that follow them
    (answer: (phase, activity) → hours)."""
    from ..dashboards.plan import plan_controls, plan_status_html
    from ..models.planning import plan_from_hours, plan_summary
    from .year_tasks import client_plan, client_start

    start = client_plan()
    sections, sliders = plan_controls(start)
    status = w.HTML(plan_status_html(plan_summary(start), show_needed=False))
    touched = []  # the provider's plan is the starting point, not the student's answer

    def current():
        return {k: s.value for k, s in sliders.items()}

    def on_change(_):
        touched.append(True)
        hours = {k: v for k, v in current().items() if v > 0}
        if hours:
            status.value = plan_status_html(plan_summary(
                plan_from_hours(hours, job_start_month=client_start())), show_needed=False)

    for s in sliders.values():
        s.observe(on_change, names="value")
    inputs = {f"{p}|{a}": s for (p, a), s in sliders.items()}
    form = Lomake(task, inputs, lambda i: current() if touched else None,
                  layout_children=[sections, status])
    form.sliders, form.boxes, form.status = sliders, sections.boxes, status
    return form


#: form kind (``Task.form.kind``) → builder(task id, Form)
_BUILDERS = {
    "number": lambda task, spec: _number_form(task, spec.label),
    "share": lambda task, spec: _number_form(task, spec.label, share=True),
    "coding": _form_coding,
    "stars": _form_stars,
    "choice": _form_choice,
    "design": _form_design,
    "topics": _form_topics,
    "items": _form_items,
    "areas": _form_areas,
    "plan": _form_plan,
}


def lomake(task: str) -> Lomake:
    """The answer form of ``task`` (e.g. ``"2a"``), ready to show in a notebook."""
    if task not in TASKS:
        raise ValueError(f"unknown task '{task}'; tasks are: {', '.join(TASKS)}")
    spec = TASKS[task].form
    return _BUILDERS[spec.kind](task, spec)


def tehtava(task: str) -> w.VBox:
    """A task as the student sees it: question, the data or tool to use, and the answer form.

    Everything comes from the task's record in :mod:`coachkit.teaching.tasks`.  The box
    has ``.form`` (the :class:`Lomake`) and ``.tool`` (the tool's widget, or None).  A tool
    that follows the form (the selection results) sits inside the form, under its sliders.
    Every task gets a tool of its own, even when the task before it uses the same one (3a and
    3b ask for different settings of the saturation tool: setting one never moves the other).
    """
    from .tools import FOLLOWS_FORM
    from .tools import tool as build_tool

    form = lomake(task)
    record = TASKS[task]
    question = w.HTML(f"<p style='font-size:1.05em'>{html.escape(record.question)}</p>"
                      f"<p><i>{html.escape(_t('teaching.form.hint', record.hint))}</i></p>")
    tool, above = None, []
    if record.tool in FOLLOWS_FORM:
        tool = build_tool(record.tool, form)
        form.children = (*form.children[:-2], tool, *form.children[-2:])
    elif record.tool is not None:
        tool = build_tool(record.tool)
        above = [tool]
    box = w.VBox([question, *above, form])
    box.form, box.tool = form, tool
    return box


# --- who this page belongs to ---------------------------------------------------------------------

def reset_page() -> None:
    """Forget this page's student, forms and answers (a kernel serves one page; tests reuse one)."""
    for registry in (ANSWERS, REFLECTIONS, FORMS):
        registry.clear()
    _NAME_BOXES.clear()
    _ON_NAME.clear()
    _SAVED_HERE.clear()
    STUDENT.update(name="", key="", folder=".", exercise="", visit="")


# --- coding files and comparing two students ----------------------------------------------------

def save_coding(codes: dict, coder: str, folder=".") -> Path:
    """Write a student's coding as ``koodaus_<nimi>.csv``: the coding contract
    (``segment_id, coder, code``) and the code's Finnish name, for Finnish Excel."""
    import pandas as pd

    from ..formats import write_atomic
    from .saved import CODE_NAME, coding_path, student_csv
    from .tasks import code_names

    if not safe_name(coder or ""):
        raise ValueError(_t("teaching.save.no_name_files"))
    missing = [s for s, c in codes.items() if not c]
    if missing:
        raise ValueError(f"koodaa ensin kaikki katkelmat ({len(missing)} puuttuu, esim. {missing[0]})")
    names = code_names()
    df = pd.DataFrame({"segment_id": list(codes), "coder": coder.strip(), "code": list(codes.values()),
                       CODE_NAME: [names.get(c, c) for c in codes.values()]})
    return write_atomic(coding_path(folder, student_key(coder)), student_csv(df))


def compare_codings(file_a, file_b, *, n_boot: int = 200):
    """κ, α and the disagreements between two students' coding files.

    Returns ``(agreement, table)``: the :class:`~coachkit.analyses.agreement.Agreement` and a
    Finnish table of the excerpts they coded differently (text and both codes by name).
    """
    import pandas as pd

    from ..analyses.agreement import agreement, read_coding

    a, b = read_coding_file(file_a), read_coding_file(file_b)
    if set(a["coder"]) == set(b["coder"]):  # two files by "Anna": tell them apart by file name
        a = a.assign(coder=Path(file_a).stem)
        b = b.assign(coder=Path(file_b).stem)
    both = read_coding(pd.concat([a, b], ignore_index=True), name=f"{file_a} + {file_b}")
    res = agreement(both, n_boot=n_boot)
    names = dict(zip(load_dataset("values")["code_id"], load_dataset("values")["name_fi"],
                     strict=True))
    texts = dict(zip(load_dataset("exercise_excerpts")["segment_id"],
                     load_dataset("exercise_excerpts")["text"], strict=True))
    dis = res.disagreements.copy()
    table = pd.DataFrame({"katkelma": dis["segment_id"],
                          "teksti": dis["segment_id"].map(texts).fillna("")})
    for coder in res.coders:
        table[coder] = dis[coder].map(lambda c: names.get(c, c))
    return res, table


def read_coding_file(path):
    """One student's coding file (the coding contract, one coder)."""
    from ..checks import require_nonblank
    from ..formats import read_table

    df = read_table(path, required=("segment_id", "coder", "code"))
    require_nonblank(df, ("segment_id", "coder", "code"))
    return df[["segment_id", "coder", "code"]]


def vertailu(folder=".") -> w.VBox:
    """Form: pick two saved coding files, see κ, α and where the two students disagree."""
    folder = Path(folder)

    def files():
        return sorted(p.name for p in folder.glob("koodaus_*.csv"))

    a = w.Dropdown(description=_t("teaching.compare.first"), style=_LABEL, layout=_WIDE)
    b = w.Dropdown(description=_t("teaching.compare.second"), style=_LABEL, layout=_WIDE)
    refresh = w.Button(description=_t("teaching.compare.refresh"), layout=w.Layout(width="14em"))
    go = w.Button(description=_t("teaching.compare.go"), button_style="primary",
                  layout=w.Layout(width="10em"))
    out = w.HTML()

    def on_refresh(_=None):
        options = files()
        a.options, b.options = options, options
        if len(options) >= 2:
            a.value, b.value = options[0], options[1]

    def on_go(_=None):
        from ..i18n import format_percent
        from .tools import agreement_html

        if not a.value or not b.value or a.value == b.value:
            out.value = _note("Valitse kaksi eri koodaustiedostoa (tallenna ensin tehtävän 1a "
                              "lomakkeella).")
            return
        try:
            res, table = compare_codings(folder / a.value, folder / b.value)
        except ValueError as exc:
            out.value = _note(str(exc))
            return
        o = res.overall.set_index("metric")["estimate"]
        same = format_percent(o["percent_agreement"], DEFAULT_LANG, 0)
        out.value = (f"<p>Samaa mieltä {same} katkelmista</p>"
                     + agreement_html(kappa=float(o["cohen_kappa"]),
                                      alpha=float(o["krippendorff_alpha"]))
                     + (f"<p><b>Eri mieltä {len(table)} katkelmasta:</b></p>"
                        + table.to_html(index=False, escape=True) if len(table) else
                        "<p>Olitte samaa mieltä kaikista katkelmista.</p>"))

    refresh.on_click(on_refresh)
    go.on_click(on_go)
    on_refresh()
    box = w.VBox([w.HTML(f"<b>{html.escape(_t('teaching.compare.title'))}</b>"), a, b,
                  w.HBox([refresh, go]), out],
                  layout=w.Layout(border="1px solid #cccccc", padding="0.5em"))
    box.add_class(FORM_CLASS)
    box.first, box.second, box.compare_button, box.result = a, b, go, out
    box.refresh = on_refresh
    return box


# --- saving every answer for the trainer, and getting it back ---------------------------------------

def _inputs_state(form) -> dict:
    return {str(k): box.value for k, box in form.inputs.items()
            if isinstance(box.value, str | int | float | bool | type(None))}


def _results(exercise: str) -> dict:
    """task → (answer now on the form, result, time) for the answer table."""
    from .saved import answer_text

    out = {}
    for task in (key for key, rec in TASKS.items() if rec.exercise == exercise):
        form = FORMS.get(task)
        checked = ANSWERS.get(task)
        current = form.answer() if form is not None else (checked[0] if checked else None)
        if current is None:
            out[task] = (None, "unanswered", "")
        elif checked is not None and answer_text(task, checked[0]) == answer_text(task, current):
            out[task] = (current, checked[1].status, checked[2])
        else:
            out[task] = (current, "unchecked", "")
    return out


def save_answers(exercise: str, student: str, folder=".") -> Path:
    """Write every task's answer and the reflections as ``vastaukset_<harjoitus>_<nimi>.csv``.

    One row per task of the exercise (also those not answered), the answer as the student saw
    it, *Oikein* / *Ei vielä* / *ei tarkistettu*, the time of the check; Finnish Excel opens it
    (:mod:`coachkit.teaching.saved`).  The forms' values go beside it (``.tila_…json``) so
    that :func:`restore_answers` can bring them back after a reload.
    """
    from ..formats import write_atomic
    from .saved import answer_table, answer_text, answers_path, state_path, student_csv, write_state

    if not safe_name(student or ""):
        raise ValueError(_t("teaching.save.no_name"))
    key = student_key(student)
    results = _results(exercise)
    reflections = {q: area.value for q, area in REFLECTIONS.items()}
    table = answer_table(safe_name(exercise), student.strip(), results, reflections)
    state = {"student": student.strip(), "exercise": exercise, "key": key,
             "forms": {task: _inputs_state(FORMS[task]) for task in results if task in FORMS},
             "checked": {task: {"status": fb.status, "message": fb.message, "time": when,
                                "answer": answer_text(task, value)}
                         for task, (value, fb, when) in ANSWERS.items() if task in results},
             "reflections": reflections}
    _SAVED_HERE.add(write_state(state_path(folder, safe_name(exercise), key), state).name)
    return write_atomic(answers_path(folder, safe_name(exercise), key), student_csv(table))


def autosave(exercise: str):
    """Save the exercise's answers when the page knows its student (after each check)."""
    if not STUDENT["name"]:
        return None
    try:
        return save_answers(exercise, STUDENT["name"], STUDENT["folder"])
    except (ValueError, OSError):
        return None  # a save that fails must not break the check; Tallenna says why


def saved_states(exercise: str, name: str, folder=".") -> list:
    """Saved form values of ``name`` for ``exercise`` (any page of theirs), latest first."""
    import re

    from .saved import state_path

    if not safe_name(name or ""):
        return []
    base = student_name(name, page=False)  # the name's part; any page's id may follow
    own = re.compile(re.escape(f".tila_{safe_name(exercise)}_{base}") + r"(_[0-9a-f]{6})?\.json")
    found = [p for p in Path(folder).glob(state_path(".", safe_name(exercise), base + "*").name)
             if own.fullmatch(p.name)]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def restore_answers(exercise: str, name: str, folder=".", *, path=None) -> int:
    """Put the latest saved answers of ``name`` for ``exercise`` back on the page's forms
    (or those saved in ``path``, a file of :func:`saved_states`).

    The page then saves under the restored file's name (the same student, a new page).
    Returns how many tasks and reflections got a value back (0: nothing was saved).
    """
    from .saved import answer_text, read_state

    states = [Path(path)] if path is not None else saved_states(exercise, name, folder)
    state = read_state(states[0]) if states else None
    if not state:
        return 0
    # first the student, so that what the restored values save goes into the restored file
    set_student(state.get("student") or name, key=state.get("key") or None)
    restored = 0
    for task, values in state.get("forms", {}).items():
        form = FORMS.get(task)
        if form is None:
            continue
        keys = {str(k): k for k in form.inputs}
        for k, v in values.items():
            box = form.inputs.get(keys.get(k))
            if box is None:
                continue
            try:
                box.value = v
            except Exception:  # noqa: BLE001 - a value the form no longer offers stays unset
                continue
        restored += 1
        checked = state.get("checked", {}).get(task)
        current = form.answer()
        if checked and checked.get("answer") == answer_text(task, current):
            fb = Feedback(task, checked["status"], checked.get("message", ""))
            ANSWERS[task] = (current, fb, checked.get("time", ""))
            form.feedback.value = _feedback_html(fb)
    for question, text in state.get("reflections", {}).items():
        if question in REFLECTIONS and text:
            REFLECTIONS[question].value = text
            restored += 1
    return restored


def tallennus(exercise: str, folder=".") -> w.VBox:
    """Form: the student's name and a button that saves every answer for the trainer.

    The name is the page's (:func:`set_student`).  Answers the same visit saved earlier (a
    reloaded page: same name, same visit) come back by themselves; answers saved under the
    name in another visit (another browser) are offered with **Palauta vastaukset**.  After
    saving, a link downloads the student's own copy.
    """
    from .saved import download_link, finnish_time, state_path
    from .student import name_field, visit_field

    STUDENT.update(folder=folder, exercise=exercise)
    name = name_field()
    press = w.Button(description=_t("teaching.answers.save"), button_style="success",
                     layout=w.Layout(width="16em"))
    back = w.Button(description=_t("teaching.answers.restore"), layout=w.Layout(width="16em",
                                                                      display="none"))
    offer, out = w.HTML(), w.HTML()

    def on_save(_):
        try:
            path = save_answers(exercise, name.value, folder)
        except ValueError as exc:
            out.value = _note(str(exc))
            return
        out.value = (f"Tallennettu: <code>{html.escape(path.name)}</code> kouluttajalle "
                     f"(klo {finnish_time().split(' klo ')[1]}). Vastauksesi tallentuvat myös "
                     f"aina, kun painat Tarkista. · {download_link(path)}")

    def on_name(student):
        import datetime as dt


        own = state_path(folder, safe_name(exercise), STUDENT["key"])
        if STUDENT["visit"] and own.name not in _SAVED_HERE and own.is_file():
            n = restore_answers(exercise, student, folder, path=own)  # a reload of this visit
            back.layout.display = "none"
            offer.value = (f"Vastauksesi palautettiin tältä käynniltä ({n} vastausta)." if n
                           else "")
            return
        states = saved_states(exercise, student, folder)
        if states and states[0].name not in _SAVED_HERE:  # not what this page just saved
            when = finnish_time(dt.datetime.fromtimestamp(states[0].stat().st_mtime))
            offer.value = (f"Nimellä {html.escape(student)} on tallennettuja vastauksia "
                           f"({html.escape(when)}). Jos ne ovat sinun, palauta ne lomakkeisiin.")
            back.layout.display = None
        else:
            offer.value, back.layout.display = "", "none"

    def on_back(_):
        n = restore_answers(exercise, name.value, folder)
        back.layout.display = "none"
        offer.value = (f"Palautettu: {n} vastausta." if n else
                       _note("Tallennettuja vastauksia ei löytynyt."))

    press.on_click(on_save)
    back.on_click(on_back)
    _ON_NAME.append(on_name)
    if STUDENT["name"]:
        on_name(STUDENT["name"])
    box = w.VBox([w.HTML(f"<b>{html.escape(_t('teaching.answers.title'))}</b>"), w.HBox([name, press]),
                  w.HBox([back, offer]), out, visit_field()])
    box.name, box.button, box.result = name, press, out
    box.restore_button, box.offer = back, offer
    box.add_class(FORM_CLASS)
    return box


def reflection_area(question: str) -> w.Textarea:
    """A text area for a reflection prompt, remembered for :func:`save_answers` (and saved
    when the student leaves the box, once the page knows the name)."""
    area = REFLECTIONS.get(question)
    if area is None:
        area = w.Textarea(placeholder=_t("teaching.reflection.placeholder"), continuous_update=False,
                          layout=w.Layout(width="100%", height="8em"))
        area.observe(lambda _: _autosave_reflections(), names="value")
    area.add_class(FORM_CLASS)
    REFLECTIONS[question] = area
    return area


def _autosave_reflections() -> None:
    """Save the reflections with the answers of the exercise(s) whose forms are on the page."""
    if STUDENT.get("exercise"):
        autosave(STUDENT["exercise"])


# --- the notebooks' own forms, with a save row for the trainer ----------------------------------

def week_form(rows: int = 6, *, lang: str = "fi"):
    """:func:`coachkit.dashboards.week_form` with a name box and a save button: the week is
    saved as ``viikko_<nimi>.csv`` for the trainer (:func:`~coachkit.teaching.student.save_box`)."""
    from ..dashboards.tasks import week_form as form
    from .student import save_box

    return form(rows, lang=lang, save=save_box)


def fidelity_form(*, lang: str = "fi", initial=None):
    """:func:`coachkit.dashboards.fidelity_form` with a name box and a save button: the
    ratings are saved as ``ips25_<nimi>.csv`` for the trainer."""
    from ..dashboards.fidelity import fidelity_form as form
    from .student import save_box

    return form(lang=lang, initial=initial, save=save_box)
