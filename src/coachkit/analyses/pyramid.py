"""The value pyramid (*arvopyramidi*) of Pikkusaari 2012, ch. 5.1, made measurable.

Value in job coaching forms on three levels, and coach work aims at all three:

* **I – quality of delivery** (*laadukas työn toteuttaminen*): methods that make the goal
  reachable, e.g. active employer cooperation, coaching on the open labour market;
* **II – results in the process** (*tuloksellisuus*): motivation, encouragement, pace and
  direction, creative solutions;
* **III – impact / service goal** (*vaikuttavuus*): knowing what value the support produced,
  a goal worth pursuing, continuity of support after the service.

The study's claim: the more levels a service meets, the more likely the client finds it
useful; employment counts or satisfaction alone hide value.  The study gives no data to test
the claim; the kit's
synthetic survey shows *how* to test the claim, not that it is true.

Survey CSV contract (``coachkit pyramid summary SURVEY.csv``): ``client_id`` (unique),
``useful`` (whole number 1–5) and Likert items named by level prefix — ``I_…``, ``II_…``,
``III_…`` (whole numbers 1–5; each level needs at least one item).  Optional: ``provider``,
``profile``, ``hours``, ``employed`` and ``employed_6m`` (0/1).

Rules (all documented, all parameters):

* **missing answers** – a blank single answer is allowed.  A level score is the mean of the
  answered items of that level when at least half of them are answered (``min_answered``);
  otherwise the score is missing and the client is left out of analyses that need it;
* **met** – a level is met when its score ≥ ``threshold`` (default 4.0); ``levels_met`` 0–3;
* **useful** – ``useful ≥ useful_cut`` (default 4) counts as a useful experience.

>>> survey = read_survey(load_dataset("feedback_survey"))
>>> table = useful_by_levels_met(survey)
>>> table["levels_met"].tolist()
[0, 1, 2, 3]
>>> bool(table["useful_share"].is_monotonic_increasing)
True
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import statsmodels.api as sm
from statsmodels.stats.proportion import proportion_confint

from ..checks import (
    InputError,
    check_number,
    parse_number_column,
    require_nonblank,
    require_unique,
    strip_cells,
    where,
)
from ..datasets import load_dataset
from ..display.figures import colors, get_ax, percent_formatter
from ..formats import read_table
from ..i18n import check_lang, format_percent, t
from .results import Result

__all__ = ["LEVELS", "read_survey", "level_items", "level_scores", "cronbach_alpha", "reliability",
           "item_level_correlations", "levels_met", "useful_by_levels_met", "useful_models",
           "single_level_models", "employment_view", "provider_table", "pyramid_result",
           "pyramid_summary", "plot_pyramid", "plot_likert", "plot_useful_by_levels"]

LEVELS = ("I", "II", "III")
OPTIONAL_BINARY = ("employed", "employed_6m")


def level_items(columns) -> dict:
    """Item columns per level, by prefix (``I_``, ``II_``, ``III_``).

    >>> level_items(["client_id", "I_a", "II_b", "III_c", "III_d"])
    {'I': ['I_a'], 'II': ['II_b'], 'III': ['III_c', 'III_d']}
    """
    return {lvl: [c for c in columns if str(c).startswith(f"{lvl}_")] for lvl in LEVELS}


def read_survey(data, *, name: str | None = None) -> pd.DataFrame:
    """Validate a feedback survey and return it with numeric columns.

    Raises
    ------
    ValueError
        One line (file, row, column): missing ``client_id``/``useful``, duplicate client id,
        blank or out-of-range ``useful``, a Likert answer outside 1–5 or not a number, a level
        with no items, an empty file, a bad 0/1 column.
    """
    df = read_table(data, required=("client_id", "useful"), name=name)
    items = level_items(df.columns)
    for lvl, cols in items.items():
        if not cols:
            raise InputError(f"level {lvl} has no items; expected columns named {lvl}_… "
                             "(e.g. I_methods, II_motivation, III_benefit)", file=where(df), row=1)
    df["client_id"] = strip_cells(df["client_id"].astype(str))
    require_nonblank(df, ["client_id"])
    require_unique(df, ["client_id"], "client_id")
    out = pd.DataFrame({"client_id": df["client_id"]})
    for col in ("provider", "profile"):
        if col in df.columns:
            out[col] = strip_cells(df[col].astype(str))
    if "hours" in df.columns:
        out["hours"] = parse_number_column(df, "hours", low=0, allow_blank=True)
    for col in OPTIONAL_BINARY:
        if col in df.columns:
            out[col] = parse_number_column(df, col, low=0, high=1, integer=True, allow_blank=True)
    out["useful"] = parse_number_column(df, "useful", low=1, high=5, integer=True).astype(int)
    for lvl in LEVELS:
        for col in items[lvl]:
            out[col] = parse_number_column(df, col, low=1, high=5, integer=True, allow_blank=True)
    out.attrs["file"] = where(df)
    return out


def level_scores(survey: pd.DataFrame, *, min_answered: float = 0.5) -> pd.DataFrame:
    """Mean of each level's answered items per client (missing if too few answered).

    Returns
    -------
    DataFrame
        ``client_id, I, II, III``.
    """
    min_answered = check_number("min_answered", min_answered, low=0, high=1)
    out = pd.DataFrame({"client_id": survey["client_id"]})
    for lvl, cols in level_items(survey.columns).items():
        block = survey[cols]
        enough = block.notna().mean(axis=1) >= max(min_answered, 1e-9)
        out[lvl] = block.mean(axis=1).where(enough)
    return out


def cronbach_alpha(items: pd.DataFrame) -> float:
    """Cronbach's α of a block of items (complete rows only).

    .. math:: \\alpha = \\frac{k}{k-1}\\left(1 - \\frac{\\sum_i s_i^2}{s_T^2}\\right)

    Item variances 5/3, 4/3 and 8/3 (sum 17/3), total variance 15: α = 1.5 · (1 − 17/45) = 14/15.

    >>> round(cronbach_alpha(pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 4, 4],
    ...                                    "c": [1, 3, 3, 5]})), 4)
    0.9333
    """
    block = items.dropna()
    k = block.shape[1]
    if k < 2 or len(block) < 2:
        return float("nan")
    total_var = block.sum(axis=1).var(ddof=1)
    if total_var == 0:
        return float("nan")
    return float(round(k / (k - 1) * (1 - block.var(ddof=1).sum() / total_var), 12))


def reliability(survey: pd.DataFrame) -> pd.DataFrame:
    """Internal consistency per level.

    Returns
    -------
    DataFrame
        ``level, n_items, n_complete, alpha``.
    """
    rows = []
    for lvl, cols in level_items(survey.columns).items():
        rows.append({"level": lvl, "n_items": len(cols),
                     "n_complete": int(survey[cols].notna().all(axis=1).sum()),
                     "alpha": cronbach_alpha(survey[cols])})
    return pd.DataFrame(rows)


def item_level_correlations(survey: pd.DataFrame) -> pd.DataFrame:
    """Corrected item–level correlation: each item against the mean of the level's other items.

    Returns
    -------
    DataFrame
        ``item, level, r_corrected, n``.
    """
    rows = []
    for lvl, cols in level_items(survey.columns).items():
        for col in cols:
            others = [c for c in cols if c != col]
            rest = survey[others].mean(axis=1) if others else pd.Series(np.nan, index=survey.index)
            pair = pd.concat([survey[col], rest], axis=1).dropna()
            r = pair.iloc[:, 0].corr(pair.iloc[:, 1]) if len(pair) > 2 and others else np.nan
            rows.append({"item": col, "level": lvl, "r_corrected": float(r), "n": len(pair)})
    return pd.DataFrame(rows)


def levels_met(survey: pd.DataFrame, *, threshold: float = 4.0, min_answered: float = 0.5,
               useful_cut: int = 4) -> pd.DataFrame:
    """Per client: level scores, which levels are met, how many, and whether useful.

    Returns
    -------
    DataFrame
        ``client_id, I, II, III, met_I, met_II, met_III, levels_met, useful, is_useful``
        plus the optional columns of the survey (``provider``, ``profile``, ``hours``,
        ``employed``, ``employed_6m``).  ``levels_met`` is missing when a level score is.
    """
    threshold = check_number("threshold", threshold, low=1, high=5)
    useful_cut = check_number("useful_cut", useful_cut, low=1, high=5, integer=True)
    scores = level_scores(survey, min_answered=min_answered)
    out = scores.copy()
    complete = scores[list(LEVELS)].notna().all(axis=1)
    for lvl in LEVELS:
        out[f"met_{lvl}"] = (scores[lvl] >= threshold).astype(float).where(scores[lvl].notna())
    out["levels_met"] = out[[f"met_{lvl}" for lvl in LEVELS]].sum(axis=1).where(complete)
    out["useful"] = survey["useful"].to_numpy()
    out["is_useful"] = (survey["useful"] >= useful_cut).astype(int).to_numpy()
    for col in ("provider", "profile", "hours", *OPTIONAL_BINARY):
        if col in survey.columns:
            out[col] = survey[col].to_numpy()
    return out


def useful_by_levels_met(survey: pd.DataFrame, *, threshold: float = 4.0, useful_cut: int = 4,
                         confidence: float = 0.95) -> pd.DataFrame:
    """P(useful ≥ cut | levels met = k) for k = 0…3 with Wilson intervals (statsmodels).

    Returns
    -------
    DataFrame
        ``levels_met, n, useful_n, useful_share, ci_low, ci_high`` (k with no clients has
        n = 0 and missing share).
    """
    m = levels_met(survey, threshold=threshold, useful_cut=useful_cut).dropna(subset=["levels_met"])
    rows = []
    for k in range(4):
        sub = m.loc[m["levels_met"] == k, "is_useful"]
        n, x = len(sub), int(sub.sum())
        if n:
            lo, hi = proportion_confint(x, n, alpha=1 - confidence, method="wilson")
            rows.append({"levels_met": k, "n": n, "useful_n": x, "useful_share": x / n,
                         "ci_low": float(lo), "ci_high": float(hi)})
        else:
            rows.append({"levels_met": k, "n": 0, "useful_n": 0, "useful_share": np.nan,
                         "ci_low": np.nan, "ci_high": np.nan})
    return pd.DataFrame(rows)


def _logit(y, X):
    import warnings

    from statsmodels.tools.sm_exceptions import ConvergenceWarning, PerfectSeparationWarning

    X = sm.add_constant(X.astype(float), has_constant="add")
    if len(np.unique(y)) < 2:
        raise ValueError("every client has the same usefulness outcome; a logistic model "
                         "needs both useful and not useful clients")
    if (X.nunique() < 2).iloc[1:].any():
        raise ValueError("a predictor has the same value for every client (e.g. nobody meets a "
                         "level); try another threshold")
    with warnings.catch_warnings():
        warnings.simplefilter("error", PerfectSeparationWarning)
        warnings.simplefilter("error", ConvergenceWarning)
        try:
            return sm.Logit(y.astype(float), X).fit(disp=0, maxiter=200)
        except (np.linalg.LinAlgError, PerfectSeparationWarning, ConvergenceWarning) as exc:
            raise ValueError(f"the logistic model could not be fitted ({type(exc).__name__}: "
                             "separation or too little variation); try another threshold") from None


def _or_rows(model_name, fit, terms):
    ci = np.exp(fit.conf_int())
    return [{"model": model_name, "term": t, "odds_ratio": float(np.exp(fit.params[t])),
             "ci_low": float(ci.loc[t, 0]), "ci_high": float(ci.loc[t, 1]),
             "p_value": float(fit.pvalues[t]), "n": int(fit.nobs)} for t in terms]


def useful_models(survey: pd.DataFrame, *, threshold: float = 4.0, useful_cut: int = 4) -> pd.DataFrame:
    """Logistic regressions of a useful experience on the number of levels met.

    Models: ``levels_met`` alone; ``levels_met + employed`` (when ``employed`` is present).

    Returns
    -------
    DataFrame
        ``model, term, odds_ratio, ci_low, ci_high, p_value, n`` (95 % Wald intervals).
    """
    m = levels_met(survey, threshold=threshold, useful_cut=useful_cut).dropna(subset=["levels_met"])
    rows = _or_rows("levels_met", _logit(m["is_useful"], m[["levels_met"]]), ["levels_met"])
    if "employed" in m.columns and m["employed"].notna().any():
        e = m.dropna(subset=["employed"])
        rows += _or_rows("levels_met + employed",
                         _logit(e["is_useful"], e[["levels_met", "employed"]]),
                         ["levels_met", "employed"])
    return pd.DataFrame(rows)


def single_level_models(survey: pd.DataFrame, *, threshold: float = 4.0,
                        useful_cut: int = 4) -> pd.DataFrame:
    """Each level's own model (useful ~ met_L), and all three together.

    Returns
    -------
    DataFrame
        ``model, term, odds_ratio, ci_low, ci_high, p_value, n, pseudo_r2`` — which single
        level goes with a useful experience most strongly.
    """
    m = levels_met(survey, threshold=threshold, useful_cut=useful_cut).dropna(subset=["levels_met"])
    rows = []
    for lvl in LEVELS:
        fit = _logit(m["is_useful"], m[[f"met_{lvl}"]])
        for r in _or_rows(f"only {lvl}", fit, [f"met_{lvl}"]):
            rows.append(r | {"pseudo_r2": float(fit.prsquared)})
    fit = _logit(m["is_useful"], m[[f"met_{lvl}" for lvl in LEVELS]])
    for r in _or_rows("all levels", fit, [f"met_{lvl}" for lvl in LEVELS]):
        rows.append(r | {"pseudo_r2": float(fit.prsquared)})
    return pd.DataFrame(rows)


def employment_view(survey: pd.DataFrame, *, threshold: float = 4.0, useful_cut: int = 4) -> pd.DataFrame:
    """How much value do clients report with and without a job at exit?

    Returns
    -------
    DataFrame
        ``employed, n, useful_share, met_I_and_II_share, useful_share_if_I_and_II,
        mean_levels_met``.
    """
    if "employed" not in survey.columns:
        raise ValueError("the survey has no 'employed' column (0/1); the employment view needs it")
    m = levels_met(survey, threshold=threshold, useful_cut=useful_cut).dropna(
        subset=["levels_met", "employed"])
    rows = []
    for e in (0, 1):
        sub = m.loc[m["employed"] == e]
        both = sub.loc[(sub["met_I"] == 1) & (sub["met_II"] == 1)]
        rows.append({"employed": e, "n": len(sub),
                     "useful_share": sub["is_useful"].mean() if len(sub) else np.nan,
                     "met_I_and_II_share": len(both) / len(sub) if len(sub) else np.nan,
                     "useful_share_if_I_and_II": both["is_useful"].mean() if len(both) else np.nan,
                     "mean_levels_met": sub["levels_met"].mean() if len(sub) else np.nan})
    return pd.DataFrame(rows)


def provider_table(survey: pd.DataFrame, *, threshold: float = 4.0) -> pd.DataFrame:
    """Providers by employment and by the pyramid: do the two rankings agree?

    ``pyramid_index`` = mean share of the three levels met (0–1).  ``retention_6m`` = share of
    those employed at exit who are in work six months later.

    Returns
    -------
    DataFrame
        ``provider, n, employment_rate, retention_6m, pyramid_index, useful_share,
        rank_employment, rank_pyramid, rank_change`` (rank 1 = best).
    """
    if "provider" not in survey.columns or "employed" not in survey.columns:
        raise ValueError("the provider table needs 'provider' and 'employed' columns")
    m = levels_met(survey, threshold=threshold)
    g = m.groupby("provider", sort=False)
    t = pd.DataFrame({
        "n": g.size(),
        "employment_rate": g["employed"].mean(),
        "retention_6m": (g.apply(lambda d: d.loc[d["employed"] == 1, "employed_6m"].mean(),
                                 include_groups=False)
                         if "employed_6m" in m.columns else np.nan),
        "pyramid_index": g["levels_met"].mean() / 3,
        "useful_share": g["is_useful"].mean(),
    }).reset_index()
    t["rank_employment"] = t["employment_rate"].rank(ascending=False, method="min").astype(int)
    t["rank_pyramid"] = t["pyramid_index"].rank(ascending=False, method="min").astype(int)
    t["rank_change"] = t["rank_employment"] - t["rank_pyramid"]
    return t


def pyramid_result(survey: pd.DataFrame, *, threshold: float = 4.0) -> Result:
    """Levels met, usefulness by levels met and the odds ratio as one
    :class:`~coachkit.analyses.results.Result` (``coachkit pyramid summary``).

    Returns
    -------
    Result
        ``table``: ``level, met_share, alpha, n_items`` (under ``levels`` in
        :meth:`~coachkit.analyses.results.Result.to_dict`); ``tables["by_levels_met"]``:
        :func:`useful_by_levels_met`; facts ``threshold, n_clients, n_complete,
        odds_ratio_per_level`` (useful ~ levels met), ``odds_ratio_ci`` and, when the data
        cannot support the model, ``odds_ratio_note`` (the per-level values are then None).
    """
    m = levels_met(survey, threshold=threshold)
    rel = reliability(survey).set_index("level")
    levels = pd.DataFrame({"level": list(LEVELS),
                           "met_share": [float(m[f"met_{lvl}"].mean()) for lvl in LEVELS],
                           "alpha": [rel.loc[lvl, "alpha"] for lvl in LEVELS],
                           "n_items": [int(rel.loc[lvl, "n_items"]) for lvl in LEVELS]})
    by = useful_by_levels_met(survey, threshold=threshold)
    facts = {"threshold": threshold, "n_clients": len(survey),
             "n_complete": int(m["levels_met"].notna().sum())}
    try:
        odds = useful_models(survey, threshold=threshold).iloc[0]
    except ValueError as exc:  # the data cannot support a model: say so, keep the rest
        facts |= {"odds_ratio_per_level": None, "odds_ratio_ci": [None, None],
                  "odds_ratio_note": str(exc)}
    else:
        facts |= {"odds_ratio_per_level": float(odds["odds_ratio"]),
                  "odds_ratio_ci": [float(odds["ci_low"]), float(odds["ci_high"])]}
    return Result(levels, facts=facts, tables={"by_levels_met": by}, table_name="levels")


def pyramid_summary(survey: pd.DataFrame, *, threshold: float = 4.0) -> dict:
    """The JSON summary of ``coachkit pyramid summary``: :func:`pyramid_result`'s
    :meth:`~coachkit.analyses.results.Result.to_dict` (an undefined α is None).

    Returns
    -------
    dict
        ``levels`` (level, met_share, alpha, n_items), ``by_levels_met``,
        ``odds_ratio_per_level`` (useful ~ levels met), ``odds_ratio_ci``, ``n_clients``,
        ``n_complete``, ``threshold``.
    """
    return pyramid_result(survey, threshold=threshold).to_dict()


def plot_pyramid(survey: pd.DataFrame, *, threshold: float = 4.0, ax=None, lang: str = "fi"):
    """The pyramid: three stacked bands (I at the base), each with the share of clients meeting it.

    Returns
    -------
    matplotlib Axes
    """
    from matplotlib.patches import Polygon, Rectangle

    m = levels_met(survey, threshold=threshold)
    ax = get_ax(ax, figsize=(7, 5.5))
    palette = colors(3)
    for i, lvl in enumerate(LEVELS):
        y0, y1 = i, i + 1
        half0, half1 = 1.5 - 0.45 * i, 1.5 - 0.45 * (i + 1)
        share = float(m[f"met_{lvl}"].mean())
        band = Polygon([(-half0, y0), (half0, y0), (half1, y1), (-half1, y1)], closed=True,
                       facecolor=palette[i], alpha=0.3, edgecolor="white", lw=3)
        ax.add_patch(band)
        # The darker part covers the share of clients meeting the level, clipped to the band.
        fill = Rectangle((-half0, y0), 2 * half0 * share, 1, facecolor=palette[i], alpha=0.85)
        ax.add_patch(fill)
        fill.set_clip_path(band)
        name = t(f"level.{lvl}", lang)
        ax.text(0, i + 0.5, f"{lvl} {name}\n{format_percent(share, lang, 0)}", ha="center", va="center",
                fontsize="large", fontweight="bold", color="black")
    ax.set_xlim(-1.6, 1.6)
    ax.set_ylim(0, 3.05)
    ax.axis("off")
    title = t("label.pyramid_title", lang)
    ax.set_title(f"{title} (≥ {threshold:g})")
    return ax


def plot_likert(survey: pd.DataFrame, level: str, *, ax=None, lang: str = "fi"):
    """Diverging stacked bars of one level's items (1–2 left, 3 centred, 4–5 right).

    Returns
    -------
    matplotlib Axes
    """
    items = level_items(survey.columns)[level]
    catalogue = load_dataset("pyramid_items").set_index("item")
    text_col = f"text_{check_lang(lang)}"
    names = [catalogue[text_col].get(c, c) for c in items]
    shares = pd.DataFrame({v: (survey[items] == v).sum() / survey[items].notna().sum()
                           for v in range(1, 6)})
    ax = get_ax(ax, figsize=(10, 0.7 * len(items) + 1.5))
    import seaborn as sns

    palette = sns.color_palette("RdBu", 5)
    palette[2] = (0.8, 0.8, 0.8)  # the neutral middle must stay visible on white
    left = -(shares[1] + shares[2] + shares[3] / 2)
    y = np.arange(len(items))
    for v in range(1, 6):
        ax.barh(y, shares[v], left=left, color=palette[v - 1], label=str(v), edgecolor="white")
        left = left + shares[v]
    ax.axvline(0, color="grey", lw=1)
    import textwrap

    ax.set_yticks(y, ["\n".join(textwrap.wrap(n, 45)) for n in names])
    ax.invert_yaxis()
    ax.set_xlim(-1, 1)
    ax.xaxis.set_major_formatter(percent_formatter(lang, absolute=True))
    ax.set_title(f"{level} {t('level.' + level, lang)}")
    ax.legend(title=t("label.answer", lang), ncol=5, loc="upper center", bbox_to_anchor=(0.5, -0.12),
              frameon=False)
    return ax


def plot_useful_by_levels(table: pd.DataFrame, *, ax=None, lang: str = "fi"):
    """P(useful | levels met) with Wilson intervals and n under each point.

    Returns
    -------
    matplotlib Axes
    """
    ax = get_ax(ax)
    shown = table.dropna(subset=["useful_share"])
    c = colors(1)[0]
    ax.errorbar(shown["levels_met"], shown["useful_share"],
                yerr=[shown["useful_share"] - shown["ci_low"], shown["ci_high"] - shown["useful_share"]],
                fmt="o-", color=c, lw=2, ms=9, capsize=6)
    for r in shown.itertuples():
        ax.annotate(f"n = {r.n}", (r.levels_met, r.ci_low), textcoords="offset points",
                    xytext=(0, -16), ha="center", fontsize="small")
    ax.set_xticks(range(4))
    ax.set_ylim(-0.1, 1.05)
    ax.yaxis.set_major_formatter(percent_formatter(lang))
    ax.set_xlabel(t("label.levels_met", lang))
    ax.set_ylabel(t("label.useful_share", lang))
    ax.set_title(t("label.useful_title", lang))
    return ax
