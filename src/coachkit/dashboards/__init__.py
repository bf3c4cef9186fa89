"""Interactive explorers for the notebooks (ipywidgets).

Each function returns a widget box; the notebook only displays it.  Figures
are redrawn into one output area when a control is released
(``continuous_update=False``), so a classroom projector does not flicker.
"""

from __future__ import annotations

import html
from pathlib import Path

from ..analyses.stars import DEFAULT_RULE, StarRule
from ..analyses.themes import compare_to_published, plot_stars, star_table
from ..display.tables import display_frame, format_number, format_percent, show_table

#: Control labels sized to their text, so "Työmarkkinat" is never cut to "Työmarkki…".
LABEL_STYLE = {"description_width": "initial"}


# --- saving a student's work for the trainer (used by these forms and the exercises) -----------

def save_table(table, prefix: str, student: str, folder=".") -> Path:
    """Write a form's table as ``<prefix>_<nimi>.csv`` for the trainer.

    For Finnish Excel (:mod:`coachkit.teaching.saved`): Finnish headers, *kyllä/ei*, decimal
    commas, ``;``, UTF-8 with BOM, formula-like text neutralised.  The kit's readers take the
    Finnish headers back (:func:`coachkit.formats.read_table`).
    """
    from ..formats import write_atomic
    from ..teaching.saved import student_csv
    from ..teaching.student import safe_name, student_key

    if not safe_name(student or ""):
        raise ValueError("kirjoita ensin nimesi (tai nimimerkki)")
    if table is None or len(table) == 0:
        raise ValueError("lomake on tyhjä: täytä vähintään yksi rivi")
    path = Path(folder) / f"{safe_name(prefix)}_{student_key(student)}.csv"
    return write_atomic(path, student_csv(display_frame(table)))


def name_box(write, *, title: str, button: str = "Tallenna"):
    """A name field and a button: ``write(name)`` saves the work and returns the file's path.

    A ``ValueError`` from ``write`` (no name, an empty form) is shown as one line.  The box has
    ``.name``, ``.button`` and ``.result``.
    """
    import ipywidgets as w

    from ..teaching.saved import download_link
    from ..teaching.student import name_field, visit_field

    name = name_field()
    press = w.Button(description=button, button_style="success", layout=w.Layout(width="16em"))
    out = w.HTML()

    def on_click(_):
        try:
            path = Path(write(name.value))
            out.value = (f"Tallennettu: <code>{html.escape(path.name)}</code> kouluttajalle · "
                         f"{download_link(path)}")
        except ValueError as exc:
            out.value = f'<span style="color:#b35806">{html.escape(str(exc))}</span>'

    press.on_click(on_click)
    box = w.VBox([w.HTML(f"<b>{html.escape(title)}</b>"), w.HBox([name, press]), out,
                  visit_field()])
    box.name, box.button, box.result = name, press, out
    return box


def save_box(table, prefix: str, *, title: str = "Tallenna lomake kouluttajalle", folder="."):
    """A name field and a button that saves ``table()`` with :func:`save_table`."""
    return name_box(lambda name: save_table(table(), prefix, name, folder), title=title)


def star_rule_explorer(corpus, *, lang: str = "fi"):
    """Sliders for the four star thresholds; the heatmap and the match with Table 1 follow.

    Parameters
    ----------
    corpus : DataFrame
        Output of :func:`coachkit.read_corpus`.
    """
    import ipywidgets as w
    from IPython.display import display

    names = ["★", "★★", "★★★", "★★★★"]
    sliders = [w.IntSlider(value=v, min=1, max=40, description=f"{n} ≥", continuous_update=False,
                           style=LABEL_STYLE)
               for n, v in zip(names, DEFAULT_RULE.thresholds, strict=True)]
    basis = w.ToggleButtons(options=[("määrä", "count"), ("osuus %", "share")], value="count",
                            description="Peruste", style=LABEL_STYLE)
    def redraw(**kw):
        import matplotlib.pyplot as plt
        values = [kw[f"t{i}"] for i in range(4)]
        try:
            if kw["basis"] == "share":
                rule = StarRule(tuple(v / 100 for v in values), basis="share")
            else:
                rule = StarRule(tuple(values))
        except ValueError as exc:
            print(f"Kynnysten pitää kasvaa: {exc}")
            return
        table = star_table(corpus, rule=rule)
        match = int(compare_to_published(table)["match"].sum())
        fig, ax = plt.subplots(figsize=(9, 4.5))
        plot_stars(table, ax=ax, lang=lang, annotate="both")
        cut = "/".join(map(str, values))
        if lang == "fi":
            basis_name = {"count": "määrä", "share": "osuus %"}[kw["basis"]]
            ax.set_title(f"Sääntö {cut} ({basis_name}) — sama kuin Taulukko 1: {match}/30 solua")
        else:
            ax.set_title(f"Rule {cut} ({kw['basis']}) — same as Table 1: {match}/30 cells")
        plt.show()

    controls = {f"t{i}": s for i, s in enumerate(sliders)} | {"basis": basis}
    out = w.interactive_output(redraw, controls)
    box = w.VBox([basis, w.HBox(sliders[:2]), w.HBox(sliders[2:]), out])
    display(box)
    return box


