"""Exercise 9 (a coaching year of 50 hours): its tasks, checks and answer forms in one place.

Registered into :data:`coachkit.teaching.exercises.TASKS` and the form table of
:mod:`coachkit.teaching.forms`.  Every expected answer is computed from the kit's data
(:mod:`coachkit.planning`, the synthetic clients and the visit table) at check time.
"""

from __future__ import annotations

import math
import numbers

from ..datasets import load_dataset
from ..sources import cite

#: The client the exercise plans for: a coaching-centred provider plan that misses the
#: two-thirds advice and whose follow-up rhythm does not fit (checked by the tests).
EXERCISE_CLIENT = "A11"


def _client_plan():
    from ..planning import read_plan

    return read_plan(load_dataset("coaching_plans"), client=EXERCISE_CLIENT)


def _client_start() -> int:
    return _client_plan().attrs["job_start_month"]


def _provider_share() -> float:
    from ..planning import plan_summary

    return plan_summary(_client_plan())["employment_share"]


def _followup_hours() -> float:
    from ..planning import plan_summary

    return plan_summary(_client_plan())["followup_hours_needed"]


def _visits_for_two_thirds() -> int:
    from ..planning import TWO_THIRDS
    from ..tasks import read_task_table, task_summary

    s = task_summary(read_task_table(load_dataset("visit_topics")))
    return math.ceil(TWO_THIRDS * s["rows_total"] - 1e-9)


def _as_hours(answer):
    """A plan answer as ``{(phase, activity): hours}``, or None if it cannot be one."""
    import pandas as pd

    if isinstance(answer, pd.DataFrame):
        if not {"phase", "activity", "hours"} <= set(answer.columns):
            return None
        answer = {(r.phase, r.activity): r.hours for r in answer.itertuples()}
    if not isinstance(answer, dict) or not answer:
        return None
    if not all(isinstance(k, tuple) and len(k) == 2 for k in answer):
        return None
    if not all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in answer.values()):
        return None
    return answer


def check_9a(answer):
    """The student's plan: within 50 h, two thirds to job search/employers/workplaces,
    the follow-up rhythm covered, and hours in the two central phases (claim
    ``te.phases_1_2_central``, the service design report, chapter 2)."""
    from ..planning import HOURS_CAP, plan_from_hours, plan_summary
    from .exercises import Feedback

    hours = _as_hours(answer)
    if hours is None:
        return Feedback("9a", "wrong_type", "Odotin suunnitelmaa sanakirjana (vaihe, toiminto) → "
                        "tunnit, esim. {('suuntaaminen', 'tyonhaku'): 4, …}.")
    try:
        plan = plan_from_hours({k: v for k, v in hours.items() if v > 0},
                               job_start_month=_client_start())
    except ValueError as exc:
        return Feedback("9a", "not_yet", f"Suunnitelmassa on virhe: {exc}")
    s = plan_summary(plan)
    misses = []
    if not s["within_cap"]:
        misses.append(f"tunteja on {s['total_hours']:g}, enintään {HOURS_CAP} sallitaan")
    if not s["two_thirds_met"]:
        misses.append(f"työnhakuun, työnantajiin ja työpaikkoihin menee "
                      f"{100 * s['employment_share']:.0f} % – tutkimuksen neuvo on kaksi kolmasosaa")
    if not s["followup_covered"]:
        misses.append("seurantatapaamisille ei ole varattu tarpeeksi tunteja mallin rytmiin")
    empty = [p for p in ("suuntaaminen", "loytaminen") if s["phase_hours"][p] == 0]
    if empty:
        misses.append("vaiheet 1 ja 2 ovat palvelun keskeisimmät – molempiin tarvitaan tunteja")
    if misses:
        text = "; ".join(misses).replace(".", ",") + "."
        return Feedback("9a", "not_yet", text[0].upper() + text[1:])
    return Feedback("9a", "correct", f"{s['total_hours']:g} h, joista "
                    f"{100 * s['employment_share']:.0f} % "
                    "työnhakuun, työnantajiin ja työpaikkoihin, ja seurantarytmi mahtuu. "
                    "Mitä jätit pois palveluntuottajan suunnitelmasta – ja miksi?")


def _number(task, answer, expected, **kw):
    from .exercises import _number as check

    return check(task, answer, expected, **kw)


