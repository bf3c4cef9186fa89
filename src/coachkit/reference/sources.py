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

from ..checks import check_argument

__all__ = ["Source", "Locator", "Claim", "SOURCES", "CLAIMS", "cite", "cite_note", "claim_text",
           "claim_labels",
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
    Claim("assumption.club_effect", "assumption",
          "Kitin oletus: 81 % on klubin vaikutus – mallissa klubiin osallistuneista 81 % "
          "työllistyy, ilman klubia ei kukaan heistä; tutkimus kertoo vain, moniko osallistujista "
          "löysi työn, ei sitä, moniko olisi löytänyt ilman klubia",
          "The kit's assumption: 81 % is the club's effect — in the model 81 % of the "
          "participants find work and none of them would without the club; the study gives only "
          "how many participants found work, not how many would have without the club",
          (_loc(_P, "4.3", 970, 970, ["81"]),)),
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
          "kokonaistavoitteet kolmena vaiheena (kuntoutus, valmennus, työllistäminen) ja "
          "jatkumo mielekkään elämän ja mielekkään työelämän napojen välillä",
          "the overall goals as three phases (rehabilitation, coaching, employment) and a "
          "continuum between the poles of meaningful life and meaningful working life",
          (_loc(_T, "5.2", 1714, 1719, ["vaiheet", "jatkumolle"]),
           _loc(_T, "6.3", 2182, 2288, ["vaiheina", "TYÖLLISTÄMINEN"]),
           _loc(_T, "6.4", 2289, 2380, ["MIELEKÄS ELÄMÄ", "MIELEKÄS TYÖELÄMÄ"]))),
    # The qualification.
    Claim("qualification.demonstration", "source",
          "vuoden 2012 alusta työvalmennuksen erikoisammattitutkinnon on voinut suorittaa "
          "näytöllä, jossa osoitetaan työelämässä hankittu osaaminen",
          "since the start of 2012 the specialist qualification in job coaching can be earned "
          "by a demonstration of competence gained at work",
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
    # The coaching year (coachkit.models.planning): TE job coaching's phases and the study's advice.
    Claim("te.phases_4", "source",
          "TE-hallinnon työhönvalmennus kuvataan neljänä vaiheena: työhaun suuntaaminen, "
          "työpaikan löytäminen, työskentelyn vakiinnuttaminen ja työllistymispolun luominen",
          "TE job coaching is described in four phases: directing the job search, finding a "
          "job, stabilising work and building an employment path",
          (_loc(_Y, "2", 314, 324, ["1. Työhaun suuntaaminen", "4. Työllistymispolun luominen"]),
           _loc(_Y, "4", 957, 1063, ["Työhaun suuntaaminen", "Työllistymispolun luominen"]))),
    Claim("te.phase.suuntaaminen", "source",
          "vaihe 1: työhaun suuntaaminen", "phase 1: directing the job search",
          (_loc(_Y, "2", 318, 318, ["Työhaun suuntaaminen"]),
           _loc(_Y, "4", 957, 976, ["Työhaun suuntaaminen", "Vaiheen tavoite"]))),
    Claim("te.phase.loytaminen", "source",
          "vaihe 2: työpaikan löytäminen", "phase 2: finding a job",
          (_loc(_Y, "2", 320, 320, ["Työpaikan löytäminen"]),
           _loc(_Y, "4", 978, 1020, ["Työpaikan löytäminen", "Vaiheen tavoite"]))),
    Claim("te.phase.vakiinnuttaminen", "source",
          "vaihe 3: työskentelyn vakiinnuttaminen", "phase 3: stabilising work",
          (_loc(_Y, "2", 322, 322, ["Työskentelyn vakiinnuttaminen"]),
           _loc(_Y, "4", 1022, 1043, ["vakiinnuttaminen", "Vaiheen tavoite"]))),
    Claim("te.phase.polku", "source",
          "vaihe 4: työllistymispolun luominen", "phase 4: building an employment path",
          (_loc(_Y, "2", 324, 324, ["Työllistymispolun luominen"]),
           _loc(_Y, "4", 1045, 1063, ["Työllistymispolun luominen", "Vaiheen tavoite"]))),
    Claim("te.phases_1_2_central", "source",
          "raportin mukaan vaiheet 1 ja 2 ovat työhönvalmennuksen keskeisimmät",
          "the report calls phases 1 and 2 the most central of job coaching",
          (_loc(_Y, "2", 366, 366, ["Vaiheet 1 ja 2", "keskeisimmät"]),)),
    Claim("te.final_report", "source",
          "palvelun lopuksi laaditaan TE-toimistolle tiivis asiakaskohtainen loppuraportti",
          "at the end of the service a short report per client is written for the TE office",
          (_loc(_Y, "4", 1065, 1086, ["loppuraportoinnin", "TE-toimistolle"]),)),
    Claim("cooperation.not_overspend", "source",
          "tutustumiseen, työllistymisen valmisteluun ja sopivan työn suunnitteluun ei kannata "
          "käyttää kohtuuttomasti yhteistyön rajallisesta ajasta",
          "getting acquainted, preparing and planning suitable work should not take an "
          "unreasonable share of the limited cooperation time",
          (_loc(_P, "3.1", 566, 566, ["kohtuuttomasti", "rajallinen"]),)),
    Claim("cooperation.documenting_step8", "source",
          "toiminnan kirjaaminen on toimintasopimuksen 8. vaihe",
          "documenting the work is step 8 of the cooperation agreement",
          (_loc(_P, "3.1", 572, 580, ["8. Toiminnan kirjaaminen"]),)),
    Claim("coaches.workload", "source",
          "valmentajan työtä kuormittavat myös vertaistuen puute ja ajan puute oman osaamisen "
          "kehittämiseen; työnkuvan rajaaminen ja työajan suuntaaminen olennaiseen ovat "
          "keskeisiä kehittämiskohtia",
          "the coach's work is also strained by little peer support and no time to develop "
          "one's expertise; defining the job and aiming working time at what matters are key "
          "points to develop",
          (_loc(_P, "4.3", 950, 950, ["kuormittavuus", "vertaistuen", "ajanpuutteesta"]),)),
    Claim("assumption.followup_counts", "assumption",
          "Kitin tulkinta: työn alettua pidettävät seurantatapaamiset lasketaan työpaikkojen "
          "tukemiseksi ja työn pitämisen varmistamiseksi, joihin tutkimus neuvoo käyttämään "
          "kaksi kolmasosaa ajasta",
          "The kit's reading: follow-up meetings after work starts count as supporting the "
          "workplace and keeping the job, the uses the study advises two thirds of the time for",
          (_loc(_P, "3.1", 566, 566, ["kaksi kolmasosaa", "työn pitämisen"]),
           _loc(_P, "4.2", 795, 795, ["viikoittain"]))),
    Claim("assumption.life_situation", "assumption",
          "Kitin luokittelu: elämäntilanteen, etuuksien ja verkoston hoitaminen ei ole työnhakua, "
          "työnantajayhteistyötä eikä työpaikkojen tukemista tutkimuksen tarkoittamassa mielessä",
          "The kit's classification: life situation, benefits and network are not job search, "
          "employer cooperation or supporting workplaces in the study's sense",
          (_loc(_P, "3.1", 566, 566, ["työn etsintään", "työnantajayhteistyöhön"]),)),
    Claim("ips.no_time_limit", "source",
          "mallissa työllistynyttä tuetaan ilman aikarajaa; asiakkuus päättyy, kun asiakas on "
          "tyytyväinen työhönsä, suoriutuu tasaisesti ja itse haluaa lopettaa",
          "in the model support at work has no time limit; it ends when the client is content "
          "with the job, performs steadily and wants to stop",
          (_loc(_P, "4.2", 795, 795, ["ilman aikarajoitusta", "tyytyväinen", "itse"]),)),
    # Three coaching orientations (coachkit.models.orientations), chapter 4.
    Claim("orient.coach.stepwise", "source",
          "valmennuskeskeisessä työhönvalmennuksessa valmennetaan vaiheittain, ensisijaisesti "
          "palvelun tuottajan omassa yksikössä; oppilaitoksissa työllistymisen tukea tarjotaan "
          "opintojen loppuvaiheessa",
          "coaching-centred job coaching proceeds step by step, mainly in the provider's own "
          "unit; in the institutions employment support comes at the end of the studies",
          (_loc(_P, "4.1", 635, 637, ["vaiheittain", "ensisijaisesti"]),
           _loc(_P, "4.1", 676, 676, ["loppuvaiheessa"]))),
    Claim("orient.coach.in_unit", "source",
          "valmennus tapahtuu ensisijaisesti yksikössä, vaikka siihen voi kuulua työpaikan "
          "etsimistä myös avoimilta työmarkkinoilta",
          "coaching happens mainly in the unit, though it may include looking for a job on the "
          "open labour market",
          (_loc(_P, "4.1", 635, 635, ["ensisijaisesti", "avoimilta työmarkkinoilta"]),)),
    Claim("orient.coach.support_ends", "source",
          "tuki päättyy tavallisesti viimeistään työsuhteen syntyessä; oppilaitoksissa yhteistyö "
          "päättyy koulutusjakson lopussa seurantavaiheen jälkeen",
          "support usually ends at the latest when employment begins; in the institutions the "
          "cooperation ends with the training period, after a follow-up stage",
          (_loc(_P, "4.1", 635, 637, ["viimeistään", "seurantavaiheen jälkeen"]),)),
    Claim("orient.coach.follow_up_3_6", "source",
          "oppilaitoksissa työelämään siirtymistä tarkastellaan 3–6 kuukautta koulutusjakson "
          "päätyttyä, eikä tukea sen jälkeen pääsääntöisesti enää tarjota",
          "in the institutions the transition to work is checked 3–6 months after the training "
          "period, and support is as a rule not offered after that",
          (_loc(_P, "4.1", 663, 663, ["3–6"]),
           _loc(_P, "4.1", 676, 676, ["3–6", "pääsääntöisesti enää"]))),
    Claim("orient.coach.employer_contacts", "source",
          "valmentajien kuvausten mukaan työnantajiin otetaan yhteyttä lähinnä "
          "työssäoppimispaikkoja etsittäessä, ja työtilaisuuksien aktiivinen etsiminen ilman "
          "asiakasta ei ole heidän työssään tavallista",
          "by the coaches' descriptions employers are contacted mainly when looking for "
          "on-the-job learning places, and actively looking for job openings without a client "
          "is not typical of their work",
          (_loc(_P, "4.1", 713, 713, ["lähinnä", "työssäoppimispaikkoja"]),
           _loc(_P, "4.1", 719, 719, ["ilman asiakasta"]))),
    Claim("orient.coach.at_institution", "source",
          "oppilaitosten valmentajien tehtävät painottuvat oppilaitoksen sisälle; valmentaja "
          "käy myös työpaikoilla",
          "the institutions' coaches work mainly inside the institution; the coach also visits "
          "workplaces",
          (_loc(_P, "4.1", 678, 680, ["oppilaitoksen sisällä", "jalkautunut"]),)),
    Claim("orient.capacity_where", "source",
          "työllistymiskeskeisessä orientaatiossa työkykyä tarkastellaan avointen "
          "työmarkkinoiden työpaikoilla, valmennuskeskeisessä ratkaisut haetaan yksikön omasta "
          "työstä",
          "the employment-centred orientation looks at work capacity in open-market workplaces, "
          "the coaching-centred one finds solutions in the unit's own work",
          (_loc(_P, "4.5", 1046, 1046, ["avointen työmarkkinoiden", "valmentautumisyksikön"]),)),
    Claim("orient.emp.paid_work_first", "source",
          "työllistymiskeskeisessä valmennuksessa lähtökohta on aina palkkatyö; periaate on "
          "ensin työ, sitten tuki, ja tuki jatkuu tarpeen mukaan työhön sijoittumisen jälkeen",
          "in employment-centred coaching paid work is always the starting point; the principle "
          "is work first, then support, and support continues after placement as needed",
          (_loc(_P, "4.2", 727, 739, ["palkkatyösuhde", "ensin työ, sitten tuki",
                                       "tarpeen mukaan"]),)),
    Claim("orient.emp.possible", "source",
          "työllistymiskeskeisessä valmennuksessa ei kysytä, onko työllistyminen mahdollista, "
          "vaan toimitaan sen mahdollistamiseksi",
          "employment-centred coaching does not ask whether employment is possible but acts to "
          "make it possible",
          (_loc(_P, "4.2", 727, 727, ["ei siis kysytä"]),)),
    Claim("orient.emp.disclosure", "source",
          "mallissa mietitään asiakkaan kanssa etukäteen, mitä työnantajalle kerrotaan",
          "in the model what to tell the employer is thought through with the client",
          (_loc(_P, "4.2", 781, 781, ["työnantajalle kerrotaan"]),)),
    Claim("orient.emp.search_wishes", "source",
          "mallissa työnhaku perustuu asiakkaan toiveisiin ja on yksilöllistä",
          "in the model the job search rests on the client's wishes and is individual",
          (_loc(_P, "4.2", 783, 783, ["toiveisiin", "yksilöllistä"]),)),
    Claim("orient.emp.employer_meetings", "source",
          "mallissa työnantajasuhde rakennetaan henkilökohtaisissa tapaamisissa, joissa "
          "selvitetään työnantajan tarpeet",
          "in the model employer relations are built in personal meetings that find out the "
          "employer's needs",
          (_loc(_P, "4.2", 785, 785, ["henkilökohtaisten tapaamisten", "tarpeet"]),)),
    Claim("orient.emp.varied_jobs", "source",
          "mallissa haetaan monenlaisia tehtäviä asiakkaiden mieltymysten mukaan",
          "in the model varied jobs are sought according to the clients' preferences",
          (_loc(_P, "4.2", 787, 787, ["monimuotoisia tehtäviä", "mieltymyksiä"]),)),
    Claim("orient.emp.open_market", "source",
          "tavoite on sopiva työ avoimilla työmarkkinoilla; mallissa haetaan tavanomaisia "
          "työpaikkoja",
          "the goal is suitable work on the open labour market; the model seeks ordinary jobs",
          (_loc(_P, "4.2", 741, 741, ["avoimilta työmarkkinoilta"]),
           _loc(_P, "4.2", 787, 787, ["tavanomaisia työpaikkoja"]))),
    Claim("orient.emp.support_both", "source",
          "mallissa valmentaja tukee yksilöllisesti sekä työnantajaa että työntekijää",
          "in the model the coach supports both employer and employee individually",
          (_loc(_P, "4.2", 789, 789, ["sekä työnantajaa että työntekijää"]),)),
    Claim("orient.emp.support_at_work", "source",
          "tuki annetaan työpaikoilla vuoropuhelussa työpaikan kanssa ja sen luonnollisia "
          "verkostoja hyödyntäen",
          "support is given at workplaces, in dialogue with them and using their natural networks",
          (_loc(_P, "4.2", 737, 737, ["työpaikkojen edustajien"]),
           _loc(_P, "4.2", 789, 789, ["luonnollisia verkostoja"]))),
    Claim("orient.emp.no_dropout", "source",
          "mallissa asiakkuutta ei päätetä peruuntuneiden tapaamisten vuoksi",
          "in the model the service is not ended because of missed meetings",
          (_loc(_P, "4.2", 795, 795, ["peruuntuneiden tapaamisten"]),)),
    Claim("orient.assess.no_work_link", "source",
          "arvioivassa valmennuksessa kartoitetaan työ- ja toimintakykyä ilman aitoa "
          "työelämäyhteyttä", "assessing coaching maps work capacity without a real link to "
          "working life",
          (_loc(_P, "4.4", 997, 997, ["ilman aitoa työelämäyhteyttä"]),)),
    Claim("orient.assess.question_first", "source",
          "arvioivan palvelun peruskysymys on, voiko asiakas ylipäätään työllistyä",
          "the basic question of the assessing service is whether the client can be employed "
          "at all", (_loc(_P, "4.4", 999, 999, ["peruskysymyksiä", "mahdollisuus työllistyä"]),)),
    Claim("orient.assess.ends_in_information", "source",
          "arvio voi ohjata koulutukseen, toiseen palveluun, palkattomaan työtoimintaan tai "
          "eläkkeelle; tehtävä on tuottaa tietoa tilanteesta pikemmin kuin ratkaisuja työelämässä",
          "the assessment may point to training, another service, unpaid work activity or a "
          "pension; its task is information on the situation rather than solutions at work",
          (_loc(_P, "4.4", 1005, 1007, ["palkattomaan työtoimintaan", "tuottaa tietoa"]),)),
    Claim("orient.assess.may_continue", "source",
          "jos työkykyä todetaan olevan ja työllistyminen näyttää mahdolliselta, valmentaja "
          "voi ohjata koulutukseen tai auttaa hakemaan työtä; arvion tulosten pohjalta hän voi "
          "myös ehdottaa jatkoksi esimerkiksi koulutusta tai toista palvelua",
          "if work capacity is found and employment looks possible, the coach may guide the "
          "client to training or help them apply for work; from the assessment's findings the "
          "coach may also suggest e.g. training or another service as what follows",
          (_loc(_P, "4.4", 1001, 1001, ["avustaa hakeutumaan työhön"]),
           _loc(_P, "4.4", 1005, 1007, ["koulutukseen ohjautumista", "toisessa palvelussa"]))),
    Claim("orient.assess.rule_out", "source",
          "vaihtoehtoja voidaan rajata pois esimerkiksi diagnoosien tai työttömyyden keston "
          "perusteella", "options may be ruled out e.g. by diagnoses or length of unemployment",
          (_loc(_P, "4.4", 1009, 1009, ["diagnoosien", "työttömyyden keston"]),)),
    Claim("orient.assess.outcome", "source",
          "lopputulos voi olla kaikkea muuta kuin työllistymistä",
          "the outcome may be anything but employment",
          (_loc(_P, "4.4", 1011, 1011, ["kaikkea muuta kuin työllistymistä"]),)),
    # Service benefit (coachkit.analyses.benefit), chapters 5.1 and 5.2.
    Claim("benefit.hidden_without_job", "source",
          "työllistyneiden tyytyväisyyttä mittaamalla jää näkymättä niiden palveluhyöty, jotka "
          "eivät työllisty", "measuring the satisfaction of the employed hides the benefit of "
          "those who do not find work",
          (_loc(_P, "5.1", 1138, 1138, ["näkymättömiin", "palveluhyöty"]),)),
    Claim("benefit.count_distorts", "source",
          "onnistumista arvioidaan työllistyneiden määrällä, ja sisältötavoitteiden vähäinen "
          "tarkastelu vääristää palvelun arvon määrittämistä",
          "success is judged by the number employed, and looking so little at the content goals "
          "distorts the value of the service",
          (_loc(_P, "5.1", 1072, 1072, ["lukumäärällä"]), _loc(_P, "5.1", 1098, 1098,
                                                               ["vääristää"]))),
    Claim("benefit.no_job_not_no_benefit", "source",
          "se, ettei kestävää työsuhdetta synny, ei tarkoita, ettei valmennuksesta olisi ollut "
          "hyötyä; arvioinnissa pitäisi katsoa myös valmennuksen aikana tapahtunutta oppimista",
          "no lasting job does not mean the coaching was of no benefit; evaluation should also "
          "look at the learning during coaching",
          (_loc(_P, "5.1", 1084, 1084, ["hyötyä"]), _loc(_P, "5.1", 1098, 1098, ["oppimista"]))),
    Claim("benefit.show_change", "source",
          "valmennuksen kuluessa pitäisi voida osoittaa tavoitteiden kohdalla saavutettu "
          "myönteinen muutos", "during coaching it should be possible to show the positive "
          "change reached on the goals",
          (_loc(_P, "5.2", 1172, 1172, ["myönteinen muutos"]),)),
    Claim("benefit.area.tyontekijana", "source",
          "valmentaja tukee ammatillisuutta ja osaamista työssä", "the coach supports "
          "professionalism and skills at work",
          (_loc(_P, "5.2", 1178, 1186, ["ammatillisuuden ja osaamisen"]),)),
    Claim("benefit.area.yhteistyo", "source",
          "valmentaja tukee toimimista yhteistyö- ja vuorovaikutustilanteissa",
          "the coach supports cooperation and interaction at work",
          (_loc(_P, "5.2", 1190, 1198, ["yhteistyö- ja vuorovaikutustilanteissa"]),)),
    Claim("benefit.area.hyvinvointi", "source",
          "valmentaja tukee hyvinvointia ja jaksamista", "the coach supports well-being and "
          "coping", (_loc(_P, "5.2", 1200, 1209, ["hyvinvointia", "jaksamista"]),)),
    Claim("benefit.area.tyollistyminen", "source",
          "valmentaja tukee työllistymisen tapojen ja työvaihtoehtojen tuntemista",
          "the coach supports knowing the ways into work and the options",
          (_loc(_P, "5.2", 1211, 1223, ["työllistymisen tavoista", "tukipalveluita"]),)),
    Claim("benefit.item.T1", "source", "työntekijän oikeudet ja velvollisuudet",
          "an employee's rights and duties", (_loc(_P, "5.2", 1180, 1180, ["oikeuksien"]),)),
    Claim("benefit.item.T2", "source", "omat vahvuudet ja kehittymistarpeet",
          "own strengths and development needs",
          (_loc(_P, "5.2", 1181, 1181, ["vahvuudet", "kehittymistarpeet"]),)),
    Claim("benefit.item.T3", "source", "itselle sopivat tavat oppia ja tehdä työtä",
          "ways of learning and working that suit oneself",
          (_loc(_P, "5.2", 1182, 1183, ["oppimistyylit"]),)),
    Claim("benefit.item.T4", "source", "omien työtaitojen arviointi ja kehittäminen",
          "assessing and developing one's work skills",
          (_loc(_P, "5.2", 1186, 1186, ["arvioida ja kehittää"]),)),
    Claim("benefit.item.Y1", "source", "toisten huomioiminen vuorovaikutuksessa",
          "taking others into account in interaction",
          (_loc(_P, "5.2", 1192, 1192, ["toiset huomioiden"]),)),
    Claim("benefit.item.Y2", "source", "omien tuen tarpeiden tunnistaminen ja avun pyytäminen",
          "recognising one's need for support and asking for help",
          (_loc(_P, "5.2", 1196, 1196, ["pyytää apua"]),)),
    Claim("benefit.item.Y3", "source", "osallistuminen työyhteisön toimintaan",
          "taking part in the work community", (_loc(_P, "5.2", 1195, 1195, ["Osallistuu"]),)),
    Claim("benefit.item.Y4", "source", "itsensä ja muiden arvostaminen tasavertaisina",
          "valuing oneself and others as equals",
          (_loc(_P, "5.2", 1198, 1198, ["tasavertaisina"]),)),
    Claim("benefit.item.H1", "source", "omat arvot ja työmotivaation lähteet",
          "own values and sources of work motivation",
          (_loc(_P, "5.2", 1202, 1202, ["työmotivaation"]),)),
    Claim("benefit.item.H2", "source", "vuorokausirytmi ja sovitut aikataulut",
          "daily rhythm and agreed schedules",
          (_loc(_P, "5.2", 1206, 1206, ["vuorokausirytmää", "aikatauluja"]),)),
    Claim("benefit.item.H3", "source", "taloudellinen toiminta", "managing money",
          (_loc(_P, "5.2", 1207, 1207, ["taloudellisesti"]),)),
    Claim("benefit.item.H4", "source", "terveyttä ja kuntoutumista tukevat palvelut",
          "services supporting health and rehabilitation",
          (_loc(_P, "5.2", 1209, 1209, ["kuntoutumista"]),)),
    Claim("benefit.item.E1", "source", "alan työtehtävät ja ammattitaitovaatimukset",
          "the field's tasks and skill requirements",
          (_loc(_P, "5.2", 1213, 1214, ["työtehtäviä", "ammattitaitovaatimuksiin"]),)),
    Claim("benefit.item.E2", "source", "työnhaku tietoverkkoa hyödyntäen",
          "searching for work online", (_loc(_P, "5.2", 1219, 1219, ["tietoverkkoa"]),)),
    Claim("benefit.item.E3", "source", "työhönvalintatilanteet ja neuvottelut työstä",
          "job selection situations and negotiating about work",
          (_loc(_P, "5.2", 1220, 1220, ["työhönvalintatilanteessa", "neuvotteluissa"]),)),
    Claim("benefit.item.E4", "source", "työllistymisen ja työssä pysymisen tukipalvelut",
          "support services for getting and keeping work",
          (_loc(_P, "5.2", 1223, 1223, ["tukipalveluita"]),)),
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
    return _render(locs, lang)


def _render(locs, lang: str) -> str:
    """Locators as people cite them: each work once, its chapters in order (``;`` between works)."""
    parts = []
    for source in dict.fromkeys(loc.source for loc in locs):
        short = SOURCES[source].short
        chapters = list(dict.fromkeys(loc.chapter for loc in locs
                                      if loc.source == source and loc.chapter))
        if not chapters:
            parts.append(short)
        elif len(chapters) == 1:
            parts.append(f"{short}, {_CHAPTER_WORD[lang]} {chapters[0]}")
        else:
            word, conj = ("luvut", "ja") if lang == "fi" else ("chs.", "and")
            parts.append(f"{short}, {word} {', '.join(chapters[:-1])} {conj} {chapters[-1]}")
    return "; ".join(parts)


def cite_note(note: str, lang: str = "fi") -> str:
    """How people cite a data note of claim ids (``;``-separated): each work once, its
    chapters in order.

    >>> cite_note("orient.emp.paid_work_first; ips.follow_up; orient.capacity_where")
    'Pikkusaari 2012, luvut 4.2 ja 4.5'
    >>> cite_note("cooperation.documenting_step8; te.final_report")
    'Pikkusaari 2012, luku 3.1; Työhönvalmennuksen palvelumuotoilu (Yläfemman-hanke), luku 4'
    >>> cite_note("te.phase.polku", lang="en")
    'Työhönvalmennuksen palvelumuotoilu (Yläfemman-hanke), chs. 2 and 4'
    """
    check_argument("lang", tuple(_CHAPTER_WORD), lang)
    ids = [part.strip() for part in str(note).split(";") if part.strip()]
    if not ids:
        raise ValueError("a source note needs at least one claim id")
    for cid in ids:
        check_argument("claim", list(CLAIMS), cid)
    return _render([loc for cid in ids for loc in CLAIMS[cid].at], lang)


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

def seed_dir() -> Path | None:
    """Folder holding copies of the sources, from ``COACHKIT_SEEDS`` (``None`` when not set).

    The copies are not part of the kit; ``.ci/run`` points the variable at them so that every
    claim's locator is checked.
    """
    env = os.environ.get("COACHKIT_SEEDS", "").strip()
    return Path(env) if env else None


def _lines(source_id: str) -> list[str]:
    folder = seed_dir()
    if folder is None:
        raise ValueError("COACHKIT_SEEDS is not set: name the folder holding copies of the sources")
    return (folder / SOURCES[source_id].file).read_text(encoding="utf-8").split("\n")


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
