"""Tasks of exercises 7 (orientations) and 8 (service benefit): checks and answer forms together.

Each task has a title, a check (answer → :class:`~coachkit.teaching.exercises.Feedback`) in
:data:`CHECKS` and a form builder in :data:`FORMS`; ``exercises.TASKS`` and the forms'
registry read them from here, so the two exercises' tasks live in one place.  Every expected
answer is computed from the kit's data or rules when the answer is checked.

>>> from coachkit.teaching import tarkista
>>> tarkista("7b", 17).status
'correct'
"""

from __future__ import annotations

from ..datasets import load_dataset

__all__ = ["CHECKS", "FORMS", "expected"]


# --- expected answers ---------------------------------------------------------------------------

def _search_gap():
    from ..orientations import orientation_summary

    s = orientation_summary(load_dataset("orientation_journeys")).set_index("orientation")
    return float(s.loc["valmennuskeskeinen", "median_weeks_to_search"]
                 - s.loc["tyollistymiskeskeinen", "median_weeks_to_search"])


def _first_year_meetings(job_start=20):
    from ..orientations import follow_up_weeks

    return len([w for w in follow_up_weeks(job_start, until=10_000) if w <= job_start + 52])


def _ips_gap():
    from ..orientations import ips_coverage

    c = ips_coverage().pivot(index="item", columns="orientation", values="status")
    return {int(i) for i in c.index[(c["tyollistymiskeskeinen"] == "meets")
                                    & (c["valmennuskeskeinen"] == "does_not")]}


#: Statements of task 8a, to be placed in their areas (the areas come from the instrument).
STATEMENTS_8A = ("T3", "Y2", "H2", "E3", "T1", "H4")


def _areas_8a():
    from ..benefit import instrument

    t = instrument().set_index("item")
    return {i: str(t.loc[i, "area"]) for i in STATEMENTS_8A}


def _benefit_data():
    from ..benefit import read_benefit

    return read_benefit(load_dataset("benefit_ratings"))


def _change_not_employed(area="yhteistyo"):
    from ..benefit import benefit_summary

    s = benefit_summary(_benefit_data())
    return float(s.loc[(s["area"] == area) & ~s["employed"], "change"].item())


def _improved_not_employed(threshold=1.0):
    from ..benefit import improved_any

    t = improved_any(_benefit_data(), threshold=threshold).set_index("employed")
    return float(t.loc[False, "improved_share"])


def expected(task: str):
    """The expected answer of a task (for trainers' keys and tests)."""
    return {"7a": _search_gap, "7b": _first_year_meetings, "7c": _ips_gap, "8a": _areas_8a,
            "8b": _change_not_employed, "8c": _improved_not_employed}[task]()


# --- checks -------------------------------------------------------------------------------------

def _check_7a(answer):
    from .exercises import _number

    return _number("7a", answer, _search_gap(), tol=0,
                   hint="Katso taulukon sarake 'Viikkoja työnhaun alkuun (mediaani)' ja vähennä "
                        "työllistymiskeskeisen luku valmennuskeskeisen luvusta.")


def _check_7b(answer):
    from .exercises import _number

    return _number("7b", answer, _first_year_meetings(), tol=0,
                   hint="Laske erikseen: viikkoa ennen, kolmen päivän sisällä, viikoittain "
                        "ensimmäisen kuukauden ajan ja kerran kuussa kuukausina 2–12.")


def _check_7c(answer):
    from .exercises import Feedback

    if isinstance(answer, str) or not isinstance(answer, set | list | tuple):
        return Feedback("7c", "wrong_type", "Odotin joukkoa kohtien numeroita, esim. {1, 2}.")
    try:
        chosen = {int(a) for a in answer}
    except (TypeError, ValueError):
        return Feedback("7c", "wrong_type", "Kohtien pitää olla numeroita 1–25.")
    want = _ips_gap()
    if chosen == want:
        return Feedback("7c", "correct", "Nämä kohdat erottavat orientaatiot. Pohdi, mitkä niistä "
                        "ovat valmentajan omissa käsissä ja mitkä palvelun rahoittajan päätöksiä.")
    extra = chosen - want
    if extra and any(_status(i, "valmennuskeskeinen") != "does_not" for i in extra):
        return Feedback("7c", "not_yet", f"Valitsit {len(chosen)} kohtaa. Mukana on kohta, jota "
                        "valmennuskeskeinen ei kitin tulkinnassa jätä täyttämättä – katso sarake "
                        "'Valmennuskeskeinen': vain 'ei täyty' kuuluu mukaan.")
    return Feedback("7c", "not_yet", f"Valitsit {len(chosen)} kohtaa. Mukaan kuuluvat kohdat, "
                    "joissa työllistymiskeskeinen on 'täyttyy' ja valmennuskeskeinen 'ei täyty'.")