def fidelity_form(*, lang: str = "fi", initial=None):
    """25 sliders (one per IPS-25 item) with a live total, band and section subtotals.

    Parameters
    ----------
    initial : DataFrame, optional
        ``item, score`` to start from (default: every item 3).

    Returns
    -------
    ipywidgets.VBox
        ``box.ratings()`` returns the current ratings as a DataFrame; ``box.sliders``
        maps item number → slider; ``box.save`` saves them (name + button) as
        ``ips25_<nimi>.csv`` in the working folder, like the exercises' answers.
    """
    import ipywidgets as w
    import pandas as pd
    from IPython.display import display

    from .._labels import label
    from ..analyses.fidelity import band_name, fidelity_score
    from ..datasets import load_dataset

    items = load_dataset("ips25_items")
    start = dict.fromkeys(items["item"], 3)
    if initial is not None:
        start.update(dict(zip(initial["item"], initial["score"], strict=True)))
    name_col = "name_fi" if lang == "fi" else "name_en"
    # Long item names wrap in their own label instead of being cut in a slider description.
    names = {int(r.item): f"{r.item}. {getattr(r, name_col)}" for r in items.itertuples()}
    sliders = {int(r.item): w.IntSlider(value=int(start[r.item]), min=1, max=5,
                                        continuous_update=False, layout=w.Layout(width="16em"))
               for r in items.itertuples()}
    summary = w.HTML()

    def ratings():
        return pd.DataFrame({"item": list(sliders), "score": [s.value for s in sliders.values()]})

    def update(_=None):
        res = fidelity_score(ratings())
        parts = " · ".join(f"{label('section.' + s, lang)} {v}"
                           for s, v in res.sections.items())
        summary.value = (f"<h3 style='margin:0'>{res.total} / 125 — "
                         f"{band_name(res.band, lang)}</h3><p>{parts}</p>")

    for s in sliders.values():
        s.observe(update, names="value")
    update()
    groups = []
    for section in ("staffing", "organization", "services"):
        ids = items.loc[items["section"] == section, "item"]
        groups.append(w.HTML(f"<b>{label('section.' + section, lang)}</b>"))
        groups.extend(w.HBox([w.HTML(names[int(i)], layout=w.Layout(width="28em")),
                              sliders[int(i)]]) for i in ids)

    save = save_box(ratings, "ips25", title="Tallenna arviointi kouluttajalle")
    box = w.VBox([summary, *groups, summary, save])
    box.ratings, box.sliders, box.save = ratings, sliders, save
    display(box)
    return box


#: the week form's fields by their Finnish labels on the form
WEEK_FORM_FIELDS = {"topic": "Aihe", "visits": "Käyntejä",
                    "employment_related": "työllistymiseen liittyvä"}