#: Exercise 9's tasks in the shape of the Task record being introduced on another branch
#: (``teaching/tasks.py``: id, exercise, title, question, form kind and label, check, hint,
#: tool), so they port as ``Task(**record)``.  New there: the form kind ``plan`` (builder
#: :func:`_form_9a`) and the tool ``client_plan`` (:func:`client_plan_tool`); ``visits`` exists.
RECORDS = [
    {"id": "9b", "exercise": "09_valmennusvuosi",
     "title": "Palveluntuottajan suunnitelman työllistymiseen suuntautuva osuus",
     "question": (f"Kuinka suuri osuus asiakkaan {EXERCISE_CLIENT} suunnitelman tunneista menee "
                  "työnhakuun, työnantajayhteistyöhön ja työpaikkoihin (tähdellä merkityt "
                  "toiminnot, seuranta mukaan lukien)? Kirjoita osuus prosentteina tai "
                  "desimaalilukuna."),
     "form": ("share", "Osuus:"),
     "check": lambda a: _number("9b", a, _provider_share(), tol=0.005, percent=True,
                                hint="Laske yhteen tähdellä merkittyjen toimintojen tunnit "
                                     "(työnhaku, työnantajat, työpaikka, seuranta) ja jaa ne "
                                     "kaikilla tunneilla."),
     "hint": "Laske tähdellä merkittyjen toimintojen tunnit taulukosta.", "tool": "client_plan"},
    {"id": "9c", "exercise": "09_valmennusvuosi",
     "title": "Seurantaan tarvittavat tunnit mallin rytmillä",
     "question": ("Näyttöön perustuvan työvalmennuksen mallissa, joka on työllistymiskeskeisen "
                  f"valmennuksen muoto ({cite('ips.follow_up')}), uutta työntekijää tavataan "
                  "viikkoa ennen "
                  "työn alkua, kolmen päivän sisällä aloituksesta, viikoittain ensimmäisen "
                  "kuukauden ajan ja sitten kuukausittain. Montako tuntia seurantaan tarvitaan "
                  "tämän valmennusvuoden aikana, kun työ alkaa kolmannen kuukauden alussa ja "
                  "tapaaminen kestää tunnin?"),
     "form": ("number", "Seurantatunteja:"),
     "check": lambda a: _number("9c", a, _followup_hours(), tol=0,
                                hint="Laske tapaamiset työn alusta vuoden loppuun: viikko ennen, "
                                     "kolmen päivän sisällä, viikoittain ensimmäinen kuukausi, "
                                     "sitten kuukausittain. Yksi tapaaminen = 1 h."),
     "hint": "Laske tapaamiset työn alusta valmennusvuoden loppuun.", "tool": None},
    {"id": "9a", "exercise": "09_valmennusvuosi",
     "title": f"Suunnittele asiakkaan {EXERCISE_CLIENT} valmennusvuosi",
     "question": ("Tee asiakkaalle uusi vuosisuunnitelma: enintään 50 tuntia, vähintään kaksi "
                  "kolmasosaa työnhakuun, työnantajiin ja työpaikkoihin, tunteja vaiheisiin 1 ja "
                  "2 sekä seurannalle niin paljon kuin mallin rytmi tarvitsee. Lomake alkaa "
                  "palveluntuottajan suunnitelmasta, ja tilarivit päivittyvät, kun siirrät "
                  "tunteja."),
     "form": ("plan", ""), "check": None,  # set below: check_9a
     "hint": "Katso lomakkeen tilarivejä: mikä niistä ei vielä täyty?", "tool": "client_plan"},
    {"id": "9d", "exercise": "09_valmennusvuosi",
     "title": "Käyntejä, jotta kaksi kolmasosaa täyttyisi",
     "question": ("Muistikirjassa 04 valmentajan 880 käynnistä (aiherivien summa) 133 liittyi kitin "
                  "luokittelulla työllistymiseen. Montako käyntiä olisi pitänyt liittyä "
                  "työllistymiseen, jotta "
                  "osuus olisi ollut vähintään kaksi kolmasosaa?"),
     "form": ("number", "Käyntejä:"),
     "check": lambda a: _number("9d", a, _visits_for_two_thirds(), tol=0,
                                hint="Kerro aiherivien käyntien summa kahdella kolmasosalla ja "
                                     "pyöristä ylöspäin."),
     "hint": "Kerro aiherivien summa kahdella kolmasosalla.", "tool": "visits"},
]
for _record in RECORDS:
    if _record["id"] == "9a":
        _record["check"] = check_9a

#: task id → (Finnish title, check): the registry of the current ``exercises.TASKS``
YEAR_TASKS = {r["id"]: (r["title"], r["check"]) for r in sorted(RECORDS, key=lambda r: r["id"])}


def client_plan_tool():
    """The tool shown above tasks 9a-9b: the client's sketch and the provider's plan by phase."""
    import html

    import ipywidgets as w

    from ..planning import phase_table
    from ..tables import show_table

    sketch = load_dataset("coaching_clients").set_index("client").loc[EXERCISE_CLIENT, "sketch"]
    start = _client_start()
    table = show_table(phase_table(_client_plan()), index=True).to_html()
    return w.HTML(f"<p><b>Asiakas {EXERCISE_CLIENT}</b>: {html.escape(sketch)} Työ alkaa "
                  f"valmennusvuoden {start}. kuukautena.</p>"
                  "<p>Palveluntuottajan suunnitelma (tunteja):</p>" + table)


# --- answer forms ------------------------------------------------------------------------------

def _form_9a(task="9a", spec=None):
    """Form kind ``plan``: the plan sliders, starting from the provider's plan, with live status."""
    import ipywidgets as w

    from ..planning import plan_summary
    from ..widgets import plan_controls, plan_status_html
    from .forms import Lomake

    start = _client_plan()
    sections, sliders = plan_controls(start)
    status = w.HTML()
    touched = []  # the provider's plan is the starting point, not the student's answer

    def current():
        return {k: s.value for k, s in sliders.items()}

    def on_change(_):
        touched.append(True)
        from ..planning import plan_from_hours

        hours = {k: v for k, v in current().items() if v > 0}
        if hours:
            status.value = plan_status_html(plan_summary(
                plan_from_hours(hours, job_start_month=_client_start())))

    for s in sliders.values():
        s.observe(on_change, names="value")
    status.value = plan_status_html(plan_summary(start))
    inputs = {f"{p}|{a}": s for (p, a), s in sliders.items()}
    form = Lomake(task, inputs, lambda i: current() if touched else None,
                  layout_children=[sections, status])
    form.sliders, form.status = sliders, status
    return form


def _number_form(task, text, integer=False):
    from .forms import _number_form as build

    return build(task, text, integer=integer)


YEAR_FORMS = {
    "9a": _form_9a,
    "9b": lambda: _number_form("9b", "Osuus desimaalilukuna (0–1):"),
    "9c": lambda: _number_form("9c", "Seurantatunteja:", integer=True),
    "9d": lambda: _number_form("9d", "Käyntejä:", integer=True),
}
