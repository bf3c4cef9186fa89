"""The label catalogue: every word a figure or table shows, in Finnish and English.

>>> label("source")
'Lähde'
>>> label("source", lang="en")
'Source'
"""

from __future__ import annotations

from .checks import check_argument
from .reference.sources import claim_labels

LANGS = ("fi", "en")

CATALOGUE = {
    # first words of star rules' names (StarRule.title, by the rule's id)
    "rule_word.default": ("oletus", "default"), "rule_word.stricter": ("tiukempi", "stricter"),
    "rule_word.looser": ("väljempi", "looser"),
    "rule_word.count": ("määrä", "count"), "rule_word.share": ("osuus", "share"),
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
    "band.reliable": ("luotettava", "reliable"), "band.undefined": ("ei määriteltävissä", "undefined"),
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
    # agreement coefficients in one sentence each, and the one verdict scale used for both
    "kappa_explained": ("Cohenin κ kertoo, kuinka paljon kaksi koodaajaa ovat samaa mieltä "
                        "enemmän kuin sattumalta olisivat: 0 = vain sattuman verran, "
                        "1 = täysin samaa mieltä.",
                        "Cohen's κ tells how much more two coders agree than chance would: "
                        "0 = chance, 1 = full agreement."),
    "alpha_explained": ("Krippendorffin α mittaa samaa kuin κ mutta sallii useamman koodaajan ja "
                        "puuttuvia koodeja: 0 = vain sattuman verran, 1 = täysin samaa mieltä.",
                        "Krippendorff's α measures the same as κ but allows more coders and "
                        "missing codes: 0 = chance, 1 = full agreement."),
    "uncoded": ("(koodaamatta)", "(uncoded)"),
    "fidelity_total": ("pisteitä yhteensä", "total score"),
    "agreement_coders": ("koodaajat", "coders"),
    "agreement_compared.paragraphs": ("verrattuja kappaleita", "paragraphs compared"),
    "agreement_compared.segments": ("verrattuja katkelmia", "segments compared"),
    "agreement_coded": ("vähintään kahden koodaajan koodaamia", "coded by two or more coders"),
    "agreement_characters": ("yksiköt: kappaleet; merkkitason vertailu lähteittäin ja koodeittain",
                             "units: paragraphs; character-level comparison per source and code"),
    "agreement_scale": ("Asteikko (sama κ:lle ja α:lle): alle 0,67 ei riittävä · 0,67–0,79 "
                        "alustava · vähintään 0,80 luotettava.",
                        "Scale (same for κ and α): below 0.67 unreliable · 0.67–0.79 tentative · "
                        "0.80 or more reliable."),
}


