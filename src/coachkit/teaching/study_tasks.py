"""Expected answers of exercises 7 (orientations) and 8 (service benefit), computed from the kit.

The tasks themselves (question, form, check, hint, tool) are records in
:data:`coachkit.teaching.tasks.TASKS`; this module only computes what a right answer is, from
the kit's data and rules, when an answer is checked.  It imports nothing of the teaching
package, so the task registry can read it without an import circle.

>>> expected("7b")
17
"""

from __future__ import annotations

from ..datasets import load_dataset

__all__ = ["expected", "STATEMENTS_8A", "ips_status"]


# --- exercise 7: orientations ------------------------------------------------------------------

def search_gap() -> float:
    """Weeks by which job search starts earlier employment-centred than coaching-centred (7a)."""
    from ..models.orientations import orientation_summary

    s = orientation_summary(load_dataset("orientation_journeys")).set_index("orientation")
    return float(s.loc["valmennuskeskeinen", "median_weeks_to_search"]
                 - s.loc["tyollistymiskeskeinen", "median_weeks_to_search"])


def first_year_meetings(job_start=20) -> int:
    """Follow-up meetings in the first year of work of a client who starts in week 20 (7b)."""
    from ..models.orientations import follow_up_weeks

    return len([w for w in follow_up_weeks(job_start, until=10_000) if w <= job_start + 52])


def ips_gap() -> set:
    """IPS-25 items the employment-centred orientation meets and the coaching-centred does not (7c)."""
    from ..models.orientations import ips_coverage

    c = ips_coverage().pivot(index="item", columns="orientation", values="status")
    return {int(i) for i in c.index[(c["tyollistymiskeskeinen"] == "meets")
                                    & (c["valmennuskeskeinen"] == "does_not")]}


def ips_status(item, orientation) -> str:
    """The kit's reading of one IPS-25 item for one orientation (``meets``, ``does_not``, …)."""
    from ..models.orientations import ips_coverage

    c = ips_coverage()
    return c.loc[(c["item"] == item) & (c["orientation"] == orientation), "status"].item()


# --- exercise 8: service benefit ---------------------------------------------------------------

#: Statements of task 8a: the id the student sees → the statement of the progress instrument.
#: The instrument's own ids begin with their area's letter (T, Y, H, E) and would give the
#: answer away, so the task numbers its statements V1–V6 (*väittämä*); the areas come from
#: the instrument.
STATEMENTS_8A = {"V1": "T3", "V2": "Y2", "V3": "H2", "V4": "E3", "V5": "T1", "V6": "H4"}


def areas_8a() -> dict:
    """Statement id shown in task 8a → its area in the kit's progress instrument."""
    from ..analyses.benefit import instrument

    t = instrument().set_index("item")
    return {shown: str(t.loc[item, "area"]) for shown, item in STATEMENTS_8A.items()}


def _benefit_data():
    from ..analyses.benefit import read_benefit

    return read_benefit(load_dataset("benefit_ratings"))


def change_not_employed(area="yhteistyo") -> float:
    """Mean change of the coachees who found no work, in one area (8b)."""
    from ..analyses.benefit import benefit_summary

    s = benefit_summary(_benefit_data())
    return float(s.loc[(s["area"] == area) & ~s["employed"], "change"].item())


def improved_not_employed(threshold=1.0) -> float:
    """Share of the coachees without work who improved in at least one area (8c)."""
    from ..analyses.benefit import improved_any

    t = improved_any(_benefit_data(), threshold=threshold).set_index("employed")
    return float(t.loc[False, "improved_share"])


def expected(task: str):
    """The expected answer of a task of exercise 7 or 8 (for trainers' keys and tests)."""
    return {"7a": search_gap, "7b": first_year_meetings, "7c": ips_gap, "8a": areas_8a,
            "8b": change_not_employed, "8c": improved_not_employed}[task]()