def week_form_problem(exc: Exception, shown_rows) -> str:
    """One Finnish line for a validation failure of the week form.

    ``shown_rows`` lists, for each row of the validated table, its index among the form's rows
    (blank rows are left out of the table).  The kit's English message stays for the CLI/API.

    >>> from coachkit.errors import InputError
    >>> exc = InputError("duplicate topic '1' (first seen on row 2); each must be unique",
    ...                  file="lomake", row=3, column="topic")
    >>> week_form_problem(exc, [0, 2])
    'Rivillä 3 on sama aihe kuin rivillä 1 – anna jokaiselle aiheelle oma nimi.'
    """
    import re

    def form_row(sheet_row):
        pos = int(sheet_row) - 2  # sheet row 2 = the table's first row
        return shown_rows[pos] + 1 if 0 <= pos < len(shown_rows) else None

    row = form_row(exc.row) if getattr(exc, "row", None) is not None else None
    detail = getattr(exc, "detail", str(exc))
    first = re.search(r"first seen on row (\d+)", detail)
    if detail.startswith("duplicate") and row and first and form_row(first.group(1)):
        return (f"Rivillä {row} on sama aihe kuin rivillä {form_row(first.group(1))} – "
                "anna jokaiselle aiheelle oma nimi.")
    field = WEEK_FORM_FIELDS.get(getattr(exc, "column", None))
    place = (f"Rivillä {row}" if row else "Lomakkeessa") + (f" kohdassa ”{field}”" if field else "")
    return f"{place} on arvo, jota ei voi lukea – korjaa se."


def week_form(rows: int = 6):
    """A small form for a student's own week of visits: topic, visits, employment-related.

    The summary (employment-related share of topics and of visits) updates live.

    Returns
    -------
    ipywidgets.VBox
        ``box.table()`` returns the entries as a table in the CLI's CSV contract;
        ``box.save`` saves it (name + button) as ``viikko_<nimi>.csv``.
    """
    import ipywidgets as w
    import pandas as pd
    from IPython.display import display

    from ..analyses.tasks import read_task_table, task_summary

    entries = [(w.Text(placeholder="käynnin aihe", layout=w.Layout(width="20em")),
                w.BoundedIntText(value=0, min=0, max=999, layout=w.Layout(width="6em")),
                w.Checkbox(value=False, description="työllistymiseen liittyvä", indent=False))
               for _ in range(rows)]
    result = w.HTML()

    def filled():
        return [i for i, (t, _n, _e) in enumerate(entries) if t.value.strip()]

    def table():
        data = [(t.value.strip(), n.value, e.value) for t, n, e in (entries[i] for i in filled())]
        return pd.DataFrame(data, columns=["topic", "visits", "employment_related"])

    def update(_=None):
        t = table()
        if t.empty:
            result.value = "<i>Kirjoita vähintään yksi aihe.</i>"
            return
        try:
            s = task_summary(read_task_table(t.astype(str), name="lomake"))
        except ValueError as exc:
            result.value = f"<b>Tarkista:</b> {html.escape(week_form_problem(exc, filled()))}"
            return
        visits = "–" if s["share_of_visits"] is None else format_percent(s["share_of_visits"], 0)
        result.value = (f"Aiheita {s['topics']}, käyntejä {format_number(s['rows_total'])}. "
                        f"Työllistymiseen liittyviä: {format_percent(s['share_of_topics'], 0)} "
                        f"aiheista ja {visits} käynneistä.")

    for t, n, e in entries:
        for widget in (t, n, e):
            widget.observe(update, names="value")
    update()

    save = save_box(table, "viikko", title="Tallenna viikkosi kouluttajalle")
    header = w.HBox([w.HTML("<b>Aihe</b>", layout=w.Layout(width="20em")),
                     w.HTML("<b>Käyntejä</b>", layout=w.Layout(width="6em"))])
    box = w.VBox([header, *(w.HBox(list(row)) for row in entries), result, save])
    box.table, box.save, box.result = table, save, result
    display(box)
    return box


