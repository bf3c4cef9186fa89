"""A coaching year: one client's 50 hours across the four TE service phases, checked.

The TE administration's job coaching is at most 50 hours per client per year (claim
``te.cap_50h``: the service design report, chapters 1 and 2) and is described in four phases
(``te.phases_4``, chapters 2 and 4).  The study on cooperation agreements advises
(*kannattaa*, "it pays to") that two thirds of the cooperation time go to job search,
employer cooperation and supporting workplaces (``cooperation.two_thirds``: Pikkusaari 2012,
luku 3.1, step 7 of the agreement) — advice, not a rule the study sets as a limit, so the kit
reports it and never rejects a plan for missing it.  The evidence-based model the study
describes meets a new employee a week before the start, within three days of it, weekly in
the first month and monthly in the first year of work (``ips.follow_up``, luku 4.2); the rule
is encoded once, in :func:`coachkit.models.orientations.follow_up_meetings`.  Whether that rhythm fits
the hours left is what :func:`plan_summary` works out.  Claim ids name places in
:mod:`coachkit.reference.sources`, where each is located and checked against the source.

Which activities count towards the two thirds is explicit data
(``data/codebook/plan_activities.csv``: ``employment_focused`` with a ``reason_<lang>`` and the
claims it rests on, ``source_note``, per row), as are the phases (``plan_phases.csv``).  How
long one follow-up meeting takes (``meeting_hours``, default 1 h) is the kit's assumption.

Plan CSV contract (``coachkit plan check PLAN.csv``): one row per phase × activity.
Required ``phase`` (id, Finnish name or number 1-4), ``activity`` (id or Finnish name) and
``hours`` (a number ≥ 0, decimal comma allowed, rounded to hundredths); optional ``client``
(a file with several clients needs ``client=``), ``job_start_month`` (1-12, the month of the
coaching year in which work starts; blank = no job yet; the same on every row of a client)
and ``note``.  A phase × activity appears once; an activity only in the phases the
activities table allows (follow-up only once work has started).  The total must be above 0
and at most 50 hours.

>>> plan = read_plan(load_dataset("coaching_plans"), client="A01")
>>> s = plan_summary(plan)
>>> s["total_hours"] <= HOURS_CAP, round(sum(s["phase_shares"].values()), 9)
(True, 1.0)
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..analyses.results import Result
from ..checks import (
    InputError,
    check_number,
    parse_number_column,
    raise_at_first,
    require_nonblank,
    require_unique,
    strip_cells,
    where,
)
from ..datasets import load_dataset
from ..formats import read_table
from ..i18n import check_lang, format_number, format_percent, t
from ..reference.sources import cite_note
from .orientations import follow_up_meetings

__all__ = ["HOURS_CAP", "TWO_THIRDS", "SOURCES", "phases", "activities", "read_plan",
           "plan_from_hours", "plan_summary", "plan_result", "phase_table", "client_overview",
           "followup_schedule", "compare_with_visits", "plot_plan"]

#: Yearly cap of TE job coaching per client (claim ``te.cap_50h``).
HOURS_CAP = 50
#: The study's advice on how much cooperation time goes to job search, employers and
#: workplaces (claim ``cooperation.two_thirds``).
TWO_THIRDS = 2 / 3
#: Hours of one follow-up meeting: the kit's assumption (the study gives no duration).
MEETING_HOURS = 1.0

#: The claim (:mod:`coachkit.reference.sources`) each figure rests on; ``cite(SOURCES[key])`` shows it
#: as people cite the work.
SOURCES = {
    "cap": "te.cap_50h",
    "phases": "te.phases_4",
    "two_thirds": "cooperation.two_thirds",
    "followup": "ips.follow_up",
    "visits": "visits.table",
}

REQUIRED = ("phase", "activity", "hours")


def phases(lang: str = "fi") -> pd.DataFrame:
    """The four TE service phases: ``phase_id, order, name_fi, name_en, source_note`` (claim
    ids) and ``cite`` (the claims' places as people cite them).

    >>> phases()["cite"].iloc[0]
    'Työhönvalmennuksen palvelumuotoilu (Yläfemman-hanke), luvut 2 ja 4'
    """
    p = load_dataset("plan_phases").sort_values("order", ignore_index=True)
    p["cite"] = [cite_note(n, lang) for n in p["source_note"]]
    return p


def activities(lang: str = "fi") -> pd.DataFrame:
    """Activity kinds: ``activity_id, …, employment_focused`` (bool), ``phases`` (list),
    ``reason_fi``/``reason_en``, ``source_note`` (claim ids) and ``cite`` (as people cite them)."""
    a = load_dataset("plan_activities").sort_values("order", ignore_index=True)
    a["cite"] = [cite_note(n, lang) for n in a["source_note"]]
    a["employment_focused"] = a["employment_focused"].astype(str).str.lower().eq("true")
    a["phases"] = a["phases"].str.split()
    return a


def _lookup(table, id_col, numbered=False):
    """Accepted spellings (id, Finnish name, English name, order number; any case) → id."""
    out = {}
    for row in table.itertuples():
        ident = getattr(row, id_col)
        for key in (ident, row.name_fi, row.name_en) + ((str(row.order),) if numbered else ()):
            out[str(key).strip().casefold()] = ident
    return out


def _client_rows(df, client):
    """Which rows belong to the chosen client (all rows when the file has one client)."""
    if "client" not in df.columns:
        if client is not None:
            raise InputError(f"client '{client}' asked for, but the file has no 'client' column",
                             file=where(df), row=1)
        return pd.Series(True, index=df.index)
    names = strip_cells(df["client"].astype(str))
    found = list(dict.fromkeys(names))
    if client is None:
        if len(found) > 1:
            shown = ", ".join(found[:6]) + (", …" if len(found) > 6 else "")
            raise InputError(f"the file has {len(found)} clients ({shown}); choose one with "
                             "--client / client=", file=where(df), column="client")
        return pd.Series(True, index=df.index)
    if str(client) not in found:
        raise InputError(f"no client '{client}'; the file has: {', '.join(found[:8])}",
                         file=where(df), column="client")
    return names == str(client)


def read_plan(data, *, client=None, name: str | None = None, cap: float | None = HOURS_CAP
              ) -> pd.DataFrame:
    """Validate a plan (see the module docstring for the contract) and return it tidy.

    Every row of the file is checked (error rows are the file's rows); the total is the
    chosen client's.

    Parameters
    ----------
    data : path, file object or DataFrame
    client : str, optional
        Which client's rows, when the file has a ``client`` column with several clients.
    cap : float or None
        Highest total accepted (default 50 h); None accepts any total (what-if use).

    Returns
    -------
    DataFrame
        ``phase, activity, hours, employment_focused`` in phase and activity order;
        ``attrs["job_start_month"]`` is the start month (int) or None.

    Examples
    --------
    >>> import pandas as pd
    >>> read_plan(pd.DataFrame({"phase": ["1", "1"], "activity": ["tyonhaku", "tutustuminen"],
    ...                         "hours": ["10", "2,5"]}))[["phase", "activity", "hours"]]
              phase      activity  hours
    0  suuntaaminen  tutustuminen    2.5
    1  suuntaaminen      tyonhaku   10.0
    >>> read_plan(pd.DataFrame({"phase": [1], "activity": ["tyonhaku"], "hours": [60]}),
    ...           name="plan.csv")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    coachkit.errors.InputError: plan.csv, column 'hours': the plan totals 60 h, over the 50-hour ...
    """
    df = read_table(data, required=REQUIRED, name=name)
    mine = _client_rows(df, client)
    require_nonblank(df, ["phase", "activity"])
    ph, act = phases(), activities()
    phase_ids, activity_ids = _lookup(ph, "phase_id", numbered=True), _lookup(act, "activity_id")
    phase_key = strip_cells(df["phase"].astype(str)).str.casefold()
    raise_at_first(df, ~phase_key.isin(phase_ids), "phase",
                   lambda v: f"unknown phase '{v}'; expected 1-4 or one of: "
                             + ", ".join(ph["phase_id"]))
    act_key = strip_cells(df["activity"].astype(str)).str.casefold()
    raise_at_first(df, ~act_key.isin(activity_ids), "activity",
                   lambda v: f"unknown activity '{v}'; expected one of: "
                             + ", ".join(act["activity_id"]))
    out = pd.DataFrame({"phase": phase_key.map(phase_ids), "activity": act_key.map(activity_ids)})
    out.attrs["file"] = where(df)
    allowed = dict(zip(act["activity_id"], act["phases"], strict=True))
    bad = [p not in allowed[a] for p, a in zip(out["phase"], out["activity"], strict=True)]
    raise_at_first(df, bad, "activity", lambda v: f"activity '{v}' does not belong to this phase; "
                   f"it belongs to: {', '.join(allowed[activity_ids[str(v).strip().casefold()]])}")
    key = ["phase", "activity"]
    if "client" in df.columns:
        out["client"] = strip_cells(df["client"].astype(str))
        key = ["client", *key]
    require_unique(out, key, "client × phase × activity" if len(key) == 3 else "phase × activity")
    out["hours"] = parse_number_column(df, "hours", low=0).round(2)
    out["employment_focused"] = out["activity"].map(
        dict(zip(act["activity_id"], act["employment_focused"], strict=True)))
    job_start = _job_start(df, mine)
    out = out.loc[mine.to_numpy(), ["phase", "activity", "hours", "employment_focused"]]
    total = math.fsum(out["hours"])
    if total <= 0:
        raise InputError("the plan has no hours; expected a total above 0", file=where(df),
                         column="hours")
    if cap is not None and round(total, 6) > cap:
        raise InputError(f"the plan totals {_fmt(total)} h, over the {_fmt(cap)}-hour yearly cap "
                         f"of TE job coaching; expected at most {_fmt(cap)} h",
                         file=where(df), column="hours")
    order_p = dict(zip(ph["phase_id"], ph["order"], strict=True))
    order_a = dict(zip(act["activity_id"], act["order"], strict=True))
    out = out.sort_values(by=["phase", "activity"],
                          key=lambda s: s.map(order_p if s.name == "phase" else order_a),
                          ignore_index=True)
    out.attrs["file"] = where(df)
    out.attrs["job_start_month"] = job_start
    return out


def _job_start(df, mine):
    """The chosen client's job start month (None: blank or no column); one per client."""
    if "job_start_month" not in df.columns:
        return None
    months = parse_number_column(df, "job_start_month", low=1, high=12, integer=True,
                                 allow_blank=True)
    clients = strip_cells(df["client"].astype(str)) if "client" in df.columns else pd.Series(
        "", index=df.index)
    first = months.groupby(clients).transform("first")
    first_blank = months.isna().groupby(clients).transform("first")
    differs = (first_blank != months.isna()) | (months.notna() & (months != first))
    raise_at_first(df, differs, "job_start_month", "a different job start month; expected one "
                   "month for the whole plan of a client")
    value = months[mine.to_numpy()].iloc[0]
    return None if np.isnan(value) else int(value)


def _fmt(x) -> str:
    return f"{x:g}"


def plan_from_hours(hours: dict, *, job_start_month=None) -> pd.DataFrame:
    """A plan from ``{(phase_id, activity_id): hours}`` (the dashboard's sliders), not capped.

    Keys must be ids of a phase and an activity allowed in it, hours numbers ≥ 0; the result
    is what :func:`read_plan` returns for the same rows (built directly: the dashboard calls
    this on every slider move).

    >>> plan_from_hours({("polku", "tyonhaku"): 2, ("suuntaaminen", "tyonhaku"): 1.5})["phase"].tolist()
    ['suuntaaminen', 'polku']
    """
    act = activities()
    allowed = {(p, a) for a, ps in zip(act["activity_id"], act["phases"], strict=True) for p in ps}
    bad = [k for k in hours if k not in allowed]
    if bad:
        raise InputError(f"phase × activity {bad[0]} is not in the plan contract; expected ids "
                         "of a phase and an activity allowed in it", file="suunnitelma")
    values = [check_number("hours", v, low=0) for v in hours.values()]
    order_p = {p: i for i, p in enumerate(phases()["phase_id"])}
    order_a = {a: i for i, a in enumerate(act["activity_id"])}
    focused = dict(zip(act["activity_id"], act["employment_focused"], strict=True))
    rows = sorted(((p, a, float(np.round(float(h), 2)), focused[a]) for (p, a), h in zip(hours, values,
                                                                                strict=True)),
                  key=lambda r: (order_p[r[0]], order_a[r[1]]))
    out = pd.DataFrame(rows, columns=["phase", "activity", "hours", "employment_focused"])
    if job_start_month is not None:
        check_number("job_start_month", job_start_month, low=1, high=12, integer=True)
    out.attrs["file"] = "suunnitelma"
    out.attrs["job_start_month"] = None if job_start_month is None else int(job_start_month)
    return out


def followup_schedule(job_start_month, *, meeting_hours: float = MEETING_HOURS) -> pd.DataFrame:
    """The employment-first follow-up meetings (claim ``ips.follow_up``) on the plan's calendar.

    Time ``month`` counts months from the start of the coaching year (0-12); work starts at the
    beginning of month ``job_start_month`` (1-12).  The meetings are those of
    :func:`coachkit.models.orientations.follow_up_meetings` (the one place the rule is encoded; weeks
    converted to months, 52 weeks = 12 months): one a week before the start, one within three
    days of it, weekly for four weeks, then monthly from the second to the twelfth month of
    work — 17 in all.  The model continues beyond that without a time limit; the kit counts
    the first year of work only.

    Returns
    -------
    DataFrame
        ``meeting, month, hours, in_year`` (in_year: falls inside the 12-month coaching year).

    Examples
    --------
    >>> s = followup_schedule(3)
    >>> len(s), int(s["in_year"].sum()), float(s.loc[s["in_year"], "hours"].sum())
    (17, 14, 14.0)
    """
    check_number("job_start_month", job_start_month, low=1, high=12, integer=True)
    check_number("meeting_hours", meeting_hours, low=0, low_open=True)
    start = job_start_month - 1
    times = [(meeting, start + offset) for meeting, offset in follow_up_meetings("month")]
    df = pd.DataFrame(times, columns=["meeting", "month"])
    df["hours"] = float(meeting_hours)
    df["in_year"] = (df["month"] >= 0) & (df["month"] < 12)
    return df


def plan_summary(plan: pd.DataFrame, *, job_start_month="plan",
                 meeting_hours: float = MEETING_HOURS, cap: float = HOURS_CAP) -> dict:
    """Budget, the two-thirds advice and the follow-up fit of a plan from :func:`read_plan`.

    Parameters
    ----------
    job_start_month : int, None or "plan"
        Month (1-12) work starts; None = no job in this year; "plan" (default) takes the
        plan's own ``job_start_month``.
    meeting_hours : float
        Hours of one follow-up meeting (the kit's assumption, default 1).

    Returns
    -------
    dict
        ``total_hours, cap, within_cap, hours_left, employment_hours, employment_share,
        two_thirds, two_thirds_met, phase_hours, phase_shares, activity_hours,
        activity_shares, job_start_month, meeting_hours, followup_meetings,
        followup_meetings_after_year, followup_hours_needed, followup_hours_planned,
        followup_covered, followup_fits_cap`` (the follow-up values are None without a job).
    """
    if job_start_month == "plan":
        job_start_month = plan.attrs.get("job_start_month")
    hours = plan["hours"].to_numpy(dtype=float)
    total = math.fsum(hours)
    emp = math.fsum(hours[plan["employment_focused"].to_numpy(dtype=bool)])
    # one pass over the rows (the dashboard recomputes this on every slider move)
    by_phase = dict.fromkeys(load_dataset("plan_phases").sort_values("order")["phase_id"], 0.0)
    by_act = dict.fromkeys(load_dataset("plan_activities").sort_values("order")["activity_id"], 0.0)
    for p, a, h in zip(plan["phase"], plan["activity"], hours.tolist(), strict=True):
        by_phase[p] += h
        by_act[a] += h
    planned_followup = by_act["seuranta"]
    out = {
        "total_hours": total, "cap": cap, "within_cap": round(total, 6) <= cap,
        "hours_left": cap - total, "employment_hours": emp,
        "employment_share": emp / total if total else None, "two_thirds": TWO_THIRDS,
        "two_thirds_met": bool(total) and emp / total >= TWO_THIRDS - 1e-9,
        "phase_hours": by_phase,
        "phase_shares": {p: h / total if total else 0.0 for p, h in by_phase.items()},
        "activity_hours": by_act,
        "activity_shares": {a: h / total if total else 0.0 for a, h in by_act.items()},
        "job_start_month": job_start_month, "meeting_hours": meeting_hours,
        "followup_hours_planned": planned_followup,
    }
    if job_start_month is None:
        out.update(followup_meetings=None, followup_meetings_after_year=None,
                   followup_hours_needed=None, followup_covered=None, followup_fits_cap=None)
        return out
    sched = followup_schedule(job_start_month, meeting_hours=meeting_hours)
    needed = math.fsum(sched.loc[sched["in_year"], "hours"])
    out.update(followup_meetings=int(sched["in_year"].sum()),
               followup_meetings_after_year=int((~sched["in_year"]).sum()),
               followup_hours_needed=needed,
               followup_covered=planned_followup >= needed - 1e-9,
               followup_fits_cap=round(total - planned_followup + needed, 6) <= cap)
    return out


def plan_result(plan: pd.DataFrame, *, job_start_month="plan",
                meeting_hours: float = MEETING_HOURS, cap: float = HOURS_CAP) -> Result:
    """A plan's check as a :class:`~coachkit.analyses.results.Result` (``coachkit plan check``).

    The facts are :func:`plan_summary`'s values plus ``visit_shares`` (measure → the
    employment-focused share of :func:`compare_with_visits`); they are all of
    :meth:`~coachkit.analyses.results.Result.to_dict`.  The table is the plan's rows
    (``phase, activity, hours``).

    >>> r = plan_result(read_plan(load_dataset("coaching_plans"), client="A01"))
    >>> r.facts["cap"], sorted(r.facts["visit_shares"])[:2], list(r.table.columns)
    (50, ['plan_hours', 'visit_topics'], ['phase', 'activity', 'hours'])
    """
    summary = plan_summary(plan, job_start_month=job_start_month, meeting_hours=meeting_hours,
                           cap=cap)
    cmp = compare_with_visits(summary)
    visits = dict(zip(cmp["measure"], cmp["employment_share"], strict=True))
    return Result(plan[["phase", "activity", "hours"]].reset_index(drop=True),
                  facts=summary | {"visit_shares": visits}, table_name=None)


def phase_table(plan: pd.DataFrame, *, lang: str = "fi") -> pd.DataFrame:
    """Hours per activity × phase as a wide table, with totals (for showing).

    Returns
    -------
    DataFrame
        One row per activity (its name, in order) and a total row; one column per phase
        (its name, in order) and a total column.
    """
    ph, act = phases(lang), activities(lang)
    name = f"name_{check_lang(lang)}"
    total = t("label.total", lang)
    wide = plan.pivot_table(index="activity", columns="phase", values="hours", aggfunc="sum",
                            fill_value=0.0)
    wide = wide.reindex(index=act["activity_id"], columns=ph["phase_id"], fill_value=0.0)
    wide["total"] = wide.sum(axis=1)
    wide.loc["total"] = wide.sum(axis=0)
    wide.index = [*act[name], total]
    wide.columns = [*ph[name], total]
    return wide


def client_overview(plans=None, clients=None, *, meeting_hours: float = MEETING_HOURS
                    ) -> pd.DataFrame:
    """Each synthetic client's planned year: budget, the two-thirds advice, the follow-up fit.

    Returns
    -------
    DataFrame
        ``client, profile, orientation, total_hours, employment_share, two_thirds_met,
        job_start_month, followup_hours_needed, followup_hours_planned, followup_fits_cap``.
    """
    plans = load_dataset("coaching_plans") if plans is None else plans
    clients = load_dataset("coaching_clients") if clients is None else clients
    rows = []
    for c in clients.itertuples():
        s = plan_summary(read_plan(plans, client=c.client), meeting_hours=meeting_hours)
        rows.append({"client": c.client, "profile": c.profile, "orientation": c.orientation,
                     "total_hours": s["total_hours"], "employment_share": s["employment_share"],
                     "two_thirds_met": s["two_thirds_met"],
                     "job_start_month": s["job_start_month"],
                     "followup_hours_needed": s["followup_hours_needed"],
                     "followup_hours_planned": s["followup_hours_planned"],
                     "followup_fits_cap": s["followup_fits_cap"]})
    return pd.DataFrame(rows)


def compare_with_visits(summary: dict, table=None, *, points: bool = False) -> pd.DataFrame:
    """The plan's employment-focused share beside notebook 04's visit shares.

    The visit table (claim ``visits.table``, Pikkusaari 2012, luku 4.1) counts a vocational
    institution's student visits to its job coach, not hours of TE job coaching: the
    comparison shows the gap in emphasis,
    not that the two measure the same thing.

    Returns
    -------
    DataFrame
        ``measure, employment_share, gap_to_two_thirds`` for the plan's hours, the visits
        (sum of rows), the visits (printed total) and the topics.  ``points=True``: the gap in
        percentage points (−45.4), for a page that must not show it as a share.

    Examples
    --------
    >>> c = compare_with_visits({"employment_share": 0.7})
    >>> c["measure"].tolist()
    ['plan_hours', 'visits_rows_total', 'visits_printed_total', 'visit_topics']
    >>> round(float(c.loc[1, "employment_share"]), 3)
    0.151
    """
    from ..analyses.tasks import read_task_table, task_summary

    t = task_summary(read_task_table(table if table is not None else load_dataset("visit_topics")))
    rows = [("plan_hours", summary["employment_share"]),
            ("visits_rows_total", t["share_of_visits"]),
            ("visits_printed_total", t["share_of_visits_printed"]),
            ("visit_topics", t["share_of_topics"])]
    df = pd.DataFrame(rows, columns=["measure", "employment_share"])
    df["employment_share"] = df["employment_share"].astype(float)
    df["gap_to_two_thirds"] = df["employment_share"] - TWO_THIRDS
    if points:  # for a page: percentage points, one decimal, shown without "%"
        df["gap_to_two_thirds"] = (100 * df["gap_to_two_thirds"]).round(1)
    return df


def plot_plan(plan: pd.DataFrame, summary: dict | None = None, *, fig=None, lang: str = "fi"):
    """Stacked hours per phase by activity, the 50 h budget bar and the follow-up timeline.

    Returns
    -------
    matplotlib Figure
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    from ..display.figures import colors, number_formatter, styled

    styled()
    summary = summary or plan_summary(plan)
    ph, act = phases(lang), activities(lang)
    name = f"name_{check_lang(lang)}"
    if fig is None:
        fig = plt.figure(figsize=(12, 6.2))
    fig.clear()
    grid = fig.add_gridspec(3, 1, height_ratios=[3.2, 1.0, 1.1], hspace=0.9)
    a1, a2, a3 = (fig.add_subplot(grid[i]) for i in range(3))
    palette = colors(len(act))
    ypos = np.arange(len(ph))[::-1]
    left = np.zeros(len(ph))
    cells = {(p, a): h for p, a, h in zip(plan["phase"], plan["activity"], plan["hours"],
                                          strict=True)}
    for (aid, aname, focused), col in zip(act[["activity_id", name, "employment_focused"]]
                                          .itertuples(index=False), palette, strict=True):
        h = np.array([cells.get((p, aid), 0.0) for p in ph["phase_id"]])
        a1.barh(ypos, h, left=left, color=col, hatch=None if focused else "//",
                edgecolor="white", label=aname)
        left += h
    a1.set_yticks(ypos, [f"{o}. {n}" for o, n in zip(ph["order"], ph[name], strict=True)])
    a1.set_xlabel(t("column.hours", lang))
    a1.set_xlim(0, max(HOURS_CAP * 0.6, left.max() * 1.1))
    a1.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize="small",
              title=t("label.plan_hatched", lang), title_fontsize="x-small")
    a1.set_title(t("label.plan_hours_title", lang))
    a1.xaxis.set_major_formatter(number_formatter(lang))

    total, emp = summary["total_hours"], summary["employment_hours"]
    other = total - emp
    a2.barh([0], [emp], color=palette[2], label=t("label.plan_employment_work", lang))
    a2.barh([0], [other], left=[emp], color="#bbbbbb", hatch="//", edgecolor="white",
            label=t("label.plan_other_work", lang))
    a2.axvline(HOURS_CAP, color="black", lw=2)
    a2.axvline(total * TWO_THIRDS, color=palette[3], ls="--", lw=2,
               label=t("label.plan_two_thirds", lang))
    a2.set_xlim(0, max(HOURS_CAP, total) * 1.05)
    a2.set_yticks([])
    cap = format_number(HOURS_CAP, lang)
    over = "" if summary["within_cap"] else " – " + t("label.plan_over_cap", lang, cap)
    share = summary["employment_share"] or 0.0
    a2.set_title(t("label.plan_budget", lang, format_number(round(total, 2), lang), cap, over,
                   format_percent(share, lang, 0)), fontsize="medium")
    a2.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize="small")
    a2.xaxis.set_major_formatter(number_formatter(lang))

    a3.set_xlim(0, 12)
    a3.set_yticks([])
    a3.set_xticks(range(12), [str(m) for m in range(1, 13)])  # month m starts at m - 1
    a3.set_xlabel(t("label.plan_month", lang))
    start = summary["job_start_month"]
    if start is None:
        a3.set_title(t("label.plan_no_job", lang), fontsize="medium")
    else:
        sched = followup_schedule(start, meeting_hours=summary["meeting_hours"])
        inside = sched.loc[sched["in_year"]]
        a3.axvline(start - 1, color="black", lw=2)
        a3.scatter(inside["month"], np.zeros(len(inside)), s=60, color=palette[5], zorder=3)
        need, have = summary["followup_hours_needed"], summary["followup_hours_planned"]
        ok = summary["followup_covered"] and summary["followup_fits_cap"]
        mark = "✓" if ok else "✗"
        a3.set_title(t("label.plan_follow_up", lang, mark, start, len(inside),
                       format_number(round(need, 2), lang), format_number(round(have, 2), lang)),
                     fontsize="medium")
    a3.legend(handles=[Patch(color=palette[5], label=t("value.what.follow_up", lang))],
              loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize="small")
    fig.subplots_adjust(left=0.24, right=0.7, top=0.94, bottom=0.08)
    return fig
