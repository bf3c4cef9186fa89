"""Tables for people: Finnish (or English) headers and values, percentages, fitted to the page.

Analysis functions keep tidy English column names for code; :func:`show_table` only
changes what is displayed.  Headers and categorical values come from the label
catalogue (:mod:`coachkit._labels`) and the codebook (goal, phase and pole ids become
their names); true/false become *kyllä/ei*; shares and rates are shown as percentages
with a decimal comma under ``lang="fi"``; long headers wrap so a wide table fits the page.

>>> import pandas as pd
>>> t = display_frame(pd.DataFrame({"strategy": ["tightened"], "coach": [True],
...                                 "employment_rate": [0.44]}))
>>> list(t.columns), t.iloc[0].tolist()
(['Strategia', 'Valmentaja', 'Työllistyneet valituista'], ['A tiukennettu', 'kyllä', '44,0 %'])
"""

from __future__ import annotations

import numbers
import os
import re

import numpy as np
import pandas as pd

from ._labels import label
from ._validation import check_argument

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
    "n_documents": ("Saturaatiopiste (vastaajia)", "Saturation point (documents)"),
    "group_a": ("Ryhmä A", "Group A"), "group_b": ("Ryhmä B", "Group B"),
    "n_a": ("Vastaajia A", "Documents A"), "n_b": ("Vastaajia B", "Documents B"),
    "docs_a": ("Koodin käyttäjiä A", "Documents with code, A"),
    "docs_b": ("Koodin käyttäjiä B", "Documents with code, B"),
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
    "employment_rate_ci_low": ("Työllistyneet, 95 %:n väli alaraja", "Employed, 95 % range low"),
    "employment_rate_ci_high": ("Työllistyneet, 95 %:n väli yläraja", "Employed, 95 % range high"),
    "employment_rate_ilman_klubia": ("Työllistyneet ilman klubia", "Employed without the club"),
    "employment_rate_klubin_kanssa": ("Työllistyneet klubin kanssa", "Employed with the club"),
    "disadvantaged_employed": ("Heikossa asemassa olevia työllistyi", "Disadvantaged employed"),
    "coach_hours_needed": ("Valmennustunteja tarvitaan", "Coach hours needed"),
    "coach_hours_available": ("Valmennustunteja käytettävissä", "Coach hours available"),
    "four_fifths_ok": ("Neljän viidesosan sääntö täyttyy", "Four-fifths rule met"),
    "hours_per_employment": ("Tunteja työllistynyttä kohden", "Hours per employment"),
    "claim": ("Tutkimuksen havainto", "Finding of the study"),
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
    "verified": ("Lähde nimelle", "Source of the name"), "before": ("Ennen", "Before"),
    "after": ("Jälkeen", "After"), "muuttui": ("Muuttuneita soluja", "Cells changed"),
    "ilmauksia": ("Ilmauksia", "Expressions"), "group": ("Ryhmä", "Group"),
    "code_id": ("Koodi", "Code id"), "description_fi": ("Kuvaus", "Description (Finnish)"),
    "reference_code": ("Referenssikoodi", "Reference code"),
}

