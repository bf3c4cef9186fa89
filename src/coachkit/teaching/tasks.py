"""The exercise tasks: ONE :class:`Task` record per task, read by everything that shows or checks it.

A task record holds the task's id, its question in plain Finnish, the tool shown above the
answer form (the whole data to count, a calculator, a curve with its controls), the kind of
answer form, the answer check and the hint shown when an answer is not right yet.  The
exercise masters show a task with one cell, ``tehtava("1a")`` (question, tool and form
from this record), the student copies are built from the masters, the answer forms
(:mod:`coachkit.teaching.forms`) and the code path (:func:`tarkista`) check through
:attr:`Task.check`, and the classroom serves the same notebooks.

**Adding a task** (e.g. exercise 10): write its check function below (the expected answer is
computed from the kit's data, never typed in; an exercise with many expected answers keeps
them in its own module that imports nothing of this package, as :mod:`.study_tasks` and
:mod:`.year_tasks` do), add one ``Task(...)`` to :data:`TASKS` — question
in plain Finnish without code words, a ``Form`` (kinds in :data:`FORM_KINDS`; a new kind also
needs a builder in ``forms._BUILDERS``), an optional ``tool`` (names in
:data:`TOOLS`; a new one needs a builder in :mod:`coachkit.teaching.tools`) and a hint that says
what to look at on the page — then put ``tehtava("7a")`` and, for JupyterLab users, a
``solution`` cell and a ``code-path`` cell ``tarkista("7a", vastaus_7a)`` in the master.
Give the new task a right and a wrong answer in ``tests/test_forms.py`` (``RIGHT`` and
``WRONG``): the tests fill every task's form with both and fail for a task without them — the
right one must say *Oikein*, the wrong one never.

This module imports neither :mod:`~coachkit.teaching.forms` nor
:mod:`~coachkit.teaching.exercises`; both read it.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass, field

from ..datasets import load_dataset
from ..i18n import DEFAULT_LANG, format_number, format_percent, parse_number, t
from ..reference.sources import cite
from . import study_tasks, year_tasks

__all__ = ["Task", "Form", "Feedback", "TASKS", "tarkista", "read_number", "DESIGN_TARGETS"]

#: Feedback statuses → the symbol that any font has (the words: catalogue ``teaching.status.*``)
STATUS_SYMBOL = {"correct": "✓", "not_yet": "✗", "unanswered": "…", "wrong_type": "!"}

#: answer-form kinds a Task may ask for (builders in ``forms._BUILDERS``)
FORM_KINDS = ("number", "share", "coding", "stars", "choice", "design", "topics", "items",
              "areas", "plan")


def missing_text(kind: str, lang: str = "fi") -> str:
    """What to do first when a form of ``kind`` is not answered yet (catalogue
    ``teaching.missing.<kind>``).

    >>> missing_text("number")
    'Kirjoita luku ruutuun.'
    """
    return t(f"teaching.missing.{kind}", lang)


#: tools a Task may show above its form (builders in ``tools.TOOLS``)
TOOLS = ("codebook", "kappa", "new_source", "rules", "saturation", "providers", "design",
         "visits", "orientation_summary", "ips_table", "benefit_areas", "benefit_summary",
         "improved_table", "client_plan")


@dataclass
class Feedback:
    """Result of a check; prints as one Finnish line."""

    task: str
    status: str
    message: str
    lang: str = "fi"

    @property
    def words(self) -> str:
        """The status in words: *Oikein!*, *Ei vielä.*, … (catalogue ``teaching.status.*``)"""
        return t(f"teaching.status.{self.status}", self.lang)

    def __str__(self) -> str:
        return f"[{self.task}] {STATUS_SYMBOL[self.status]} {self.words} {self.message}".rstrip()

    def _repr_markdown_(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return str(self)


@dataclass(frozen=True)
class Form:
    """What the answer form looks like: its ``kind`` (see :data:`FORM_KINDS`) and its label."""

    kind: str
    label: str = ""

    def __post_init__(self):
        if self.kind not in FORM_KINDS:
            raise ValueError(f"unknown form kind '{self.kind}'; kinds are: {', '.join(FORM_KINDS)}")


@dataclass(frozen=True)
class Task:
    """One exercise task: everything the page, the form and the check need."""

    id: str
    exercise: str
    title: str
    question: str
    form: Form
    check: Callable = field(repr=False)
    hint: str
    tool: str | None = None

    def __post_init__(self):
        if self.tool is not None and self.tool not in TOOLS:
            raise ValueError(f"unknown tool '{self.tool}'; tools are: {', '.join(TOOLS)}")


# --- reading what a Finnish user types ----------------------------------------------------------

def read_number(value, *, share: bool = False):
    """A number from what a student typed (:func:`coachkit.i18n.parse_number`); else the text.

    ``share=True``: "74 %" and "0,74" both mean 0.74 (a share is 0–1).  Blank → None.

    >>> read_number(" 0,25 "), read_number("1 200"), read_number(""), read_number("x")
    (0.25, 1200, None, 'x')
    >>> read_number("74 %", share=True), read_number("0,74", share=True), read_number("74,5%")
    (0.74, 0.74, 0.745)
    """
    if value is None or isinstance(value, bool):
        return value
    try:
        return parse_number(value)
    except ValueError:
        return str(value).strip()


#: a bare "1" in a share box: 1 % or 100 %?  Asked, never guessed.
ONE_OR_HUNDRED = "Tarkoititko 1 % vai 100 %? Kirjoita luvun perään merkki %."


def _number(task, answer, expected, *, tol, hint, share=False):
    if share and isinstance(answer, str) and answer.strip() == "1":
        return Feedback(task, "wrong_type", ONE_OR_HUNDRED)
    answer = read_number(answer, share=share)
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        what = "osuutta (esim. 25 % tai 0,25)" if share else "lukua"
        return Feedback(task, "wrong_type", f"Odotin {what}, en tekstiä.")
    if share and answer > 1.5:
        return Feedback(task, "not_yet", "Kirjoita osuus prosentteina merkin % kanssa tai "
                        "desimaalilukuna väliltä 0–1.")
    if math.isclose(float(answer), float(expected), abs_tol=tol):
        return Feedback(task, "correct", "")
    return Feedback(task, "not_yet", hint)


# --- expected answers, computed from the kit's data -------------------------------------------

def kappa_shipped() -> float:
    """Cohen's κ between the kit's coders A and B (task 1b)."""
    from ..analyses.agreement import agreement

    o = agreement(load_dataset("coach_coding"), n_boot=10).overall.set_index("metric")
    return float(o.loc["cohen_kappa", "estimate"])


def new_source_stars() -> dict:
    """Goal → stars of the new source under the default rule (task 2a)."""
    from ..analyses.themes import read_corpus, star_table

    stars = star_table(read_corpus(load_dataset("exercise_new_source")))
    return dict(zip(stars["category"], stars["stars"].astype(int), strict=True))


def share_rule_changes() -> int:
    """Cells of Table 1 that change under the share rule (task 2b)."""
    from ..analyses.stars import ALTERNATIVE_RULES
    from ..analyses.themes import read_corpus, rule_sensitivity

    s = rule_sensitivity(read_corpus(load_dataset("source_corpus")), rules=[ALTERNATIVE_RULES[-1]])
    return int((s["change"] != 0).sum())


def saturation_at(threshold, run=2, base=4):
    """Saturation point of the kit's coach interviews (tasks 3a, 3b)."""
    from ..analyses.saturation import coach_segments, saturation_point

    return saturation_point(coach_segments(), base=base, run=run,
                            threshold=threshold)["n_documents"]


