"""Exercise 9 (a coaching year of 50 hours): the client, and the expected answers from the kit.

The tasks themselves (question, form, check, hint, tool) are records in
:data:`coachkit.teaching.tasks.TASKS`.  Every expected answer here is computed from the kit's
data (:mod:`coachkit.models.planning`, the synthetic clients and the visit table) at check time; this
module imports nothing of the teaching package, so the registry reads it without an import circle.
"""

from __future__ import annotations

import math
import numbers

from ..datasets import load_dataset
from ..i18n import DEFAULT_LANG, format_number, format_percent

__all__ = ["EXERCISE_CLIENT", "client_plan", "client_start", "provider_share",
           "followup_hours", "followup_readings", "visits_for_two_thirds", "plan_review"]

#: The client the exercise plans for: a coaching-centred provider plan that misses the
#: two-thirds advice and whose follow-up rhythm does not fit (checked by the tests).
EXERCISE_CLIENT = "A11"


def client_plan():
    """The provider's plan for the exercise's client (the starting point of 9a, the data of 9b)."""
    from ..models.planning import read_plan

    return read_plan(load_dataset("coaching_plans"), client=EXERCISE_CLIENT)


def client_start() -> int:
    """The month of the coaching year in which the client's job starts."""
    return client_plan().attrs["job_start_month"]


def provider_share() -> float:
    """Share of the provider's hours that go to job search, employers and workplaces (9b)."""
    from ..models.planning import plan_summary

    return plan_summary(client_plan())["employment_share"]


def followup_hours() -> float:
    """Hours the follow-up rhythm needs in this coaching year (9c)."""
    from ..models.planning import plan_summary

    return plan_summary(client_plan())["followup_hours_needed"]


def followup_readings() -> dict:
    """The follow-up hours of 9c under the two readings its question allows.

    The rhythm says *monthly* but not on which day of the month.  The kit puts the monthly
    meeting of work month *m* at *m* months after the start, so the meeting that falls exactly
    at the end of the coaching year belongs to the next year (``"kit"``); a student who gives
    every month of work that fits in the year its own meeting counts that one too
    (``"every_month"``).  With work starting at the beginning of month 3 these are
    1 + 1 + 4 + 8 = 14 and 1 + 1 + 4 + 9 = 15 hours.

    >>> followup_readings()
    {'kit': 14.0, 'every_month': 15.0}
    """
    from ..models.planning import followup_schedule

    s = followup_schedule(client_start())
    at_year_end = s["month"] <= 12 + 1e-9
    return {"kit": float(s.loc[s["in_year"], "hours"].sum()),
            "every_month": float(s.loc[at_year_end & (s["month"] >= 0), "hours"].sum())}


def visits_for_two_thirds() -> int:
    """Visits that should have been employment-related for two thirds of the topic rows (9d)."""
    from ..analyses.tasks import read_task_table, task_summary
    from ..models.planning import TWO_THIRDS

    s = task_summary(read_task_table(load_dataset("visit_topics")))
    return math.ceil(TWO_THIRDS * s["rows_total"] - 1e-9)


def _as_hours(answer):
    """A plan answer as ``{(phase, activity): hours}``, or None if it cannot be one."""
    import pandas as pd

    if isinstance(answer, pd.DataFrame):
        if not {"phase", "activity", "hours"} <= set(answer.columns):
            return None
        answer = {(r.phase, r.activity): r.hours for r in answer.itertuples()}
    if not isinstance(answer, dict) or not answer:
        return None
    if not all(isinstance(k, tuple) and len(k) == 2 for k in answer):
        return None
    if not all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in answer.values()):
        return None
    return answer


def plan_review(answer):
    """The student's plan against the exercise's own targets: within the TE service's 50 h, two
    thirds to job search/employers/workplaces (the study's advice, which the exercise sets as its
    target; the kit's plan check elsewhere only reports it), the IPS model's follow-up rhythm
    covered, and hours in the two central phases (claim ``te.phases_1_2_central``, the service
    design report, chapter 2).

    Returns
    -------
    tuple or None
        ``(summary, misses)``: :func:`~coachkit.models.planning.plan_summary` of the plan and the
        Finnish lines of what it misses (empty when the plan meets every aim); None when the
        answer cannot be read as a plan.  A plan outside the plan contract raises ``ValueError``.
    """
    from ..models.planning import HOURS_CAP, plan_from_hours, plan_summary

    hours = _as_hours(answer)
    if hours is None:
        return None
    plan = plan_from_hours({k: v for k, v in hours.items() if v > 0},
                           job_start_month=client_start())
    s = plan_summary(plan)
    misses = []
    if not s["within_cap"]:
        misses.append(f"tunteja on {format_number(s['total_hours'], DEFAULT_LANG)}, enintään {HOURS_CAP} "
                      "sallitaan")
    if not s["two_thirds_met"]:
        misses.append("työnhakuun, työnantajiin ja työpaikkoihin menee "
                      f"{format_percent(s['employment_share'], DEFAULT_LANG, 0)} – harjoituksen tavoite on "
                      "tutkimuksen neuvo, kaksi kolmasosaa")
    if not s["followup_covered"]:
        misses.append("seurantatapaamisille ei ole varattu tarpeeksi tunteja IPS-mallin "
                      "seurantarytmiin")
    if any(s["phase_hours"][p] == 0 for p in ("suuntaaminen", "loytaminen")):
        misses.append("vaiheet 1 ja 2 ovat palvelun keskeisimmät – molempiin tarvitaan tunteja")
    return s, misses
