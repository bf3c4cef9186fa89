"""Three coaching orientations as client journeys: where support starts, stops and what it ends in.

The study describes three ways of doing job coaching (Pikkusaari 2012, luku 4):

======================  ============================================  ==========================
orientation             support starts … stops …                      follow-up
======================  ============================================  ==========================
valmennuskeskeinen      preparation in the unit first; usually ends   transition looked at 3–6
(coaching-centred,      at the latest when a job starts, or at the    months after the period
luku 4.1)               end of the period (``orient.coach.*``)        (``orient.coach.follow_up_3_6``;
                                                                      the kit models one check)
työllistymiskeskeinen   job search within about a month; in the       in the model: a week
(employment-centred,    model support at work has no time limit and   before, within 3 days,
luku 4.2)               ends when the client wants (``ips.*``)        weekly in month 1, monthly
                                                                      in year 1 (``ips.follow_up``)
arvioiva (assessing,    an assessment of work capacity, often with    none described; the coach
luku 4.4)               no real workplace; its task is information    *may* suggest training or
                        on the situation (``orient.assess.*``)        another service, or help
                                                                      the client apply for work
======================  ============================================  ==========================

The words in brackets are claim ids of :mod:`coachkit.reference.sources`, where each is located and
checked against the study; "the model" is the evidence-based work coaching (IPS) model the
study describes within the employment-centred orientation.
The study gives the structure, not durations or probabilities.  Every number of the
synthetic journeys below (:data:`ASSUMPTIONS`) is **the kit's assumption**, chosen so that
the timelines look like the study's descriptions; the employment shares they produce teach
how to read a timeline, not what the orientations achieve.

Which IPS-25 items (:mod:`coachkit.analyses.fidelity`) an orientation can or cannot meet is the
kit's reading of the same chapters, one row per item with the claim it rests on
(``data/codebook/orientation_ips25.csv``, column ``source_note``); items the study does not touch are
``not_described``.

>>> ev = simulate_journeys(seed=1, per_profile=1)
>>> sorted(ev["orientation"].unique()) == sorted(ORIENTATIONS)
True
>>> s = journey_summary(ev)
>>> bool((s.loc[s["orientation"] == "tyollistymiskeskeinen", "search_start_week"] <= 4).all())
True
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..checks import check_argument
from ..datasets import load_dataset
from ..i18n import check_lang, format_number, t
from ..reference.sources import cite_note

__all__ = ["ORIENTATIONS", "ASSUMPTIONS", "PHASES", "CONTACTS", "OUTCOMES", "HORIZON",
           "orientation_table", "assumption_table", "simulate_journeys", "journey_summary",
           "orientation_summary",
           "ips_coverage", "ips_counts", "ips_table", "plot_timeline", "follow_up_weeks",
           "follow_up_meetings", "FOLLOW_UP_RULE"]

ORIENTATIONS = ("valmennuskeskeinen", "tyollistymiskeskeinen", "arvioiva")
#: What :func:`orientation_table` tells of each orientation (catalogue ``orientation.<id>.<aspect>``)
ORIENTATION_ASPECTS = ("starts", "stops", "follow_up", "ends_in")
#: Weeks shown and simulated from the start of support (two years).
HORIZON = 104

#: phase ids — bars of the timeline (their names: catalogue keys ``value.what.<id>``)
PHASES = ("preparation", "work_trial", "intake", "job_search", "assessment", "employed_supported",
          "employed_alone")
#: contact ids — marks of the timeline (names: ``value.what.<id>``)
CONTACTS = ("follow_up", "check")
#: outcome ids — what the support ended in (names: ``value.outcome.<id>``)
OUTCOMES = ("employed", "not_employed", "still_supported", "referral_job_search", "referral_service",
            "pension_assessment")

#: The kit's assumptions (weeks, weekly probabilities).  ``readiness`` of a client is the
#: employment effect of the client's profile in :data:`coachkit.reference.profiles.PROFILE_EMPLOYMENT`
#: (also the kit's assumption) plus individual noise.
ASSUMPTIONS = {
    "prep_weeks": (14, -5, 3, 6, 30),      # base, per readiness, noise sd, min, max
    "trial_weeks": 8,
    "transition_weeks": 6,                 # job search at the end of the coaching period
    "job_from_trial": 0.25,                # the work-trial place hires at the end (base)
    "search_hazard_coaching": 0.03,        # weekly chance of a job, coach-led search (base)
    "search_hazard_employment": 0.04,      # … with active employer contact every week
    "own_hazard": 0.006,                   # … searching alone, no coach
    "loss_hazard_supported": 0.004,        # weekly chance of losing a job, with support
    "loss_hazard_alone": 0.012,            # … without support
    "intake_weeks": (1, 4),                # employment-centred: search starts in weeks 1–4
    "support_after_stable": (9, 18),       # months in work before the client ends support
    "assessment_weeks": (8, 12),
    "readiness_sd": 0.4,
}


def assumption_table(lang: str = "fi") -> pd.DataFrame:
    """The kit's assumptions behind the journeys: ``parameter, value, meaning``.

    The meanings are the catalogue's ``assumption.orientations.<name>``; values are written
    as ``lang`` writes numbers.

    >>> len(assumption_table()) == len(ASSUMPTIONS)
    True
    >>> table = assumption_table("en").set_index("parameter")["value"]
    >>> table["job_from_trial"], table["intake_weeks"], assumption_table("fi")["value"].iloc[3]
    ('0.25', '1; 4', '0,25')
    """
    def shown(v):
        return "; ".join(format_number(x, lang) for x in v) if isinstance(v, tuple) else \
            format_number(v, lang)

    return pd.DataFrame({"parameter": list(ASSUMPTIONS),
                         "value": [shown(v) for v in ASSUMPTIONS.values()],
                         "meaning": [t(f"assumption.orientations.{k}", lang) for k in ASSUMPTIONS]})


def _logit(p):
    return np.log(p / (1 - p))


def _hazard(base, readiness):
    return float(1 / (1 + np.exp(-(_logit(base) + readiness))))


def orientation_table(lang: str = "fi") -> pd.DataFrame:
    """The three orientations in the study's terms, in the kit's words.

    The words are the catalogues' ``orientation.<id>.<aspect>`` keys (the data file holds ids,
    names and the claims behind them).

    Returns
    -------
    DataFrame
        ``orientation_id, name, starts, stops, follow_up, ends_in, cite``.

    >>> orientation_table("en").loc[1, ["name", "ends_in"]].tolist()
    ['Employment-centred', 'In paid work on the open labour market, kept with the help of support.']
    """
    table = load_dataset("orientations").sort_values("order")
    name = f"name_{check_lang(lang)}"
    words = {aspect: [t(f"orientation.{o}.{aspect}", lang) for o in table["orientation_id"]]
             for aspect in ORIENTATION_ASPECTS}
    return pd.DataFrame({"orientation_id": table["orientation_id"].tolist(),
                         "name": table[name].tolist(), **words,
                         "cite": [cite_note(n, lang) for n in table["source_note"]]})



#: The follow-up meetings of the evidence-based model after a job start (claim
#: ``ips.follow_up``): (meeting, amount, unit) — a week before, within three days, weekly in
#: the first month, monthly in the first year.  Counted this way there are 17 in all.
FOLLOW_UP_RULE = (("before_start", -1, "week"), ("first_days", 3 / 7, "week"),
                  *((("weekly", k, "week")) for k in range(1, 5)),
                  *((("monthly", m, "month")) for m in range(2, 13)))


def follow_up_meetings(unit: str = "week") -> list:
    """The model's follow-up meetings as ``(meeting, time from the job start)``, in weeks or
    months (52 weeks = 12 months, exact): the one place the rule is encoded.  Both the
    orientation timelines (:func:`follow_up_weeks`) and the coaching-year plans
    (:func:`coachkit.models.planning.followup_schedule`) count their meetings from it.

    >>> [round(t, 2) for _, t in follow_up_meetings("month")][:3]
    [-0.23, 0.1, 0.23]
    >>> len(follow_up_meetings())
    17
    """
    check_argument("unit", ["week", "month"], unit)
    out = []
    for meeting, amount, own in FOLLOW_UP_RULE:
        if own == unit:
            out.append((meeting, amount))
        elif unit == "week":
            out.append((meeting, amount * 52 / 12))
        else:
            out.append((meeting, amount * (12 / 52)))
    return out


def follow_up_weeks(job_start: float, *, until: float = HORIZON) -> list:
    """The employment-centred model's follow-up meetings around a job start (weeks).

    A week before the start, within three days of it, weekly in the first month and
    monthly (every 4.33 weeks) in the first year (:func:`follow_up_meetings`; claim
    ``ips.follow_up``, Pikkusaari 2012, luku 4.2).

    >>> len(follow_up_weeks(10))
    17
    >>> follow_up_weeks(10)[:3]
    [9, 10.4, 11]
    """
    weeks = []
    for meeting, offset in follow_up_meetings("week"):
        week = job_start + offset
        # whole weeks stay whole; a start within three days and monthly meetings to a tenth
        weeks.append(round(week, 1) if meeting in ("first_days", "monthly") else week)
    return [w for w in weeks if w <= until]


class _Journey:
    def __init__(self, client_id, profile, orientation):
        self.rows = []
        self.key = (client_id, profile, orientation)

    def phase(self, what, start, end):
        if end > start:
            self.rows.append((*self.key, "phase", what, float(start), float(min(end, HORIZON))))

    def point(self, kind, what, week):
        if week <= HORIZON:
            self.rows.append((*self.key, kind, what, float(week), float(week)))


def _employed_spell(rng, start, loss):
    """Week the job ends (or beyond the horizon) for weekly loss probability ``loss``."""
    return start + rng.geometric(loss)


def _search(rng, start, hazard, until):
    """Week a job starts when searching from ``start`` at weekly ``hazard`` (None: not by ``until``)."""
    week = start + rng.geometric(hazard)
    return week if week < until else None


def _coaching_centred(rng, j, r):
    a = ASSUMPTIONS
    base, per, sd, low, high = a["prep_weeks"]
    prep = int(np.clip(round(base + per * r + rng.normal(0, sd)), low, high))
    trial_end = prep + a["trial_weeks"]
    end = trial_end + a["transition_weeks"]
    j.phase("preparation", 0, prep)
    j.phase("work_trial", prep, trial_end)
    job = trial_end if rng.random() < _hazard(a["job_from_trial"], r) else None
    if job is None:
        job = _search(rng, trial_end, _hazard(a["search_hazard_coaching"], r), end)
        j.phase("job_search", trial_end, job if job is not None else end)
    support_end = job if job is not None else end
    check = end + int(rng.integers(13, 27))  # 3–6 months after the period
    if job is None:  # alone after the period
        job = _search(rng, end, _hazard(a["own_hazard"], r), HORIZON)
    if job is not None:
        lost = _employed_spell(rng, job, a["loss_hazard_alone"])
        j.phase("employed_alone", job, lost)
    j.point("contact", "check", check)
    outcome = "employed" if job is not None and job <= support_end else "not_employed"
    j.point("outcome", outcome, support_end)


def _employment_centred(rng, j, r):
    a = ASSUMPTIONS
    low, high = a["intake_weeks"]
    start = int(rng.integers(low, high + 1))
    j.phase("intake", 0, start)
    hazard = _hazard(a["search_hazard_employment"], r)
    week = start
    while week < HORIZON:
        job = _search(rng, week, hazard, HORIZON)
        j.phase("job_search", week, job if job is not None else HORIZON)
        if job is None:
            j.point("outcome", "still_supported", HORIZON)
            return
        for f in follow_up_weeks(job):
            if f >= week:
                j.point("contact", "follow_up", f)
        lost = _employed_spell(rng, job, a["loss_hazard_supported"])
        m_low, m_high = a["support_after_stable"]
        stable = job + round(52 * int(rng.integers(m_low, m_high + 1)) / 12)
        if lost > stable >= HORIZON:  # still in work and supported at the horizon
            j.phase("employed_supported", job, HORIZON)
            j.point("outcome", "still_supported", HORIZON)
            return
        if lost > stable:  # the client is satisfied and ends the support
            j.phase("employed_supported", job, stable)
            j.phase("employed_alone", stable, _employed_spell(rng, stable, a["loss_hazard_alone"]))
            j.point("outcome", "employed", stable)
            return
        j.phase("employed_supported", job, lost)
        week = lost  # the job ended: support goes on, the search starts again
    j.point("outcome", "still_supported", HORIZON)


def _assessing(rng, j, r):
    a = ASSUMPTIONS
    low, high = a["assessment_weeks"]
    end = int(rng.integers(low, high + 1))
    j.phase("assessment", 0, end)
    # The statement leans on readiness: capacity found → job search, otherwise elsewhere.
    p_job = _hazard(0.35, r)
    u = rng.random()
    if u < p_job:
        outcome = "referral_job_search"
    elif u < p_job + (1 - p_job) * 0.7:
        outcome = "referral_service"
    else:
        outcome = "pension_assessment"
    j.point("outcome", outcome, end)
    hazard = a["own_hazard"] * (2 if outcome == "referral_job_search" else 0.5)
    job = _search(rng, end, _hazard(hazard, r), HORIZON)
    if job is not None:
        j.phase("employed_alone", job, _employed_spell(rng, job, a["loss_hazard_alone"]))


_SIMULATORS = {"valmennuskeskeinen": _coaching_centred, "tyollistymiskeskeinen": _employment_centred,
               "arvioiva": _assessing}


def simulate_journeys(seed: int | None = None, *, per_profile: int = 5) -> pd.DataFrame:
    """Synthetic journeys of the same clients under each orientation.

    Each client (``per_profile`` of each of the seven client profiles, claim ``te.profiles_7``) is
    followed for :data:`HORIZON` weeks under all three orientations, so the same person
    can be compared across services.  Every duration and probability is in
    :data:`ASSUMPTIONS` (the kit's).

    Returns
    -------
    DataFrame
        One row per phase, contact or outcome: ``client_id, profile, orientation, kind``
        (``phase``, ``contact``, ``outcome``), ``what`` (an id of :data:`PHASES`,
        :data:`CONTACTS` or :data:`OUTCOMES`), ``start_week, end_week`` (equal for
        contacts and outcomes; an open spell ends at :data:`HORIZON`).
    """
    from ..reference.profiles import PROFILE_EMPLOYMENT, SEED

    rng = np.random.default_rng([SEED if seed is None else seed, 15, 1])
    profiles = load_dataset("client_profiles").sort_values("order")["profile_id"].tolist()
    rows = []
    for k, profile in enumerate(profiles):
        for i in range(1, per_profile + 1):
            client = f"P{k + 1}-{i:02d}"
            readiness = PROFILE_EMPLOYMENT[k] + rng.normal(0, ASSUMPTIONS["readiness_sd"])
            for orientation in ORIENTATIONS:
                j = _Journey(client, profile, orientation)
                _SIMULATORS[orientation](rng, j, readiness)
                rows += j.rows
    cols = ["client_id", "profile", "orientation", "kind", "what", "start_week", "end_week"]
    return pd.DataFrame(rows, columns=cols)


def _check_events(events: pd.DataFrame) -> pd.DataFrame:
    required = ["client_id", "profile", "orientation", "kind", "what", "start_week", "end_week"]
    missing = [c for c in required if c not in events.columns]
    if missing:
        raise ValueError(f"journeys: missing column(s) {', '.join(missing)}; expected "
                         f"{', '.join(required)}")
    bad = sorted(set(events["orientation"]) - set(ORIENTATIONS))
    if bad:
        raise ValueError(f"journeys: unknown orientation '{bad[0]}'; expected one of "
                         f"{', '.join(ORIENTATIONS)}")
    return events


def journey_summary(events: pd.DataFrame) -> pd.DataFrame:
    """One row per client and orientation: when search starts, when work starts, when support ends.

    Returns
    -------
    DataFrame
        ``client_id, profile, orientation, search_start_week`` (first week of job search
        or of the work trial; none for the assessing orientation), ``job_start_week``
        (first job, NaN if none in the horizon), ``support_end_week``, ``support_weeks``
        (weeks of support in all), ``follow_ups`` (follow-up meetings and checks),
        ``in_work_week_52``, ``in_work_week_104`` (in work a year and two years after the
        start), ``outcome`` (an id of :data:`OUTCOMES`).
    """
    ev = _check_events(events)
    keys = ["client_id", "profile", "orientation"]
    index = ev.groupby(keys, sort=False).size().index
    phase = ev["kind"] == "phase"
    working = phase & ev["what"].isin(["employed_supported", "employed_alone"])

    def per_client(mask, column, how):
        return getattr(ev.loc[mask].groupby(keys)[column], how)().reindex(index)

    def in_work(week):
        on = working & (ev["start_week"] <= week) & (ev["end_week"] > week)
        return per_client(on, "start_week", "size").fillna(0).gt(0)

    outcome = ev["kind"] == "outcome"
    supported = phase & (ev["what"] != "employed_alone")
    out = pd.DataFrame({
        "search_start_week": per_client(phase & ev["what"].isin(["job_search", "work_trial"]),
                                        "start_week", "min"),
        "job_start_week": per_client(working, "start_week", "min"),
        "support_end_week": per_client(outcome, "start_week", "first").fillna(float(HORIZON)),
        "support_weeks": (ev["end_week"] - ev["start_week"]).where(supported, 0.0)
                         .groupby([ev[k] for k in keys]).sum().reindex(index),
        "follow_ups": (ev["kind"] == "contact").groupby([ev[k] for k in keys]).sum()
                      .reindex(index).astype(int),
        "in_work_week_52": in_work(52), "in_work_week_104": in_work(HORIZON - 0.5),
        "outcome": per_client(outcome, "what", "first").fillna("still_supported"),
    }, index=index)
    out["support_weeks"] = out["support_weeks"].astype(float)
    return out.reset_index()


def orientation_summary(events: pd.DataFrame) -> pd.DataFrame:
    """Per orientation: weeks to search, support, contacts and who is in work (synthetic).

    Returns
    -------
    DataFrame
        ``orientation, clients, median_weeks_to_search, median_support_weeks,
        mean_contacts, in_work_52_share, in_work_104_share``.
    """
    s = journey_summary(events)
    g = s.groupby("orientation", sort=False)
    out = pd.DataFrame({
        "clients": g.size(),
        "median_weeks_to_search": g["search_start_week"].median(),
        "median_support_weeks": g["support_weeks"].median(),
        "mean_contacts": g["follow_ups"].mean().round(1),
        "in_work_52_share": g["in_work_week_52"].mean(),
        "in_work_104_share": g["in_work_week_104"].mean(),
    })
    out = out.reindex([o for o in ORIENTATIONS if o in out.index])
    return out.rename_axis("orientation").reset_index()


#: IPS statuses (names: catalogue keys ``value.status.<id>``)
STATUSES = ("meets", "partly", "does_not", "not_described")


def ips_coverage(lang: str = "fi") -> pd.DataFrame:
    """Which IPS-25 items each orientation can meet, in the kit's reading of the study.

    Returns
    -------
    DataFrame
        One row per item and orientation (25 × 3): ``item, name, orientation, status``
        (``meets``, ``partly``, ``does_not``, ``not_described``), ``reason`` (the kit's
        words in ``lang``, catalogue ``orientation.<id>.ips25.<item>``; empty when not
        described), ``cite`` (the place as people cite it) and ``claim`` (the claim id in
        :mod:`coachkit.reference.sources`, where the lines are checked).

    >>> c = ips_coverage()
    >>> len(c), c.loc[(c["item"] == 23) & (c["orientation"] == "valmennuskeskeinen"), "status"].item()
    (75, 'does_not')
    """
    name = f"name_{check_lang(lang)}"
    items = load_dataset("ips25_items")
    frame = load_dataset("orientation_ips25")
    bad = sorted(set(frame["status"]) - set(STATUSES))
    if bad:
        raise ValueError(f"orientation_ips25: unknown status '{bad[0]}'")
    grid = pd.MultiIndex.from_product([items["item"].astype(int), ORIENTATIONS],
                                      names=["item", "orientation_id"]).to_frame(index=False)
    m = grid.merge(frame.assign(item=frame["item"].astype(int)), on=["item", "orientation_id"],
                   how="left")
    m["status"] = m["status"].fillna("not_described")
    m = m.merge(items[["item", name]].assign(item=items["item"].astype(int)), on="item")
    return pd.DataFrame({"item": m["item"], "name": m[name], "orientation": m["orientation_id"],
                         "status": m["status"],
                         "reason": [t(f"orientation.{o}.ips25.{i}", lang) if s != "not_described"
                                    else "" for o, i, s in zip(m["orientation_id"], m["item"],
                                                               m["status"], strict=True)],
                         "cite": [cite_note(n, lang) if isinstance(n, str) else ""
                                  for n in m["source_note"]],
                         "claim": m["source_note"].fillna("")})


def ips_counts() -> pd.DataFrame:
    """Items per orientation and status (rows: orientations; columns: the four statuses).

    >>> int(ips_counts().loc["tyollistymiskeskeinen", "meets"])
    13
    """
    c = ips_coverage()
    t = pd.crosstab(c["orientation"], c["status"]).reindex(index=list(ORIENTATIONS),
                                                           columns=list(STATUSES), fill_value=0)
    t.index.name, t.columns.name = "orientation", None
    return t


def ips_table(lang: str = "fi", *, described_only: bool = True) -> pd.DataFrame:
    """IPS-25 items (rows) × orientations (columns), each cell the status in words.

    >>> t = ips_table()
    >>> t.loc[t["item"] == 15, "tyollistymiskeskeinen"].item()
    'täyttyy'
    """
    c = ips_coverage(lang)
    c["status"] = [status_name(v, lang) for v in c["status"]]
    t = c.pivot(index=["item", "name"], columns="orientation", values="status")
    t = t[list(ORIENTATIONS)].reset_index()
    t.columns.name = None
    if described_only:
        t = t[(t[list(ORIENTATIONS)] != status_name("not_described", lang)).any(axis=1)]
    return t.reset_index(drop=True)


def status_name(status: str, lang: str = "fi") -> str:
    """Display name of an IPS status (catalogue key ``value.status.<status>``).

    >>> status_name("does_not", "en")
    'does not meet'
    """
    check_argument("status", STATUSES, status)
    return t(f"value.status.{status}", lang)


def _short_profile(profile: str, lang: str) -> str:
    """A profile's short name for the timeline's rows (``profile.short.<id>``; the id itself
    for a profile the catalogue does not know)."""
    return t(f"profile.short.{profile}", lang, default=profile)


#: colour per phase (colour-blind safe, Okabe–Ito)
PHASE_COLOURS = {"preparation": "#E69F00", "work_trial": "#F0E442", "intake": "#56B4E9",
                 "job_search": "#0072B2", "assessment": "#CC79A7",
                 "employed_supported": "#009E73", "employed_alone": "#A6DDC9"}


def plot_timeline(events: pd.DataFrame, *, clients=None, orientations=ORIENTATIONS, fig=None,
                  lang: str = "fi"):
    """Timeline per orientation: one row per client, phases as bars, meetings as marks.

    Parameters
    ----------
    events : DataFrame
        Output of :func:`simulate_journeys` (or the ``orientation_journeys`` dataset).
    clients : list, optional
        Client ids to draw (default: the first client of each profile).
    orientations : sequence
        Orientations to draw, one panel each.

    Returns
    -------
    matplotlib Figure
    """
    import matplotlib.pyplot as plt
    from matplotlib.collections import PolyCollection
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from ..display.figures import styled

    styled()
    ev = _check_events(events)
    if clients is None:
        clients = ev.groupby("profile", sort=False)["client_id"].first().tolist()
    clients = list(clients)
    names = dict(zip(load_dataset("orientations")["orientation_id"],
                     load_dataset("orientations")[f"name_{check_lang(lang)}"],
                     strict=True))
    profile_of = dict(zip(ev["client_id"], ev["profile"], strict=False))
    if fig is None:
        fig = plt.figure(figsize=(12, 1.2 + 0.42 * len(clients) * len(orientations)))
    fig.clear()
    axes = np.atleast_1d(fig.subplots(len(orientations), 1, sharex=True))
    row_of = {c: i for i, c in enumerate(clients)}
    for ax, orientation in zip(axes, orientations, strict=True):
        # one artist per phase kind and marker kind: a redraw draws tens of artists, not hundreds
        sub = ev[(ev["orientation"] == orientation) & ev["client_id"].isin(clients)]
        rows = sub["client_id"].map(row_of).to_numpy(dtype=float)
        x0, x1 = sub["start_week"].to_numpy(), np.minimum(sub["end_week"].to_numpy(), HORIZON)
        for what, colour in PHASE_COLOURS.items():
            m = ((sub["kind"] == "phase") & (sub["what"] == what)).to_numpy()
            if m.any():
                verts = [[(a, r - 0.35), (b, r - 0.35), (b, r + 0.35), (a, r + 0.35)]
                         for a, b, r in zip(x0[m], x1[m], rows[m], strict=True)]
                ax.add_collection(PolyCollection(verts, facecolors=colour, edgecolors="none"))
        outcome_ok = sub["what"].isin(["employed", "still_supported"])
        marks = [((sub["kind"] == "contact") & (sub["what"] == "follow_up"),
                  {"marker": "|", "color": "black", "ms": 9, "mew": 1.4}),
                 ((sub["kind"] == "contact") & (sub["what"] == "check"),
                  {"marker": "D", "color": "black", "ms": 6, "mfc": "white"}),
                 ((sub["kind"] == "outcome") & outcome_ok, {"marker": "o", "color": "black", "ms": 6}),
                 ((sub["kind"] == "outcome") & ~outcome_ok,
                  {"marker": "X", "color": "#b2182b", "ms": 8})]
        for mask, style in marks:
            m = mask.to_numpy()
            ax.plot(x0[m], rows[m], ls="none", **style)
        ax.set_ylim(len(clients) - 0.5, -0.5)
        ax.set_yticks(range(len(clients)))
        ax.set_yticklabels([f"{cl} {_short_profile(profile_of[cl], lang)}"
                            if cl in profile_of else cl for cl in clients],
                           fontsize="small")
        ax.set_xlim(0, HORIZON)
        ax.set_title(names[orientation], loc="left", fontweight="bold")
        ax.grid(axis="y", visible=False)
    axes[-1].set_xlabel(t("label.weeks_from_start", lang))
    handles = [Patch(color=PHASE_COLOURS[k], label=t(f"value.what.{k}", lang)) for k in PHASES]
    handles += [Line2D([], [], ls="none", marker="|", color="black", ms=9, mew=1.4,
                       label=t("value.what.follow_up", lang)),
                Line2D([], [], ls="none", marker="D", color="black", mfc="white",
                       label=t("value.what.check", lang)),
                Line2D([], [], ls="none", marker="o", color="black",
                       label=t("label.support_ends_in_work", lang)),
                Line2D([], [], ls="none", marker="X", color="#b2182b",
                       label=t("label.support_ends_without_job", lang))]
    fig.legend(handles=handles, loc="lower center", ncol=4, fontsize="small", frameon=False)
    fig.subplots_adjust(left=0.2, right=0.98, top=0.95, hspace=0.35,
                        bottom=0.1 + 0.5 / max(1, len(clients) * len(orientations)))
    return fig
