"""The label catalogue: every word a figure or table shows, in Finnish and English.

>>> label("source")
'Lähde'
>>> label("source", lang="en")
'Source'
"""

from __future__ import annotations

from ._validation import check_argument

LANGS = ("fi", "en")

CATALOGUE = {
    "source": ("Lähde", "Source"),
    "category": ("Luokka", "Category"),
    "goal": ("Kokonaistavoite", "Overall goal"),
    "phase": ("Vaihe", "Phase"),
    "pole": ("Napa", "Pole"),
    "count": ("Määrä", "Count"),
    "share": ("Osuus", "Share"),
    "stars": ("Painotus (tähdet)", "Emphasis (stars)"),
    "share_of_segments": ("Osuus lähteen ilmauksista", "Share of the source's expressions"),
    "star_title": ("Kokonaistavoitteiden painotukset", "Emphasis of the overall goals"),
    "continuum_title": ("Lähteet työvalmennuksen jatkumolla", "Sources on the coaching continuum"),
    "documents": ("Aineistoja käyty läpi", "Documents read"),
    "distinct_codes": ("Eri koodeja", "Distinct codes"),
    "saturation_title": ("Saturaatio: uusia koodeja aineiston karttuessa",
                         "Saturation: new codes as documents are added"),
    "band": ("90 % satunnaisista järjestyksistä", "90 % of random orders"),
    "mean": ("Keskiarvo", "Mean"),
    "observed": ("Aineiston järjestys", "Order as collected"),
    "coder": ("Koodaaja", "Coder"),
    "confusion_title": ("Koodaajien yhtäpitävyys", "Coder agreement"),
    "n_segments": ("Katkelmia", "Segments"),
    "group": ("Ryhmä", "Group"),
    "prevalence": ("Osuus vastaajista", "Share of respondents"),
    "prevalence_title": ("Koodien yleisyys ryhmittäin", "Code prevalence by group"),
    "rule": ("Sääntö", "Rule"),
    "employment_related": ("Työllistymiseen liittyvä", "Employment-related"),
    "other_topics": ("Muu aihe (opinnot, elämäntilanne)", "Other topic (studies, life situation)"),
    "visits": ("Käyntejä", "Visits"),
    "topics_title": ("Työhönvalmentajan käyntien aiheet", "Topics of the job coach's visits"),
    "fidelity_title": ("IPS-25-itsearviointi", "IPS-25 self-assessment"),
    "score": ("Pisteet", "Score"),
    "section": ("Osa-alue", "Section"),
    "pyramid_title": ("Arvopyramidi: osuus asiakkaista, joilla taso täyttyy",
                      "Value pyramid: share of clients for whom the level is met"),
    "answer": ("Vastaus (1 = täysin eri mieltä, 5 = täysin samaa mieltä)",
               "Answer (1 = strongly disagree, 5 = strongly agree)"),
    "levels_met": ("Täyttyneitä tasoja (0–3)", "Levels met (0–3)"),
    "useful_share": ("Palvelu koettiin hyödylliseksi", "Found the service useful"),
    "with_coach": ("valmentaja", "coach"),
    "without_coach": ("ei valmentajaa", "no coach"),
    "disadvantaged_share": ("Heikossa työmarkkina-asemassa olevien osuus valituista",
                            "Share of disadvantaged among admitted"),
    "employment_rate": ("Työllistyneet valituista", "Employed among admitted"),
    "equity_title": ("Työllistyminen ja yhdenvertaisuus", "Employment and equity"),
    "hours_needed": ("Tarvittavat valmennustunnit", "Coach hours needed"),
    "hours_available": ("Käytettävissä olevat tunnit", "Coach hours available"),
    "marker_note": ("täytetty ja + = valmentaja mukana", "filled and + = with a coach"),
    "hours_title": ("Valmentajan työmäärä", "Coach workload"),
    # names of things, by kind (dotted keys)
    "band.poor": ("huono", "poor"), "band.slight": ("vähäinen", "slight"),
    "band.fair": ("kohtuullinen", "fair"), "band.moderate": ("kohtalainen", "moderate"),
    "band.substantial": ("huomattava", "substantial"),
    "band.almost perfect": ("lähes täydellinen", "almost perfect"),
    "band.unreliable": ("ei riittävä", "unreliable"), "band.tentative": ("alustava", "tentative"),
    "band.reliable": ("luotettava", "reliable"),
    "fidelity.exemplary": ("erinomainen", "exemplary"), "fidelity.good": ("hyvä", "good"),
    "fidelity.fair": ("kohtalainen", "fair"),
    "fidelity.not_supported": ("ei tuettua työllistymistä", "not supported employment"),
    "section.staffing": ("Henkilöstö", "Staffing"),
    "section.organization": ("Organisaatio", "Organization"),
    "section.services": ("Palvelut", "Services"),
    "level.I": ("Laadukas toteutus", "Quality of delivery"),
    "level.II": ("Tuloksellisuus", "Results in the process"),
    "level.III": ("Vaikuttavuus", "Impact"),
    "strategy.tightened": ("A tiukennettu", "A tightened"),
    "strategy.loosened": ("B väljennetty", "B loosened"),
    "strategy.open": ("C ei arviointia", "C no assessment"),
    "useful_title": ("Hyödyllisyys täyttyneiden tasojen mukaan", "Usefulness by levels met"),
}


def label(key: str, lang: str = "fi", default: str | None = None) -> str:
    """Label ``key`` in ``lang`` (``"fi"`` or ``"en"``); ``default`` for keys not catalogued.

    >>> label("level.II", lang="en"), label("strategy.custom", default="custom")
    ('Results in the process', 'custom')
    """
    check_argument("lang", LANGS, lang)
    if key not in CATALOGUE and default is not None:
        return default
    check_argument("label", list(CATALOGUE), key)
    return CATALOGUE[key][LANGS.index(lang)]
