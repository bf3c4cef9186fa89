"""Group comparison of code prevalence, e.g. institution coaches (K) vs peer coaches (V).

For each code: how many documents (respondents) of each group used it at least
once, the difference in shares, and Fisher's exact test on the 2 × 2 table
(``scipy.stats.fisher_exact``) with Holm's correction over all codes
(statsmodels ``multipletests``).  With 9 and 8 respondents (Pikkusaari 2012, ch. 2)
only large differences can show: treat p-values as a prompt for a closer
reading, not as findings.

>>> from coachkit.analyses.saturation import coach_segments
>>> segs = coach_segments().merge(load_dataset("coach_excerpts")[["respondent", "group"]]
...                                .drop_duplicates(), on="respondent")
>>> compare_groups(segs).columns.tolist()[:4]
['code', 'group_a', 'group_b', 'docs_a']
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import fisher_exact
from statsmodels.stats.multitest import multipletests

from ..checks import InputError, require_nonblank, where
from ..datasets import load_dataset  # noqa: F401  (used by the doctests)
from ..display.figures import colors, get_ax
from ..formats import read_table
from ..i18n import t

__all__ = ["compare_groups", "plot_prevalence"]


def compare_groups(data, *, group: str = "group", document: str = "respondent",
                   code: str = "code") -> pd.DataFrame:
    """Share of each group's documents that use each code, with an exact test.

    Parameters
    ----------
    data : DataFrame or path
        One row per coded segment with ``group``, ``document`` and ``code`` columns.

    Returns
    -------
    DataFrame
        ``code, group_a, group_b, docs_a, docs_b, n_a, n_b, share_a, share_b,
        difference, p_exact, p_holm`` where ``docs_*`` = documents of the group,
        ``n_*`` = documents using the code, ``difference`` = share_a − share_b.
    """
    df = read_table(data, required=(group, document, code))
    require_nonblank(df, (group, document, code))
    per_doc = df.groupby(document)[group].nunique()
    if (per_doc > 1).any():
        bad = per_doc[per_doc > 1].index[0]
        raise InputError(f"document '{bad}' belongs to more than one group", file=where(df),
                         column=group)
    groups = list(dict.fromkeys(df[group]))
    if len(groups) != 2:
        raise InputError(f"expected exactly two groups; found {len(groups)}: {', '.join(groups)}",
                         file=where(df), column=group)
    ga, gb = groups
    docs = df.drop_duplicates(document).groupby(group)[document].count()
    used = df.drop_duplicates([document, code]).groupby([code, group]).size().unstack(fill_value=0)
    used = used.reindex(columns=groups, fill_value=0)
    rows = []
    for c, r in used.iterrows():
        na, nb = int(r[ga]), int(r[gb])
        table = [[na, docs[ga] - na], [nb, docs[gb] - nb]]
        rows.append({"code": c, "group_a": ga, "group_b": gb, "docs_a": int(docs[ga]),
                     "docs_b": int(docs[gb]), "n_a": na, "n_b": nb,
                     "share_a": na / docs[ga], "share_b": nb / docs[gb],
                     "p_exact": float(fisher_exact(table)[1])})
    out = pd.DataFrame(rows)
    out["difference"] = out["share_a"] - out["share_b"]
    out["p_holm"] = multipletests(out["p_exact"], method="holm")[1]
    out = out.sort_values(["p_exact", "code"], ignore_index=True)
    return out[["code", "group_a", "group_b", "docs_a", "docs_b", "n_a", "n_b", "share_a",
                "share_b", "difference", "p_exact", "p_holm"]]


def plot_prevalence(table: pd.DataFrame, *, ax=None, lang: str = "fi", names: dict | None = None):
    """Dot plot: share of each group's documents using each code.

    Returns
    -------
    matplotlib Axes
    """
    shown = table.sort_values("difference")
    ylabels = [names.get(c, c) if names else c for c in shown["code"]]
    ax = get_ax(ax, figsize=(8, 0.35 * len(shown) + 1.5))
    y = np.arange(len(shown))
    ca, cb = colors(2)
    ax.hlines(y, shown["share_a"], shown["share_b"], color="lightgrey", lw=3)
    ax.plot(shown["share_a"], y, "o", color=ca, ms=9, label=str(shown["group_a"].iloc[0]))
    ax.plot(shown["share_b"], y, "s", color=cb, ms=9, label=str(shown["group_b"].iloc[0]))
    ax.set_yticks(y, ylabels)
    ax.set_xlim(-0.02, 1.02)
    ax.set_xlabel(t("label.prevalence", lang))
    ax.set_title(t("label.prevalence_title", lang))
    ax.legend(title=t("label.group", lang), loc="lower right")
    return ax
