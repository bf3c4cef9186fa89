"""IPS-25 fidelity self-assessment: is a service really supported employment?

The IPS Supported Employment Fidelity Scale (IPS Employment Center) has 25 items
in three sections — staffing (items 1–3), organization (4–11) and services
(12–25) — each rated 1–5.  The total (25–125) falls into a band of the scale's
manual; the sections and bands come from the scale, not from the study's sources
(the leaflet *Työhönvalmentajan tuki* states the 25 items, the 1–5 ratings and the
74-point cut; claims ``ips.bands`` and ``ips.cut_74`` in :mod:`coachkit.reference.sources`):

===========  =============  ==================================
total        band           meaning
===========  =============  ==================================
115–125      exemplary      exemplary fidelity
100–114      good           good fidelity
74–99        fair           fair fidelity: supported employment
25–73        not_supported  not supported employment
===========  =============  ==================================

Ratings CSV contract (``coachkit fidelity score RATINGS.csv``): columns ``item``
(1–25, each exactly once) and ``score`` (whole number 1–5); other columns are
ignored.

>>> r = fidelity_score(load_dataset("ips_ratings_before"))
>>> r.band, r.total
('fair', 76)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..checks import InputError, parse_number_column, require_unique, where
from ..datasets import load_dataset
from ..display.figures import colors
from ..formats import read_table
from ..i18n import check_lang, languages, t
from .results import Result, fact

__all__ = ["BANDS", "SECTIONS", "band_of", "read_ratings", "fidelity_score", "Fidelity",
           "compare_assessments", "plot_fidelity", "sections_line", "for_display"]

SECTIONS = ("staffing", "organization", "services")
#: (lowest total, band) from the top down.
BANDS = ((115, "exemplary"), (100, "good"), (74, "fair"), (25, "not_supported"))


def band_of(total: int) -> str:
    """Band of a total score.

    >>> [band_of(t) for t in (125, 114, 74, 73)]
    ['exemplary', 'good', 'fair', 'not_supported']
    """
    if not 25 <= total <= 125:
        raise ValueError(f"an IPS-25 total must be between 25 and 125; got {total}")
    for low, name in BANDS:
        if total >= low:
            return name
    raise AssertionError("unreachable")


def band_name(band: str, lang: str = "fi") -> str:
    """Display name of a band."""
    return t(f"fidelity.{band}", lang)


def read_ratings(data, *, name: str | None = None) -> pd.DataFrame:
    """Validate a ratings table: ``item`` 1–25 each once, ``score`` 1–5.

    Returns
    -------
    DataFrame
        ``item, score`` sorted by item (integers).
    """
    df = read_table(data, required=("item", "score"), name=name)
    items = parse_number_column(df, "item", low=1, high=25, integer=True).astype(int)
    scores = parse_number_column(df, "score", low=1, high=5, integer=True).astype(int)
    checked = df.assign(item=items.astype(str))
    checked.attrs["file"] = where(df)
    require_unique(checked, ["item"], "item")
    missing = sorted(set(range(1, 26)) - set(items))
    if missing:
        shown = ", ".join(map(str, missing[:10])) + (" …" if len(missing) > 10 else "")
        raise InputError(f"missing item(s) {shown}; expected all 25 items, each rated 1–5",
                         file=where(df), column="item")
    return pd.DataFrame({"item": items, "score": scores}).sort_values("item", ignore_index=True)


@dataclass(kw_only=True, eq=False)
class Fidelity(Result):
    """Scored self-assessment (a :class:`~coachkit.analyses.results.Result`: ``table`` is
    ``items``; the facts are what ``coachkit fidelity score --json`` prints).

    Attributes
    ----------
    total : int
    band : str
        exemplary, good, fair or not_supported.
    sections : dict
        section → subtotal.
    items : DataFrame
        ``item, section, name_fi, name_en, score`` sorted weakest first.

    :meth:`to_dict` holds ``total, band, sections, section_max`` (section → highest
    possible subtotal) and ``weakest_items`` (the items with the lowest score).
    """

    table_name: str | None = None

    @property
    def items(self) -> pd.DataFrame:
        return self.table

    total = fact("total")
    band = fact("band")
    sections = fact("sections")


def _section_sizes() -> dict:
    return load_dataset("ips25_items").groupby("section", sort=False).size().to_dict()


def fidelity_score(ratings) -> Fidelity:
    """Total, band, section subtotals and items weakest first.

    Parameters
    ----------
    ratings : path, file object or DataFrame
        ``item, score`` (see :func:`read_ratings`).

    Returns
    -------
    Fidelity
    """
    r = read_ratings(ratings)
    catalogue = load_dataset("ips25_items")
    items = catalogue[["item", "section", "name_fi", "name_en"]].merge(r, on="item")
    total = int(items["score"].sum())
    sections = {s: int(items.loc[items["section"] == s, "score"].sum()) for s in SECTIONS}
    items = items.sort_values(["score", "item"], ignore_index=True)
    weakest = items.loc[items["score"] == items["score"].min(), "item"].astype(int).tolist()
    return Fidelity(table=items, facts={
        "total": total, "band": band_of(total), "sections": sections,
        "section_max": {s: int(5 * n) for s, n in _section_sizes().items()},
        "weakest_items": weakest})


def sections_line(sections: dict, lang: str = "fi") -> str:
    """Section subtotals as one readable line: names from the label catalogue, ``score/max``.

    >>> sections_line({"staffing": 10, "organization": 26, "services": 40})
    'Henkilöstö 10/15, Organisaatio 26/40, Palvelut 40/70'
    """
    sizes = _section_sizes()
    return ", ".join(f"{t('section.' + s, lang)} {sections[s]}/{5 * sizes[s]}"
                     for s in SECTIONS if s in sections)


def for_display(items: pd.DataFrame, lang: str = "fi") -> pd.DataFrame:
    """An IPS item table ready for :func:`coachkit.show_table`: the item number headed *Kohta*,
    and on a page in one language no item names in another (when the page's own are there)."""
    out = items.rename(columns={"item": "ips_item"})
    if f"name_{check_lang(lang)}" in out.columns:
        out = out.drop(columns=[f"name_{other}" for other in languages() if other != lang],
                       errors="ignore")
    return out


def compare_assessments(before, after) -> pd.DataFrame:
    """Item-by-item change between two self-assessments.

    Returns
    -------
    DataFrame
        ``item, section, name_fi, name_en, before, after, change`` sorted by change
        (largest improvement first); :func:`for_display` keeps the page language's name.
    """
    b, a = fidelity_score(before).items, fidelity_score(after).items
    names = [c for c in b.columns if c.startswith("name_")]
    m = b[["item", "section", *names, "score"]].merge(a[["item", "score"]], on="item",
                                                      suffixes=("_before", "_after"))
    m = m.rename(columns={"score_before": "before", "score_after": "after"})
    m["change"] = m["after"] - m["before"]
    return m.sort_values(["change", "item"], ascending=[False, True], ignore_index=True)


def plot_fidelity(result: Fidelity, *, other: Fidelity | None = None, ax=None, lang: str = "fi",
                  labels=("", "")):
    """Radar chart of the 25 item scores (optionally a second assessment on top).

    Returns
    -------
    matplotlib Axes (polar)
    """
    import matplotlib.pyplot as plt

    from ..display.figures import styled

    styled()
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 7), subplot_kw={"projection": "polar"})
    angles = np.linspace(0, 2 * np.pi, 25, endpoint=False)
    closed = np.append(angles, angles[0])
    c1, c2 = colors(2)
    for res, colour, name in ((result, c1, labels[0]), (other, c2, labels[1])):
        if res is None:
            continue
        scores = res.items.sort_values("item")["score"].to_numpy()
        values = np.append(scores, scores[0])
        ax.plot(closed, values, color=colour, lw=2,
                label=f"{name} {res.total} ({band_name(res.band, lang)})".strip())
        ax.fill(closed, values, color=colour, alpha=0.2)
    ax.set_theta_offset(np.pi / 2)
    ax.set_theta_direction(-1)
    ax.set_xticks(angles, [str(i) for i in range(1, 26)])
    ax.set_ylim(0, 5)
    ax.set_yticks([1, 2, 3, 4, 5])
    ax.set_rlabel_position(360 / 25 * 1.5)
    spans = {"staffing": (0, 2), "organization": (3, 10), "services": (11, 24)}
    for s, (first, last) in spans.items():
        ax.text((angles[first] + angles[last]) / 2, 6.6, t(f"section.{s}", lang),
                ha="center", va="center", fontsize="small", fontweight="bold")
    ax.set_title(t("label.fidelity_title", lang), pad=30)
    ax.legend(loc="lower right", bbox_to_anchor=(1.15, -0.1))
    return ax
