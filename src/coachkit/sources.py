"""Where the kit's figures and statements come from: sources, claims and locators.

Every statement the kit attributes to a source is a :class:`Claim` with a stable id.  Its
:class:`Locator` says where to check it — the source document, the chapter and a line range in
the project's copy of that document — and which key figures or words must appear there.
People see a claim's citation the way the work is cited (``Pikkusaari 2012, luku 4.3``), never a
file name; the file and the lines stay here, for checking (``tests/test_sources.py`` opens the
copies and checks every locator).

A claim is one of four kinds, and its label says which, where the figure is shown:

* ``source`` — the source says it;
* ``derived`` — the kit's expectation, derived from what the source says (the source itself
  does not state it);
* ``assumption`` — the kit's own assumption, made around a figure from the source;
* ``outside`` — a figure from outside the study's sources (cited by author and year).

>>> cite("target.hame_25")
'Pikkusaari 2012, luku 4.1'
>>> cite("target.hame_25", lang="en")
'Pikkusaari 2012, ch. 4.1'
>>> cite("ips.bands")
'IPS-25-laatuasteikko'
>>> claim_text("order.coach_raises_employment").startswith("Kitin odotus")
True
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ._validation import check_argument

__all__ = ["Source", "Locator", "Claim", "SOURCES", "CLAIMS", "cite", "claim_text", "claim_labels",
           "seed_dir", "chapter_of", "locator_problems"]


@dataclass(frozen=True)
class Source:
    """A document the kit cites.

    ``short`` is how people cite it on screen; ``file`` is the project's copy (``None`` for
    works outside the copied sources); ``heading`` is the pattern of a numbered chapter heading
    in the copy, or ``chapters`` the last word of each unnumbered chapter's heading.
    """

    id: str
    short: str
    reference: str
    file: str | None = None
    heading: str | None = None
    chapters: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Locator:
    """A place in a source: chapter (``None`` for a leaflet) and 1-based inclusive lines."""

    source: str
    chapter: str | None
    lines: tuple
    keys: tuple = ()


@dataclass(frozen=True)
class Claim:
    """A statement the kit attributes to a source, in Finnish and English, with its places."""

    id: str
    kind: str
    fi: str
    en: str
    at: tuple


KINDS = ("source", "derived", "assumption", "outside")

SOURCES = {s.id: s for s in (
    Source("pikkusaari2012", "Pikkusaari 2012",
           "Pikkusaari, S. (2012). Työ(hön)valmennus on taitolaji. Kiipulasäätiö, "
           "KoutsiHäme-projekti.",
           "000_1f9380de6b58740a.txt", heading=r"^#+\s*\**\s*(\d+(?:\.\d+)*)\s+\S"),
    Source("opinnaytetyo", "Opinnäytetyö työvalmennuksen käsitteestä",
           "Opinnäytetyö työvalmennuksen käsitteestä (tilaaja Punainen Talo -hanke); tekijää ei "
           "mainita kopiossa.",
           "001_9407ab66f0d082c5.txt",
           heading=r"^\s*(?:(\d+(?:\.\d+)+)\.?|(\d+))\s+[A-ZÄÖÅ]"),
    Source("wikipedia_tyovalmentaja", "Wikipedia: Työvalmentaja",
           "Wikipedia, artikkeli Työvalmentaja.", "002_cd648f7e7c73601a.txt"),
    Source("palvelumuotoilu", "Työhönvalmennuksen palvelumuotoilu (Yläfemman-hanke)",
           "Työhönvalmennuksen palvelumuotoilu – loppuraportti. Yläfemman-hanke, "
           "Varsinais-Suomen ELY-keskus.",
           "003_f074a939a90f0417.txt",
           chapters={"1": "tausta", "2": "konsepti", "3": "asiakasprofiilit", "4": "prosessi",
                     "5": "kehitysehdotukset"}),
    Source("tyohonvalmentajan_tuki", "Työhönvalmentajan tuki (esite)",
           "Työhönvalmentajan tuki (esite).", "004_fff129ee43dc1d61.txt"),
    Source("ips25_scale", "IPS-25-laatuasteikko",
           "IPS Supported Employment Fidelity Scale (25 kohtaa) ja sen käsikirja, IPS Employment "
           "Center; suomennos IPS-kehittämishankkeessa."),
    Source("bond2008", "Bond, Drake & Becker 2008",
           "Bond, G. R., Drake, R. E. & Becker, D. R. (2008), katsaus IPS:n satunnaistettuihin "
           "kokeisiin. Psychiatric Rehabilitation Journal 31(4)."),
    Source("varma2024", "Varma 2024",
           "Työeläkeyhtiö Varma (2024), tiedote suomalaisesta IPS-pilotista (ei satunnaistettu)."),
    Source("tutkinnon_perusteet_2011", "Työvalmennuksen erikoisammattitutkinnon perusteet 2011",
           "Opetushallitus: Työvalmennuksen erikoisammattitutkinnon perusteet, määräys "
           "33/011/2011."),
)}


def _loc(source, chapter, first, last=None, keys=()):
    return Locator(source, chapter, (first, last if last is not None else first), tuple(keys))


_P = "pikkusaari2012"
_T = "opinnaytetyo"
_Y = "palvelumuotoilu"
_E = "tyohonvalmentajan_tuki"

#: Every statement the kit attributes to a source.  Texts are the kit's own words.
CLAIMS = {c.id: c for c in (
    # The four orderings the selection model is checked against: the kit's expectations.
    Claim("order.tightened_highest_rate", "derived",
          "A:ssa suurin työllistymisaste valituista",
          "A has the highest employment rate among the admitted",
          (_loc(_P, "4.3", 819, 825, ["onnistujia"]),)),
    Claim("order.more_disadvantaged_employed", "derived",
          "B ja C työllistävät enemmän heikossa asemassa olevia (lukumäärinä)",
          "B and C employ more disadvantaged people (absolute numbers)",
          (_loc(_P, "4.3", 827, 841, ["heikossa työmarkkina-asemassa"]),)),
    Claim("order.open_most_hours", "derived",
          "C tarvitsee eniten valmennustunteja", "C needs the most coach hours",
          (_loc(_P, "4.3", 833, 841, ["ohjauksellista tukea"]),)),
    Claim("order.coach_raises_employment", "derived",
          "valmentaja nostaa työllistymistä jokaisella valintatavalla",
          "a coach raises employment under every strategy",
          (_loc(_P, "4.3", 843, 855, ["paremmin", "parempia"]),)),
    # Calibration targets and the kit's assumption that ties them to strategy A.
    Claim("target.hame_25", "source",
          "Hämeen ELY-keskuksen alueella noin 25 % työvoimakoulutukseen osallistuneista sijoittui "
          "työelämään vuonna 2009, Nio & Sardar 2011 alaviitteen 13 mukaan",
          "Häme region 2009: about 25 % of labour-market training participants found work, "
          "Nio & Sardar 2011 in footnote 13",
          (_loc(_P, "4.1", 721, 733, ["25", "Nio"]),)),
    Claim("target.institution_44", "source",
          "työhönvalmentajan tukemana lähes 44 % koulutukseen osallistuneista sai työsuhteen "
          "opintojen jälkeen",
          "with a job coach's support almost 44 % of the participants found salaried work",
          (_loc(_P, "4.1", 721, 721, ["44"]),)),
    Claim("target.club_81", "source",
          "työnhakuklubeihin osallistui 21 henkeä, 81 % löysi työpaikan",
          "21 people took part in the job-search clubs, 81 % found a job",
          (_loc(_P, "4.3", 970, 970, ["21", "81", "18"]),)),
    Claim("assumption.targets_strategy_a", "assumption",
          "Kitin oletus: 25 % on valintatapa A ilman valmentajaa ja 44 % A valmentajan kanssa; "
          "tutkimus ei kerro, miten kummankaan ryhmän opiskelijat valittiin",
          "The kit's assumption: 25 % is strategy A without a coach and 44 % A with a coach; the "
          "study does not say how either group was selected",
          (_loc(_P, "4.1", 721, 733, ["25", "44"]),)),
    Claim("check.survey_120", "source",
          "vuoden 2011 kyselyssä (n = 120) yli 60 % oli ollut töissä koulutuksen jälkeen",
          "2011 survey (n = 120): over 60 % had worked after the training",
          (_loc(_P, "4.3", 853, 853, ["120", "60"]),)),
    Claim("selection.wbl_80", "source",
          "työammattikoulutuksessa ja tuetussa oppisopimuskoulutuksessa 80 % opiskelusta "
          "tapahtuu työelämässä",
          "in work-based vocational training and supported apprenticeships 80 % of study "
          "happens at work",
          (_loc(_P, "4.3", 864, 864, ["80", "oppisopimuskoulutuksessa"]),)),
    Claim("selection.anxiety", "source",
          "tiukka valinta voi sulkea pois hakijoita, jotka jännittävät arviointitilanteita",
          "tight selection can exclude applicants who are nervous in assessments",
          (_loc(_P, "4.3", 825, 825, ["jännittämisen"]),)),
    Claim("selection.loosening_hedge", "source",
          "ilman valmentajan tukea oppilaitos ei välttämättä voisi madaltaa valinnan kynnystä",
          "without a coach the institution would not necessarily be able to lower the threshold",
          (_loc(_P, "4.3", 831, 831, ["välttämättä"]),)),
    Claim("selection.three_ways", "source",
          "projektissa näkyi kolme tapaa valita opiskelijat",
          "three ways of selecting students appeared in the project",
          (_loc(_P, "4.3", 817, 841, ["kolme"]),)),
    # TE-office coaching (service design report).
    Claim("te.cap_50h", "source",
          "TE-toimiston työhönvalmennusta enintään 50 tuntia asiakasta kohden vuodessa",
          "TE-office job coaching: at most 50 hours per client a year",
          (_loc(_Y, "1", 197, 197, ["50"]), _loc(_Y, "2", 230, 230, ["50"]))),
    Claim("te.profiles_7", "source",
          "seitsemän asiakasprofiilia", "seven client profiles",
          (_loc(_Y, "3", 537, 548, ["seitsemän"]),)),
    Claim("te.long_term_12m", "source",
          "pitkäaikaistyötön: työttömänä yhtäjaksoisesti vähintään 12 kuukautta",
          "long-term unemployed: unemployed 12 months or more",
          (_loc(_Y, "3", 809, 809, ["12"]),)),
    # The visit-topic table.
    Claim("visits.table", "source",
          "yhden oppilaitoksen työhönvalmentajan käyntien aiheet vuodelta 2011; sarakkeen otsikko "
          "on osallistujamäärä, painettu summarivi 728 / 400 / 328 / 169",
          "visit topics of one institution's job coach, 2011; the column is headed number of "
          "participants, printed total row 728 / 400 / 328 / 169",
          (_loc(_P, "4.1", 682, 701, ["324", "728", "osalistujamäärä"]),)),
    Claim("visits.under_20", "source",
          "alle 20 % tehtävistä liittyy läheisesti työnhakuun ja työpaikoilla tukemiseen; "
          "18 tehtävästä kolmessa on yhteys työnantajiin",
          "under 20 % of the tasks relate closely to job search and support at workplaces; "
          "3 of 18 link to employers",
          (_loc(_P, "4.1", 707, 707, ["20", "Kahdeksastatoista"]),)),
    # The coach questionnaire.
    Claim("coaches.codes", "source",
          "vastaajakoodit K1–K4, K5–K8, K9 ja V1–V8; kehittämisprosessissa 18 henkeä, 78 % naisia",
          "respondent codes K1–K4, K5–K8, K9 and V1–V8; 18 people, 78 % women",
          (_loc(_P, "2", 242, 259, ["K5-K8", "V1-V8", "18", "78"]),)),
    Claim("frame.values", "source",
          "valmentajien nimeämät arvot ja toimintaperiaatteet", "values and working principles",
          (_loc(_P, "3", 297, 433, ["arvot"]),)),
    Claim("frame.agreement", "source",
          "toimintasopimus, suunnitelmallisuus ja varasuunnitelmat",
          "cooperation agreement, planning and backup plans",
          (_loc(_P, "3.1", 476, 597, ["Varasuunnitelmat"]),)),
    Claim("frame.employment_centred", "source",
          "työllistymiskeskeinen valmennus: työnantajayhteistyö ja jatkuva tuki",
          "employment-centred coaching: employer cooperation and continuing support",
          (_loc(_P, "4.2", 725, 796, ["työnantajakontaktit", "aikarajoitusta"]),)),
    Claim("frame.work_based", "source",
          "työelämälähtöisyys ja työvaltainen opiskelu",
          "work-life orientation and work-based study",
          (_loc(_P, "3.2", 610, 624, ["Työelämälähtöisyys"]), _loc(_P, "4.3", 862, 884))),
    Claim("frame.thesis_practices", "source",
          "työvalmennuksen hyvät käytännöt opinnäytetyössä",
          "good practices of work coaching in the thesis",
          (_loc(_T, "3.7", 1221, 1525),)),
    Claim("cooperation.two_thirds", "source",
          "kaksi kolmasosaa yhteistyön ajasta kannattaa käyttää työnhakuun, työnantajiin ja "
          "työpaikalla tukemiseen",
          "two thirds of the cooperation time should go to job search, employers and workplaces",
          (_loc(_P, "3.1", 566, 566, ["kaksi kolmasosaa"]),)),
    # Value pyramid.
    Claim("pyramid.more_levels", "source",
          "mitä useampaan arvopyramidin osaan yhteistyö vastaa, sitä todennäköisemmin palvelu "
          "koetaan hyödylliseksi",
          "the more parts of the pyramid are met, the likelier the service is found useful",
          (_loc(_P, "5.1", 1130, 1130, ["arvopyramidin"]),)),
    # IPS: the study's description and the leaflet.
    Claim("ips.rules_in_study", "source",
          "mallissa työnhaku alkaa noin kuukauden kuluessa ja valmentaja tapaa työnantajia "
          "vähintään kuusi kertaa viikossa",
          "in the model job search starts within about a month and the coach meets employers at "
          "least six times a week",
          (_loc(_P, "4.2", 783, 785, ["kuukauden", "kuusi"]),)),
    Claim("ips.follow_up", "source",
          "seuranta: viikko ennen aloitusta, kolmen päivän sisällä, viikoittain 1. kuukauden ja "
          "kuukausittain 1. vuoden ajan",
          "follow-up: a week before starting, within three days, weekly in month 1, monthly in "
          "year 1",
          (_loc(_P, "4.2", 795, 795, ["kolmen päivän", "viikoittain", "kuukausittain"]),)),
    Claim("ips.principles_8", "source",
          "tuetun työllistymisen kahdeksan periaatetta", "the eight principles",
          (_loc(_E, None, 54, 62, ["8", "Nopea"]),)),
    Claim("ips.cut_74", "source",
          "25 laatukriteeriä, kukin 1–5; vähintään 74 pistettä = tuettua työllistymistä",
          "25 quality criteria rated 1–5; at least 74 points = supported employment",
          (_loc(_E, None, 67, 69, ["25", "74"]),)),
    Claim("ips.bands", "outside",
          "pisterajat 115–125 erinomainen, 100–114 hyvä, 74–99 kohtalainen; osa-alueet 3, 8 ja "
          "14 kohtaa",
          "bands 115–125 exemplary, 100–114 good, 74–99 fair; sections of 3, 8 and 14 items",
          (Locator("ips25_scale", None, ()),)),
    Claim("ips.rct_61_23", "outside",
          "satunnaistetuissa kokeissa (11 tutkimusta) IPS 61 %, vertailuryhmät 23 %",
          "randomised trials (11 studies): IPS 61 %, controls 23 %",
          (Locator("bond2008", None, ()),)),
    Claim("ips.pilot_64_45", "outside",
          "suomalainen pilotti, ei satunnaistettu: 64 % ja 45 %",
          "Finnish pilot, not randomised: 64 % and 45 %",
          (Locator("varma2024", None, ()),)),
    # Thematic analysis (the thesis).
    Claim("thesis.method", "source",
          "aineistolähtöinen sisällönanalyysi: pelkistäminen, ryhmittely, käsitteellistäminen",
          "data-driven content analysis: reduction, grouping, abstraction",
          (_loc(_T, "5.2", 1629, 1774, ["pelkist"]),)),
    Claim("thesis.rasanen_excluded", "source",
          "seitsemäs lähde (Räsänen) analysoitiin mutta jätettiin painotusten ulkopuolelle",
          "the seventh source (Räsänen) was analysed but left out of the emphasis table",
          (_loc(_T, "5.2", 1768, 1772, ["Räsäsen"]),)),
    Claim("thesis.stars_no_cutoffs", "source",
          "esiintymiskerrat muutettiin 0–4 tähdeksi (vähäinen – huomattava) ilmoittamatta "
          "lukumäärärajoja", "counts were turned into 0–4 stars without stating the cut-offs",
          (_loc(_T, "5.2", 1724, 1741, ["yksi tähti", "neljä"]),)),
    Claim("thesis.commissioned", "source",
          "opinnäytetyön tilasi Punainen Talo -hanke", "the thesis was commissioned by the "
          "Punainen Talo project", (_loc(_T, "1", 50, 53, ["Punainen Talo"]),)),
    Claim("thesis.table1", "source",
          "taulukko 1: kokonaistavoitteiden painotukset tähtinä lähteittäin",
          "Table 1: emphasis of the overall goals in stars, by source",
          (_loc(_T, "6.2", 2094, 2181, ["TAULUKKO 1"]),)),
    Claim("thesis.goal5_least", "source",
          "työllistymisen jälkeistä tukea painotetaan vähiten, työllistymisen tukea eniten",
          "post-employment support is emphasised least, support for employment most",
          (_loc(_T, "6.2", 2062, 2076, ["vähiten", "eniten"]),)),
    Claim("thesis.phases", "source",
          "kokonaistavoitteet vaiheina ja jatkumon navat",
          "the overall goals as phases and the poles of the continuum",
          (_loc(_T, "6.3", 2182, 2288),)),
    # The qualification.
    Claim("qualification.demonstration", "source",
          "vuodesta 2012 työvalmennuksen erikoisammattitutkinnon on voinut suorittaa näyttönä "
          "työelämässä",
          "since 2012 the specialist qualification in job coaching can be earned by a "
          "demonstration at work",
          (_loc(_P, "1", 150, 150, ["2012", "erikoisammattitutkinto", "näyttö"]),)),
    Claim("qualification.units_2011", "outside",
          "tutkinnon osat A1–A3 ja B vuoden 2011 perusteissa; tarkista voimassa olevat",
          "units A1–A3 and B of the 2011 requirements; check the ones in force",
          (Locator("tutkinnon_perusteet_2011", None, ()),)),
    # Items of the IPS-25 list: how each Finnish name was written.
    Claim("ips_item.public_copy", "outside",
          "tarkistettu asteikon julkisesta versiosta", "checked against a public copy of the scale",
          (Locator("ips25_scale", None, ()),)),
    Claim("ips_item.memory", "outside",
          "kirjoitettu muistinvaraisesti (asteikon versiot 2008/2019), ei tarkistettu",
          "written from memory of the 2008/2019 scale, not checked",
          (Locator("ips25_scale", None, ()),)),
    Claim("ips_item.memory_uncertain", "outside",
          "muistinvarainen, sanamuoto epävarma", "from memory, wording uncertain",
          (Locator("ips25_scale", None, ()),)),
    Claim("ips_item.memory_rule_in_study", "source",
          "muistinvarainen; kuvauksen sääntö on myös tutkimuksessa",
          "from memory; the rule in the description is also in the study",
          (_loc(_P, "4.2", 783, 785, ["kuukauden", "kuusi"]),)),
)}

_CHAPTER_WORD = {"fi": "luku", "en": "ch."}


def cite(claim_or_locator, lang: str = "fi") -> str:
    """How people cite the place of a claim (id) or locator: author year, chapter.

    >>> cite("te.cap_50h")
    'Työhönvalmennuksen palvelumuotoilu (Yläfemman-hanke), luvut 1 ja 2'
    >>> cite("frame.work_based", lang="en")
    'Pikkusaari 2012, chs. 3.2 and 4.3'
    """
    check_argument("lang", tuple(_CHAPTER_WORD), lang)
    if isinstance(claim_or_locator, Locator):
        locs = (claim_or_locator,)
    else:
        check_argument("claim", list(CLAIMS), claim_or_locator)
        locs = CLAIMS[claim_or_locator].at
    short = SOURCES[locs[0].source].short
    chapters = list(dict.fromkeys(loc.chapter for loc in locs if loc.chapter))
    if not chapters:
        return short
    if len(chapters) == 1:
        return f"{short}, {_CHAPTER_WORD[lang]} {chapters[0]}"
    word, conj = ("luvut", "ja") if lang == "fi" else ("chs.", "and")
    return f"{short}, {word} {', '.join(chapters[:-1])} {conj} {chapters[-1]}"


_KIND_PREFIX = {"derived": ("Kitin odotus, johdettu lähteestä", "The kit's expectation, derived from"),
                "assumption": ("", ""), "source": ("", ""), "outside": ("", "")}


def claim_text(claim_id: str, lang: str = "fi") -> str:
    """The claim in words, with its citation (and its kind, if not the source's own).

    >>> claim_text("target.club_81")
    'työnhakuklubeihin osallistui 21 henkeä, 81 % löysi työpaikan (Pikkusaari 2012, luku 4.3)'
    """
    check_argument("claim", list(CLAIMS), claim_id)
    c = CLAIMS[claim_id]
    i = 0 if lang == "fi" else 1
    text = (c.fi, c.en)[i]
    where = cite(claim_id, lang)
    if c.kind == "derived":
        return f"{_KIND_PREFIX['derived'][i]} ({where}): {text}"
    return f"{text} ({where})"


def claim_labels(prefix: str) -> dict:
    """``{claim id: (Finnish, English)}`` for the claims whose id starts with ``prefix``.

    Each label is the claim in words with its citation (for the label catalogue).

    >>> claim_labels("ips_item.memory_rule")["ips_item.memory_rule_in_study"][0]
    'muistinvarainen; kuvauksen sääntö on myös tutkimuksessa (Pikkusaari 2012, luku 4.2)'
    """
    return {cid: tuple(f"{text} ({cite(cid, lang)})" for text, lang in
                       ((c.fi, "fi"), (c.en, "en")))
            for cid, c in CLAIMS.items() if cid.startswith(prefix)}


# -- checking the locators against the copies of the sources ---------------------------------

def seed_dir() -> Path:
    """Folder holding the project's copies of the sources (``COACHKIT_SEEDS`` overrides it)."""
    return Path(os.environ.get("COACHKIT_SEEDS", "/work/shared/seeds"))


def _lines(source_id: str) -> list[str]:
    return (seed_dir() / SOURCES[source_id].file).read_text(encoding="utf-8").split("\n")


def _headings(source_id: str) -> list[tuple[int, str]]:
    """(line number, chapter) of every chapter heading in the copy of a source."""
    src, lines = SOURCES[source_id], _lines(source_id)
    found = []
    if src.heading:
        pattern = re.compile(src.heading)
        for n, line in enumerate(lines, 1):
            m = pattern.match(line)
            if m and ". . ." not in line and len(line.strip()) < 120:
                found.append((n, next(g for g in m.groups() if g)))
    # unnumbered chapters: a short capitalised line ending in the chapter's key word
    for number, word in src.chapters.items():
        found += [(n, number) for n, line in enumerate(lines, 1)
                  if line.strip().endswith(word) and len(line.strip()) < 60
                  and line.strip()[0].isupper()]
    return sorted(found)


def chapter_of(source_id: str, line: int) -> str | None:
    """The chapter a line of a source's copy belongs to (the nearest heading above it)."""
    before = [ch for n, ch in _headings(source_id) if n <= line]
    return before[-1] if before else None


def locator_problems(loc: Locator) -> list[str]:
    """What is wrong with a locator, checked against the copy of its source ([] = fine)."""
    src = SOURCES[loc.source]
    if src.file is None:
        return [] if not loc.lines else [f"{loc.source}: no copy to hold lines {loc.lines}"]
    lines = _lines(loc.source)
    first, last = loc.lines
    if not 1 <= first <= last <= len(lines):
        return [f"{src.file}: lines {first}–{last} outside 1–{len(lines)}"]
    problems = []
    if loc.chapter is not None:
        wanted = loc.chapter.split("–")[0]
        got = chapter_of(loc.source, first)
        if got is None or not (got == wanted or got.startswith(wanted + ".")):
            problems.append(f"{src.file}: line {first} is in chapter {got}, not {loc.chapter}")
    text = "\n".join(lines[first - 1:last])
    problems += [f"{src.file} {first}–{last}: {key!r} not found" for key in loc.keys
                 if key not in text]
    return problems
