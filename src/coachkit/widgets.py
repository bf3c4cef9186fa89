"""Interactive explorers for the notebooks (ipywidgets).

Each function returns a widget box; the notebook only displays it.  Figures
are redrawn into one output area when a control is released
(``continuous_update=False``), so a classroom projector does not flicker.
"""

from __future__ import annotations

import html

import matplotlib.pyplot as plt

from .stars import DEFAULT_RULE, StarRule
from .tables import display_frame, format_number, format_percent, show_table
from .themes import compare_to_published, plot_stars, star_table

#: Control labels sized to their text, so "Työmarkkinat" is never cut to "Työmarkki…".
LABEL_STYLE = {"description_width": "initial"}


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

    from ._labels import label
    from .datasets import load_dataset
    from .fidelity import band_name, fidelity_score

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
    from .teaching.forms import save_box

    save = save_box(ratings, "ips25", title="Tallenna arviointi kouluttajalle")
    box = w.VBox([summary, *groups, summary, save])
    box.ratings, box.sliders, box.save = ratings, sliders, save
    display(box)
    return box


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

    from .tasks import read_task_table, task_summary

    entries = [(w.Text(placeholder="käynnin aihe", layout=w.Layout(width="20em")),
                w.BoundedIntText(value=0, min=0, max=999, layout=w.Layout(width="6em")),
                w.Checkbox(value=False, description="työllistymiseen liittyvä", indent=False))
               for _ in range(rows)]
    result = w.HTML()

    def table():
        data = [(t.value.strip(), n.value, e.value) for t, n, e in entries if t.value.strip()]
        return pd.DataFrame(data, columns=["topic", "visits", "employment_related"])

    def update(_=None):
        t = table()
        if t.empty:
            result.value = "<i>Kirjoita vähintään yksi aihe.</i>"
            return
        try:
            s = task_summary(read_task_table(t.astype(str), name="lomake"))
        except ValueError as exc:
            result.value = f"<b>Tarkista:</b> {html.escape(str(exc))}"
            return
        visits = "–" if s["share_of_visits"] is None else format_percent(s["share_of_visits"], 0)
        result.value = (f"Aiheita {s['topics']}, käyntejä {format_number(s['rows_total'])}. "
                        f"Työllistymiseen liittyviä: {format_percent(s['share_of_topics'], 0)} "
                        f"aiheista ja {visits} käynneistä.")

    for t, n, e in entries:
        for widget in (t, n, e):
            widget.observe(update, names="value")
    update()
    from .teaching.forms import save_box

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
        Output of :func:`coachkit.pyramid.read_survey`.
    """
    import ipywidgets as w
    import pandas as pd
    from IPython.display import display

    from .pyramid import plot_pyramid, plot_useful_by_levels, useful_by_levels_met

    everyone = "kaikki" if lang == "fi" else "all"
    threshold = w.FloatSlider(value=4.0, min=2.0, max=5.0, step=0.25, description="Raja",
                              continuous_update=False, style=LABEL_STYLE)
    providers = [everyone, *sorted(survey["provider"].unique())] if "provider" in survey else [everyone]
    ids = sorted(survey["profile"].unique()) if "profile" in survey else []
    shown = (display_frame(pd.DataFrame({"profile": ids}), lang).iloc[:, 0].tolist() if ids else [])
    # profiles by their names (ids only in code)
    profiles = [(everyone, everyone), *zip(shown, ids, strict=True)]
    provider = w.Dropdown(options=providers, value=everyone, description="Palvelu", style=LABEL_STYLE)
    profile = w.Dropdown(options=profiles, value=everyone, description="Asiakasprofiili",
                         style=LABEL_STYLE)

    def redraw(threshold, provider, profile):
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
    box = w.VBox([w.HBox([threshold, provider, profile]), out])
    display(box)
    return box


def show_fixed(fig) -> None:
    """Display a figure whose margins are already set, as a PNG without a tight bounding box.

    The inline backend's ``bbox_inches="tight"`` draws the figure twice; a dashboard whose
    layout is fixed (``subplots_adjust``) saves that second draw on every redraw.
    """
    from IPython.display import display

    from ._plotting import figure_html, figure_png

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
    from .selection import SelectionParams, plot_coach_hours, plot_employment_equity, simulate

    params = SelectionParams.calibrated(applicants=applicants, places=places, coach_fte=coach_fte,
                                        labour_market=labour_market)
    strategies = ("tightened", "loosened", "open") if strategy == "all" else (strategy,)
    res = simulate(params, strategies=strategies, reps=reps, seed=0, job_club=job_club)
    if fig is None:
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
                        continuous_update=False, style=LABEL_STYLE)
    club = w.Checkbox(value=False, description="Työnhakuklubi", style=LABEL_STYLE)
    market = w.FloatSlider(value=0.0, min=-1.0, max=1.0, step=0.25, description="Työmarkkinat",
                           continuous_update=False, style=LABEL_STYLE)

    def redraw(strategy, places, fte, club, market):
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
    box = w.VBox([w.HBox([strategy, places]), w.HBox([fte, market, club]), out])
    display(box)
    return box
