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
from ..sources import cite

__all__ = ["SPECS", "CHECKS", "FORMS", "expected", "kysymys"]


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

def _num(task, answer, expected, *, tol, hint, share=False):
    """The kit's number check (the one place to change when the checks move to Task records)."""
    from .exercises import _number

    return _number(task, answer, expected, tol=tol, hint=hint, percent=share)


def _check_7a(answer):
    return _num("7a", answer, _search_gap(), tol=0,
                   hint="Katso taulukon sarake 'Viikkoja työnhaun alkuun (mediaani)' ja vähennä "
                        "työllistymiskeskeisen luku valmennuskeskeisen luvusta.")


def _check_7b(answer):
    return _num("7b", answer, _first_year_meetings(), tol=0,
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
    return _num("8b", answer, _change_not_employed(), tol=0.01,
                   hint="Katso taulukosta rivi, jossa alue on yhteistyö ja vuorovaikutus ja "
                        "työllistyneitä 'ei', ja sarake 'Muutos'.")


def _check_8c(answer):
    return _num("8c", answer, _improved_not_employed(), tol=0.005, share=True,
                   hint="Katso edistyneiden taulukosta rivi, jossa työllistyneitä 'ei'. "
                        "Anna osuus desimaalilukuna.")


#: Every task of exercises 7 and 8 in the fields of one task record: id, exercise, title,
#: question (plain Finnish, shown by :func:`kysymys`), form (kind, label), check, hint (what to
#: look at on the page) and tool (what the page shows above the form).
SPECS = [
    {"id": "7a", "exercise": "07_orientaatiot", "title": "Kuinka paljon aiemmin työnhaku alkaa",
     "question": "Kuinka monta viikkoa **aiemmin** työnhaku alkaa työllistymiskeskeisessä "
                 "orientaatiossa kuin valmennuskeskeisessä? Käytä taulukon mediaaneja.",
     "form": ("number", "Viikkoja aiemmin:"), "check": _check_7a,
     "hint": "Katso taulukon sarake »Viikkoja työnhaun alkuun (mediaani)».",
     "tool": "orientation_summary"},
    {"id": "7b", "exercise": "07_orientaatiot", "title": "Seurantatapaamiset ensimmäisenä työvuonna",
     "question": "Näyttöön perustuvan työvalmennuksen mallissa, jota tutkimus kuvaa "
                 f"työllistymiskeskeisen työhönvalmennuksen muotona ({cite('ips.follow_up')}), "
                 "asiakas tavataan "
                 "viikkoa ennen työn alkua, kolmen päivän sisällä aloituksesta, kerran viikossa "
                 "ensimmäisen työkuukauden ajan (neljä tapaamista) ja sen jälkeen kerran "
                 "kuukaudessa ensimmäisen työvuoden loppuun (kuukaudet 2–12). Asiakas aloittaa "
                 "työn viikolla 20. Montako seurantatapaamista hänellä on yhteensä?",
     "form": ("number", "Tapaamisia:"), "check": _check_7b,
     "hint": "Laske tapaamiset ryhmittäin ja laske ne yhteen.", "tool": None},
    {"id": "7c", "exercise": "07_orientaatiot", "title": "IPS-kohdat, jotka erottavat orientaatiot",
     "question": "Taulukossa on kitin tulkinta siitä, mitkä IPS-25-kohdat kukin orientaatio voi "
                 "täyttää. Valitse kohdat, jotka **työllistymiskeskeinen täyttää** mutta "
                 "**valmennuskeskeinen ei täytä**.",
     "form": ("items", ""), "check": _check_7c,
     "hint": "Vertaa taulukon sarakkeita Työllistymiskeskeinen ja Valmennuskeskeinen.",
     "tool": "ips_table"},
    {"id": "8a", "exercise": "08_palvelun-hyoty", "title": "Väittämät oikeille alueille",
     "question": "Mille palveluhyödyn alueelle kukin väittämä kuuluu? Valitse jokaiselle "
                 "väittämälle alue.",
     "form": ("areas", ""), "check": _check_8a,
     "hint": "Lue alueiden nimet taulukosta.", "tool": "benefit_areas"},
    {"id": "8b", "exercise": "08_palvelun-hyoty",
     "title": "Ei-työllistyneiden edistyminen yhteistyössä",
     "question": "Kuinka monta pistettä ei-työllistyneiden arvio nousi keskimäärin alueella "
                 "**Yhteistyö ja vuorovaikutus työyhteisössä**? Kahden desimaalin tarkkuus riittää.",
     "form": ("decimal", "Muutos (pistettä):"), "check": _check_8b,
     "hint": "Katso taulukon rivi, jossa alue on yhteistyö ja työllistyneitä »ei».",
     "tool": "benefit_summary"},
    {"id": "8c", "exercise": "08_palvelun-hyoty", "title": "Edistyneiden osuus ilman työpaikkaa",
     "question": "Kuinka suuri osuus **ei-työllistyneistä** edistyi vähintään yhden pisteen "
                 "ainakin yhdellä alueella? Anna osuus desimaalilukuna (0–1).",
     "form": ("share", "Osuus desimaalilukuna (0–1):"), "check": _check_8c,
     "hint": "Katso edistyneiden taulukon rivi, jossa työllistyneitä »ei».",
     "tool": "improved_table"},
]
CHECKS = {t["id"]: (t["title"], t["check"]) for t in SPECS}


def kysymys(task: str):
    """Show a task's heading and question (the master's task cell).

    >>> "viikolla 20" in kysymys("7b").data
    True
    """
    from IPython.display import Markdown

    spec = next((t for t in SPECS if t["id"] == task), None)
    if spec is None:
        raise ValueError(f"unknown task '{task}'; tasks are: {', '.join(t['id'] for t in SPECS)}")
    return Markdown(f"## Tehtävä {task}\n\n{spec['question']}\n\nVastaa **lomakkeella** "
                    "(hiirellä ja näppäimistöllä) tai JupyterLabissa halutessasi koodilla "
                    "lomakkeen alla olevaan soluun.")


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


_BUILDERS = {"number": lambda t, label: _number(t, label),
             "decimal": lambda t, label: _number(t, label, integer=False),
             "share": lambda t, label: _number(t, label, integer=False),
             "items": lambda t, label: _form_7c(), "areas": lambda t, label: _form_8a()}
FORMS = {t["id"]: (lambda t=t: _BUILDERS[t["form"][0]](t["id"], t["form"][1])) for t in SPECS}
