"""Tables for people: Finnish (or English) headers and values, percentages, fitted to the page.

Analysis functions keep tidy English column names for code; :func:`show_table` only
changes what is displayed.  Headers and the kit's own values are catalogue keys
(:mod:`coachkit.i18n`: ``column.<name>``, ``value.<column>.<value>``, ``band.*`` …), then the
codebook (goal, phase and pole ids become their names); true/false become the language's
words (*kyllä/ei*); numbers and percentages are written the language's way (CLDR: a decimal
comma and ``74 %`` under ``lang="fi"``); long headers wrap so a wide table fits the page.

>>> import pandas as pd
>>> t = display_frame(pd.DataFrame({"strategy": ["tightened"], "coach": [True],
...                                 "employment_rate": [0.44]}))
>>> list(t.columns), t.iloc[0].tolist()
(['Strategia', 'Valmentaja', 'Työllistyneet valituista'], ['A tiukennettu', 'kyllä', '44,0\xa0%'])
>>> display_frame(pd.DataFrame({"coach": [True], "employment_rate": [0.44]}), "en").iloc[0].tolist()
['yes', '44.0%']
"""

from __future__ import annotations

import functools
import html
import os
import re

import numpy as np
import pandas as pd

from .. import i18n
from ..i18n import check_lang, format_bool, t

#: columns whose values are catalogue keys with a prefix
PREFIXED = {"strategy": "strategy.", "interpretation": "band.", "section": "section.",
            "band": "fidelity."}
CODEBOOK_COLUMNS = ("category", "goal", "goal_id", "phase", "phase_id", "pole", "pole_id",
                    "subcategory_id")
_PERCENT = re.compile(r"(^share$|_share$|_rate$|^share_|_rate_ci_(low|high)$|_range95_(low|high)$|"
                      r"retention_6m|"
                      r"useful_share|specific_agreement)")


def column_label(name, lang: str = "fi") -> str:
    """Display header of a column: its ``column.<name>`` key, else codebook ids by their
    names and survey item ids by the item's text, else the name itself.

    >>> column_label("source"), column_label("source", "en")
    ('Lähde', 'Source')
    >>> column_label("I_tyonantajat")
    'Valmentajani oli aktiivisesti yhteydessä työnantajiin minun asiassani.'
    """
    key = str(name)
    text = _known(f"column.{key}", lang)
    if text is not None:
        return text
    names = _codebook_names(lang)
    if key in names:
        return names[key]
    # a survey's item columns (I_tyonantajat, ...) are headed by the item's text
    return _id_names(ID_COLUMNS["item"], lang).get(key, key)


#: interval bounds whose header names the level: ``df.attrs["confidence"]`` (e.g. 0.9) when set
INTERVAL_COLUMNS = ("ci_low", "ci_high")


def interval_label(bound: str, confidence: float, lang: str = "fi") -> str:
    """Header of an interval's ``low`` or ``high`` bound at ``confidence`` (0.9 → 90 %).

    >>> interval_label("low", 0.9), interval_label("high", 0.95, "en")
    ('90\xa0%:n väli, alaraja', '95% CI, high')
    >>> interval_label("low", 0.995, "en")
    '99.5% CI, low'
    """
    level = i18n.format_percent(confidence, lang, 0 if round(confidence * 100, 6) % 1 == 0 else 1)
    return t(f"label.interval_{bound}", lang, level)


def _header(column, attrs: dict, lang: str) -> str:
    """A column's header; an interval bound says the level its table was computed at."""
    if column in INTERVAL_COLUMNS and attrs.get("confidence") is not None:
        return interval_label(column.removeprefix("ci_"), attrs["confidence"], lang)
    return column_label(column, lang)


_ABSENT = "\x00"  # what t() gives back for a key no catalogue has (no text is ever empty)


def _known(key: str, lang: str, *args) -> str | None:
    """The text of ``key`` in ``lang``; ``None`` when no catalogue has the key (a researcher's
    own column or value); a key missing in ``lang`` only is an error (:func:`coachkit.i18n.t`)."""
    text = t(key, lang, *args, default=_ABSENT)
    return None if text == _ABSENT else text


@functools.lru_cache(maxsize=2)
def _codebook_names(lang: str) -> dict:
    from ..reference.codebook import Codebook

    cb = Codebook.load()
    out = {}
    for level in ("goal", "phase", "pole", "subcategory"):
        out.update(cb.names(level, lang))
    return out