def _status(item, orientation):
    from ..orientations import ips_coverage

    c = ips_coverage()
    return c.loc[(c["item"] == item) & (c["orientation"] == orientation), "status"].item()


def _check_8a(answer):
    from .exercises import Feedback

    want = _areas_8a()
    if not isinstance(answer, dict):
        return Feedback("8a", "wrong_type", "Odotin jokaiselle väittämälle alueen (väittämä → alue).")
    missing = [i for i in want if not answer.get(i)]
    if missing:
        return Feedback("8a", "not_yet", f"Valitse alue myös väittämälle {missing[0]}.")
    right = sum(answer[i] == want[i] for i in want)
    if right == len(want):
        return Feedback("8a", "correct", "")
    return Feedback("8a", "not_yet", f"{right}/{len(want)} väittämää oikealla alueella. Mieti, "
                    "kuvaako väittämä työtä tekevää, toisia ihmisiä, omaa arkea vai työnhakua.")


def _check_8b(answer):
    from .exercises import _number

    return _number("8b", answer, _change_not_employed(), tol=0.01,
                   hint="Katso taulukosta rivi, jossa alue on yhteistyö ja vuorovaikutus ja "
                        "työllistyneitä 'ei', ja sarake 'Muutos'.")


def _check_8c(answer):
    from .exercises import _number

    return _number("8c", answer, _improved_not_employed(), tol=0.005, percent=True,
                   hint="Katso edistyneiden taulukosta rivi, jossa työllistyneitä 'ei'. "
                        "Anna osuus desimaalilukuna.")


CHECKS = {
    "7a": ("Kuinka paljon aiemmin työnhaku alkaa", _check_7a),
    "7b": ("Seurantatapaamiset ensimmäisenä työvuonna", _check_7b),
    "7c": ("IPS-kohdat, jotka erottavat orientaatiot", _check_7c),
    "8a": ("Väittämät oikeille alueille", _check_8a),
    "8b": ("Ei-työllistyneiden edistyminen yhteistyössä", _check_8b),
    "8c": ("Edistyneiden osuus ilman työpaikkaa", _check_8c),
}


# --- forms --------------------------------------------------------------------------------------

def _number(task, label, *, integer=True):
    from .forms import _number_form

    return _number_form(task, label, integer=integer)


def _form_7c():
    import ipywidgets as w

    from ..orientations import ips_table
    from .forms import _WIDE, Lomake

    t = ips_table()
    inputs = {int(r.item): w.Checkbox(value=False, description=f"{r.item}. {r.name}", indent=False,
                                      layout=_WIDE) for r in t.itertuples()}

    def answer(i):
        return {k for k, box in i.items() if box.value} or None

    grid = w.GridBox(list(inputs.values()),
                     layout=w.Layout(grid_template_columns="repeat(2, minmax(20em, 1fr))"))
    return Lomake("7c", inputs, answer, layout_children=[grid])


def _form_8a():
    import html

    import ipywidgets as w

    from ..benefit import areas, instrument
    from .forms import Lomake

    names = areas()
    options = [("– valitse alue –", None), *zip(names["name"], names["area_id"], strict=True)]
    texts = instrument().set_index("item")["text"]
    inputs = {i: w.Dropdown(options=options, index=0, layout=w.Layout(width="24em"))
              for i in STATEMENTS_8A}
    rows = [w.HBox([w.HTML(f"<b>{i}</b> {html.escape(texts[i])}", layout=w.Layout(width="30em")),
                    inputs[i]]) for i in STATEMENTS_8A]

    def answer(i):
        chosen = {k: d.value for k, d in i.items()}
        return None if all(v is None for v in chosen.values()) else chosen

    return Lomake("8a", inputs, answer, layout_children=rows)


FORMS = {
    "7a": lambda: _number("7a", "Viikkoja aiemmin:"),
    "7b": lambda: _number("7b", "Tapaamisia:"),
    "7c": _form_7c,
    "8a": _form_8a,
    "8b": lambda: _number("8b", "Muutos (pistettä):", integer=False),
    "8c": lambda: _number("8c", "Osuus desimaalilukuna (0–1):", integer=False),
}
