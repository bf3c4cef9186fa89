"""The coaching year's plan: hours per phase and activity; the 50 h budget, the two-thirds
advice and the follow-up fit follow."""

from __future__ import annotations

import html

from ..i18n import format_number, format_percent, parse_number, t
from ._common import LABEL_STYLE, readout, show_fixed


def _hours_box(slider, *, lang: str = "fi"):
    """A text box beside a slider that shows its hours and takes typed ones ("2,5", "3").

    The box replaces a plain readout (no extra widget): what is typed sets the slider (kept
    within its range, any fraction allowed); text that is not a number is put back.
    """
    import ipywidgets as w

    box = w.Text(layout=w.Layout(width="5em"), continuous_update=False)

    def show(_=None):
        box.value = format_number(round(slider.value, 2), lang)

    def typed(_=None):
        try:
            value = parse_number(box.value, lang)
        except ValueError:
            value = None
        if value is not None:
            value = min(max(float(value), slider.min), slider.max)
            if value != slider.value:
                slider.value = value
                return
        show()

    slider.observe(show, names="value")
    box.observe(typed, names="value")
    show()
    return box


def plan_controls(start=None, *, lang: str = "fi", step: float = 0.5):
    """One slider per phase × activity the plan contract allows, in a fold-out section per phase;
    beside each slider a box that shows its hours and takes typed ones.

    Parameters
    ----------
    start : DataFrame, optional
        A plan from :func:`coachkit.models.planning.read_plan` to start from (default: all zero).

    Returns
    -------
    (ipywidgets.Accordion, dict)
        The sections (the first open; full phase names as titles, never cut; ``.boxes`` is
        ``{(phase_id, activity_id): text box}``) and ``{(phase_id, activity_id): slider}``.
    """
    import ipywidgets as w

    from ..models.planning import HOURS_CAP, activities, phases

    name = f"name_{lang}"
    hours = {} if start is None else {(r.phase, r.activity): float(r.hours)
                                      for r in start.itertuples()}
    ph, act = phases(), activities()
    sliders, boxes, pages = {}, {}, []
    for p in ph.itertuples():
        rows = []
        for a in act.itertuples():
            if p.phase_id not in a.phases:
                continue
            s = w.FloatSlider(value=hours.get((p.phase_id, a.activity_id), 0.0), min=0,
                              max=HOURS_CAP, step=step, continuous_update=False, readout=False,
                              layout=w.Layout(width="22em"))
            key = (p.phase_id, a.activity_id)
            sliders[key], boxes[key] = s, _hours_box(s, lang=lang)
            mark = " ★" if a.employment_focused else ""
            rows.append(w.HBox([w.HTML(getattr(a, name) + mark, layout=w.Layout(width="20em")), s,
                                boxes[key]]))
        pages.append(w.VBox(rows))
    titles = [f"{p.order}. {getattr(p, name)}" for p in ph.itertuples()]
    sections = w.Accordion(children=pages, titles=titles, selected_index=0)
    sections.boxes = boxes
    return sections, sliders


def plan_status_html(summary: dict, *, lang: str = "fi", show_needed: bool = True) -> str:
    """Three lines for the dashboard: the 50 h budget, the two-thirds advice, the follow-up fit.

    ``show_needed=False`` leaves out how many follow-up meetings and hours the rhythm needs
    (an exercise asks the student to work that out; the line still says whether it fits).
    """
    def num(x):
        return format_number(round(x, 2), lang)

    ok, no = "✓", "✗"  # symbols every font has (emoji may be missing on a classroom PC)
    total, cap = summary["total_hours"], summary["cap"]
    share = summary["employment_share"] or 0.0
    budget = t("dashboard.plan.budget", lang, total=num(total), cap=cap)
    budget += " " + (t("dashboard.plan.left", lang, num(cap - total)) if summary["within_cap"]
                     else t("dashboard.plan.over", lang, num(total - cap)))
    lines = [f"{ok if summary['within_cap'] else no} {budget}",
             f"{ok if summary['two_thirds_met'] else no} "
             + t("dashboard.plan.employment", lang, hours=num(summary["employment_hours"]),
                 share=format_percent(share, lang, 0))]
    if summary["job_start_month"] is None:
        lines.append("– " + t("dashboard.plan.no_job", lang))
    else:
        fits = summary["followup_covered"] and summary["followup_fits_cap"]
        needed = (t("dashboard.plan.needed", lang, meetings=summary["followup_meetings"],
                    hours=num(summary["followup_hours_needed"])) + ", " if show_needed else "")
        line = t("dashboard.plan.followup", lang, month=summary["job_start_month"], needed=needed,
                 planned=num(summary["followup_hours_planned"]))
        if not summary["followup_fits_cap"]:
            line += " " + t("dashboard.plan.no_fit", lang, cap)
        lines.append(f"{ok if fits else no} {line}")
    return "<div style='font-size:1.1em'>" + "<br>".join(html.escape(x) for x in lines) + "</div>"


def plan_dashboard(start=None, *, lang: str = "fi"):
    """Sliders for a coaching year's hours; the 50 h budget, the two-thirds advice and the
    employment-first follow-up fit update live, with the figure of :func:`coachkit.models.planning.plot_plan`.

    Parameters
    ----------
    start : DataFrame, optional
        A plan from :func:`coachkit.models.planning.read_plan` (its job start month too).

    Returns
    -------
    ipywidgets.VBox
        ``box.plan()`` returns the current plan; ``box.sliders``, ``box.job_start``,
        ``box.meeting_hours`` and ``box.status`` are the controls and the status line.
    """
    import ipywidgets as w
    from IPython.display import display

    from ..models.planning import MEETING_HOURS, plan_from_hours, plan_summary, plot_plan

    sections, sliders = plan_controls(start, lang=lang)
    months = [(t("dashboard.plan.no_job_option", lang), 0)]
    months += [(str(m), m) for m in range(1, 13)]
    first = (start.attrs.get("job_start_month") if start is not None else None) or 0
    job_start = w.Dropdown(options=months, value=first, description=t("dashboard.plan.job_start", lang),
                           style=LABEL_STYLE)
    meeting = w.FloatSlider(value=MEETING_HOURS, min=0.5, max=3, step=0.25, continuous_update=False,
                            description=t("dashboard.plan.meeting", lang),
                            style=LABEL_STYLE, readout=False, layout=w.Layout(width="24em"))
    status = w.HTML()
    out = w.Output()

    def plan():
        hours = {k: s.value for k, s in sliders.items() if s.value > 0}
        if not hours:
            return None
        return plan_from_hours(hours, job_start_month=job_start.value or None)

    def update(_=None):
        p = plan()
        out.clear_output(wait=True)
        if p is None:
            status.value = f"<i>{html.escape(t('dashboard.plan.move', lang))}</i>"
            return
        s = plan_summary(p, meeting_hours=meeting.value)
        status.value = plan_status_html(s, lang=lang)
        with out:
            show_fixed(plot_plan(p, s, lang=lang))

    for control in [*sliders.values(), job_start, meeting]:
        control.observe(update, names="value")
    update()
    note = w.HTML("★ = " + html.escape(t("dashboard.plan.star_note", lang)))
    box = w.VBox([w.HBox([job_start, meeting, readout(meeting, lang=lang, decimals=2)]), sections,
                  note, status, out])
    box.plan, box.sliders, box.job_start, box.meeting_hours, box.status = (
        plan, sliders, job_start, meeting, status)
    box.output = out
    display(box)
    return box
