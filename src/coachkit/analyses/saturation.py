"""Saturation: when does reading more material stop producing new codes?

Two views, both on a table with one row per coded segment (``document, code``):

* :func:`saturation_curve` – cumulative number of distinct codes as documents
  are added, over many random orders (a band), with the order as collected;
* :func:`saturation_point` – the rule of Guest, Namey & Chen (2020, *PLoS ONE*
  15(5)): a **base** of the first *b* documents defines how much there is to
  know (its distinct codes); a **run** of the next *r* documents is checked for
  codes never seen before; when ``new codes in run / base codes ≤ threshold``
  the material is saturated.  Runs slide forward one document at a time.  The
  kit reports the saturation point as the number of documents read *before*
  the first run that meets the threshold (the run only confirms it).

>>> segs = coach_segments()
>>> saturation_point(segs, base=4, run=2, threshold=0.05)["saturated"]
True
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..checks import InputError, check_number, require_nonblank
from ..display.figures import colors, get_ax
from ..formats import read_table
from ..i18n import t
from .results import Result

__all__ = ["coach_segments", "incidence", "saturation_curve", "saturation_point", "saturation_points",
           "saturation_result", "plot_saturation"]

#: the rule :func:`saturation_point` follows, as the command line names it
RULE_SOURCE = "Guest, Namey & Chen 2020"


def coach_segments() -> pd.DataFrame:
    """Coder A's codes of the shipped coach excerpts, with each excerpt's respondent.

    The example material of the saturation and group analyses (doctests, exercises).
    """
    from ..datasets import load_dataset

    coding = load_dataset("coach_coding").query("coder == 'A'")
    return coding.merge(load_dataset("coach_excerpts"), on="segment_id")[["respondent", "code"]]


def incidence(data, *, document: str = "respondent", code: str = "code") -> pd.DataFrame:
    """Document × code table of presence (True/False), documents in first-seen order."""
    df = read_table(data, required=(document, code))
    require_nonblank(df, (document, code))
    docs = list(dict.fromkeys(df[document].astype(str)))
    codes = sorted(pd.unique(df[code].astype(str)))
    tab = pd.crosstab(pd.Categorical(df[document].astype(str), categories=docs),
                      pd.Categorical(df[code].astype(str), categories=codes), dropna=False) > 0
    tab.index.name, tab.columns.name = document, code
    return tab


def saturation_curve(data, *, document: str = "respondent", code: str = "code",
                     n_orders: int = 500, band: float = 0.9,
                     random_state: int | None = 0) -> pd.DataFrame:
    """Distinct codes after 1, 2, … documents, over random reading orders.

    Parameters
    ----------
    data : DataFrame or path
        One row per coded segment.
    document, code : str
        Column names.
    n_orders : int
        Random permutations of the documents.
    band : float
        Central share of orders shown as the band (0.9 → 5th–95th percentile).
    random_state : int, optional

    Returns
    -------
    DataFrame
        ``n_documents, mean, low, high, observed`` (observed = order as collected).

    Examples
    --------
    >>> curve = saturation_curve(coach_segments(), n_orders=100)
    >>> int(curve["observed"].iloc[-1]) == int(curve["high"].iloc[-1])
    True
    """
    n_orders = check_number("n_orders", n_orders, low=1, integer=True)
    band = check_number("band", band, low=0.5, high=0.99)
    inc = incidence(data, document=document, code=code).to_numpy()
    rng = np.random.default_rng(random_state)
    perms = np.argsort(rng.random((n_orders, inc.shape[0])), axis=1)
    cum = np.logical_or.accumulate(inc[perms], axis=1).sum(axis=2)
    observed = np.logical_or.accumulate(inc, axis=0).sum(axis=1)
    q = (1 - band) / 2
    return pd.DataFrame({
        "n_documents": np.arange(1, inc.shape[0] + 1),
        "mean": cum.mean(axis=0),
        "low": np.quantile(cum, q, axis=0),
        "high": np.quantile(cum, 1 - q, axis=0),
        "observed": observed,
    })


def _point(inc: np.ndarray, base: int, run: int, threshold: float):
    seen = inc[:base].any(axis=0)
    base_codes = int(seen.sum())
    rows = []
    for start in range(base, inc.shape[0] - run + 1):
        before = inc[:start].any(axis=0)
        new = int((inc[start:start + run].any(axis=0) & ~before).sum())
        ratio = new / base_codes if base_codes else np.inf
        rows.append((start, new, ratio))
        if ratio <= threshold:
            return base_codes, rows, start
    return base_codes, rows, None


def saturation_point(data, *, document: str = "respondent", code: str = "code", base: int = 4,
                     run: int = 2, threshold: float = 0.05, order=None) -> dict:
    """Guest, Namey & Chen (2020) saturation assessment for one reading order.

    Parameters
    ----------
    base : int
        Documents in the base.
    run : int
        Documents per run.
    threshold : float
        New-information threshold (0.05 = at most 5 % new codes relative to the base).
    order : list, optional
        Document ids in reading order (default: as they appear in the data); numbers
        and text name the same ids (``3`` is document ``"3"``), each at most once.

    Returns
    -------
    dict
        ``saturated`` (bool), ``n_documents`` (saturation point or None),
        ``base_codes``, ``total_codes`` and ``runs`` — a DataFrame
        ``run_start, run_end, new_codes, new_share``.
    """
    base = check_number("base", base, low=1, integer=True)
    run = check_number("run", run, low=1, integer=True)
    threshold = check_number("threshold", threshold, low=0, high=1)
    inc_df = incidence(data, document=document, code=code)
    if order is not None:
        # ids are compared as text, as the data are read: 3 and "3" are one document
        order = [str(d) for d in order]
        missing = [d for d in order if d not in inc_df.index]
        if missing:
            raise ValueError(f"order names unknown document(s): {', '.join(missing[:5])}")
        twice = list(dict.fromkeys(d for d in order if order.count(d) > 1))
        if twice:
            raise ValueError(f"order lists document(s) more than once: {', '.join(twice[:5])}; "
                             "each document is read once")
        inc_df = inc_df.loc[order]
    if base + run > len(inc_df):
        raise InputError(f"base ({base}) + run ({run}) needs more documents than the "
                         f"{len(inc_df)} in the data", column=document)
    base_codes, rows, point = _point(inc_df.to_numpy(), base, run, threshold)
    runs = pd.DataFrame(rows, columns=["run_start", "new_codes", "new_share"])
    runs.insert(1, "run_end", runs["run_start"] + run)
    runs["run_start"] += 1
    return {"saturated": point is not None, "n_documents": point, "base_codes": base_codes,
            "total_codes": int(inc_df.any(axis=0).sum()), "runs": runs}


def saturation_result(corpus: pd.DataFrame, *, base: int = 4, run: int = 2,
                      threshold: float = 0.05, n_orders: int = 500, random_state: int | None = 0,
                      include_excluded: bool = False) -> Result:
    """Saturation of a corpus over its sources: the point and the curve as one
    :class:`~coachkit.analyses.results.Result` (``coachkit themes saturation``).

    Parameters
    ----------
    corpus : DataFrame
        Output of :func:`coachkit.analyses.themes.read_corpus`; its sources are the documents,
        in file order.  Sources flagged ``excluded`` are left out unless ``include_excluded``.
    base, run, threshold : see :func:`saturation_point`
    n_orders, random_state : see :func:`saturation_curve`

    Returns
    -------
    Result
        ``table``: the runs (``run_start, run_end, new_codes, new_share``, under ``runs`` in
        :meth:`~coachkit.analyses.results.Result.to_dict`); ``tables["curve"]``: the curve;
        facts ``documents`` (coded sources), ``uncoded_documents`` (a project's sources nobody
        coded: counted, not read), ``total_codes, base, run, threshold, saturated,
        n_documents, base_codes``.

    Examples
    --------
    >>> from coachkit.analyses.themes import read_corpus
    >>> from coachkit.datasets import load_dataset
    >>> r = saturation_result(read_corpus(load_dataset("source_corpus")), n_orders=20)
    >>> r.facts["documents"], r.facts["saturated"], list(r.to_dict())[-2:]
    (6, True, ['runs', 'curve'])
    """
    base = check_number("base", base, low=1, integer=True)
    run = check_number("run", run, low=1, integer=True)
    if not include_excluded:
        corpus = corpus.loc[~corpus["excluded"]]
    segs = corpus[["source", "code"]]
    documents = segs["source"].nunique()
    # a project's sources nobody coded bring no codes: they are counted and said, not ordered
    coded = set(segs["source"])
    uncoded = [s for s, ex in corpus.attrs.get("sources", {}).items()
               if (include_excluded or not ex) and s not in coded]
    also = f" ({len(uncoded)} more have no codings and are left out)" if uncoded else ""
    if base + run > documents:
        raise InputError(f"base ({base}) + run ({run}) needs more documents (sources) "
                         f"than the {documents} coded in the file{also}; lower --base or --run",
                         file=corpus.attrs.get("file"), column="source")
    point = saturation_point(segs, document="source", code="code", base=base, run=run,
                             threshold=threshold)
    curve = saturation_curve(segs, document="source", code="code", n_orders=n_orders,
                             random_state=random_state)
    facts = {"documents": int(documents), "uncoded_documents": len(uncoded),
             "total_codes": point["total_codes"], "base": base, "run": run,
             "threshold": threshold, "saturated": point["saturated"],
             "n_documents": point["n_documents"], "base_codes": point["base_codes"]}
    return Result(point["runs"], facts=facts, tables={"curve": curve}, table_name="runs")


def saturation_points(data, *, document: str = "respondent", code: str = "code", base: int = 4,
                      run: int = 2, threshold: float = 0.05, n_orders: int = 500,
                      random_state: int | None = 0) -> pd.DataFrame:
    """Saturation point over many random reading orders (how stable is it?).

    Returns
    -------
    DataFrame
        ``order, n_documents`` (NaN where the threshold was never met).
    """
    n_orders = check_number("n_orders", n_orders, low=1, integer=True)
    inc = incidence(data, document=document, code=code).to_numpy()
    if base + run > inc.shape[0]:
        raise InputError(f"base ({base}) + run ({run}) needs more documents than the "
                         f"{inc.shape[0]} in the data", column=document)
    rng = np.random.default_rng(random_state)
    points = []
    for _ in range(n_orders):
        perm = rng.permutation(inc.shape[0])
        p = _point(inc[perm], base, run, threshold)[2]
        points.append(np.nan if p is None else p)
    return pd.DataFrame({"order": np.arange(1, n_orders + 1), "n_documents": points})


def plot_saturation(curve: pd.DataFrame, *, ax=None, lang: str = "fi", point: int | None = None):
    """Band of random orders, their mean and the observed order.

    Parameters
    ----------
    curve : DataFrame
        Output of :func:`saturation_curve`.
    point : int, optional
        Saturation point to mark with a vertical line.

    Returns
    -------
    matplotlib Axes
    """
    ax = get_ax(ax)
    c_band, c_obs = colors(2)
    x = curve["n_documents"]
    ax.fill_between(x, curve["low"], curve["high"], color=c_band, alpha=0.25, label=t("label.band", lang))
    ax.plot(x, curve["mean"], color=c_band, lw=2, label=t("label.mean", lang))
    ax.plot(x, curve["observed"], color=c_obs, lw=2, ls="--", marker="o", label=t("label.observed", lang))
    if point is not None:
        ax.axvline(point, color="grey", lw=1.5, ls=":")
    ax.set_xlabel(t("label.documents", lang))
    ax.set_ylabel(t("label.distinct_codes", lang))
    ax.set_title(t("label.saturation_title", lang))
    ax.legend(loc="lower right")
    return ax
