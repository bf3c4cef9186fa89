"""Inter-coder agreement: do two people code the same excerpts the same way?

Input contract (long format, one row per segment and coder):
``segment_id, coder, code``.  Codes are free text, so any coding frame works.

Statistics, each with its own interval method (column ``ci_method``):

* **percent agreement** – share of segments where all coders gave the same code;
  Wilson 95 % interval (statsmodels ``proportion_confint``);
* **Cohen's κ** (two coders) – chance-corrected agreement, statsmodels
  ``cohens_kappa`` with its asymptotic interval at the chosen ``confidence`` (clipped to
  [-1, 1]); with more than two coders Fleiss' κ is reported instead (no interval; it uses only
  the units every coder coded, and a note says how many);
* **Krippendorff's α** (nominal) – from the coincidence counts in closed form
  (:func:`nominal_alpha`, equal to ``krippendorff.alpha``, which the tests check, but
  linear in the number of codes, so a project with 150 codes stays fast); 95 %
  percentile interval from resampling segments (bootstrap, seeded; resamples in which
  α is undefined are dropped and the method says how many were used: ``ci_method`` is
  ``bootstrap:1000`` or ``bootstrap_partial:180/200``, worded by the label catalogue).

With fewer than :data:`MIN_INTERVAL_UNITS` units the intervals of κ and α are left empty
(``ci_method`` ``too_few_units``) and a note says so, instead of a zero-width interval.

Interpretation: one verdict scale for κ and α in every table (so readers never see κ
"substantial" beside α "unreliable" for the same coding) — Krippendorff's (2004) cut-offs,
≥ .800 reliable, ≥ .667 tentative, below unreliable.  :func:`interpret_kappa` still gives
the Landis & Koch (1977) band for those who report it.

>>> result = agreement(load_dataset("coach_coding"))
>>> result.overall["metric"].tolist()
['percent_agreement', 'cohen_kappa', 'krippendorff_alpha']
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd
from statsmodels.stats.inter_rater import cohens_kappa, fleiss_kappa
from statsmodels.stats.proportion import proportion_confint

from ..checks import (
    InputError,
    check_argument,
    check_number,
    require_nonblank,
    require_unique,
    strip_cells,
    where,
)
from ..datasets import load_dataset  # noqa: F401  (used by the doctests)
from ..display.figures import SEQUENTIAL, get_ax
from ..formats import is_project, read_table
from ..i18n import t
from .results import Result, fact
from .unitising import UNCODED

CODING_REQUIRED = ("segment_id", "coder", "code")
#: Most bootstrap resamples a user may ask for: far more than a stable 95 % interval needs
#: (1 000 is the default), and still seconds for a large project.
MAX_BOOT = 100_000
#: Fewest units for an interval of κ or α (with fewer, the intervals are left empty and
#: ``ci_method`` says ``too_few_units``).
MIN_INTERVAL_UNITS = 3

KAPPA_BANDS = ((0.0, "poor"), (0.20, "slight"), (0.40, "fair"), (0.60, "moderate"),
               (0.80, "substantial"), (np.inf, "almost perfect"))
ALPHA_BANDS = ((0.667, "unreliable"), (0.800, "tentative"), (np.inf, "reliable"))


def interpret_kappa(value: float) -> str:
    """Landis & Koch (1977) band of a κ value.

    >>> interpret_kappa(0.72), interpret_kappa(0.15), interpret_kappa(-0.1)
    ('substantial', 'slight', 'poor')
    """
    if value != value:
        return "undefined"
    if value < 0:
        return "poor"
    for upper, name in KAPPA_BANDS[1:]:
        if value <= upper:
            return name
    return "almost perfect"


def interpret_alpha(value: float) -> str:
    """Krippendorff (2004) band of an α value.

    >>> interpret_alpha(0.85), interpret_alpha(0.7), interpret_alpha(0.5)
    ('reliable', 'tentative', 'unreliable')
    """
    if value != value:
        return "undefined"
    for upper, name in ALPHA_BANDS:
        if value < upper:
            return name
    return "reliable"


def band_label(key: str, lang: str = "fi") -> str:
    """Display name of an interpretation band (``lang="fi"`` or ``"en"``)."""
    return t(f"band.{key}", lang, default=key)


def read_coding(data, *, name: str | None = None, sheet: str | None = None,
                codes: str = "frame") -> pd.DataFrame:
    """Validate a coding table (``segment_id, coder, code``; CSV, ``.xlsx`` or a DataFrame).

    A REFI-QDA project (``.qdpx``) gives its paragraph-unit coding table
    (:func:`project_coding`; ``codes`` as there).  Raises ``ValueError`` (one line:
    file, row, column) for a missing column, an empty cell, a segment coded twice by
    the same coder, fewer than two coders, or no segment coded by two coders.
    """
    if is_project(data):  # the registry decides what the file holds (formats.READERS)
        data = project_coding(data, codes=codes, name=name)[0]
    df = read_table(data, required=CODING_REQUIRED, name=name, sheet=sheet)
    for col in CODING_REQUIRED:
        df[col] = strip_cells(df[col].astype(str))  # NFC: macOS writes ä decomposed
    require_nonblank(df, CODING_REQUIRED)
    require_unique(df, ["segment_id", "coder"], "segment_id and coder")
    coders = list(dict.fromkeys(df["coder"]))
    if len(coders) < 2:
        raise InputError(f"only one coder ('{coders[0]}'); agreement needs at least two",
                         file=where(df), column="coder")
    per_unit = df.groupby("segment_id")["coder"].nunique()
    if (per_unit < 2).all():
        raise InputError("no segment was coded by two coders; nothing to compare",
                         file=where(df), column="segment_id")
    out = df[list(CODING_REQUIRED)].copy()
    out.attrs["file"] = where(df)
    return out


@dataclass(kw_only=True, eq=False)
class Agreement(Result):
    """Agreement between coders, overall and per code (a :class:`~coachkit.analyses.results.Result`:
    ``table`` is ``overall``, ``tables`` holds ``by_code`` and, for a project, ``characters``).

    Attributes
    ----------
    overall : DataFrame
        ``metric, estimate, ci_low, ci_high, ci_method, interpretation``.
    by_code : DataFrame
        ``code, n_segments, specific_agreement, kappa, interpretation`` —
        each code against all others (binary), ``n_segments`` = segments where
        at least one coder used it.
    confusion : DataFrame
        Counts, rows = first coder's code, columns = second coder's code.
    disagreements : DataFrame
        Segments the coders coded differently (wide: one column per coder).
    coders : list
    n_segments : int
        Units compared: coded by at least two coders (for a project, the paragraphs
        anyone coded; a coder who did not code one counts as ``(uncoded)``).
    n_coded : int
        Units that at least two coders gave a code (``(uncoded)`` is not a code).
    units : str
        ``segments``, or ``paragraphs`` for a project.
    characters : DataFrame or None
        A project's character-level agreement (:func:`~coachkit.analyses.unitising.character_agreement`).

    :meth:`to_dict` (``coachkit themes agreement --json``) holds ``coders, n_segments, n_coded,
    overall, by_code`` and, for a project, ``units`` and ``characters``.
    """

    confusion: pd.DataFrame
    disagreements: pd.DataFrame
    table_name: str | None = "overall"

    @property
    def overall(self) -> pd.DataFrame:
        return self.table

    @property
    def by_code(self) -> pd.DataFrame:
        return self.tables["by_code"]

    @property
    def characters(self) -> pd.DataFrame | None:
        return self.tables.get("characters")

    coders = fact("coders")
    n_segments = fact("n_segments")
    n_coded = fact("n_coded")

    @property
    def units(self) -> str:
        return self.facts.get("units", "segments")


def _pair_table(a, b, categories: list) -> np.ndarray:
    """Counts of (code of a, code of b) over the categories (rows a, columns b)."""
    k = len(categories)
    ia = pd.Categorical(a, categories=categories).codes.astype(np.int64)
    ib = pd.Categorical(b, categories=categories).codes.astype(np.int64)
    ok = (ia >= 0) & (ib >= 0)
    return np.bincount(ia[ok] * k + ib[ok], minlength=k * k).reshape(k, k)


def _kappa(table: np.ndarray, confidence: float = 0.95):
    """Cohen's κ with its asymptotic ``confidence`` interval (clipped to [-1, 1]); NaN where undefined.

    κ and its standard error from statsmodels ``cohens_kappa``; the interval is
    κ ± z · SE with z the normal quantile of the two-sided level.

    >>> [round(v, 3) for v in _kappa(np.array([[20, 5], [10, 15]]), 0.90)]
    [0.4, 0.191, 0.609]
    """
    from scipy.stats import norm

    total = table.sum()
    expected = (table.sum(0) * table.sum(axis=1)).sum() / total**2 if total else 1.0
    if total == 0 or np.isclose(expected, 1.0):
        return np.nan, np.nan, np.nan
    # A coder who uses one code for everything gives a (numerically) negative variance;
    # the interval is then undefined, not an error.
    with np.errstate(invalid="ignore"):
        res = cohens_kappa(table)
        half = float(norm.isf((1 - confidence) / 2) * res.std_kappa)
    # the normal approximation can reach past the range κ can take
    return float(res.kappa), max(float(res.kappa) - half, -1.0), min(float(res.kappa) + half, 1.0)


def _binary_kappas(table: np.ndarray) -> np.ndarray:
    """κ of each code against all others from one pair's table of codes (NaN where undefined).

    >>> _binary_kappas(np.array([[3, 1], [0, 4]])).round(3).tolist()
    [0.75, 0.75]
    """
    n = table.sum()
    both = np.diag(table).astype(float)
    rows, cols = table.sum(1).astype(float), table.sum(0).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        neither = n - rows - cols + both
        po = (both + neither) / n
        pe = (rows * cols + (n - rows) * (n - cols)) / n**2
        k = (po - pe) / (1 - pe)
    return np.where((n == 0) | np.isclose(pe, 1.0), np.nan, k)


def nominal_alpha(value_counts: np.ndarray) -> float:
    """Krippendorff's α for nominal data from a units × values table of counts.

    Closed form of the coincidence matrix: with m_u values in unit u, n_uc of them c,
    n_c = Σ_u n_uc and n = Σ_c n_c (pairable units, m_u ≥ 2 only),
    α = 1 − (n − 1) · Σ_u (m_u² − Σ_c n_uc²) / (m_u − 1) / (n² − Σ_c n_c²).
    NaN when fewer than two values occur (no disagreement is then possible).

    >>> round(nominal_alpha(np.array([[2, 0], [0, 2], [1, 1]])), 3)
    0.444
    """
    return float(_alpha_resampled(np.asarray(value_counts), np.ones((1, len(value_counts))))[0])


def _alpha_resampled(vc: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """α for each row of ``weights`` (how often each unit is drawn); NaN where undefined."""
    vc = vc.astype(float)
    m = vc.sum(1)
    pairable = m >= 2
    vc, m, weights = vc[pairable], m[pairable], weights[:, pairable]
    if len(vc) == 0:
        return np.full(len(weights), np.nan)
    observed = weights @ ((m**2 - (vc**2).sum(1)) / (m - 1))
    n_c = weights @ vc
    n = n_c.sum(1)
    expected = n**2 - (n_c**2).sum(1)
    with np.errstate(invalid="ignore", divide="ignore"):
        alpha = 1 - (n - 1) * observed / expected
    return np.where(((n_c > 0).sum(1) >= 2) & (expected > 0), alpha, np.nan)


def _bootstrap_alpha(vc: np.ndarray, n_boot: int, rng) -> np.ndarray:
    """α of ``n_boot`` resamples of the units (in chunks, so memory stays small)."""
    n = len(vc)
    chunk = max(1, 2_000_000 // max(n, 1))
    out = []
    for start in range(0, n_boot, chunk):
        size = min(chunk, n_boot - start)
        draws = rng.integers(0, n, (size, n)) + (np.arange(size) * n)[:, None]
        weights = np.bincount(draws.ravel(), minlength=size * n).reshape(size, n).astype(float)
        out.append(_alpha_resampled(vc, weights))
    return np.concatenate(out)


def project_coding(path, *, codes: str = "frame", name: str | None = None):
    """A REFI-QDA project as a coding table of paragraph units, plus its character spans.

    Returns ``(coding, spans, texts, notes)``: ``coding`` in the CSV contract
    (:func:`coachkit.analyses.unitising.paragraph_coding`), ``spans`` one row per
    selection × code (``source, coder, code, start, end``), ``texts`` source →
    plain text.  ``codes="frame"`` maps code names to the kit's ids (codes
    outside the frame are one error line); ``"own"`` keeps them as written.
    """
    from ..formats.qdpx import read_project
    from ..reference.codebook import Codebook, frame_codes
    from .unitising import paragraph_coding

    check_argument("codes", ["frame", "own"], codes)
    project = read_project(path, name=name)
    spans = project.codings[["source", "coder", "code", "start", "end"]].copy()
    spans.attrs["file"] = project.file
    if spans.empty:
        raise InputError("the project has no codings of text selections", file=project.file)
    if codes == "frame":
        spans["code"] = frame_codes(spans, Codebook.load())
    texts = dict(zip(project.sources["name"], project.sources["text"], strict=True))
    notes = list(project.notes)
    coded = set(spans["source"])
    no_text = [s for s in coded if not texts.get(s)]
    if no_text:
        notes.append(f"{project.file}: {len(no_text)} coded source(s) have no text, so no "
                     "paragraph units; they count only in the character-level comparison")
    coding = paragraph_coding(spans, texts)
    coders = pd.unique(spans["coder"].to_numpy(object)).tolist()
    if len(coders) < 2 and not project.records_coders:
        raise InputError(f"this file does not record who coded: every coding of a code carries "
                         f"one user ('{coders[0]}') and one time, as NVivo for Windows exports "
                         "the code's creator; agreement needs each coder's codings (export "
                         "each coder's project, or from NVivo for Mac)", file=project.file)
    if len(coders) < 2:
        raise InputError(f"only one coder ('{coders[0]}') has codings; agreement needs at least "
                         "two", file=project.file)
    if coding.empty:
        raise InputError("no paragraph of any text was coded (the archive holds no texts for the "
                         "coded sources); paragraph units need the texts in Sources/",
                         file=project.file)
    coding.attrs["file"] = project.file
    return coding, spans, texts, notes


def agreement(data, *, n_boot: int = 1000, random_state: int | None = 0,
              confidence: float = 0.95, sheet: str | None = None,
              codes: str = "frame") -> Agreement:
    """Agreement between coders, overall and per code.

    Parameters
    ----------
    data : path, file object or DataFrame
        Long coding table ``segment_id, coder, code`` (CSV or ``.xlsx``; codes are
        free text), or a REFI-QDA project (``.qdpx``): its units are the
        paragraphs of each text (:mod:`coachkit.analyses.unitising`) and the result also
        holds the character-level comparison (``characters``).
    sheet : str, optional
        Sheet of an ``.xlsx`` workbook.
    codes : {"frame", "own"}
        For a ``.qdpx``: map code names to the kit's frame, or keep them as
        written.  A coding table's codes are free text either way.
    n_boot : int
        Bootstrap resamples for Krippendorff's α interval.
    random_state : int, optional
        Seed of the bootstrap.
    confidence : float
        Interval level.

    Returns
    -------
    Agreement

    Examples
    --------
    >>> res = agreement(load_dataset("coach_coding"), n_boot=200)
    >>> res.coders, res.n_segments
    (['A', 'B'], 100)
    >>> bool(0.4 < res.overall.set_index("metric").loc["cohen_kappa", "estimate"] < 0.9)
    True
    """
    n_boot = check_number("n_boot", n_boot, low=10, high=MAX_BOOT, integer=True)
    confidence = check_number("confidence", confidence, low=0.5, high=0.999)
    check_argument("codes", ["frame", "own"], codes)
    characters, notes = None, []
    if is_project(data):  # the registry decides what the file holds (formats.READERS)
        from .unitising import character_agreement

        data, spans, texts, notes = project_coding(data, codes=codes)
        characters = character_agreement(spans, texts)
    df = read_coding(data, sheet=sheet)
    coders = pd.unique(df["coder"].to_numpy(object)).tolist()
    wide = df.pivot(index="segment_id", columns="coder", values="code")[coders]
    wide = wide.loc[wide.notna().sum(axis=1) >= 2]
    categories = sorted(pd.unique(df["code"]))
    n = len(wide)
    alpha_level = 1 - confidence
    # codes as numbers: units × coders, -1 where a coder did not code the unit
    ids = np.stack([pd.Categorical(wide[c], categories=categories).codes for c in coders],
                   axis=1).astype(np.int64)
    given = ids >= 0
    rows_of = np.repeat(np.arange(n), len(coders)).reshape(n, len(coders))
    # units × codes: how many coders gave it
    vc = np.bincount(rows_of[given] * len(categories) + ids[given],
                     minlength=n * len(categories)).reshape(n, len(categories))
    real = given & (ids != (categories.index(UNCODED) if UNCODED in categories else -2))
    n_coded = int((real.sum(axis=1) >= 2).sum())

    all_same = pd.Series((vc > 0).sum(axis=1) == 1, index=wide.index)
    agree = int(all_same.sum())
    lo, hi = proportion_confint(agree, n, alpha=alpha_level, method="wilson")
    pa = agree / n
    rows = [{"metric": "percent_agreement", "estimate": pa, "ci_low": float(lo),
             "ci_high": float(hi), "ci_method": "wilson", "interpretation": ""}]

    if len(coders) == 2:
        both = wide.dropna()
        k, klo, khi = _kappa(_pair_table(both[coders[0]], both[coders[1]], categories), confidence)
        rows.append({"metric": "cohen_kappa", "estimate": k, "ci_low": klo, "ci_high": khi,
                     "ci_method": "asymptotic", "interpretation": interpret_alpha(k)})
    else:
        complete = given.all(axis=1)
        counts = vc[complete]
        shares = counts.sum(0) / counts.sum() if complete.any() else np.ones(1)
        # every coder used one and the same code: chance agreement is 1 and κ undefined
        k = (float(fleiss_kappa(counts)) if complete.any() and not np.isclose((shares**2).sum(), 1)
             else np.nan)
        if not complete.all():
            notes.append(f"Fleiss' κ uses the {int(complete.sum())} of {n} units that every coder "
                         "coded (it needs as many codes in each unit); Krippendorff's α uses all "
                         f"{n}")
        rows.append({"metric": "fleiss_kappa", "estimate": k, "ci_low": np.nan, "ci_high": np.nan,
                     "ci_method": "none", "interpretation": interpret_alpha(k)})

    a = nominal_alpha(vc)
    boots = _bootstrap_alpha(vc, n_boot, np.random.default_rng(random_state))
    boots = boots[~np.isnan(boots)]
    alo, ahi = (np.quantile(boots, [alpha_level / 2, 1 - alpha_level / 2]) if len(boots)
                else (np.nan, np.nan))
    # a stable key plus the counts; the label catalogue words it (VALUES["ci_method"])
    method = (f"bootstrap:{len(boots)}" if len(boots) == n_boot else
              f"bootstrap_partial:{len(boots)}/{n_boot}")
    rows.append({"metric": "krippendorff_alpha", "estimate": a, "ci_low": float(alo),
                 "ci_high": float(ahi), "ci_method": method,
                 "interpretation": interpret_alpha(a)})
    overall = pd.DataFrame(rows)
    # the level travels with the table (not into --json): its headers say "90 %:n väli" at 0.9
    overall.attrs["confidence"] = confidence
    if n < MIN_INTERVAL_UNITS:
        # resamples of one or two units and the asymptotic variance have nothing to vary over
        chance = overall["metric"] != "percent_agreement"
        overall.loc[chance, ["ci_low", "ci_high"]] = np.nan
        overall.loc[chance, "ci_method"] = f"too_few_units:{n}"
        notes.append(f"only {n} unit(s) compared: too few for an interval of κ or α (at least "
                     f"{MIN_INTERVAL_UNITS} are needed); their intervals are left empty")
    if characters is not None:
        whole = int(((characters["a_only"] == 0) & (characters["b_only"] == 0)
                     & (characters["neither"] == 0)).sum())
        if whole:
            notes.append(f"in {whole} source × code row(s) of the character-level comparison "
                         "both coders coded every character: κ is undefined there and is shown "
                         "as 1, as NVivo's coding comparison does")

    pos_pairs = np.zeros(len(categories))
    tot_pairs = np.zeros(len(categories))
    kappas = []
    for i, j in combinations(range(len(coders)), 2):
        ok = given[:, i] & given[:, j]
        k_ = len(categories)
        table = np.bincount(ids[ok, i] * k_ + ids[ok, j], minlength=k_ * k_).reshape(k_, k_)
        pos_pairs += 2 * np.diag(table)
        tot_pairs += table.sum(1) + table.sum(0)
        kappas.append(_binary_kappas(table))
    kappas = np.array(kappas)
    with np.errstate(invalid="ignore", divide="ignore"):
        per_code_kappa = np.where(np.isnan(kappas).all(0), np.nan,
                                  np.nansum(kappas, 0) / np.maximum((~np.isnan(kappas)).sum(0), 1))
        specific = np.where(tot_pairs > 0, pos_pairs / tot_pairs, np.nan)
    by_code = pd.DataFrame({"code": categories, "n_segments": (vc > 0).sum(0).astype(int),
                            "specific_agreement": specific, "kappa": per_code_kappa})
    by_code["interpretation"] = [interpret_alpha(k) for k in by_code["kappa"]]
    by_code = by_code.sort_values(["kappa", "code"], na_position="last", ignore_index=True)

    both = wide[coders[:2]].dropna()
    confusion = pd.DataFrame(_pair_table(both[coders[0]], both[coders[1]], categories),
                             index=pd.Index(categories, name=coders[0]),
                             columns=pd.Index(categories, name=coders[1]))
    disagreements = wide.loc[~all_same].reset_index()
    facts = {"coders": coders, "n_segments": n, "n_coded": n_coded}
    tables = {"by_code": by_code}
    if characters is not None:  # a project: paragraph units, and the characters compared too
        facts["units"] = "paragraphs"
        tables["characters"] = characters
    return Agreement(table=overall, facts=facts, notes=notes, tables=tables, confusion=confusion,
                     disagreements=disagreements)


def plot_confusion(result: Agreement, *, ax=None, lang: str = "fi", names: dict | None = None):
    """Heatmap of the first two coders' codes; the diagonal is agreement.

    Parameters
    ----------
    result : Agreement
    names : dict, optional
        code → display name.

    Returns
    -------
    matplotlib Axes
    """
    import seaborn as sns

    conf = result.confusion
    if names:
        conf = conf.rename(index=names, columns=names)
    ax = get_ax(ax, figsize=(0.45 * len(conf) + 4, 0.45 * len(conf) + 3))
    sns.heatmap(conf, annot=True, fmt="d", cmap=SEQUENTIAL, ax=ax, square=True,
                cbar_kws={"label": t("label.n_segments", lang)}, mask=conf.to_numpy() == 0,
                linewidths=0.5, linecolor="#dddddd")
    ax.set_xlabel(f"{t('label.coder', lang)} {result.coders[1]}")
    ax.set_ylabel(f"{t('label.coder', lang)} {result.coders[0]}")
    ax.set_title(t("label.confusion_title", lang))
    return ax