#: English values written by the kit's own functions → (Finnish, English)
VALUES = {
    "metric": {"percent_agreement": ("Prosenttiyhtäpitävyys", "Percent agreement"),
               "cohen_kappa": ("Cohenin κ", "Cohen's κ"), "fleiss_kappa": ("Fleissin κ", "Fleiss' κ"),
               "krippendorff_alpha": ("Krippendorffin α", "Krippendorff's α")},
    "ci_method": {"wilson": ("Wilson", "Wilson"), "asymptotic": ("asymptoottinen", "asymptotic"),
                  "none": ("–", "–")},
    "test": {"gender": ("sukupuoli", "gender"), "immigrant": ("maahanmuuttajuus", "immigrant")},
    "caveat": {"visits, not persons: observations are not independent":
               ("käyntejä, ei henkilöitä: havainnot eivät ole riippumattomia",
                "visits, not persons: observations are not independent")},
    "claim": {
        "tightened has the highest employment rate among admitted":
            ("A:ssa suurin työllistymisaste valituista", "tightened has the highest employment rate"),
        "loosened and open employ more disadvantaged people (absolute numbers)":
            ("B ja C työllistävät enemmän heikossa asemassa olevia (lukumäärinä)",
             "loosened and open employ more disadvantaged people"),
        "open needs the most coach hours": ("C tarvitsee eniten valmennustunteja",
                                            "open needs the most coach hours"),
        "coach support raises employment under every strategy":
            ("valmentaja nostaa työllistymistä jokaisella strategialla",
             "coach support raises employment under every strategy"),
    },
    "model": {"levels_met": ("täyttyneet tasot", "levels met"),
              "levels_met + employed": ("täyttyneet tasot + työllistyminen", "levels met + employed"),
              "only I": ("vain taso I", "only I"), "only II": ("vain taso II", "only II"),
              "only III": ("vain taso III", "only III"), "all levels": ("kaikki tasot", "all levels")},
    "term": {"levels_met": ("täyttyneet tasot", "levels met"), "employed": ("työllistyi", "employed"),
             "met_I": ("taso I täyttyy", "level I met"), "met_II": ("taso II täyttyy", "level II met"),
             "met_III": ("taso III täyttyy", "level III met")},
    "verified": {
        "checked against a public copy of the scale": ("tarkistettu julkisesta versiosta",
                                                       "checked against a public copy"),
        "from memory of the 2008/2019 scale": ("muistinvarainen (2008/2019)", "from memory (2008/2019)"),
        "from memory of the 2008/2019 scale; wording uncertain":
            ("muistinvarainen, sanamuoto epävarma", "from memory, wording uncertain"),
        "from memory of the 2008/2019 scale; seed 004 confirms the one-month rule":
            ("muistinvarainen; seed 004 vahvistaa kuukauden säännön", "from memory; seed 004 confirms"),
        "from memory of the 2008/2019 scale; seed 004 confirms six contacts a week":
            ("muistinvarainen; seed 004 vahvistaa kuusi kontaktia viikossa",
             "from memory; seed 004 confirms"),
    },
    "row_type": {"topic": ("aihe", "topic"), "printed_total": ("painettu summa", "printed total")},
}
#: columns whose values are catalogue keys with a prefix
PREFIXED = {"strategy": "strategy.", "interpretation": "band.", "section": "section.",
            "band": "fidelity."}
CODEBOOK_COLUMNS = ("category", "goal", "goal_id", "phase", "phase_id", "pole", "pole_id",
                    "subcategory_id")
_PERCENT = re.compile(r"(^share$|_share$|_rate$|^share_|_rate_ci_(low|high)$|retention_6m|"
                      r"useful_share|specific_agreement)")


def column_label(name, lang: str = "fi") -> str:
    """Display header of a column (codebook ids become their names)."""
    key = str(name)
    if key in COLUMNS:
        return COLUMNS[key][0 if lang == "fi" else 1]
    names = _codebook_names(lang)
    if key in names:
        return names[key]
    return key


def _codebook_names(lang: str) -> dict:
    from .codebook import Codebook

    cb = Codebook.load()
    out = {}
    for level in ("goal", "phase", "pole", "subcategory"):
        out.update(cb.names(level, lang))
    return out


def _value_map(column: str, lang: str):
    i = 0 if lang == "fi" else 1
    if column in VALUES:
        table = VALUES[column]
        return lambda v: table[v][i] if isinstance(v, str) and v in table else v
    if column in PREFIXED:
        prefix = PREFIXED[column]
        return lambda v: label(prefix + str(v), lang, default=str(v)) if isinstance(v, str) else v
    if column in CODEBOOK_COLUMNS:
        names = _codebook_names(lang)
        return lambda v: names.get(v, v) if isinstance(v, str) else v
    return None


def _fmt_number(v, lang, *, percent=False):
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return "–"
    if isinstance(v, bool | np.bool_):
        return ("kyllä" if v else "ei") if lang == "fi" else ("yes" if v else "no")
    if isinstance(v, numbers.Integral):
        return f"{int(v):,}".replace(",", " ")
    if percent:
        text = f"{100 * float(v):.1f} %"
    else:
        text = f"{float(v):,.3g}" if abs(float(v)) >= 1000 else f"{float(v):.3f}".rstrip("0").rstrip(".")
        text = text.replace(",", " ")
    return text.replace(".", ",") if lang == "fi" else text