def provider_level_share(provider="Salo", level="III") -> float:
    """Share of a provider's clients for whom a pyramid level is met (task 4a)."""
    from ..analyses.pyramid import levels_met, read_survey

    m = levels_met(read_survey(load_dataset("feedback_survey")))
    return float(m.loc[m["provider"] == provider, f"met_{level}"].mean())


def best_pyramid_provider() -> str:
    """The provider with the highest pyramid index (task 4b)."""
    from ..analyses.pyramid import provider_table, read_survey

    providers = provider_table(read_survey(load_dataset("feedback_survey")))
    return str(providers.sort_values("pyramid_index", ascending=False)["provider"].iloc[0])


def visit_summary() -> dict:
    """The published visit table's summary (tasks 6b, 6c)."""
    from ..analyses.tasks import read_task_table, task_summary

    return task_summary(read_task_table(load_dataset("visit_topics")))


def employment_topics() -> set:
    """Topics the kit classes as employment-related (task 6a)."""
    visits = load_dataset("visit_topics")
    return set(visits.loc[visits["employment_related"].astype(str).str.lower() == "true", "topic"])


#: The selection design task (exercise 5): targets every answer must meet.
DESIGN_TARGETS = {"employment_rate": 0.40, "disadvantaged_admitted_share": 0.55, "coach_fte": 1.5}


def design_outcome(answer):
    """One simulated selection with the student's share and coach resource (task 5a)."""
    from ..models.selection import SelectionParams, Strategy, simulate

    params = SelectionParams.calibrated(coach_fte=float(answer["coach_fte"]))
    res = simulate(params, strategies=[Strategy("oma", float(answer["share"]))], coach=(True,),
                   reps=300, seed=0)
    return res.summary.iloc[0]


def code_names() -> dict:
    """Value code id → Finnish name (the codebook of exercise 1)."""
    v = load_dataset("values")
    return dict(zip(v["code_id"], v["name_fi"], strict=True))


# --- the checks -------------------------------------------------------------------------------