def pyramid_explorer(survey, *, lang: str = "fi"):
    """Threshold slider, provider and client-profile filters; the pyramid and P(useful | k) follow.

    Parameters
    ----------
    survey : DataFrame
        Output of :func:`coachkit.analyses.pyramid.read_survey`.
    """
    import ipywidgets as w
    import pandas as pd
    from IPython.display import display

    from ..analyses.pyramid import plot_pyramid, plot_useful_by_levels, useful_by_levels_met

    everyone = "kaikki" if lang == "fi" else "all"
    threshold = w.FloatSlider(value=4.0, min=2.0, max=5.0, step=0.25, description="Raja",
                              continuous_update=False, readout=False, style=LABEL_STYLE)
    providers = [everyone, *sorted(survey["provider"].unique())] if "provider" in survey else [everyone]
    ids = sorted(survey["profile"].unique()) if "profile" in survey else []
    shown = (display_frame(pd.DataFrame({"profile": ids}), lang).iloc[:, 0].tolist() if ids else [])
    # profiles by their names (ids only in code)
    profiles = [(everyone, everyone), *zip(shown, ids, strict=True)]
    provider = w.Dropdown(options=providers, value=everyone, description="Palvelu", style=LABEL_STYLE)
    profile = w.Dropdown(options=profiles, value=everyone, description="Asiakasprofiili",
                         style=LABEL_STYLE)

    def redraw(threshold, provider, profile):
        import matplotlib.pyplot as plt
        data = survey
        if provider != everyone:
            data = data.loc[data["provider"] == provider]
        if profile != everyone:
            data = data.loc[data["profile"] == profile]
        if len(data) < 5:
            print(f"Vain {len(data)} asiakasta – valitse laajempi joukko.")
            return
        fig, (a1, a2) = plt.subplots(1, 2, figsize=(13, 5))
        plot_pyramid(data, threshold=threshold, ax=a1, lang=lang)
        plot_useful_by_levels(useful_by_levels_met(data, threshold=threshold), ax=a2, lang=lang)
        a1.set_title(f"n = {len(data)}")
        plt.show()

    out = w.interactive_output(redraw, {"threshold": threshold, "provider": provider,
                                        "profile": profile})
    box = w.VBox([w.HBox([threshold, _readout(threshold, lang=lang, unit="", decimals=2),
                          provider, profile]), out])
    display(box)
    return box


def show_fixed(fig) -> None:
    """Display a figure whose margins are already set, as a PNG without a tight bounding box.

    The inline backend's ``bbox_inches="tight"`` draws the figure twice; a dashboard whose
    layout is fixed (``subplots_adjust``) saves that second draw on every redraw.
    """
    import matplotlib.pyplot as plt
    from IPython.display import display

    from ..display.figures import figure_html, figure_png

    png = figure_png(fig, tight=False)  # decimal commas on the axes under Finnish
    page = figure_html(fig, png=png)  # the same picture with a Finnish alt text
    plt.close(fig)
    display({"image/png": png, "text/html": page}, raw=True)


#: Replications used by the selection dashboard: enough for stable means, fast enough to
#: redraw while a trainer talks (``python -m coachkit.bench selection`` measures it).
DASHBOARD_REPS = 200


def selection_figure(*, places: int = 100, coach_fte: float = 1.0, job_club: bool = False,
                     labour_market: float = 0.0, strategy: str = "all", lang: str = "fi",
                     reps: int = DASHBOARD_REPS, fig=None, applicants: int = 300):
    """Simulate and draw the dashboard's two panels; returns ``(summary, fig)``."""
    from ..models.selection import (
        SelectionParams,
        plot_coach_hours,
        plot_employment_equity,
        simulate,
    )

    params = SelectionParams.calibrated(applicants=applicants, places=places, coach_fte=coach_fte,
                                        labour_market=labour_market)
    strategies = ("tightened", "loosened", "open") if strategy == "all" else (strategy,)
    res = simulate(params, strategies=strategies, reps=reps, seed=0, job_club=job_club)
    if fig is None:
        import matplotlib.pyplot as plt
        fig = plt.figure(figsize=(13, 4.8))
    fig.clear()
    a1, a2 = fig.subplots(1, 2, gridspec_kw={"wspace": 0.3})
    plot_employment_equity(res.summary, ax=a1, lang=lang)
    plot_coach_hours(res.summary, ax=a2, lang=lang)
    # fixed margins: tight_layout would cost a third of the redraw time
    fig.subplots_adjust(left=0.07, right=0.98, bottom=0.12, top=0.92)
    return res.summary, fig