# Table headers and the kit's own table values, used by coachkit.display.tables.show_table.
#: column → (Finnish, English) header
COLUMNS = {
    "source": ("Lähde", "Source"), "category": ("Luokka", "Category"),
    "goal": ("Kokonaistavoite", "Goal"), "goal_id": ("Tavoitteen tunnus", "Goal id"),
    "phase": ("Vaihe", "Phase"), "phase_id": ("Vaiheen tunnus", "Phase id"),
    "pole": ("Napa", "Pole"), "pole_id": ("Navan tunnus", "Pole id"),
    "subcategory": ("Alaluokka", "Subcategory"), "subcategory_id": ("Alaluokan tunnus", "Subcategory id"),
    "count": ("Määrä", "Count"), "share": ("Osuus", "Share"), "stars": ("Tähdet", "Stars"),
    "reference_stars": ("Tähdet oletussäännöllä", "Stars, default rule"), "change": ("Muutos", "Change"),
    "rule": ("Sääntö", "Rule"), "rank": ("Sija", "Rank"), "excluded": ("Rajattu pois", "Excluded"),
    "segment_id": ("Katkelma", "Segment"), "text": ("Teksti", "Text"), "code": ("Koodi", "Code"),
    "respondent": ("Vastaaja", "Respondent"), "metric": ("Mittari", "Measure"),
    "estimate": ("Arvo", "Estimate"), "ci_low": ("95 %:n väli, alaraja", "95 % CI, low"),
    "ci_high": ("95 %:n väli, yläraja", "95 % CI, high"), "ci_method": ("Välin menetelmä", "CI method"),
    "interpretation": ("Tulkinta", "Interpretation"), "n_segments": ("Katkelmia", "Segments"),
    "specific_agreement": ("Koodikohtainen yhtäpitävyys", "Specific agreement"), "kappa": ("κ", "κ"),
    # the character-level comparison of two coders (coachkit.analyses.unitising.character_agreement)
    "coder_a": ("Koodaaja A", "Coder A"), "coder_b": ("Koodaaja B", "Coder B"),
    "characters": ("Merkkejä", "Characters"), "both": ("Molemmat", "Both"),
    "a_only": ("Vain A", "A only"), "b_only": ("Vain B", "B only"),
    "neither": ("Ei kumpikaan", "Neither"), "agreement": ("Yhtäpitävyys", "Agreement"),
    "n_documents": ("Saturaatiopiste (vastaajia)", "Saturation point (documents)"),
    "group_a": ("Ryhmä A", "Group A"), "group_b": ("Ryhmä B", "Group B"),
    "n_a": ("Koodin käyttäjiä A", "Documents with code, A"),
    "n_b": ("Koodin käyttäjiä B", "Documents with code, B"),
    "docs_a": ("Vastaajia A", "Documents A"), "docs_b": ("Vastaajia B", "Documents B"),
    "share_a": ("Osuus A", "Share A"), "share_b": ("Osuus B", "Share B"),
    "difference": ("Ero", "Difference"), "odds_ratio": ("Vetosuhde", "Odds ratio"),
    "p_exact": ("p (Fisher)", "p (Fisher)"), "p_holm": ("p (Holm)", "p (Holm)"),
    "client_id": ("Asiakas", "Client"), "provider": ("Palvelu", "Provider"),
    "profile": ("Asiakasprofiili", "Client profile"), "hours": ("Tunteja", "Hours"),
    "useful": ("Hyödyllisyys (1–5)", "Usefulness (1–5)"), "employed": ("Työllistyneitä", "Employed"),
    "employed_6m": ("Työssä 6 kk:n päästä", "Employed at 6 months"), "item": ("Väittämä", "Item"),
    "level": ("Taso", "Level"), "text_fi": ("Väittämä suomeksi", "Item in Finnish"),
    "alpha": ("Cronbachin α", "Cronbach's α"), "n_items": ("Väittämiä", "Items"),
    "n_complete": ("Täydellisiä vastauksia", "Complete answers"),
    "r_corrected": ("Korjattu korrelaatio", "Corrected item–level r"),
    "levels_met": ("Täyttyneitä tasoja", "Levels met"), "n": ("Asiakkaita", "Clients"),
    "useful_n": ("Hyödylliseksi kokeneita", "Found useful"),
    "useful_share": ("Hyödylliseksi kokeneiden osuus", "Share finding it useful"),
    "model": ("Malli", "Model"), "term": ("Selittäjä", "Term"), "pseudo_r2": ("Pseudo-R²", "Pseudo R²"),
    "retention_6m": ("Työssä pysyneet 6 kk", "Retained at 6 months"),
    "pyramid_index": ("Pyramidi-indeksi", "Pyramid index"),
    "mean_levels_met": ("Täyttyneitä tasoja keskimäärin", "Mean levels met"),
    "met_I_and_II_share": ("Tasot I ja II täyttyvät", "Levels I and II met"),
    "useful_share_if_I_and_II": ("Hyödyllinen, kun I ja II täyttyvät", "Useful if I and II met"),
    "rank_pyramid": ("Sija pyramidin mukaan", "Rank by pyramid"),
    "rank_employment": ("Sija työllistymisen mukaan", "Rank by employment"),
    "rank_change": ("Sijan muutos", "Rank change"),
    "parameter": ("Oletus", "Parameter"), "value": ("Arvo", "Value"), "meaning": ("Merkitys", "Meaning"),
    "role": ("Rooli", "Role"),
    "strategy": ("Strategia", "Strategy"), "coach": ("Valmentaja", "Coach"),
    "admitted": ("Valittuja", "Admitted"),
    "disadvantaged_admitted_share": ("Heikossa asemassa olevia valituista", "Disadvantaged among admitted"),
    "selection_rate_ratio": ("Valintasuhde", "Selection-rate ratio"),
    "completion_rate": ("Valmistuneita", "Completion rate"),
    "employment_rate": ("Työllistyneet valituista", "Employed among admitted"),
    "employment_rate_range95_low": ("Työllistyneet, 95 % kohorteista: vähintään",
                                    "Employed, 95 % of cohorts: from"),
    "employment_rate_range95_high": ("Työllistyneet, 95 % kohorteista: enintään",
                                     "Employed, 95 % of cohorts: to"),
    "disadvantaged_employed": ("Heikossa asemassa olevia työllistyi", "Disadvantaged employed"),
    "coach_hours_needed": ("Valmennustunteja tarvitaan", "Coach hours needed"),
    "coach_hours_available": ("Valmennustunteja käytettävissä", "Coach hours available"),
    "four_fifths_ok": ("Neljän viidesosan sääntö täyttyy", "Four-fifths rule met"),
    "hours_per_employment": ("Tunteja työllistynyttä kohden", "Hours per employment"),
    "claim": ("Kitin odotus, johdettu tutkimuksesta", "The kit's expectation, derived from the study"),
    "holds": ("Pätee mallissa", "Holds in the model"),
    "topic": ("Aihe", "Topic"), "visits": ("Käyntejä", "Visits"), "men": ("Miehet", "Men"),
    "women": ("Naiset", "Women"), "immigrants": ("Maahanmuuttajat", "Immigrants"),
    "employment_related": ("Työllistymiseen liittyvä", "Employment-related"),
    "reason": ("Peruste", "Reason"), "area": ("Alue", "Area"), "row_type": ("Rivin tyyppi", "Row type"),
    "column": ("Sarake", "Column"), "rows_total": ("Rivien summa", "Sum of rows"),
    "printed_total": ("Painettu summa", "Printed total"), "mismatch": ("Ristiriita", "Mismatch"),
    "share_rows_total": ("Osuus rivien summasta", "Share of the sum of rows"),
    "share_printed_total": ("Osuus painetusta summasta", "Share of the printed total"),
    "women_share": ("Naisten osuus", "Share of women"), "immigrant_share": ("Maahanmuuttajien osuus",
                                                                           "Share of immigrants"),
    "test": ("Testi", "Test"), "statistic": ("Testisuure", "Statistic"), "df": ("Vapausasteet", "df"),
    "p_value": ("p-arvo", "p value"),
    "min_expected": ("Pienin odotettu frekvenssi", "Smallest expected count"),
    "cells_expected_below_5": ("Soluja, joissa odotettu < 5", "Cells expected below 5"),
    "caveat": ("Varaus", "Caveat"), "section": ("Osa-alue", "Section"), "score": ("Pisteet", "Score"),
    "name_fi": ("Nimi", "Name (Finnish)"), "name_en": ("Nimi englanniksi", "Name"),
    "ips_item": ("Kohta", "Item"),  # an IPS-25 item number (a scale item, not a statement)
    "verified": ("Suomenkielisen kuvauksen lähde", "Source of the Finnish text"),
    "before": ("Ennen", "Before"),
    "after": ("Jälkeen", "After"),
    "group": ("Ryhmä", "Group"),
    "code_id": ("Koodi", "Code id"), "description_fi": ("Kuvaus", "Description (Finnish)"),
    "reference_code": ("Referenssikoodi", "Reference code"),
    # coaching year (coachkit.models.planning)
    "orientation": ("Suunnitelman painotus", "Plan's orientation"),
    "employment_focused": ("Lasketaan kahteen kolmasosaan", "Counts towards two thirds"),
    "reason_fi": ("Peruste", "Reason (Finnish)"), "order": ("Järjestys", "Order"),
    "client": ("Asiakas", "Client"),
    "total_hours": ("Tunteja yhteensä", "Total hours"),
    "employment_share": ("Työnhakuun, työnantajiin ja työpaikkoihin", "Job search, employers, workplaces"),
    "two_thirds_met": ("Kaksi kolmasosaa täyttyy", "Two thirds met"),
    "job_start_month": ("Työ alkaa (kk)", "Work starts (month)"),
    "followup_hours_needed": ("Seurantaan tarvitaan (h)", "Follow-up needed (h)"),
    "followup_hours_planned": ("Seurantaan suunniteltu (h)", "Follow-up planned (h)"),
    "followup_fits_cap": ("Seuranta mahtuu 50 tuntiin", "Follow-up fits 50 h"),
    "measure": ("Mitä mitataan", "Measure"),
    "gap_to_two_thirds": ("Ero kahteen kolmasosaan (%-yksikköä)", "Gap to two thirds (points)"),
    "meeting": ("Tapaaminen", "Meeting"), "month": ("Kuukausi", "Month"),
    "in_year": ("Valmennusvuoden aikana", "Within the coaching year"),
    "coder": ("Koodaaja", "Coder"), "run_start": ("Jakso alkaa vastaajasta", "Run starts at"),
    "run_end": ("Jakso päättyy vastaajaan", "Run ends at"), "new_codes": ("Uusia koodeja", "New codes"),
    "new_share": ("Uusia koodeja suhteessa pohjaan", "New codes relative to the base"),
    "n_codes": ("Eri koodeja tähän mennessä", "Distinct codes so far"),
    "met_I": ("Taso I täyttyy", "Level I met"), "met_II": ("Taso II täyttyy", "Level II met"),
    "met_III": ("Taso III täyttyy", "Level III met"),
    "share_of_segments": ("Osuus lähteen ilmauksista", "Share of the source's expressions"),
    "stars_rule": ("Tähdet valitulla säännöllä", "Stars, chosen rule"),
}