def _check_1a(answer):
    ref = load_dataset("exercise_reference")
    names = code_names()
    if not isinstance(answer, list | tuple) or not all(isinstance(a, str) for a in answer):
        return Feedback("1a", "wrong_type", "Valitse jokaiselle katkelmalle yksi koodi.")
    if len(answer) != len(ref):
        return Feedback("1a", "not_yet", f"Katkelmia on {len(ref)}; olet koodannut {len(answer)}.")
    blank = [s for s, a in zip(ref["segment_id"], answer, strict=True) if not a]
    if blank:
        return Feedback("1a", "not_yet", f"Katkelmalta {blank[0]} puuttuu koodi "
                        f"({len(blank)} koodaamatta).")
    unknown = [a for a in answer if a not in names]
    if unknown:
        return Feedback("1a", "not_yet", f"Koodia '{unknown[0]}' ei ole koodikirjassa.")
    import pandas as pd

    from ..analyses.agreement import agreement

    rows = [{"segment_id": s, "coder": "sinä", "code": c}
            for s, c in zip(ref["segment_id"], answer, strict=True)]
    rows += [{"segment_id": s, "coder": "referenssi", "code": c}
             for s, c in zip(ref["segment_id"], ref["reference_code"], strict=True)]
    res = agreement(pd.DataFrame(rows), n_boot=10)
    k = float(res.overall.set_index("metric").loc["cohen_kappa", "estimate"])
    differ = res.disagreements["segment_id"].tolist()
    if not differ:
        return Feedback("1a", "correct", "Koodauksesi on sama kuin referenssikoodaajan (κ = 1). "
                        "Vertaa nyt parisi koodaukseen.")
    return Feedback("1a", "not_yet", f"κ = {format_number(k, DEFAULT_LANG, 2)} (0 = samaa mieltä vain "
                    "sattuman verran, 1 = täysin samaa mieltä): olet eri mieltä "
                    f"referenssikoodaajan kanssa {len(differ)} katkelmasta ({', '.join(differ)}). "
                    "Lue näiden katkelmien teksti ja koodikirjan kuvaukset uudelleen.")


def _check_2a(answer):
    from ..reference.codebook import Codebook

    expected = new_source_stars()
    names = Codebook.load().names("goal", "fi")
    if not isinstance(answer, dict):
        return Feedback("2a", "wrong_type", "Anna jokaiselle kokonaistavoitteelle tähtimäärä 0–4.")
    missing = [g for g in expected if answer.get(g) is None]
    if missing:
        return Feedback("2a", "not_yet", f"Tavoitteelta {names.get(missing[0], missing[0])} "
                        "puuttuu tähtimäärä.")
    wrong = [g for g in expected if answer[g] != expected[g]]
    if not wrong:
        return Feedback("2a", "correct", "")
    return Feedback("2a", "not_yet", f"{len(wrong)} tavoitteen tähdet eivät täsmää. Suodata "
                    "taulukko tavoitteen nimellä, katso rivimäärä ja vertaa sitä tähtisääntöön "
                    "taulukon yläpuolella.")


def _check_4b(answer):
    if not isinstance(answer, str) or not answer.strip():
        return Feedback("4b", "wrong_type", "Valitse palvelu luettelosta.")
    if answer.strip() == best_pyramid_provider():
        return Feedback("4b", "correct", "")
    return Feedback("4b", "not_yet", "Valitse palvelutaulukon Järjestä-valikosta "
                    "Pyramidi-indeksi ja laskeva järjestys, ja katso ylin rivi.")


def _check_5a(answer):
    if not isinstance(answer, dict) or not {"share", "coach_fte"} <= set(answer):
        return Feedback("5a", "wrong_type", "Valitse sekä osuus että valmentajaresurssi.")
    share = read_number(answer["share"], share=True)
    fte = read_number(answer["coach_fte"])
    if not all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in (share, fte)):
        return Feedback("5a", "wrong_type", "Osuuden ja valmentajaresurssin pitää olla lukuja.")
    if not 0 <= share <= 1:
        return Feedback("5a", "not_yet", "Osuuden pitää olla 0–100 %.")
    if not 0 <= fte <= DESIGN_TARGETS["coach_fte"]:
        return Feedback("5a", "not_yet", "Budjetti sallii enintään "
                        f"{format_number(DESIGN_TARGETS['coach_fte'], DEFAULT_LANG, 1)} valmentajan "
                        "henkilötyövuotta.")
    r = design_outcome({"share": share, "coach_fte": fte})
    emp, dis = r["employment_rate"], r["disadvantaged_admitted_share"]
    misses = []
    if emp < DESIGN_TARGETS["employment_rate"]:
        misses.append(f"työllistymisaste {format_percent(emp, DEFAULT_LANG)} on alle "
                      f"{format_percent(DESIGN_TARGETS['employment_rate'], DEFAULT_LANG, 0)}")
    if dis < DESIGN_TARGETS["disadvantaged_admitted_share"]:
        misses.append(f"heikossa asemassa olevia on valituista {format_percent(dis, DEFAULT_LANG)}, alle "
                      f"{format_percent(DESIGN_TARGETS['disadvantaged_admitted_share'], DEFAULT_LANG, 0)}")
    if not misses:
        return Feedback("5a", "correct", f"Työllistymisaste {format_percent(emp, DEFAULT_LANG)}, heikossa "
                        f"asemassa olevia {format_percent(dis, DEFAULT_LANG)}. Perustele nyt valintasi.")
    text = "; ".join(misses)
    return Feedback("5a", "not_yet", text[0].upper() + text[1:] + ". Katso tulostaulukkoa "
                    "säätimien alla ja kokeile muuttaa osuutta tai resurssia.")