def selection_dashboard(*, lang: str = "fi", applicants: int = 300):
    """Strategy, places, coach FTE, job club and labour-market controls; table and figures follow.

    At ``places == applicants`` every strategy admits everyone; the dashboard then says so
    in words instead of drawing three identical points.
    """
    import ipywidgets as w
    from IPython.display import HTML, display

    strategy = w.Dropdown(options=[("kaikki", "all"), ("A tiukennettu", "tightened"),
                                   ("B väljennetty", "loosened"), ("C ei arviointia", "open")],
                          value="all", description="Strategia", style=LABEL_STYLE)
    places = w.IntSlider(value=100, min=20, max=applicants, step=10, description="Paikat",
                         continuous_update=False, style=LABEL_STYLE)
    fte = w.FloatSlider(value=1.0, min=0.0, max=3.0, step=0.25, description="Valmentajat (htv)",
                        continuous_update=False, readout=False, style=LABEL_STYLE)
    club = w.Checkbox(value=False, description="Työnhakuklubi", style=LABEL_STYLE)
    market = w.FloatSlider(value=0.0, min=-1.0, max=1.0, step=0.25, description="Työmarkkinat",
                           continuous_update=False, readout=False, style=LABEL_STYLE)

    def redraw(strategy, places, fte, club, market):
        import matplotlib.pyplot as plt
        summary, fig = selection_figure(places=places, coach_fte=fte, job_club=club,
                                        labour_market=market, strategy=strategy, lang=lang,
                                        applicants=applicants)
        cols = ["strategy", "coach", "disadvantaged_admitted_share", "employment_rate",
                "employed", "disadvantaged_employed", "coach_hours_needed", "coach_hours_available"]
        if places >= applicants:
            # Every strategy admits everyone: A, B and C are one point and the figure looks
            # empty, so say what happened instead of drawing it.
            plt.close(fig)
            display(HTML(f"<p><b>Kaikki {applicants} hakijaa pääsevät sisään</b>, joten "
                         "strategiat A, B ja C valitsevat saman joukon ja niiden tulokset ovat "
                         "samat. Pienennä paikkojen määrää, niin erot näkyvät.</p>"))
            display(show_table(summary.loc[summary["strategy"] == summary["strategy"].iloc[0], cols],
                               lang))
            return
        display(show_table(summary[cols], lang))
        show_fixed(fig)

    out = w.interactive_output(redraw, {"strategy": strategy, "places": places, "fte": fte,
                                        "club": club, "market": market})
    box = w.VBox([w.HBox([strategy, places]),
                  w.HBox([fte, _readout(fte, lang=lang, unit="", decimals=2),
                          market, _readout(market, lang=lang, unit="", decimals=2), club]), out])
    display(box)
    return box


def _readout(slider, *, lang: str = "fi", unit: str = "h", decimals: int = 1):
    """A value label beside a slider, with a decimal comma in Finnish (the slider's own
    readout would show a decimal point)."""
    import ipywidgets as w

    label = w.HTML(layout=w.Layout(width="5em"))

    def show(_=None):
        text = f"{slider.value:.{decimals}f} {unit}".strip()
        label.value = text.replace(".", ",") if lang == "fi" else text

    slider.observe(show, names="value")
    show()
    return label