def display_frame(df, lang: str = "fi", *, percent=None) -> pd.DataFrame:
    """A copy of ``df`` as strings ready to show: translated headers and values, formatted numbers.

    ``percent``: columns shown as percentages (default: shares and rates by name).
    """
    check_argument("lang", ["fi", "en"], lang)
    if isinstance(df, pd.Series):
        df = df.to_frame(df.name if df.name is not None else "value")
    out = pd.DataFrame(index=df.index)
    for col in df.columns:
        values = df[col]
        mapper = _value_map(str(col), lang)
        pct = (str(col) in percent) if percent is not None else bool(_PERCENT.search(str(col)))
        is_float = pd.api.types.is_float_dtype(values)
        shown = []
        for v in values.tolist():
            if mapper is not None:
                v = mapper(v)
            if isinstance(v, bool | np.bool_) or (isinstance(v, int | float | np.number)
                                                  and not isinstance(v, str)):
                shown.append(_fmt_number(v, lang, percent=pct and (is_float or isinstance(v, float))))
            else:
                shown.append("–" if v is None else str(v))
        out[column_label(col, lang)] = shown
    out.index = [column_label(i, lang) if isinstance(i, str) else i for i in df.index]
    if df.index.name is not None:
        out.index.name = column_label(df.index.name, lang)
    if isinstance(df.index, pd.RangeIndex):
        out = out.reset_index(drop=True)
    return out


def show_table(df, lang: str = "fi", *, percent=None, index: bool | None = None):
    """A styled table for notebooks and pages: Finnish by default, wrapped to fit the page.

    Returns a pandas ``Styler`` (it displays as HTML).  The index is hidden when it is a
    plain row number.  Set ``COACHKIT_STRICT_LABELS=1`` (the tests do) to make a header
    that the catalogue does not know an error, so no English column name slips through.
    """
    if isinstance(df, pd.Series):
        df = df.to_frame(df.name if df.name is not None else "value")
    frame = display_frame(df, lang, percent=percent)
    if os.environ.get("COACHKIT_STRICT_LABELS") == "1" and lang == "fi":
        unknown = [str(c) for c in df.columns if _looks_untranslated(str(c), frame)]
        if unknown:
            raise ValueError(f"no Finnish label for column(s) {', '.join(unknown)}; add them to "
                             "coachkit.tables.COLUMNS")
    # row numbers (also those left by a filter) say nothing to a reader: hide them
    plain_numbers = df.index.name is None and pd.api.types.is_integer_dtype(df.index)
    hide_index = index is False or (index is None and plain_numbers)
    if frame.shape[1] > MAX_COLUMNS and frame.shape[0] <= MAX_COLUMNS:
        frame, hide_index = _transposed(df, frame), False
    styler = frame.style
    if hide_index:
        styler = styler.hide(axis="index")
    return styler.set_table_styles([
        {"selector": "th", "props": "white-space: normal; max-width: 10em; vertical-align: bottom;"
                                    " text-align: left;"},
        {"selector": "td", "props": "max-width: 28em; white-space: normal; text-align: left;"},
        # a table that is still too wide scrolls inside the page instead of running off it
        {"selector": "", "props": "border-collapse: collapse; display: block; max-width: 100%;"
                                  " overflow-x: auto;"},
    ])


#: Wider tables (with few rows) are shown transposed, so they fit a page or a projector.
MAX_COLUMNS = 8


def _transposed(df: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """Rows become columns, headed by the row's identifying text (its leading text columns)."""
    ids = []
    for col in df.columns[:2]:
        if pd.api.types.is_numeric_dtype(df[col]) and not pd.api.types.is_bool_dtype(df[col]):
            break
        ids.append(col)
    if ids:
        keys = [frame.columns[list(df.columns).index(c)] for c in ids]
        headers = frame[keys].astype(str).agg(" · ".join, axis=1)
        body = frame.drop(columns=keys)
    else:
        headers = pd.Series([str(i) for i in frame.index], index=frame.index)
        body = frame
    out = body.T
    out.columns = list(headers)
    return out


def _looks_untranslated(column: str, frame) -> bool:
    if column in COLUMNS or column in _codebook_names("fi"):
        return False
    if re.match(r"^(I|II|III)_\w+$", column) or len(column) <= 2 or not column.isascii():
        return False  # item ids, coder letters, already Finnish
    return True