def _check_6a(answer):
    expected = employment_topics()
    if not isinstance(answer, set | list | tuple):
        return Feedback("6a", "wrong_type", "Rastita aiheet, jotka liittyvät työllistymiseen.")
    chosen = set(answer)
    if chosen == expected:
        return Feedback("6a", "correct", "Sama luokittelu kuin kitissä.")
    return Feedback("6a", "not_yet", f"Valitsit {len(chosen)} aihetta. Lue taulukon "
                    "perustelusarake: mukaan kuuluvat aiheet, jotka liittyvät suoraan työnhakuun, "
                    "työnantajiin tai työpaikkoihin.")


def _check_7c(answer):
    if isinstance(answer, str) or not isinstance(answer, set | list | tuple):
        return Feedback("7c", "wrong_type", "Rastita lomakkeella IPS-kohdat (tai anna joukko "
                        "kohtien numeroita).")
    try:
        chosen = {int(a) for a in answer}
    except (TypeError, ValueError):
        return Feedback("7c", "wrong_type", "Kohtien pitää olla numeroita 1–25.")
    want = study_tasks.ips_gap()
    if chosen == want:
        return Feedback("7c", "correct", "Nämä kohdat erottavat orientaatiot. Pohdi, mitkä niistä "
                        "ovat valmentajan omissa käsissä ja mitkä palvelun rahoittajan päätöksiä.")
    extra = chosen - want
    if extra and any(study_tasks.ips_status(i, "valmennuskeskeinen") != "does_not" for i in extra):
        return Feedback("7c", "not_yet", f"Valitsit {len(chosen)} kohtaa. Mukana on kohta, jota "
                        "valmennuskeskeinen ei kitin tulkinnassa jätä täyttämättä – katso sarake "
                        "»Valmennuskeskeinen»: vain »ei täyty» kuuluu mukaan.")
    return Feedback("7c", "not_yet", f"Valitsit {len(chosen)} kohtaa. Mukaan kuuluvat kohdat, "
                    "joissa työllistymiskeskeinen on »täyttyy» ja valmennuskeskeinen »ei täyty».")


def _check_8a(answer):
    want = study_tasks.areas_8a()
    if not isinstance(answer, dict):
        return Feedback("8a", "wrong_type", "Valitse lomakkeella jokaiselle väittämälle alue.")
    missing = [i for i in want if not answer.get(i)]
    if missing:
        return Feedback("8a", "not_yet", f"Valitse alue myös väittämälle {missing[0]}.")
    right = sum(answer[i] == want[i] for i in want)
    if right == len(want):
        return Feedback("8a", "correct", "")
    return Feedback("8a", "not_yet", f"{right}/{len(want)} väittämää oikealla alueella. Mieti, "
                    "kuvaako väittämä työtä tekevää, toisia ihmisiä, omaa arkea vai työnhakua.")


def _check_9a(answer):
    try:
        review = year_tasks.plan_review(answer)
    except ValueError as exc:
        return Feedback("9a", "not_yet", f"Suunnitelmassa on virhe: {exc}")
    if review is None:
        return Feedback("9a", "wrong_type", "Siirrä lomakkeen säätimillä tai kirjoita ruutuihin "
                        "tunteja vaiheisiin ja toimintoihin (koodilla: vaihe ja toiminto → "
                        "tunnit).")
    s, misses = review
    if misses:
        text = "; ".join(misses) + "."
        return Feedback("9a", "not_yet", text[0].upper() + text[1:])
    return Feedback("9a", "correct", f"{format_number(s['total_hours'], DEFAULT_LANG)} h, joista "
                    f"{format_percent(s['employment_share'], DEFAULT_LANG, 0)} työnhakuun, työnantajiin ja "
                    "työpaikkoihin, ja IPS-mallin seurantarytmi mahtuu. Mitä jätit pois "
                    "palveluntuottajan "
                    "suunnitelmasta – ja miksi?")