def _value_columns() -> frozenset:
    """Columns whose values the catalogues name (``value.<column>.<value>``)."""
    return frozenset(k.split(".")[1] for k in i18n.catalogue(i18n.DEFAULT_LANG)
                     if k.startswith("value."))


#: columns holding claim ids (coachkit.reference.sources.CLAIMS): shown as the claim and its source
CLAIM_COLUMNS = ("claim", "verified")


#: columns whose values name other columns (``analyses.tasks.column_totals``): shown as headers are
NAMING_COLUMNS = ("column",)


def _value_map(column: str, lang: str):
    if column in NAMING_COLUMNS:
        return lambda v: column_label(v, lang) if isinstance(v, str) else v
    if column in _value_columns():
        def mapped(v):
            if not isinstance(v, str):
                return v
            text = _known(f"value.{column}.{v}", lang)
            if text is not None:
                return text
            key, _, counts = v.partition(":")  # "bootstrap:1000": a key plus counts
            if counts:
                text = _known(f"value.{column}.{key}", lang,
                              *(i18n.format_int(int(n), lang) for n in counts.split("/")))
            return v if text is None else text
        return mapped
    if column in CLAIM_COLUMNS:
        from ..reference.sources import cite

        def claim(v):
            text = _known(f"claim.{v}", lang) if isinstance(v, str) else None
            return v if text is None else f"{text} ({cite(v, lang)})"
        return claim
    if column in PREFIXED:
        prefix = PREFIXED[column]
        return lambda v: t(prefix + v, lang, default=v) if isinstance(v, str) else v
    if column in CODEBOOK_COLUMNS:
        names = _codebook_names(lang)
        return lambda v: names.get(v, v) if isinstance(v, str) else v
    if column in ID_COLUMNS:
        names = _id_names(ID_COLUMNS[column], lang)
        if column == "code":  # a paragraph a coder left uncoded (coachkit.analyses.unitising.UNCODED)
            names = {**names, "(uncoded)": t("label.uncoded", lang)}
        return lambda v: names.get(v, v) if isinstance(v, str) else v
    return None


#: columns holding ids of the kit's other code lists → (datasets, id column): shown by name
ID_COLUMNS = {"code": (("values", "code_id"), ("subcategories", "subcategory_id")),
              "reference_code": (("values", "code_id"),),
              "profile": (("client_profiles", "profile_id"),),
              "item": (("pyramid_items", "item"),)}


@functools.lru_cache(maxsize=8)
def _id_names(sources, lang: str) -> dict:
    from ..datasets import load_dataset

    out = {}
    for dataset, key in sources:
        table = load_dataset(dataset)
        name = next(c for c in (f"name_{lang}", f"text_{lang}") if c in table.columns)
        out.update(zip(table[key], table[name], strict=True))
    return out


# -- until round 2 of issue 20: the old signatures, for modules not yet moved to coachkit.i18n --
def format_count(n: int, one: str, many: str, lang: str = "fi") -> str:
    """A count with its word: ``one`` for 1, ``many`` otherwise (Finnish: the partitive).

    >>> format_count(1, "opiskelija", "opiskelijaa"), format_count(1200, "sivu", "sivua")
    ('1 opiskelija', '1\xa0200 sivua')
    """
    return f"{i18n.format_int(int(n), lang)} {one if int(n) == 1 else many}"


#: columns that count people, visits or hours: always shown as whole numbers
WHOLE = re.compile(r"^(n|n_\w+|admitted|employed|disadvantaged_employed|visits|men|women|"
                   r"immigrants|hours|coach_hours_\w+|rows_total|printed_total|count|docs_\w+|"
                   r"useful_n|applicants|places)$")


def _fmt_number(v, lang, *, percent=False, whole=False):
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return i18n.MISSING
    if isinstance(v, bool | np.bool_):
        return format_bool(bool(v), lang)
    if percent:
        return i18n.format_percent(v, lang, 1)
    if whole:
        return i18n.format_int(v, lang)
    return i18n.format_number(v, lang)


def _cell(v, mapper, lang, pct, is_float, whole) -> str:
    """One cell as shown: its value worded (``mapper``) and numbers formatted."""
    if mapper is not None:
        v = mapper(v)
    if isinstance(v, bool | np.bool_) or (isinstance(v, int | float | np.number) and not isinstance(v, str)):
        return _fmt_number(v, lang, percent=pct and (is_float or isinstance(v, float)), whole=whole)
    return i18n.MISSING if v is None else str(v)


