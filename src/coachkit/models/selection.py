"""Student-selection scenarios for labour-market training (Pikkusaari 2012, ch. 4.3).

Three ways to select students, all aiming at employment:

* **A – tightened assessment** (*tehostaminen*, ``"tightened"``): admit the best
  assessment scores;
* **B – loosened assessment** (*väljentäminen*, ``"loosened"``): fill part of the places
  (default 30 %) with applicants below the usual cut, chosen by motivation;
* **C – no assessment** (*luopuminen*, ``"open"``): admit on motivation to work alone.

Every assumption is a named field of :class:`SelectionParams`; the numbers that come from the
study are cited there.  The model, per applicant:

.. code-block:: text

    profile          ~ Categorical(profile_shares)          # 7 client profiles (TE service design)
    disadvantaged    = profile in disadvantaged_profiles    # weak labour-market position
    readiness        ~ Normal(readiness_by_profile, 1)      # study readiness
    motivation       ~ Normal(0, 1)
    anxious          ~ Bernoulli(p_anxious[disadvantaged])  # does badly in assessments
    score            = readiness + w_motivation·motivation + Normal(0, score_noise)
                       − anxiety_penalty·anxious
    need (h)         = need_base + need_readiness·max(0, −readiness)
                       + need_disadvantaged·disadvantaged + need_anxious·anxious

Admission: ``share_motivation`` of the places goes, by interview motivation, to applicants not
admitted by score; the rest go to the best scores (A: 0, B: 0.3, C: 1).  ``min_score_quantile``
(custom strategies) keeps applicants below that quantile of scores out of the motivation path.

Coach capacity is ``coach_fte × hours_per_fte``; when the admitted group needs more hours than
that, every student gets the same fraction ``support = min(1, capacity / need)`` of the help
they need (support thins).  Without a coach, ``support = 0``.

.. code-block:: text

    P(complete) = logistic(c0 + c_r·readiness + c_m·motivation + c_support·support)
    P(employed | completed) = logistic(e0 + e_r·readiness + e_m·motivation
                                       − e_dis·disadvantaged + coach_effect·support
                                       + e_wbl·(wbl_share − 0.8) + labour_market)
    P(employed | not completed) = same with − noncompletion_penalty

Optional job club after training: completers without a job join with probability
``club_participation``; a participant finds a job with
``logistic(club_intercept + 0.5·readiness + 0.3·motivation + labour_market)``.

**Calibration** (:func:`calibrate`) fits three free intercepts on expected rates, with common
random numbers, so that under default parameters strategy A without a coach employs 25 % of the
admitted (Häme 2009; Pikkusaari 2012, ch. 4.1, footnote 13), strategy A with a coach 44 % (with a
job coach's support; Pikkusaari 2012, ch. 4.1), and 81 % of the job club's participants find a
job (81 % of 21 participants found one; Pikkusaari 2012, ch. 4.3).  Tying 25 % and 44 % to
strategy A is the kit's assumption: the study gives neither group's selection rule (claim
``assumption.targets_strategy_a`` in :mod:`coachkit.reference.sources`).  So is reading 81 % as the club's
effect: the study gives an outcome share, and in the model nobody in the club would have found
work without it (claim ``assumption.club_effect``).  The results live in
``data/calibration/selection.json``; the tests rerun the routine and compare.

>>> res = simulate(reps=100, seed=1)
>>> res.summary[["strategy", "coach"]].values.tolist()[:2]
[['tightened', False], ['tightened', True]]
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from ..analyses.results import Result, fact, records
from ..checks import check_argument, check_number
from ..datasets import data_dir
from ..display.figures import colors, get_ax, number_formatter, percent_formatter
from ..i18n import format_number, format_percent, t
from ..reference.sources import CLAIMS, cite, cite_note, claim_text

__all__ = ["SelectionParams", "Strategy", "STRATEGIES", "draw_applicants", "random_draws", "chunks",
           "simulate", "check_orderings",
           "SelectionResult", "calibrate", "write_calibration", "load_calibration", "calibration_table",
           "PARAM_SOURCES", "param_note", "params_table", "plot_employment_equity", "plot_coach_hours"]

CALIBRATION_FILE = ("calibration", "selection.json")
CALIBRATION_SEED = 20100401
CALIBRATION_REPS = 2000

#: Targets of the calibration: value, the claim it comes from, and the kit's assumption (if any)
#: that ties it to a strategy (ids of :data:`coachkit.reference.sources.CLAIMS`).
TARGETS = {
    "tightened_without_coach": (0.25, "target.hame_25", "assumption.targets_strategy_a"),
    "tightened_with_coach": (0.44, "target.institution_44", "assumption.targets_strategy_a"),
    "club_conversion": (0.81, "target.club_81", "assumption.club_effect"),
}


def _target_note(claim: str, assumption: str | None) -> str:
    """A target's source in Finnish, with the kit's assumption where one is made."""
    note = claim_text(claim)
    return f"{note}. {CLAIMS[assumption].fi}." if assumption else note


@dataclass(frozen=True)
class Strategy:
    """A selection rule.

    Parameters
    ----------
    name : str
    share_motivation : float
        Share of places (0–1) given by interview motivation to applicants not admitted by score.
    min_score_quantile : float
        Applicants below this quantile of the assessment scores cannot take a motivation place
        (0 = no minimum).
    """

    name: str
    share_motivation: float
    min_score_quantile: float = 0.0

    def __post_init__(self):
        check_number("share_motivation", self.share_motivation, low=0, high=1)
        check_number("min_score_quantile", self.min_score_quantile, low=0, high=1)


STRATEGIES = {
    "tightened": Strategy("tightened", 0.0),
    "loosened": Strategy("loosened", 0.3),
    "open": Strategy("open", 1.0),
}


@dataclass(frozen=True)
class SelectionParams:
    """Every assumption of the selection model (defaults = the kit's teaching scenario).

    Numbers from the study: ``wbl_share`` 0.8 (80 % of study at workplaces in the project's two
    work-based training forms, Pikkusaari 2012, ch. 4.3); the calibration targets (see
    :data:`TARGETS`).  The client profiles come from the TE service-design report, ch. 3.
    Everything else is an explicit, adjustable assumption.
    """

    applicants: int = 300
    places: int = 100
    #: shares of the 7 client profiles (TE service design, ch. 3) among applicants (assumption)
    profile_shares: tuple = (0.08, 0.12, 0.14, 0.16, 0.16, 0.20, 0.14)
    #: profiles (0-based, in the report's order) with a weak labour-market position
    disadvantaged_profiles: tuple = (3, 4, 5, 6)
    readiness_by_profile: tuple = (0.8, 0.5, 0.4, -0.5, -0.3, -0.6, -0.5)
    p_anxious: tuple = (0.15, 0.35)  # (others, disadvantaged)
    w_motivation: float = 0.6
    score_noise: float = 0.6
    anxiety_penalty: float = 1.0
    interview_noise: float = 0.3
    need_base: float = 8.0
    need_readiness: float = 12.0
    need_disadvantaged: float = 6.0
    need_anxious: float = 4.0
    coach_fte: float = 1.0
    hours_per_fte: float = 1600.0  # client hours per full-time coach per training year
    completion_intercept: float = 1.0
    completion_readiness: float = 0.8
    completion_motivation: float = 0.5
    completion_support: float = 0.8
    employment_readiness: float = 0.4  # readiness matters less for a job than for completing
    employment_motivation: float = 0.4
    employment_disadvantaged: float = 0.5
    noncompletion_penalty: float = 1.5
    wbl_share: float = 0.8
    wbl_effect: float = 1.0
    labour_market: float = 0.0
    club_participation: float = 0.35
    #: calibrated (see :func:`calibrate`); the defaults here are placeholders that
    #: :meth:`calibrated` replaces with the values in data/calibration/selection.json
    employment_intercept: float = 0.0
    coach_effect: float = 0.0
    club_intercept: float = 0.0

    def __post_init__(self):
        check_number("applicants", self.applicants, low=1, high=MAX_APPLICANTS, integer=True)
        check_number("places", self.places, low=1, integer=True)
        if self.places > self.applicants:
            raise ValueError(f"places ({self.places}) cannot exceed applicants ({self.applicants})")
        check_number("coach_fte", self.coach_fte, low=0)
        check_number("hours_per_fte", self.hours_per_fte, low=0)
        for name in ("wbl_share", "club_participation"):
            check_number(name, getattr(self, name), low=0, high=1)
        for p in self.p_anxious:
            check_number("p_anxious", p, low=0, high=1)
        shares = np.asarray(self.profile_shares, dtype=float)
        if len(shares) != len(self.readiness_by_profile) or np.any(shares < 0) or shares.sum() <= 0:
            raise ValueError("profile_shares must be non-negative, one per profile, not all zero")

    @classmethod
    def calibrated(cls, **changes) -> SelectionParams:
        """Parameters (defaults, or with ``changes``) plus the calibrated intercepts.

        The intercepts were fitted under the default parameters; changing other
        parameters then shows what those changes do *relative to* the calibrated baseline.
        """
        return replace(cls(**changes), **load_calibration()["parameters"])

    def with_(self, **changes) -> SelectionParams:
        """A copy with some fields changed (validated)."""
        return replace(self, **changes)


def _logistic(x):
    """1 / (1 + exp(−x)), computed in place on a temporary (x is not changed)."""
    out = np.negative(x)
    np.exp(out, out=out)
    out += 1
    np.reciprocal(out, out=out)
    return out


#: Floating-point type of the simulation: single precision halves the memory traffic, and
#: its 7 significant digits are far finer than any Monte Carlo error here.
FLOAT = np.float32


def random_draws(params: SelectionParams, reps: int, rng, *, job_club: bool = True) -> dict:
    """Every random number the model uses, and nothing else (the benchmark's limit)."""
    shape = (reps, params.applicants)
    draws = {"u_profile": rng.random(shape, dtype=FLOAT),
             "z_readiness": rng.standard_normal(shape, dtype=FLOAT),
             "motivation": rng.standard_normal(shape, dtype=FLOAT),
             "u_anxious": rng.random(shape, dtype=FLOAT),
             "z_score": rng.standard_normal(shape, dtype=FLOAT),
             "z_interview": rng.standard_normal(shape, dtype=FLOAT),
             "u_complete": rng.random(shape, dtype=FLOAT),
             "u_employ": rng.random(shape, dtype=FLOAT)}
    if job_club:
        draws["u_join"] = rng.random(shape, dtype=FLOAT)
        draws["u_club"] = rng.random(shape, dtype=FLOAT)
    return draws


def draw_applicants(params: SelectionParams, reps: int, rng, *, job_club: bool = True) -> dict:
    """Draw ``reps`` applicant pools at once; arrays of shape ``(reps, applicants)``.

    Keys: ``profile`` (0–6), ``disadvantaged``, ``readiness``, ``motivation``, ``anxious``,
    ``score``, ``interview``, ``need`` and the uniforms ``u_complete``, ``u_employ``
    (and ``u_join``, ``u_club`` with ``job_club``) that decide outcomes.
    """
    d = random_draws(params, reps, rng, job_club=job_club)
    shares = np.asarray(params.profile_shares, dtype=float)
    cumulative = np.cumsum(shares / shares.sum()).astype(FLOAT)
    u = d.pop("u_profile")
    profile = np.zeros(u.shape, dtype=np.int8)
    for edge in cumulative[:-1]:  # 6 comparisons beat a binary search for 7 categories
        profile += u >= edge
    dis_table = np.isin(np.arange(len(shares)), params.disadvantaged_profiles)
    disadvantaged = dis_table[profile]
    readiness = d.pop("z_readiness")
    readiness += np.asarray(params.readiness_by_profile, dtype=FLOAT)[profile]
    motivation = d["motivation"]
    p_anx = np.asarray(params.p_anxious, dtype=FLOAT)[disadvantaged.view(np.int8)]
    anxious = d.pop("u_anxious") < p_anx
    score = d.pop("z_score")
    score *= params.score_noise
    score += readiness
    score += params.w_motivation * motivation
    score -= params.anxiety_penalty * anxious
    interview = d.pop("z_interview")
    interview *= params.interview_noise
    interview += motivation
    need = np.maximum(-readiness, 0)
    need *= params.need_readiness
    need += params.need_base
    need += np.asarray([0, params.need_disadvantaged], dtype=FLOAT)[disadvantaged.view(np.int8)]
    need += np.asarray([0, params.need_anxious], dtype=FLOAT)[anxious.view(np.int8)]
    return {"profile": profile, "disadvantaged": disadvantaged, "readiness": readiness,
            "anxious": anxious, "score": score, "interview": interview, "need": need, **d}


def _top_k(values, k):
    """Column indices of the k largest values in each row, shape ``(reps, k)``."""
    reps, n = values.shape
    if k <= 0:
        return np.empty((reps, 0), dtype=np.intp)
    if k >= n:
        return np.broadcast_to(np.arange(n), (reps, n)).copy()
    return np.argpartition(values, n - k, axis=1)[:, n - k:]


def admit(pool: dict, strategy: Strategy, places: int) -> np.ndarray:
    """Indices of the admitted applicants, shape ``(reps, admitted)``.

    The best ``places − round(share_motivation · places)`` scores are admitted first; the
    remaining places go to the highest interview motivation among the others (only those at or
    above ``min_score_quantile`` of the scores, if set).
    """
    n_motivation = int(round(strategy.share_motivation * places))
    by_score = _top_k(pool["score"], places - n_motivation)
    if n_motivation == 0:
        return by_score
    interview = pool["interview"].copy()
    np.put_along_axis(interview, by_score, -np.inf, axis=1)
    if strategy.min_score_quantile > 0:
        cut = np.quantile(pool["score"], strategy.min_score_quantile, axis=1, keepdims=True)
        interview[pool["score"] < cut] = -np.inf
    eligible = int(np.isfinite(interview).sum(axis=1).min())
    by_motivation = _top_k(interview, min(n_motivation, eligible))
    return np.concatenate([by_score, by_motivation], axis=1)


#: Pool arrays the outcome model needs for the admitted group.
OUTCOME_KEYS = ("readiness", "motivation", "disadvantaged", "need", "u_complete", "u_employ",
                "u_join", "u_club")


def _gather(pool: dict, idx: np.ndarray) -> dict:
    """The pool's outcome arrays restricted to the admitted applicants (one flat index)."""
    reps, n = pool["score"].shape
    flat = (idx + (np.arange(reps, dtype=np.intp) * n)[:, None]).ravel()
    return {k: pool[k].ravel()[flat].reshape(idx.shape) for k in OUTCOME_KEYS if k in pool}


def _support(group, params: SelectionParams, coach: bool):
    """Coach support fraction per replication, hours needed and hours available."""
    capacity = params.coach_fte * params.hours_per_fte if coach else 0.0
    need = group["need"].sum(axis=1, dtype=np.float64)
    support = np.minimum(1.0, capacity / np.maximum(need, 1e-9)) if coach else np.zeros_like(need)
    return support, need, capacity


def _predictors(group, params: SelectionParams, *, club: bool = True) -> dict:
    """Linear predictors of the admitted group without the coach term (``_gather`` output)."""
    r, m = group["readiness"], group["motivation"]
    completion = params.completion_readiness * r
    completion += params.completion_motivation * m
    completion += params.completion_intercept
    employment = params.employment_readiness * r
    employment += params.employment_motivation * m
    employment -= params.employment_disadvantaged * group["disadvantaged"]
    employment += (params.employment_intercept + params.wbl_effect * (params.wbl_share - 0.8)
                   + params.labour_market)
    out = {"completion": completion, "employment": employment}
    if club:
        out["club"] = _logistic(params.club_intercept + 0.5 * r + 0.3 * m + params.labour_market)
    return out


def _probabilities(group, params: SelectionParams, coach: bool, *, club: bool = True):
    """Completion, employment (if completed / not) and club probabilities; for calibration."""
    lin = _predictors(group, params, club=club)
    support, need, capacity = _support(group, params, coach)
    s = support[:, None].astype(FLOAT)
    p_complete = _logistic(lin["completion"] + params.completion_support * s)
    base = lin["employment"] + params.coach_effect * s
    return (p_complete, _logistic(base), _logistic(base - params.noncompletion_penalty),
            lin.get("club"), support, need, capacity)


@dataclass(kw_only=True, eq=False)
class SelectionResult(Result):
    """Outcome of :func:`simulate` (a :class:`~coachkit.analyses.results.Result`: ``table`` is
    ``summary``, the facts are ``reps`` and ``job_club``).

    Attributes
    ----------
    summary : DataFrame
        One row per strategy × coach: ``strategy, coach, admitted, disadvantaged_admitted_share,
        selection_rate_ratio, four_fifths_ok, completion_rate, employment_rate,
        employment_rate_range95_low, employment_rate_range95_high, employed,
        disadvantaged_employed, coach_hours_needed, coach_hours_available, support,
        hours_per_employment``.  Rates are means over replications.  The ``range95``
        columns are the spread of cohorts — 95 % of the simulated cohorts employ a share
        between them — not an interval for the mean (that would be far narrower).
    reps : int
    params : SelectionParams
    job_club : bool
    """

    params: SelectionParams
    table_name: str | None = "summary"

    @property
    def summary(self) -> pd.DataFrame:
        return self.table

    reps = fact("reps")
    job_club = fact("job_club")

    def records(self) -> list:
        """JSON-ready records (``coachkit selection compare --json``): the range as one
        ``employment_rate_range95: [low, high]`` pair, ``support`` left out."""
        table = self.summary.assign(employment_rate_range95=[
            [lo, hi] for lo, hi in zip(self.summary["employment_rate_range95_low"],
                                       self.summary["employment_rate_range95_high"], strict=True)])
        return records(table[["strategy", "coach", "admitted", "disadvantaged_admitted_share",
                              "selection_rate_ratio", "completion_rate", "employment_rate",
                              "employment_rate_range95", "employed", "disadvantaged_employed",
                              "coach_hours_needed", "coach_hours_available", "four_fifths_ok",
                              "hours_per_employment"]])


def _strategy(s) -> Strategy:
    if isinstance(s, Strategy):
        return s
    check_argument("strategy", list(STRATEGIES), s)
    return STRATEGIES[s]


def simulate(params: SelectionParams | None = None, *, strategies=("tightened", "loosened", "open"),
             coach=(False, True), reps: int = 500, seed: int | None = 0,
             job_club: bool = False) -> SelectionResult:
    """Monte Carlo comparison of selection strategies, with and without a job coach.

    All strategies and coach settings see the same applicant pools (common random numbers),
    so differences between rows come from the rules, not from luck.

    Parameters
    ----------
    params : SelectionParams, optional
        Default: :meth:`SelectionParams.calibrated`.
    strategies : sequence of str or Strategy
    coach : sequence of bool
    reps : int
        Replications (cohorts).
    seed : int, optional
    job_club : bool
        Add the post-training job club.

    Returns
    -------
    SelectionResult
    """
    params = params or SelectionParams.calibrated()
    reps = check_number("reps", reps, low=1, high=MAX_REPS, integer=True)
    if reps * params.applicants > MAX_DRAWS:
        raise ValueError(f"reps × applicants = {reps:,} × {params.applicants:,} is over the kit's "
                         f"limit of {MAX_DRAWS:,} simulated applicants (minutes of work); lower "
                         "the replications or the applicants")
    strats = [_strategy(s) for s in strategies]
    combos = [(st, bool(c)) for st in strats for c in coach]
    # per replication: admitted disadvantaged, ratio, completed, employed, employed disadvantaged,
    # hours needed, support
    per_rep = {key: [] for key in combos}
    rng = np.random.default_rng(seed)
    for chunk in chunks(reps, params.applicants):
        pool = draw_applicants(params, chunk, rng, job_club=job_club)
        dis = pool["disadvantaged"]
        n_dis = dis.sum(axis=1)
        n_other = dis.shape[1] - n_dis
        for strat in strats:
            group = _gather(pool, admit(pool, strat, params.places))
            g_dis = group["disadvantaged"]
            adm_dis = g_dis.sum(axis=1)
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = (adm_dis / n_dis) / ((g_dis.shape[1] - adm_dis) / n_other)
            lin = _predictors(group, params, club=job_club)
            for with_coach in coach:
                support, need, _ = _support(group, params, with_coach)
                s = support[:, None].astype(FLOAT)
                completed = group["u_complete"] < _logistic(lin["completion"]
                                                            + params.completion_support * s)
                # one logistic per person: non-completers carry the penalty in the predictor
                emp_lin = lin["employment"] + params.coach_effect * s
                emp_lin -= params.noncompletion_penalty * ~completed
                employed = group["u_employ"] < _logistic(emp_lin)
                if job_club:
                    joins = completed & ~employed & (group["u_join"] < params.club_participation)
                    employed |= joins & (group["u_club"] < lin["club"])
                per_rep[(strat, bool(with_coach))].append(np.column_stack([
                    adm_dis, ratio, completed.sum(axis=1), employed.sum(axis=1),
                    (employed & g_dis).sum(axis=1), need, support]))
    rows = []
    for (strat, with_coach), parts in per_rep.items():
        a = np.concatenate(parts)
        n_adm = params.places
        adm_dis, ratio, completed, emp_n, emp_dis, need, support = a.T
        capacity = params.coach_fte * params.hours_per_fte if with_coach else 0.0
        rate = emp_n / n_adm
        lo, hi = np.quantile(rate, [0.025, 0.975])
        used = np.minimum(need, capacity)
        rows.append({
            "strategy": strat.name, "coach": with_coach, "admitted": float(n_adm),
            "disadvantaged_admitted_share": float((adm_dis / n_adm).mean()),
            "selection_rate_ratio": float(np.nanmean(ratio)),
            "completion_rate": float((completed / n_adm).mean()),
            "employment_rate": float(rate.mean()),
            "employment_rate_range95_low": float(lo), "employment_rate_range95_high": float(hi),
            "employed": float(emp_n.mean()),
            "disadvantaged_employed": float(emp_dis.mean()),
            "coach_hours_needed": float(need.mean()),
            "coach_hours_available": float(capacity),
            "support": float(support.mean()),
            "hours_per_employment": (float(used.sum() / emp_n.sum())
                                     if with_coach and emp_n.sum() else float("nan")),
        })
    summary = pd.DataFrame(rows)
    summary.insert(4, "four_fifths_ok", summary["selection_rate_ratio"] >= 0.8)
    return SelectionResult(table=summary, facts={"reps": reps, "job_club": job_club},
                           params=params)


#: Replications are simulated in chunks of about this many applicants: memory stays small
#: (a laptop can run the benchmark) and the arrays stay cache- and allocator-friendly.
CHUNK_ELEMENTS = 500_000
#: What a user may ask for: an applicant pool far beyond any school's, replications far beyond
#: what a stable mean needs, and at most this many simulated applicants in all (each chunk of
#: :data:`CHUNK_ELEMENTS` takes a fraction of a second, so the limit is about a minute's work).
MAX_APPLICANTS = 100_000
MAX_REPS = 100_000
MAX_DRAWS = 100_000_000


def chunks(reps: int, applicants: int):
    """Chunk sizes covering ``reps`` replications (deterministic for given sizes).

    >>> chunks(5, CHUNK_ELEMENTS // 2)
    [2, 2, 1]
    """
    size = max(1, CHUNK_ELEMENTS // applicants)
    full, rest = divmod(reps, size)
    return [size] * full + ([rest] if rest else [])


def check_orderings(summary: pd.DataFrame) -> pd.DataFrame:
    """The kit's four expected orderings, checked on a simulation summary.

    The study never ranks the strategies' employment rates: these orderings are the kit's
    expectations derived from its description of the three strategies (Pikkusaari 2012,
    ch. 4.3).  Needs all three strategies with and without a coach.

    Returns
    -------
    DataFrame
        ``claim, holds, detail`` — one row per ordering; ``claim`` is a claim id of
        :data:`coachkit.reference.sources.CLAIMS` (``order.*``), shown in words by ``show_table``.
    """
    s = summary.set_index(["strategy", "coach"])
    rate, dis_emp = s["employment_rate"], s["disadvantaged_employed"]
    both = (False, True)
    rows = [
        ("order.tightened_highest_rate",
         all(rate[("tightened", c)] > max(rate[("loosened", c)], rate[("open", c)]) for c in both),
         "rates " + ", ".join(f"{k[0]}/{'coach' if k[1] else 'none'} {v:.3f}"
                              for k, v in rate.items())),
        ("order.more_disadvantaged_employed",
         all(dis_emp[(st, c)] > dis_emp[("tightened", c)] for st in ("loosened", "open")
             for c in both),
         "disadvantaged employed " + ", ".join(f"{k[0]}/{'coach' if k[1] else 'none'} {v:.1f}"
                                               for k, v in dis_emp.items())),
        ("order.open_most_hours",
         s.xs(True, level="coach")["coach_hours_needed"].idxmax() == "open",
         "hours " + ", ".join(f"{k} {v:.0f}" for k, v in
                              s.xs(True, level="coach")["coach_hours_needed"].items())),
        ("order.coach_raises_employment",
         all(rate[(st, True)] > rate[(st, False)] for st in ("tightened", "loosened", "open")),
         ""),
    ]
    return pd.DataFrame(rows, columns=["claim", "holds", "detail"])


def _expected_rate(group, params, coach):
    p_c, p_ec, p_enc, *_ = _probabilities(group, params, coach, club=False)
    return float((p_c * p_ec + (1 - p_c) * p_enc).mean())


def calibrate(params: SelectionParams | None = None, *, reps: int = CALIBRATION_REPS,
              seed: int = CALIBRATION_SEED) -> dict:
    """Fit the employment intercept, the coach effect and the job-club intercept.

    Uses expected (not sampled) rates over ``reps`` common applicant pools, so the targets are
    smooth, monotone functions of each parameter and Brent's method finds them exactly.

    Returns
    -------
    dict
        ``parameters`` (the three fitted values), ``targets`` (value and source), ``achieved``,
        ``reps``, ``seed``, ``method``.
    """
    from scipy.optimize import brentq

    base = params or SelectionParams()
    rng = np.random.default_rng(seed)
    pool = draw_applicants(base, reps, rng)
    group = _gather(pool, admit(pool, STRATEGIES["tightened"], base.places))
    t_no, t_yes, t_club = (TARGETS[k][0] for k in TARGETS)

    e0 = brentq(lambda e: _expected_rate(group, base.with_(employment_intercept=e),
                                         False) - t_no, -15, 15, xtol=1e-10)
    fitted = base.with_(employment_intercept=e0)
    ce = brentq(lambda c: _expected_rate(group, fitted.with_(coach_effect=c), True)
                - t_yes, -15, 15, xtol=1e-10)
    fitted = fitted.with_(coach_effect=ce)

    def club_rate(j):
        p_c, p_ec, _, p_club, *_ = _probabilities(group, fitted.with_(club_intercept=j), True)
        weight = p_c * (1 - p_ec)  # completers without a job: who joins the club
        return float((weight * p_club).sum() / weight.sum())

    j0 = brentq(lambda j: club_rate(j) - t_club, -15, 15, xtol=1e-10)
    fitted = fitted.with_(club_intercept=j0)
    return {
        "parameters": {"employment_intercept": round(e0, 8), "coach_effect": round(ce, 8),
                       "club_intercept": round(j0, 8)},
        "targets": {k: {"value": v, "claim": c, "assumption": a, "source": _target_note(c, a)}
                    for k, (v, c, a) in TARGETS.items()},
        "achieved": {"tightened_without_coach": round(_expected_rate(group, fitted, False), 6),
                     "tightened_with_coach": round(_expected_rate(group, fitted, True), 6),
                     "club_conversion": round(club_rate(j0), 6)},
        "reps": reps, "seed": seed,
        "method": "Brent's root finding on expected rates over common random applicant pools "
                  "(coachkit.models.selection.calibrate); default SelectionParams otherwise",
    }


def calibration_path() -> Path:
    return data_dir().joinpath(*CALIBRATION_FILE)


def write_calibration(result: dict, path=None, *, force: bool = False) -> Path:
    """Write a calibration result as JSON (atomically); a different existing file only with ``force``."""
    from ..formats import check_replace, write_atomic

    path = Path(path) if path else calibration_path()
    payload = (json.dumps(result, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    check_replace({path: payload}, force=force)
    write_atomic(path, payload)
    return path


def load_calibration(path=None) -> dict:
    """The stored calibration (``data/calibration/selection.json``)."""
    path = Path(path) if path else calibration_path()
    if not path.exists():
        raise FileNotFoundError(f"{path}: no calibration; run 'coachkit selection calibrate'")
    return json.loads(path.read_text(encoding="utf-8"))


def calibration_table(calibration: dict | None = None, lang: str = "fi") -> pd.DataFrame:
    """The calibration targets for readers: what, the study's figure, the model's, and where from.

    Returns
    -------
    DataFrame
        ``target, target_value, achieved, cite``: ``target`` is a key of the label catalogue
        (``VALUES["target"]``), the values are shares (0–1) and ``cite`` cites the target's
        claim (and the kit's assumption behind it, if any).  Show it with
        ``show_table(..., percent=("target_value", "achieved"))``.

    >>> calibration_table().loc[2, ["target", "cite"]].tolist()
    ['club_conversion', 'Pikkusaari 2012, luku 4.3']
    """
    cal = calibration if calibration is not None else load_calibration()
    rows = []
    for name, target in cal["targets"].items():
        claims = [c for c in (target.get("claim"), target.get("assumption")) if c]
        rows.append({"target": name, "target_value": target["value"],
                     "achieved": cal["achieved"].get(name),
                     "cite": cite_note("; ".join(claims), lang) if claims else ""})
    return pd.DataFrame(rows)

#: Where a parameter's value comes from, when not simply the kit's assumption: the catalogue
#: key under ``param.source.``, the claim it cites, and the calibrated share it shows.  The
#: meanings are the catalogue's ``param.selection.<name>``.
PARAM_SOURCES = {
    "applicants": ("example",), "places": ("example",),
    "profile_shares": ("profile_shares", "te.profiles_7"),
    "disadvantaged_profiles": ("disadvantaged_profiles", "te.profiles_7"),
    "p_anxious": ("p_anxious", "selection.anxiety"),
    "wbl_share": ("wbl_share", "selection.wbl_80", 0.80),
    "labour_market": ("labour_market",),
    "employment_intercept": ("employment_intercept", "target.hame_25", 0.25),
    "coach_effect": ("coach_effect", "target.institution_44", 0.44),
    "club_intercept": ("club_intercept", "target.club_81", 0.81),
}


def param_note(name: str, lang: str = "fi") -> tuple[str, str]:
    """What a parameter means and where its value comes from, in ``lang``.

    >>> param_note("wbl_share", "en")[1]
    "80% in the project's two work-based forms of training: Pikkusaari 2012, ch. 4.3"
    >>> param_note("score_noise")
    ('arvioinnin satunnaisvaihtelu', 'oletus')
    """
    key, *rest = PARAM_SOURCES.get(name, ("assumption",))
    args = [cite(rest[0], lang)] if rest else []
    if len(rest) > 1:
        args.append(format_percent(rest[1], lang, 0))
    return t(f"param.selection.{name}", lang, default=""), t(f"param.source.{key}", lang, *args)


def params_table(params: SelectionParams, lang: str = "fi") -> pd.DataFrame:
    """Every parameter with its value, meaning and source (for the notebook).

    Returns
    -------
    DataFrame
        ``parameter, value, meaning, source``; ``value`` is written as ``lang`` writes
        numbers (a list's items separated by semicolons).  Show readers the
        ``meaning, value, source`` columns: ``parameter`` is the id for code.

    >>> params_table(SelectionParams(), "en").set_index("parameter").loc["wbl_share", "value"]
    '0.8'
    """
    def shown(v):
        if isinstance(v, tuple | list):
            return "; ".join(shown(x) for x in v)
        return format_number(v, lang) if isinstance(v, int | float) and not isinstance(v, bool) else str(v)

    d = asdict(params)
    notes = [param_note(k, lang) for k in d]
    return pd.DataFrame({"parameter": list(d), "value": [shown(v) for v in d.values()],
                         "meaning": [m for m, _ in notes], "source": [src for _, src in notes]})


def plot_employment_equity(summary: pd.DataFrame, *, ax=None, lang: str = "fi"):
    """Employment rate among admitted vs share of disadvantaged admitted (with 95 % bands).

    Returns
    -------
    matplotlib Axes
    """
    ax = get_ax(ax, figsize=(7, 5))
    palette = dict(zip(STRATEGIES, colors(3), strict=True))
    for r in summary.itertuples():
        name = t(f"strategy.{r.strategy}", lang, default=r.strategy)
        colour = palette.get(r.strategy, "grey")
        ax.errorbar(r.disadvantaged_admitted_share, r.employment_rate,
                    yerr=[[r.employment_rate - r.employment_rate_range95_low],
                          [r.employment_rate_range95_high - r.employment_rate]],
                    fmt="o", ms=11, capsize=5, color=colour, mfc=colour if r.coach else "white")
        # direct labels instead of a legend: easier to read on a projector, cheaper to redraw
        ax.annotate(name.split()[0] + ("+" if r.coach else ""),
                    (r.disadvantaged_admitted_share, r.employment_rate), xytext=(10, -4),
                    textcoords="offset points", color=colour, fontweight="bold")
    ax.xaxis.set_major_formatter(percent_formatter(lang))
    ax.yaxis.set_major_formatter(percent_formatter(lang))
    ax.set_xlabel(t("label.disadvantaged_share", lang))
    ax.set_ylabel(t("label.employment_rate", lang))
    ax.set_title(f"{t('label.equity_title', lang)} ({t('label.marker_note', lang)})", fontsize="medium")
    return ax


def plot_coach_hours(summary: pd.DataFrame, *, ax=None, lang: str = "fi"):
    """Coach hours the admitted group needs vs hours available, per strategy.

    Returns
    -------
    matplotlib Axes
    """
    hours = summary.loc[summary["coach"]].drop_duplicates("strategy")
    ax = get_ax(ax, figsize=(7, 4))
    names = [t(f"strategy.{s}", lang, default=s) for s in hours["strategy"]]
    c = colors(3)
    ax.bar(names, hours["coach_hours_needed"], color=c[: len(hours)], alpha=0.85,
           label=t("label.hours_needed", lang))
    available = float(hours["coach_hours_available"].iloc[0]) if len(hours) else 0.0
    ax.axhline(available, color="black", lw=2, ls="--")
    ax.annotate(f"{t('label.hours_available', lang)} {format_number(available, lang)} h",
                (-0.45, available),
                xytext=(0, 4), textcoords="offset points", fontsize="small")
    ax.yaxis.set_major_formatter(number_formatter(lang))
    ax.set_ylabel(t("label.hours_needed", lang))
    ax.set_title(t("label.hours_title", lang))
    return ax
