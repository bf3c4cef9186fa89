"""Inter-coder agreement: do two people code the same excerpts the same way?

Input contract (long format, one row per segment and coder):
``segment_id, coder, code``.  Codes are free text, so any coding frame works.

Statistics, each with its own interval method (column ``ci_method``):

* **percent agreement** – share of segments where all coders gave the same code;
  Wilson 95 % interval (statsmodels ``proportion_confint``);
* **Cohen's κ** (two coders) – chance-corrected agreement, statsmodels
  ``cohens_kappa`` with its asymptotic 95 % interval; with more than two
  coders Fleiss' κ is reported instead (no interval);
* **Krippendorff's α** (nominal) – ``krippendorff.alpha``; 95 % percentile
  interval from resampling segments (bootstrap, seeded).

Interpretation: one verdict scale for κ and α in every table (so readers never see κ
"substantial" beside α "unreliable" for the same coding) — Krippendorff's (2004) cut-offs,
≥ .800 reliable, ≥ .667 tentative, below unreliable.  :func:`interpret_kappa` still gives
the Landis & Koch (1977) band for those who report it.

>>> result = agreement(load_dataset("coach_coding"))
>>> result.overall["metric"].tolist()
['percent_agreement', 'cohen_kappa', 'krippendorff_alpha']
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from itertools import combinations

import krippendorff
import numpy as np
import pandas as pd
from statsmodels.stats.inter_rater import cohens_kappa, fleiss_kappa
from statsmodels.stats.proportion import proportion_confint

from ._labels import label
from ._plotting import SEQUENTIAL, get_ax
from ._validation import (
    InputError,
    check_argument,
    check_number,
    read_table,
    require_nonblank,
    require_unique,
    where,
)
from .datasets import load_dataset  # noqa: F401  (used by the doctests)
from .formats import kind_of

CODING_REQUIRED = ("segment_id", "coder", "code")

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
    return label(f"band.{key}", lang, default=key)


def read_coding(data, *, name: str | None = None, sheet: str | None = None,
                codes: str = "frame") -> pd.DataFrame:
    """Validate a coding table (``segment_id, coder, code``; CSV, ``.xlsx`` or a DataFrame).

    A REFI-QDA project (``.qdpx``) gives its paragraph-unit coding table
    (:func:`project_coding`; ``codes`` as there).  Raises ``ValueError`` (one line:
    file, row, column) for a missing column, an empty cell, a segment coded twice by
    the same coder, fewer than two coders, or no segment coded by two coders.
    """
    if isinstance(data, str | os.PathLike) and kind_of(data) == "qdpx":
        data = project_coding(data, codes=codes, name=name)[0]
    df = read_table(data, required=CODING_REQUIRED, name=name, sheet=sheet)
    for col in CODING_REQUIRED:
        df[col] = df[col].astype(str).str.strip()
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


@dataclass
class Agreement:
    """Agreement between coders, overall and per code.

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
        Segments coded by at least two coders.
    """

    overall: pd.DataFrame
    by_code: pd.DataFrame
    confusion: pd.DataFrame
    disagreements: pd.DataFrame
    coders: list
    n_segments: int
    units: str = "segments"
    characters: pd.DataFrame | None = None
    notes: list = field(default_factory=list)

    def to_dict(self) -> dict:
        """JSON-ready summary (used by ``coachkit themes agreement --json``)."""
        def records(df):
            return [{k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()}
                    for r in df.to_dict(orient="records")]

        out = {"coders": self.coders, "n_segments": self.n_segments,
               "overall": records(self.overall), "by_code": records(self.by_code)}
        if self.characters is not None:
            out["units"] = self.units
            out["characters"] = records(self.characters)
        return out


def _pair_table(a: pd.Series, b: pd.Series, categories: list) -> np.ndarray:
    ct = pd.crosstab(pd.Categorical(a, categories=categories),
                     pd.Categorical(b, categories=categories), dropna=False)
    return ct.to_numpy()


def _kappa(table: np.ndarray):
    """Cohen's κ with statsmodels' asymptotic interval; NaN where undefined."""
    total = table.sum()
    expected = (table.sum(0) * table.sum(axis=1)).sum() / total**2 if total else 1.0
    if total == 0 or np.isclose(expected, 1.0):
        return np.nan, np.nan, np.nan
    # A coder who uses one code for everything gives a (numerically) negative variance;
    # the interval is then undefined, not an error.
    with np.errstate(invalid="ignore"):
        res = cohens_kappa(table)
        low, high = float(res.kappa_low), float(res.kappa_upp)
    return float(res.kappa), low, high


def _alpha(value_counts: np.ndarray) -> float:
    pairable = value_counts[value_counts.sum(axis=1) >= 2]
    if len(pairable) == 0 or (pairable.sum(0) > 0).sum() < 2:
        return np.nan
    return float(krippendorff.alpha(value_counts=pairable, level_of_measurement="nominal"))


def project_coding(path, *, codes: str = "frame", name: str | None = None):
    """A REFI-QDA project as a coding table of paragraph units, plus its character spans.

    Returns ``(coding, spans, texts, notes)``: ``coding`` in the CSV contract
    (:func:`coachkit.unitising.paragraph_coding`), ``spans`` one row per
    selection × code (``source, coder, code, start, end``), ``texts`` source →
    plain text.  ``codes="frame"`` maps code names to the kit's ids (codes
    outside the frame are one error line); ``"own"`` keeps them as written.
    """
    from .codebook import Codebook, frame_codes
    from .formats.qdpx import read_project
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
    coders = list(dict.fromkeys(spans["coder"]))
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
        paragraphs of each text (:mod:`coachkit.unitising`) and the result also
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
    n_boot = check_number("n_boot", n_boot, low=10, integer=True)
    confidence = check_number("confidence", confidence, low=0.5, high=0.999)
    check_argument("codes", ["frame", "own"], codes)
    characters, notes = None, []
    if isinstance(data, str | os.PathLike) and kind_of(data) == "qdpx":
        from .unitising import character_agreement

        data, spans, texts, notes = project_coding(data, codes=codes)
        characters = character_agreement(spans, texts)
    df = read_coding(data, sheet=sheet)
    coders = list(dict.fromkeys(df["coder"]))
    wide = df.pivot(index="segment_id", columns="coder", values="code")[coders]
    wide = wide.loc[wide.notna().sum(axis=1) >= 2]
    categories = sorted(pd.unique(df["code"]))
    n = len(wide)
    alpha_level = 1 - confidence

    all_same = wide.apply(lambda r: r.dropna().nunique() == 1, axis=1)
    agree = int(all_same.sum())
    lo, hi = proportion_confint(agree, n, alpha=alpha_level, method="wilson")
    pa = agree / n
    rows = [{"metric": "percent_agreement", "estimate": pa, "ci_low": float(lo),
             "ci_high": float(hi), "ci_method": "wilson", "interpretation": ""}]

    if len(coders) == 2:
        both = wide.dropna()
        k, klo, khi = _kappa(_pair_table(both[coders[0]], both[coders[1]], categories))
        rows.append({"metric": "cohen_kappa", "estimate": k, "ci_low": klo, "ci_high": khi,
                     "ci_method": "asymptotic", "interpretation": interpret_alpha(k)})
    else:
        counts = np.stack([(wide == c).sum(axis=1).to_numpy() for c in categories], axis=1)
        complete = wide.notna().all(axis=1).to_numpy()
        k = float(fleiss_kappa(counts[complete])) if complete.any() else np.nan
        rows.append({"metric": "fleiss_kappa", "estimate": k, "ci_low": np.nan, "ci_high": np.nan,
                     "ci_method": "none", "interpretation": interpret_alpha(k)})

    vc = np.stack([(wide == c).sum(axis=1).to_numpy() for c in categories], axis=1)
    a = _alpha(vc)
    rng = np.random.default_rng(random_state)
    boots = np.array([_alpha(vc[rng.integers(0, n, n)]) for _ in range(n_boot)])
    boots = boots[~np.isnan(boots)]
    alo, ahi = (np.quantile(boots, [alpha_level / 2, 1 - alpha_level / 2]) if len(boots)
                else (np.nan, np.nan))
    rows.append({"metric": "krippendorff_alpha", "estimate": a, "ci_low": float(alo),
                 "ci_high": float(ahi), "ci_method": f"bootstrap ({n_boot} resamples)",
                 "interpretation": interpret_alpha(a)})
    overall = pd.DataFrame(rows)

    per_code = []
    for code in categories:
        flags = wide == code
        used = flags.any(axis=1)
        pos_pairs = tot_pairs = 0
        kappas = []
        for c1, c2 in combinations(coders, 2):
            both = wide[[c1, c2]].notna().all(axis=1)
            f1, f2 = flags.loc[both, c1], flags.loc[both, c2]
            pos_pairs += 2 * int((f1 & f2).sum())
            tot_pairs += int(f1.sum() + f2.sum())
            table = _pair_table(f1, f2, [False, True])
            kappas.append(_kappa(table)[0])
        k = float(np.nanmean(kappas)) if not np.all(np.isnan(kappas)) else np.nan
        per_code.append({"code": code, "n_segments": int(used.sum()),
                         "specific_agreement": pos_pairs / tot_pairs if tot_pairs else np.nan,
                         "kappa": k, "interpretation": interpret_alpha(k)})
    by_code = pd.DataFrame(per_code).sort_values(["kappa", "code"], na_position="last",
                                                 ignore_index=True)

    both = wide[coders[:2]].dropna()
    confusion = pd.DataFrame(_pair_table(both[coders[0]], both[coders[1]], categories),
                             index=pd.Index(categories, name=coders[0]),
                             columns=pd.Index(categories, name=coders[1]))
    disagreements = wide.loc[~all_same].reset_index()
    return Agreement(overall=overall, by_code=by_code, confusion=confusion,
                     disagreements=disagreements, coders=coders, n_segments=n,
                     units="segments" if characters is None else "paragraphs",
                     characters=characters, notes=notes)


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
                cbar_kws={"label": label("n_segments", lang)}, mask=conf.to_numpy() == 0,
                linewidths=0.5, linecolor="#dddddd")
    ax.set_xlabel(f"{label('coder', lang)} {result.coders[1]}")
    ax.set_ylabel(f"{label('coder', lang)} {result.coders[0]}")
    ax.set_title(label("confusion_title", lang))
    return ax