def _check_9c(answer):
    readings = year_tasks.followup_readings()
    fb = _number("9c", answer, readings["kit"], tol=0, hint=(
        "Piirrä aikajana työn alusta valmennusvuoden loppuun: montako työkuukautta vuoteen "
        "mahtuu, ja missä niistä on viikoittaisia, missä kuukausittaisia tapaamisia? Muista "
        "myös tapaamiset ennen työn alkua ja heti sen jälkeen."))
    if fb.status == "not_yet" and math.isclose(float(read_number(answer)),
                                                readings["every_month"]):
        fb = Feedback("9c", "correct", "")
    if fb.status == "correct":
        kit, every = (format_number(readings[k], DEFAULT_LANG) for k in ("kit", "every_month"))
        fb.message = (f"Rytmi ei kerro, minä päivänä kuukausitapaaminen pidetään: jos vuoden "
                      f"viimeisellekin työkuukaudelle tulee oma tapaaminen, tunteja on {every}; "
                      f"kitin laskussa tapaaminen osuu kuukauden vaihteeseen, jolloin viimeinen "
                      f"siirtyy seuraavalle vuodelle ({kit} h). Molemmat käyvät.")
    return fb


def _number_check(task_id, expected, *, tol, hint, share=False):
    return lambda a: _number(task_id, a, expected(), tol=tol, hint=hint, share=share)


_ON_PAGE = "Vastaa lomakkeella hiirellä ja näppäimistöllä."
#: IPS-25 status → the Finnish word the table shows (task 7c names them as they appear)
_STATUS = {s: t(f"value.status.{s}", DEFAULT_LANG) for s in ("meets", "partly", "does_not", "not_described")}