def display_frame(df, lang: str = "fi", *, percent=None, code_columns=()) -> pd.DataFrame:
    """A copy of ``df`` as strings ready to show: translated headers and values, formatted numbers.

    ``percent``: columns shown as percentages (default: shares and rates by name).
    ``code_columns``: further columns whose values are code ids (e.g. one per coder), shown
    by the code's name like the ``code`` column.

    >>> display_frame(pd.DataFrame({"A": ["tasa_arvo"]}), code_columns=["A"]).iloc[0, 0]
    'Tasa-arvo ja tasapuolisuus'
    """
    check_lang(lang)
    if isinstance(df, pd.Series):
        df = df.to_frame(df.name if df.name is not None else "value")
    out = pd.DataFrame(index=df.index)
    for col in df.columns:
        values = df[col]
        mapper = _value_map("code" if col in code_columns else str(col), lang)
        pct = (str(col) in percent) if percent is not None else bool(_PERCENT.search(str(col)))
        is_float = pd.api.types.is_float_dtype(values)
        whole = bool(WHOLE.match(str(col)))
        seen = {}  # each distinct value is worded and formatted once
        shown = []
        for v in values.tolist():
            try:
                shown.append(seen[type(v), v])
            except KeyError:
                shown.append(seen.setdefault((type(v), v), _cell(v, mapper, lang, pct, is_float, whole)))
            except TypeError:  # not hashable
                shown.append(_cell(v, mapper, lang, pct, is_float, whole))
        out[_header(col, df.attrs, lang)] = shown
    out.index = [column_label(i, lang) if isinstance(i, str) else i for i in df.index]
    if df.index.name is not None:
        out.index.name = column_label(df.index.name, lang)
    elif df.columns.name is not None and not isinstance(df.index, pd.RangeIndex):
        # a transposed table: what its column headers are (e.g. months) heads the corner cell
        out.columns.name = column_label(df.columns.name, lang)
    if isinstance(df.index, pd.RangeIndex):
        out = out.reset_index(drop=True)
    return out


def show_table(df, lang: str = "fi", *, percent=None, index: bool | None = None, code_columns=()):
    """A styled table for notebooks and pages: Finnish by default, wrapped to fit the page.

    Returns a pandas ``Styler`` (it displays as HTML, every cell and header escaped, so
    text from a researcher's file never becomes markup).  The index is hidden when it is a
    plain row number.  A header key missing in one language is always an error
    (:func:`coachkit.i18n.t`); set ``COACHKIT_STRICT_LABELS=1`` (the tests do) to make a
    column name no catalogue knows an error too, so no code name slips through.
    ``code_columns``: columns whose values are code ids, shown by name (see :func:`display_frame`).
    """
    if isinstance(df, pd.Series):
        df = df.to_frame(df.name if df.name is not None else "value")
    frame = display_frame(df, lang, percent=percent, code_columns=code_columns)
    if os.environ.get("COACHKIT_STRICT_LABELS") == "1":
        unknown = [str(c) for c in df.columns if _looks_untranslated(str(c))]
        if unknown:
            raise ValueError(f"no header for column(s) {', '.join(unknown)}; add column.<name> to "
                             f"every catalogue ({i18n.LOCALE_DIR}/<lang>/LC_MESSAGES/coachkit.po)")
    # row numbers (also those left by a filter) say nothing to a reader: hide them
    plain_numbers = df.index.name is None and pd.api.types.is_integer_dtype(df.index)
    hide_index = index is False or (index is None and plain_numbers)
    if frame.shape[1] > MAX_COLUMNS and frame.shape[0] <= MAX_COLUMNS:
        frame, hide_index = _transposed(df, frame), False
    # Stylers do not escape: a value like "<script>" from a researcher's file would run.
    # Cells and index labels are escaped by the Styler, the index and column names here.
    frame = frame.copy()
    for axis in (frame.index, frame.columns):
        axis.names = [None if n is None else html.escape(str(n)) for n in axis.names]
    styler = frame.style.format(escape="html").format_index(escape="html", axis=0) \
        .format_index(escape="html", axis=1)
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


def _looks_untranslated(column: str) -> bool:
    if _known(f"column.{column}", i18n.DEFAULT_LANG) is not None or column in _codebook_names("fi"):
        return False
    if re.match(r"^(I|II|III)_\w+$", column) or len(column) <= 2 or not column.isascii():
        return False  # item ids, coder letters, already Finnish
    return True
