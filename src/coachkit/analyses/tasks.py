"""Where a job coach's time goes: the visit-topic table of Pikkusaari 2012 (ch. 4.1).

The study prints, for one institution's job coach in 2011, 18 visit topics with
counts under the header *osallistujamäärä* (number of participants; the kit calls the
column ``visits``), men, women and immigrants, and a total row.  The
printed total row (728 / 400 / 328 / 169) does **not** equal the sum of the 18
rows (880 / 477 / 403 / 169), although every row's men + women equals its
total.  The kit keeps both and reports the mismatch instead of silently picking
one; the source does not say which is wrong.  Which topics count as
*employment-related* (job search, employer work, workplaces) is explicit data: the
``employment_related`` column with a one-line ``reason`` per row.

Table CSV contract (``coachkit tasks summary --table FILE``): required ``topic``,
``visits`` (whole numbers ≥ 0) and ``employment_related`` (true/false);
optional ``men``, ``women``, ``immigrants`` (whole numbers ≥ 0), ``area``,
``reason``, and ``row_type`` — ``topic`` for ordinary rows, ``printed_total``
for at most one total row copied from a publication (left out of every sum).

>>> s = task_summary(read_task_table(load_dataset("visit_topics")))
>>> s["rows_total"], s["printed_total"], s["mismatch"]
(880, 728, True)
>>> round(s["share_of_visits"], 3), s["employment_related_topics"]
(0.151, 3)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..checks import (
    InputError,
    parse_bool_column,
    parse_number_column,
    raise_at_first,
    require_in,
    require_nonblank,
    require_unique,
    strip_cells,
    where,
)
from ..datasets import load_dataset  # noqa: F401  (used by the doctests)
from ..display.figures import colors, get_ax
from ..formats import read_table
from ..i18n import format_number, format_percent, t
from .results import Result

__all__ = ["read_task_table", "task_summary", "tasks_result", "summary_lines", "column_totals",
           "topic_shares", "independence_tests", "plot_topics"]

COUNT_COLUMNS = ("visits", "men", "women", "immigrants")
REQUIRED = ("topic", "visits", "employment_related")


def read_task_table(data, *, name: str | None = None) -> pd.DataFrame:
    """Validate a visit-topic table (see the module docstring for the contract).

    Returns
    -------
    DataFrame
        ``row_type, topic, visits, [men, women, immigrants], employment_related,
        area, reason`` with integer counts; the printed total row (if any) last.
    """
    df = read_table(data, required=REQUIRED, name=name)
    if "row_type" not in df.columns:
        df["row_type"] = "topic"
    df["row_type"] = strip_cells(df["row_type"].astype(str)).replace("", "topic")
    require_in(df, "row_type", ["topic", "printed_total"], "row_type",
               expected="topic or printed_total")
    df["topic"] = strip_cells(df["topic"].astype(str))
    require_nonblank(df, ["topic"])
    if (df["row_type"] == "printed_total").sum() > 1:
        pos = int(np.flatnonzero(df["row_type"] == "printed_total")[1])
        raise InputError("a second printed_total row; at most one is allowed", file=where(df),
                         row=pos + 2, column="row_type")
    require_unique(df, ["topic"], "topic")
    out = pd.DataFrame({"row_type": df["row_type"], "topic": df["topic"]})
    present = [c for c in COUNT_COLUMNS if c in df.columns]
    for col in present:
        out[col] = parse_number_column(df, col, low=0, integer=True).astype(int)
    is_topic = df["row_type"] == "topic"
    if not is_topic.any():
        raise InputError("no topic rows; expected at least one row with row_type 'topic'",
                         file=where(df), column="row_type")
    flags = df["employment_related"].where(is_topic, "false")
    out["employment_related"] = parse_bool_column(df.assign(employment_related=flags),
                                                  "employment_related").where(is_topic, False)
    for col in ("area", "reason"):
        out[col] = df[col].astype(str) if col in df.columns else ""
    if "immigrants" in present:
        raise_at_first(df, out["immigrants"] > out["visits"], "immigrants",
                       "immigrants exceeds visits; expected a subset of the visits")
    out = pd.concat([out[is_topic], out[~is_topic]], ignore_index=True)
    out.attrs["file"] = where(df)
    return out


def _topics(table):
    return table.loc[table["row_type"] == "topic"]


def _printed(table):
    rows = table.loc[table["row_type"] == "printed_total"]
    return None if rows.empty else rows.iloc[0]


def column_totals(table: pd.DataFrame) -> pd.DataFrame:
    """Each count column summed over the rows, beside the printed total.

    Returns
    -------
    DataFrame
        ``column, rows_total, printed_total, difference, mismatch``
        (printed values are NaN when the table has no printed total row).

    Examples
    --------
    >>> column_totals(read_task_table(load_dataset("visit_topics")))[["column", "difference"]]
           column  difference
    0      visits       152.0
    1         men        77.0
    2       women        75.0
    3  immigrants         0.0
    """
    topics, printed = _topics(table), _printed(table)
    rows = []
    for col in [c for c in COUNT_COLUMNS if c in table.columns]:
        total = int(topics[col].sum())
        p = float(printed[col]) if printed is not None else np.nan
        rows.append({"column": col, "rows_total": total, "printed_total": p,
                     "difference": total - p, "mismatch": bool(p == p and total != p)})
    return pd.DataFrame(rows)


def task_summary(table: pd.DataFrame) -> dict:
    """The study's "under 20 %" reading, computed both ways, and the totals check.

    Returns
    -------
    dict
        ``topics``, ``rows_total``, ``printed_total`` (None if absent), ``mismatch``,
        ``employment_related_topics``, ``share_of_topics`` (employment-related topics
        / topics), ``share_of_visits`` (their visits / rows total),
        ``share_of_visits_printed`` (their visits / printed total, None if absent),
        ``employment_related_visits``, ``row_checks`` (rows whose men + women ≠ visits).
    """
    topics, printed = _topics(table), _printed(table)
    emp = topics["employment_related"].astype(bool)
    rows_total = int(topics["visits"].sum())
    emp_visits = int(topics.loc[emp, "visits"].sum())
    printed_total = int(printed["visits"]) if printed is not None else None
    checks = []
    if {"men", "women"} <= set(table.columns):
        bad = topics.loc[topics["men"] + topics["women"] != topics["visits"], "topic"]
        checks = bad.tolist()
    return {
        "topics": int(len(topics)),
        "rows_total": rows_total,
        "printed_total": printed_total,
        "mismatch": bool(column_totals(table)["mismatch"].any()),
        "employment_related_topics": int(emp.sum()),
        "employment_related_visits": emp_visits,
        "share_of_topics": float(emp.mean()),
        "share_of_visits": emp_visits / rows_total if rows_total else None,
        "share_of_visits_printed": (emp_visits / printed_total if printed_total else None),
        "row_checks": checks,
    }


def tasks_result(table: pd.DataFrame) -> Result:
    """:func:`task_summary` as a :class:`~coachkit.analyses.results.Result` (``coachkit tasks
    summary``): the summary's values are the facts (all of :meth:`~coachkit.analyses.results.
    Result.to_dict`), the table is the totals check of :func:`column_totals`.

    >>> r = tasks_result(read_task_table(load_dataset("visit_topics")))
    >>> r.facts["topics"], r.to_dict() == task_summary(read_task_table(load_dataset("visit_topics")))
    (18, True)
    """
    return Result(column_totals(table), facts=task_summary(table), table_name=None)


def summary_lines(summary: dict, lang: str = "fi") -> list[str]:
    """The "under 20 %" reading of :func:`task_summary` as lines to print (decimal comma).

    >>> summary_lines({"employment_related_topics": 3, "topics": 18, "share_of_topics": 3 / 18,
    ...                "employment_related_visits": 133, "rows_total": 880,
    ...                "share_of_visits": 133 / 880, "share_of_visits_printed": 133 / 728})
    ['Aiheista 3/18 = 16,7\xa0%', 'Käynneistä 133/880 = 15,1\xa0%', '… ja painetusta summasta 18,3\xa0%']
    """
    def pct(x):
        return format_percent(x, lang, 1)

    lines = [f"{t('label.of_topics', lang)} {summary['employment_related_topics']}/{summary['topics']} = "
             f"{pct(summary['share_of_topics'])}",
             f"{t('label.of_visits', lang)} {format_number(summary['employment_related_visits'], lang)}/"
             f"{format_number(summary['rows_total'], lang)} = {pct(summary['share_of_visits'])}"]
    if summary.get("share_of_visits_printed") is not None:
        lines.append(f"{t('label.of_printed_total', lang)} {pct(summary['share_of_visits_printed'])}")
    return lines


def topic_shares(table: pd.DataFrame) -> pd.DataFrame:
    """Per topic: share of all visits (under both totals), women's and immigrants' shares.

    Returns
    -------
    DataFrame
        ``topic, visits, share_rows_total, share_printed_total, women_share,
        immigrant_share, employment_related`` sorted by visits (largest first);
        columns that need a missing count column are NaN.
    """
    topics, printed = _topics(table).copy(), _printed(table)
    total = topics["visits"].sum()
    topics["share_rows_total"] = topics["visits"] / total if total else np.nan
    topics["share_printed_total"] = (topics["visits"] / printed["visits"]
                                     if printed is not None and printed["visits"] else np.nan)
    safe = topics["visits"].where(topics["visits"] > 0)
    topics["women_share"] = topics["women"] / safe if "women" in topics else np.nan
    topics["immigrant_share"] = topics["immigrants"] / safe if "immigrants" in topics else np.nan
    cols = ["topic", "visits", "share_rows_total", "share_printed_total", "women_share",
            "immigrant_share", "employment_related"]
    return topics[cols].sort_values("visits", ascending=False, ignore_index=True)


def independence_tests(table: pd.DataFrame) -> pd.DataFrame:
    """Chi-square tests of topic × gender and topic × immigrant background (statsmodels).

    Caveats (the ``caveat`` column holds the id ``counts_may_repeat``): the source does not
    say whether one student can be counted more than once (on several rows or many times on
    one); if so, observations are not independent and p-values are too small; sparse topics
    give expected counts below 5; the immigrant column overlaps the gender columns.

    Returns
    -------
    DataFrame
        ``test, statistic, df, p_value, min_expected, cells_expected_below_5, caveat``.
    """
    topics = _topics(table)
    tests = []
    if {"men", "women"} <= set(topics.columns):
        tests.append(("gender", topics[["men", "women"]].to_numpy()))
    if "immigrants" in topics.columns:
        tests.append(("immigrant", np.column_stack([topics["immigrants"],
                                                    topics["visits"] - topics["immigrants"]])))
    from statsmodels.stats.contingency_tables import Table  # heavy; only this function needs it

    rows = []
    for name, counts in tests:
        counts = counts[counts.sum(axis=1) > 0]
        counts = counts[:, counts.sum(axis=0) > 0]
        if counts.shape[0] < 2 or counts.shape[1] < 2:
            continue
        t = Table(counts)
        res = t.test_nominal_association()
        expected = t.fittedvalues
        rows.append({"test": name, "statistic": float(res.statistic), "df": int(res.df),
                     "p_value": float(res.pvalue), "min_expected": float(expected.min()),
                     "cells_expected_below_5": int((expected < 5).sum()),
                     "caveat": "counts_may_repeat"})
    return pd.DataFrame(rows, columns=["test", "statistic", "df", "p_value", "min_expected",
                                       "cells_expected_below_5", "caveat"])


def plot_topics(table: pd.DataFrame, *, ax=None, lang: str = "fi"):
    """Horizontal bars of visits per topic; employment-related topics highlighted.

    Returns
    -------
    matplotlib Axes
    """
    shown = topic_shares(table).iloc[::-1]
    ax = get_ax(ax, figsize=(9, 0.35 * len(shown) + 1.5))
    other, emp = colors(2)
    ax.barh(shown["topic"], shown["visits"], color=[emp if e else other for e in shown["employment_related"]])
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=emp, label=t("label.employment_related", lang)),
                       Patch(color=other, label=t("label.other_topics", lang))], loc="lower right")
    ax.set_xlabel(t("label.visits", lang))
    ax.set_title(t("label.topics_title", lang))
    return ax