def _hours_box(slider, *, lang: str = "fi"):
    """A text box beside a slider that shows its hours and takes typed ones ("2,5", "3").

    The box replaces a plain readout (no extra widget): what is typed sets the slider (kept
    within its range, any fraction allowed); text that is not a number is put back.
    """
    import ipywidgets as w

    from ..teaching.tasks import read_number

    box = w.Text(layout=w.Layout(width="5em"), continuous_update=False)

    def show(_=None):
        text = f"{round(slider.value, 2):g}"
        box.value = text.replace(".", ",") if lang == "fi" else text

    def typed(_=None):
        value = read_number(box.value)
        if isinstance(value, int | float) and not isinstance(value, bool):
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

    name = "name_fi" if lang == "fi" else "name_en"
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
    import html

    def num(x):
        text = f"{round(x, 2):g}"
        return text.replace(".", ",") if lang == "fi" else text

    ok, no = "✓", "✗"  # symbols every font has (emoji may be missing on a classroom PC)
    total, cap = summary["total_hours"], summary["cap"]
    share = summary["employment_share"] or 0.0
    pct = f"{100 * share:.0f} %"
    if lang == "fi":
        lines = [f"{ok if summary['within_cap'] else no} Budjetti: {num(total)} / {cap} h "
                 + (f"(jäljellä {num(cap - total)} h)" if summary["within_cap"]
                    else f"— {num(total - cap)} h yli vuoden enimmäismäärän"),
                 f"{ok if summary['two_thirds_met'] else no} Työnhakuun, työnantajiin ja "
                 f"työpaikkoihin {num(summary['employment_hours'])} h = {pct} "
                 "(tutkimuksen neuvo: kaksi kolmasosaa)"]
        if summary["job_start_month"] is None:
            lines.append("– Ei työpaikkaa tänä vuonna: seurantarytmiä ei tarvita.")
        else:
            fits = summary["followup_covered"] and summary["followup_fits_cap"]
            needed = (f"{summary['followup_meetings']} tapaamista = "
                      f"{num(summary['followup_hours_needed'])} h, " if show_needed else "")
            lines.append(f"{ok if fits else no} Seuranta, kun työ alkaa kuukautena "
                         f"{summary['job_start_month']}: {needed}suunniteltu "
                         f"{num(summary['followup_hours_planned'])} h"
                         + ("" if summary["followup_fits_cap"] else
                            " — ei mahdu 50 tuntiin muun suunnitelman kanssa"))
    else:
        lines = [f"{ok if summary['within_cap'] else no} Budget: {num(total)} / {cap} h",
                 f"{ok if summary['two_thirds_met'] else no} Job search, employers and workplaces "
                 f"{num(summary['employment_hours'])} h = {pct} (the study's advice: two thirds)"]
        if summary["job_start_month"] is None:
            lines.append("– No job this year: no follow-up rhythm needed.")
        else:
            fits = summary["followup_covered"] and summary["followup_fits_cap"]
            needed = (f"{summary['followup_meetings']} meetings = "
                      f"{num(summary['followup_hours_needed'])} h, " if show_needed else "")
            lines.append(f"{ok if fits else no} Follow-up from month {summary['job_start_month']}: "
                         f"{needed}planned "
                         f"{num(summary['followup_hours_planned'])} h")
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
    months = [("ei työpaikkaa tänä vuonna" if lang == "fi" else "no job this year", 0)]
    months += [(str(m), m) for m in range(1, 13)]
    first = (start.attrs.get("job_start_month") if start is not None else None) or 0
    job_start = w.Dropdown(options=months, value=first,
                           description="Työ alkaa kuukautena" if lang == "fi" else "Work starts in month",
                           style=LABEL_STYLE)
    meeting = w.FloatSlider(value=MEETING_HOURS, min=0.5, max=3, step=0.25, continuous_update=False,
                            description="Seurantatapaaminen" if lang == "fi" else "Follow-up meeting",
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
            status.value = ("<i>Siirrä tunteja liukusäätimillä.</i>" if lang == "fi"
                            else "<i>Move hours with the sliders.</i>")
            return
        s = plan_summary(p, meeting_hours=meeting.value)
        status.value = plan_status_html(s, lang=lang)
        with out:
            show_fixed(plot_plan(p, s, lang=lang))

    for control in [*sliders.values(), job_start, meeting]:
        control.observe(update, names="value")
    update()
    note = w.HTML("★ = " + ("työnhaku, työnantajayhteistyö ja työpaikat (kahden kolmasosan osuus)"
                            if lang == "fi" else "job search, employers and workplaces (the two thirds)"))
    box = w.VBox([w.HBox([job_start, meeting, _readout(meeting, lang=lang, decimals=2)]), sections,
                  note, status, out])
    box.plan, box.sliders, box.job_start, box.meeting_hours, box.status = (
        plan, sliders, job_start, meeting, status)
    box.output = out
    display(box)
    return box


def orientation_dashboard(events=None, *, lang: str = "fi"):
    """Client profile, client and orientations; the timelines and the IPS-25 items follow.

    Parameters
    ----------
    events : DataFrame, optional
        Journeys (default: the ``orientation_journeys`` dataset).
    """
    import ipywidgets as w
    from IPython.display import display

    from ..datasets import load_dataset
    from ..models.orientations import ORIENTATIONS, ips_table, journey_summary, plot_timeline

    events = load_dataset("orientation_journeys") if events is None else events
    profiles = load_dataset("client_profiles").sort_values("order")
    name = "name_fi" if lang == "fi" else "name_en"
    everyone = "kaikki profiilit" if lang == "fi" else "all profiles"
    profile = w.Dropdown(options=[(everyone, None), *zip(profiles[name], profiles["profile_id"],
                                                         strict=True)],
                         value=None, description="Asiakasprofiili", style=LABEL_STYLE)
    n_clients = int(events.groupby("profile")["client_id"].nunique().min())
    number = w.IntSlider(value=1, min=1, max=n_clients, description="Asiakas nro",
                         continuous_update=False, style=LABEL_STYLE)
    names = load_dataset("orientations").set_index("orientation_id")[name]
    boxes = {o: w.Checkbox(value=True, description=names[o], indent=False,
                           layout=w.Layout(width="auto")) for o in ORIENTATIONS}
    summary = journey_summary(events)

    def redraw(profile, number, **chosen):
        orientations = [o for o in ORIENTATIONS if chosen[o]]
        if not orientations:
            print("Valitse vähintään yksi orientaatio.")
            return
        ids = events.groupby("profile", sort=False)["client_id"].unique()
        picked = [str(v[number - 1]) for p, v in ids.items() if profile in (None, p)]
        if profile is not None:  # one profile: all its clients, the chosen one first
            rest = [str(c) for c in ids[profile] if str(c) not in picked]
            picked += rest
        fig = plot_timeline(events, clients=picked, orientations=orientations, lang=lang)
        show_fixed(fig)
        s = summary[summary["client_id"].isin(picked) & summary["orientation"].isin(orientations)]
        cols = ["orientation", "search_start_week", "support_weeks", "follow_ups", "in_work_week_52"]
        mean = s.groupby("orientation", sort=False)[cols[1:]].mean().reindex(orientations)
        mean["in_work_week_52"] = mean["in_work_week_52"].astype(float)
        table = mean.rename(columns={"in_work_week_52": "in_work_52_share"}).reset_index()
        display(show_table(table, lang))
        t = ips_table(lang)
        display(show_table(t[["item", "name", *orientations]], lang))

    controls = {"profile": profile, "number": number} | boxes
    out = w.interactive_output(redraw, controls)
    box = w.VBox([w.HBox([profile, number]), w.HBox(list(boxes.values())), out])
    display(box)
    return box


def benefit_dashboard(data=None, *, lang: str = "fi"):
    """Improvement threshold, client profile and one coachee; the change by area follows.

    Parameters
    ----------
    data : DataFrame, optional
        Output of :func:`coachkit.analyses.benefit.read_benefit` (default: the synthetic ratings).
    """
    import ipywidgets as w
    from IPython.display import display

    from ..analyses.benefit import (
        area_scores,
        benefit_summary,
        improved_any,
        plot_benefit,
        plot_coachee,
        read_benefit,
    )
    from ..datasets import load_dataset

    data = read_benefit(load_dataset("benefit_ratings")) if data is None else data
    scores = area_scores(data)
    profiles = load_dataset("client_profiles").sort_values("order")
    name = "name_fi" if lang == "fi" else "name_en"
    everyone = "kaikki profiilit" if lang == "fi" else "all profiles"
    present = [p for p in profiles["profile_id"] if p in set(data["profile"])]
    names = dict(zip(profiles["profile_id"], profiles[name], strict=True))
    threshold = w.FloatSlider(value=1.0, min=0.25, max=2.0, step=0.25, readout=False,
                              description="Edistymisen raja (pistettä)", continuous_update=False,
                              style=LABEL_STYLE)
    profile = w.Dropdown(options=[(everyone, None), *((names[p], p) for p in present)], value=None,
                         description="Asiakasprofiili", style=LABEL_STYLE)
    job = dict(zip(scores["client_id"], scores["employed"], strict=False))
    word = ("työllistyi", "ei työllistynyt") if lang == "fi" else ("employed", "not employed")
    coachee = w.Dropdown(options=[(f"{c} ({word[0] if job[c] else word[1]})", c) for c in job],
                         description="Valmentautuja", style=LABEL_STYLE)

    def redraw(threshold, profile, coachee):
        import matplotlib.pyplot as plt
        d = data if profile is None else data[data["profile"] == profile]
        fig = plt.figure(figsize=(13, 4.6))
        a1, a2 = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.3, 1], "wspace": 0.45})
        plot_benefit(benefit_summary(d, threshold=threshold), ax=a1, lang=lang)
        plot_coachee(scores, coachee, ax=a2, lang=lang)
        fig.subplots_adjust(left=0.06, right=0.98, bottom=0.2, top=0.9)
        show_fixed(fig)
        display(show_table(improved_any(d, threshold=threshold), lang))

    out = w.interactive_output(redraw, {"threshold": threshold, "profile": profile,
                                        "coachee": coachee})
    box = w.VBox([w.HBox([threshold, _readout(threshold, lang=lang, unit="", decimals=2)]),
                  w.HBox([profile, coachee]), out])
    display(box)
    return box