#: Every task of every exercise, in order.  Add new tasks here (see the module docstring).
TASKS: dict = {task.id: task for task in [
    Task("1a", "01_koodaus", "Koodaa katkelmat ja vertaa referenssiin",
         "Lue jokainen katkelma ja valitse sille koodikirjasta yksi koodi, joka kuvaa sitä "
         "parhaiten. Koodien kuvaukset ovat koodikirjan taulukossa. Kun kaikilla katkelmilla on "
         "koodi, paina Tarkista: näet, kuinka hyvin koodauksesi vastaa referenssikoodaajaa.",
         Form("coding"), _check_1a,
         "Lue katkelmat, joista olet eri mieltä, ja koodikirjan kuvaukset uudelleen.",
         tool="codebook"),
    Task("1b", "01_koodaus", "Cohenin κ kahden koodaajan välillä",
         "Kitin kaksi koodaajaa, A ja B, ovat koodanneet samat sata haastattelukatkelmaa. "
         "Laske κ-laskimella heidän yhtäpitävyytensä (Cohenin κ) ja kirjoita se kahden "
         "desimaalin tarkkuudella.",
         Form("number", "Cohenin κ:"),
         _number_check("1b", kappa_shipped, tol=0.01, hint=(
             "Valitse κ-laskimessa sarakkeiksi koodaajat A ja B, paina Laske κ ja lue κ "
             "kahden desimaalin tarkkuudella.")),
         "Valitse κ-laskimessa koodaajat A ja B.", tool="kappa"),
    Task("2a", "02_tahdet", "Uuden lähteen tähdet",
         "Taulukossa on uuden lähteen kaikki ilmaukset ja kokonaistavoite, johon kukin "
         "kuuluu. Laske ilmaukset tavoitteittain ja muuta määrät tähdiksi oletussäännöllä: "
         "1–2 ilmausta ★, 3–5 ★★, 6–9 ★★★ ja vähintään 10 ★★★★; tavoite ilman ilmauksia saa 0.",
         Form("stars"), _check_2a,
         "Suodata taulukko tavoitteen nimellä ja katso rivien määrä.", tool="new_source"),
    Task("2b", "02_tahdet", "Muuttuvat solut osuussäännöllä",
         "Opinnäytetyön taulukossa on 30 solua (lähde × kokonaistavoite). Kuinka moni solu "
         "saa eri tähtimäärän, jos tähdet annetaan osuussäännöllä (1/10/20/30 % lähteen "
         "ilmauksista) eikä oletussäännöllä?",
         Form("number", "Muuttuvia soluja:"),
         _number_check("2b", share_rule_changes, tol=0, hint=(
             "Valitse säännönvalitsimesta osuussääntö ja laske rivit, joiden muutos ei ole 0 "
             "(voit järjestää taulukon muutoksen mukaan).")),
         "Valitse säännönvalitsimesta osuussääntö.", tool="rules"),
    Task("3a", "03_saturaatio", "Saturaatiopiste, kynnys 5 %",
         "Käytä saturaatiotyökalua: pohja 4 vastaajaa, jakso 2 vastaajaa ja kynnys 5 %. "
         "Monennenko vastaajan kohdalla saturaatio saavutetaan, kun haastattelut luetaan "
         "aineiston omassa järjestyksessä?",
         Form("number", "Saturaatiopiste (vastaajia):"),
         _number_check("3a", lambda: saturation_at(0.05), tol=0, hint=(
             "Aseta työkaluun pohja 4, jakso 2 ja kynnys 5 % ja lue saturaatiopiste "
             "kuvan yläpuolelta.")),
         "Aseta saturaatiotyökalun säätimet tehtävän mukaan.", tool="saturation"),
    Task("3b", "03_saturaatio", "Saturaatiopiste, jakso 1, kynnys 0 %",
         "Entä jos jakso on vain yksi vastaaja eikä uutta tietoa sallita lainkaan (kynnys "
         "0 %)? Pohja on edelleen 4 vastaajaa.",
         Form("number", "Saturaatiopiste (vastaajia):"),
         _number_check("3b", lambda: saturation_at(0.0, run=1), tol=0, hint=(
             "Aseta työkaluun pohja 4, jakso 1 ja kynnys 0 %: yhtään uutta koodia ei "
             "sallita.")),
         "Aseta saturaatiotyökalun säätimet tehtävän mukaan.", tool="saturation"),
    Task("4a", "04_arvopyramidi", "Tason III osuus palvelussa Salo",
         "Kuinka suuri osuus palvelun Salo asiakkaista täyttää arvopyramidin tason III "
         "(vaikuttavuus; raja 4,0)? Kirjoita osuus prosentteina tai desimaalilukuna.",
         Form("share", "Osuus:"),
         _number_check("4a", provider_level_share, tol=0.005, share=True, hint=(
             "Katso palvelutaulukosta palvelun Salo rivi ja sarake »Taso III täyttyy».")),
         "Katso palvelutaulukon Salo-riviä.", tool="providers"),
    Task("4b", "04_arvopyramidi", "Paras palvelu arvopyramidin mukaan",
         "Mikä palvelu on paras arvopyramidin indeksin mukaan? Indeksi kertoo, kuinka suuri "
         "osuus tasoista keskimäärin täyttyy palvelun asiakkailla.",
         Form("choice", "Palvelu:"), _check_4b,
         "Järjestä palvelutaulukko pyramidi-indeksin mukaan.", tool="providers"),
    Task("5a", "05_valinta", "Valintamalli, joka täyttää tavoitteet",
         "Valitse, kuinka suuri osa paikoista täytetään motivaation perusteella, ja kuinka "
         "paljon valmentajatyötä (henkilötyövuosia) palveluun varataan. Tavoitteet: "
         "työllistymisaste valituista vähintään 40 %, heikossa työmarkkina-asemassa olevia "
         "valituista vähintään 55 % ja enintään 1,5 henkilötyövuotta. Tulostaulukko "
         "päivittyy, kun muutat säätimiä.",
         Form("design"), _check_5a,
         "Katso tulostaulukkoa säätimien alla.", tool="design"),
    Task("6a", "06_viikko", "Työllistymiseen liittyvät aiheet",
         "Mitkä käyntien aiheet liittyvät suoraan työnhakuun, työnantajiin tai "
         "työpaikkoihin? Rastita ne.",
         Form("topics"), _check_6a,
         "Lue taulukon perustelusarake.", tool="visits"),
    Task("6b", "06_viikko", "Työllistymiseen liittyvien käyntien osuus",
         "Kuinka suuri osuus käynneistä liittyy työllistymiseen? Jaa työllistymiseen "
         "liittyvien aiheiden käynnit kaikkien aiherivien käyntien summalla (ei painetulla "
         "summarivillä). Kirjoita osuus prosentteina tai desimaalilukuna.",
         Form("share", "Osuus:"),
         _number_check("6b", lambda: visit_summary()["share_of_visits"], tol=0.002, share=True,
                       hint=("Suodata taulukosta työllistymiseen liittyvät aiheet ja laske "
                             "niiden käynnit yhteen; jaa aiherivien summalla, joka näkyy "
                             "taulukon alla.")),
         "Käytä taulukon alla näkyvää aiherivien summaa.", tool="visits"),
    Task("6c", "06_viikko", "Rivisumman ja painetun summan ero",
         "Kuinka paljon aiherivien käyntien summa poikkeaa julkaistun taulukon painetusta "
         "summarivistä? Kirjoita erotus käynteinä.",
         Form("number", "Erotus (käyntejä):"),
         _number_check("6c", lambda: visit_summary()["rows_total"]
                       - visit_summary()["printed_total"], tol=0, hint=(
             "Vähennä aiherivien summasta (taulukon alla) painetun summarivin käynnit.")),
         "Vertaa aiherivien summaa painettuun summariviin.", tool="visits"),
    Task("7a", "07_orientaatiot", "Kuinka paljon aiemmin työnhaku alkaa",
         "Kuinka monta viikkoa aiemmin työnhaku alkaa työllistymiskeskeisessä orientaatiossa "
         "kuin valmennuskeskeisessä? Käytä taulukon mediaaneja.",
         Form("number", "Viikkoja aiemmin:"),
         _number_check("7a", study_tasks.search_gap, tol=0, hint=(
             "Katso taulukon sarake »Viikkoja työnhaun alkuun (mediaani)» ja vähennä "
             "työllistymiskeskeisen luku valmennuskeskeisen luvusta.")),
         "Katso taulukon sarake »Viikkoja työnhaun alkuun (mediaani)».",
         tool="orientation_summary"),
    Task("7b", "07_orientaatiot", "Seurantatapaamiset ensimmäisenä työvuonna",
         "Näyttöön perustuvan työvalmennuksen mallissa, jota tutkimus kuvaa "
         f"työllistymiskeskeisen työhönvalmennuksen muotona ({cite('ips.follow_up')}), "
         "asiakas tavataan viikkoa ennen työn alkua, kolmen päivän sisällä aloituksesta, "
         "viikoittain ensimmäisen työkuukauden ajan ja kuukausittain ensimmäisen työvuoden "
         "ajan. Tutkimus ei kerro, miten tapaamiset lasketaan; tässä tehtävässä käytetään "
         "kitin laskutapaa: ensimmäisen kuukauden viikkotapaamisia on neljä, ja "
         "kuukausitapaaminen pidetään työkuukausina 2–12. Asiakas aloittaa työn viikolla 20. "
         "Montako seurantatapaamista hänellä on ensimmäisenä työvuonna yhteensä?",
         Form("number", "Tapaamisia:"),
         _number_check("7b", study_tasks.first_year_meetings, tol=0, hint=(
             "Laske erikseen: viikkoa ennen, kolmen päivän sisällä, neljä viikkotapaamista "
             "ensimmäisenä kuukautena ja kerran kuussa työkuukausina 2–12.")),
         "Laske tehtävän tekstin tapaamiset ryhmittäin ja laske ne yhteen."),
    Task("7c", "07_orientaatiot", "IPS-kohdat, jotka erottavat orientaatiot",
         "Taulukossa on kitin tulkinta siitä, mitkä IPS-25-kohdat kukin orientaatio voi "
         "täyttää. Rastita kohdat, joissa työllistymiskeskeisen sarakkeessa on "
         f"»{_STATUS['meets']}» ja valmennuskeskeisen sarakkeessa »{_STATUS['does_not']}». "
         f"Kohdat, joissa valmennuskeskeinen on »{_STATUS['partly']}» tai "
         f"»{_STATUS['not_described']}», eivät kuulu mukaan.",
         Form("items"), _check_7c,
         "Vertaa taulukon sarakkeita Työllistymiskeskeinen ja Valmennuskeskeinen.",
         tool="ips_table"),
    Task("8a", "08_palvelun-hyoty", "Väittämät oikeille alueille",
         "Mille palveluhyödyn alueelle kukin väittämä kuuluu? Valitse jokaiselle väittämälle "
         "alue.",
         Form("areas"), _check_8a,
         "Lue alueiden nimet taulukosta ja mieti, kuvaako väittämä työtä tekevää, toisia "
         "ihmisiä, omaa arkea vai työnhakua.", tool="benefit_areas"),
    Task("8b", "08_palvelun-hyoty", "Ei-työllistyneiden edistyminen yhteistyössä",
         "Kuinka monta pistettä ei-työllistyneiden arvio nousi keskimäärin alueella Yhteistyö "
         "ja vuorovaikutus työyhteisössä? Kahden desimaalin tarkkuus riittää.",
         Form("number", "Muutos (pistettä):"),
         _number_check("8b", study_tasks.change_not_employed, tol=0.01, hint=(
             "Katso taulukosta rivi, jossa alue on yhteistyö ja vuorovaikutus ja "
             "työllistyneitä »ei», ja sarake »Muutos».")),
         "Katso taulukon rivi, jossa alue on yhteistyö ja työllistyneitä »ei».",
         tool="benefit_summary"),
    Task("8c", "08_palvelun-hyoty", "Edistyneiden osuus ilman työpaikkaa",
         "Kuinka suuri osuus ei-työllistyneistä edistyi vähintään yhden pisteen ainakin "
         "yhdellä alueella? Kirjoita osuus prosentteina tai desimaalilukuna.",
         Form("share", "Osuus:"),
         _number_check("8c", study_tasks.improved_not_employed, tol=0.005, share=True, hint=(
             "Katso edistyneiden taulukosta rivi, jossa työllistyneitä »ei», ja sarake "
             "»Edistyneiden osuus».")),
         "Katso edistyneiden taulukon rivi, jossa työllistyneitä »ei».",
         tool="improved_table"),
    Task("9a", "09_valmennusvuosi",
         f"Suunnittele asiakkaan {year_tasks.EXERCISE_CLIENT} valmennusvuosi",
         "Tee asiakkaalle uusi vuosisuunnitelma. Harjoituksen tavoitteet: enintään 50 tuntia "
         f"(TE-palvelun vuosikatto, {cite('te.cap_50h')}); vähintään kaksi kolmasosaa "
         "tunneista työnhakuun, työnantajiin ja työpaikkoihin – tutkimus antaa tämän neuvona "
         f"({cite('cooperation.two_thirds')}), ja tässä harjoituksessa se on tavoite; tunteja "
         "vaiheisiin 1 ja 2; ja seurannalle niin paljon kuin näyttöön perustuvan "
         f"työvalmennuksen (IPS) mallin seurantarytmi tarvitsee ({cite('ips.follow_up')}) – "
         "rytmi on mallin, ei TE-palvelun vaatimus. Lomake alkaa palveluntuottajan "
         "suunnitelmasta. Siirrä tunteja säätimillä tai kirjoita ne ruutuihin; tilarivit "
         "kertovat, mitkä tavoitteet jo täyttyvät.",
         Form("plan"), _check_9a,
         "Katso lomakkeen tilarivejä: mikä niistä ei vielä täyty?", tool="client_plan"),
    Task("9b", "09_valmennusvuosi",
         "Palveluntuottajan suunnitelman työllistymiseen suuntautuva osuus",
         f"Kuinka suuri osuus asiakkaan {year_tasks.EXERCISE_CLIENT} suunnitelman tunneista "
         "menee työnhakuun, työnantajayhteistyöhön ja työpaikkoihin (tähdellä merkityt "
         "toiminnot, seuranta mukaan lukien)? Kirjoita osuus prosentteina tai desimaalilukuna.",
         Form("share", "Osuus:"),
         _number_check("9b", year_tasks.provider_share, tol=0.005, share=True, hint=(
             "Laske yhteen tähdellä merkittyjen toimintojen tunnit (työnhaku, työnantajat, "
             "työpaikka, seuranta) ja jaa ne kaikilla tunneilla.")),
         "Laske tähdellä merkittyjen toimintojen tunnit taulukosta.", tool="client_plan"),
    Task("9c", "09_valmennusvuosi", "Seurantaan tarvittavat tunnit IPS-mallin rytmillä",
         "Näyttöön perustuvan työvalmennuksen (IPS) mallissa, joka on työllistymiskeskeisen "
         f"valmennuksen muoto ({cite('ips.follow_up')}), uutta työntekijää "
         "tavataan viikkoa ennen työn alkua, kolmen päivän sisällä aloituksesta, viikoittain "
         "ensimmäisen kuukauden ajan ja sitten kuukausittain. Montako tuntia seurantaan "
         "tarvitaan tämän valmennusvuoden aikana, kun työ alkaa kolmannen kuukauden alussa ja "
         "tapaaminen kestää tunnin?",
         Form("number", "Seurantatunteja:"), _check_9c,
         "Laske tehtävän tekstin tapaamiset työn alusta valmennusvuoden loppuun."),
    Task("9d", "09_valmennusvuosi", "Käyntejä, jotta kaksi kolmasosaa täyttyisi",
         "Taulukossa ovat valmentajan käynnit aiheittain (sama taulukko kuin harjoituksessa 6). "
         "Montako aiherivien käynneistä olisi pitänyt liittyä työllistymiseen, jotta osuus "
         "olisi ollut vähintään kaksi kolmasosaa?",
         Form("number", "Käyntejä:"),
         _number_check("9d", year_tasks.visits_for_two_thirds, tol=0, hint=(
             "Kerro taulukon alla näkyvä aiherivien käyntien summa kahdella kolmasosalla ja "
             "pyöristä ylöspäin.")),
         "Käytä taulukon alla näkyvää aiherivien summaa.", tool="visits"),
]}


def tarkista(task: str, vastaus=None) -> Feedback:
    """Check a student's answer and return Finnish feedback (shown in the notebook).

    Parameters
    ----------
    task : str
        Task id, e.g. ``"2a"``.
    vastaus : any
        The answer; ``None`` means not answered yet.  Numbers may be typed as text the
        Finnish way ("0,25", "25 %", "1 200").

    Examples
    --------
    >>> tarkista("6c", None)
    [6c] … Ei vielä vastattu. Kirjoita luku ruutuun.
    >>> tarkista("6c", "sata")
    [6c] ! Vastaus on väärää muotoa. Odotin lukua, en tekstiä.
    """
    if task not in TASKS:
        raise ValueError(f"unknown task '{task}'; tasks are: {', '.join(TASKS)}")
    if vastaus is None or vastaus is Ellipsis:
        return Feedback(task, "unanswered", missing_text(TASKS[task].form.kind))
    return TASKS[task].check(vastaus)