#: English values written by the kit's own functions → (Finnish, English)
VALUES = {
    "metric": {"percent_agreement": ("Prosenttiyhtäpitävyys", "Percent agreement"),
               "cohen_kappa": ("Cohenin κ", "Cohen's κ"), "fleiss_kappa": ("Fleissin κ", "Fleiss' κ"),
               "krippendorff_alpha": ("Krippendorffin α", "Krippendorff's α")},
    "ci_method": {"wilson": ("Wilson", "Wilson"), "asymptotic": ("asymptoottinen", "asymptotic"),
                  "none": ("–", "–"),
                  # values "key:count" or "key:used/total" (coachkit.analyses.agreement); counts fill {0}, {1}
                  "bootstrap": ("bootstrap ({0} otosta)", "bootstrap ({0} resamples)"),
                  "bootstrap_partial": ("bootstrap ({0}/{1} otosta; α ei määriteltävissä muissa)",
                                        "bootstrap ({0} of {1} resamples; α undefined in the rest)"),
                  "too_few_units": ("ei väliä: liian vähän yksiköitä ({0})",
                                    "no interval: too few units ({0})")},
    "test": {"gender": ("sukupuoli", "gender"), "immigrant": ("maahanmuuttajuus", "immigrant")},
    "caveat": {"counts_may_repeat":
               ("sama henkilö voi sisältyä lukuihin monesti: havainnot eivät ehkä ole riippumattomia",
                "one person may be counted more than once: observations may not be independent")},
    # Claims keyed by stable ids (coachkit.reference.sources.CLAIMS); each label carries its citation.
    "claim": claim_labels("order."),
    "model": {"levels_met": ("täyttyneet tasot", "levels met"),
              "levels_met + employed": ("täyttyneet tasot + työllistyminen", "levels met + employed"),
              "only I": ("vain taso I", "only I"), "only II": ("vain taso II", "only II"),
              "only III": ("vain taso III", "only III"), "all levels": ("kaikki tasot", "all levels")},
    "term": {"levels_met": ("täyttyneet tasot", "levels met"), "employed": ("työllistyi", "employed"),
             "met_I": ("taso I täyttyy", "level I met"), "met_II": ("taso II täyttyy", "level II met"),
             "met_III": ("taso III täyttyy", "level III met")},
    "verified": claim_labels("ips_item."),
    "row_type": {"topic": ("aihe", "topic"), "printed_total": ("painettu summa", "printed total")},
    "orientation": {"valmennuskeskeinen": ("valmennuskeskeinen", "coaching-centred"),
                    "tyollistymiskeskeinen": ("työllistymiskeskeinen", "employment-centred")},
    "measure": {"plan_hours": ("suunnitelman tunnit", "the plan's hours"),
                "visits_rows_total": ("käynnit (rivien summa 880)", "visits (sum of rows, 880)"),
                "visits_printed_total": ("käynnit (painettu summa 728)", "visits (printed total, 728)"),
                "visit_topics": ("käyntien aiheet (18)", "visit topics (18)")},
    "meeting": {"before_start": ("viikkoa ennen aloitusta", "a week before the start"),
                "first_days": ("kolmen päivän sisällä aloituksesta", "within three days of the start"),
                "weekly": ("viikoittain 1. kuukautena", "weekly in the first month"),
                "monthly": ("kuukausittain 1. vuotena", "monthly in the first year")},
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


# Orientations (Pikkusaari 2012, luku 4) and service benefit (luku 5.2): headers and values.
COLUMNS.update({
    "orientation": ("Orientaatio", "Orientation"), "orientation_id": ("Orientaatio", "Orientation"),
    "valmennuskeskeinen": ("Valmennuskeskeinen", "Coaching-centred"),
    "tyollistymiskeskeinen": ("Työllistymiskeskeinen", "Employment-centred"),
    "arvioiva": ("Arvioiva", "Assessing"),
    "name": ("Nimi", "Name"), "status": ("Täyttyykö", "Met"), "cite": ("Lähde", "Source"),
    "starts": ("Mistä tuki alkaa", "Where support starts"),
    "stops": ("Milloin tuki loppuu", "When support stops"),
    "follow_up": ("Seurantarytmi", "Follow-up rhythm"), "ends_in": ("Mihin päättyy", "What it ends in"),
    "clients": ("Asiakkaita", "Clients"),
    "median_weeks_to_search": ("Viikkoja työnhaun alkuun (mediaani)", "Weeks to job search (median)"),
    "median_support_weeks": ("Tukiviikkoja (mediaani)", "Weeks of support (median)"),
    "mean_contacts": ("Seurantatapaamisia keskimäärin", "Follow-up meetings (mean)"),
    "in_work_52_share": ("Työssä vuoden kohdalla", "In work at one year"),
    "in_work_104_share": ("Työssä kahden vuoden kohdalla", "In work at two years"),
    "search_start_week": ("Työnhaku alkaa (viikko)", "Job search starts (week)"),
    "job_start_week": ("Työ alkaa (viikko)", "Work starts (week)"),
    "support_end_week": ("Tuki päättyy (viikko)", "Support ends (week)"),
    "support_weeks": ("Tukiviikkoja", "Weeks of support"),
    "follow_ups": ("Seurantatapaamisia", "Follow-up meetings"),
    "outcome": ("Lopputulos", "Outcome"),
})
VALUES.update({
    "orientation": {"valmennuskeskeinen": ("Valmennuskeskeinen", "Coaching-centred"),
                    "tyollistymiskeskeinen": ("Työllistymiskeskeinen", "Employment-centred"),
                    "arvioiva": ("Arvioiva", "Assessing")},
    "status": {"meets": ("täyttyy", "meets"), "partly": ("osittain", "partly"),
               "does_not": ("ei täyty", "does not meet"), "not_described": ("ei kuvattu", "not described")},
    "outcome": {"employed": ("työssä tuen päättyessä", "in work when support ended"),
                "not_employed": ("ei työtä tuen päättyessä", "no job when support ended"),
                "still_supported": ("tuki jatkuu yhä", "support still going on"),
                "referral_job_search": ("ohjaus työnhakuun tai koulutukseen",
                                        "referred to job search or training"),
                "referral_service": ("ohjaus toiseen palveluun tai työtoimintaan",
                                     "referred to another service"),
                "pension_assessment": ("ohjaus eläkeselvittelyyn", "referred to a pension assessment")},
})
VALUES["orientation_id"] = VALUES["orientation"]
COLUMNS.update({
    "area": ("Alue", "Area"), "area_id": ("Alue", "Area"),
    "change_ci_low": ("Muutos, 95 %:n väli alaraja", "Change, 95 % CI low"),
    "change_ci_high": ("Muutos, 95 %:n väli yläraja", "Change, 95 % CI high"),
    "improved_share": ("Edistyneiden osuus", "Share improved"),
    "improved_n": ("Edistyneitä", "Improved"),
    "no_score_n": ("Ei muutospisteitä (ei mukana n:ssä)", "No change score (not in n)"),
})
VALUES["area"] = {"tyontekijana": ("Työntekijänä toimiminen ja työtaidot",
                                   "Acting as an employee and work skills"),
                  "yhteistyo": ("Yhteistyö ja vuorovaikutus työyhteisössä",
                                "Cooperation and interaction at work"),
                  "hyvinvointi": ("Hyvinvointi, jaksaminen ja arjen rytmi",
                                  "Well-being, coping and daily rhythm"),
                  "tyollistyminen": ("Työllistymisen keinot ja työelämän tuntemus",
                                     "Ways into work and knowing working life")}
VALUES["area_id"] = VALUES["area"]

# Calibration targets of the selection model (coachkit.models.selection.calibration_table).
COLUMNS.update({"target": ("Kalibroinnin kohde", "Calibration target"),
                "target_value": ("Tutkimuksen luku", "Study's figure"),
                "achieved": ("Malli tuottaa", "Model gives")})
VALUES["target"] = {
    "tightened_without_coach": ("Työllistyneet, valintatapa A ilman valmentajaa",
                                "Employed, selection A without a coach"),
    "tightened_with_coach": ("Työllistyneet, valintatapa A valmentajan kanssa",
                             "Employed, selection A with a coach"),
    "club_conversion": ("Työpaikan löytäneet työnhakuklubin jälkeen",
                        "Found a job after the job club")}
