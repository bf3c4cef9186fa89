"""The selection dashboard: strategy, places, coaches, job club and labour market; the
simulated outcomes follow."""

from __future__ import annotations

import html

from ..display.tables import show_table
from ..i18n import t
from ._common import LABEL_STYLE, readout, show_fixed

#: Replications used by the selection dashboard: enough for stable means, fast enough to
#: redraw while a trainer talks (``python -m benchmarks.bench selection`` measures it).
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
    from ..display.figures import styled

    styled()
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

    options = [(t("dashboard.everyone", lang), "all"),
               *((t(f"strategy.{s}", lang), s) for s in ("tightened", "loosened", "open"))]
    strategy = w.Dropdown(options=options, value="all", description=t("dashboard.strategy", lang),
                          style=LABEL_STYLE)
    places = w.IntSlider(value=100, min=20, max=applicants, step=10,
                         description=t("dashboard.places", lang),
                         continuous_update=False, style=LABEL_STYLE)
    fte = w.FloatSlider(value=1.0, min=0.0, max=3.0, step=0.25, description=t("dashboard.coach_fte", lang),
                        continuous_update=False, readout=False, style=LABEL_STYLE)
    club = w.Checkbox(value=False, description=t("dashboard.job_club", lang), style=LABEL_STYLE)
    market = w.FloatSlider(value=0.0, min=-1.0, max=1.0, step=0.25,
                           description=t("dashboard.labour_market", lang),
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
            display(HTML(f"<p><b>{html.escape(t('dashboard.selection.all_admitted', lang, applicants))}"
                         f"</b>, {html.escape(t('dashboard.selection.all_admitted_why', lang))}</p>"))
            display(show_table(summary.loc[summary["strategy"] == summary["strategy"].iloc[0], cols],
                               lang))
            return
        display(show_table(summary[cols], lang))
        show_fixed(fig)

    out = w.interactive_output(redraw, {"strategy": strategy, "places": places, "fte": fte,
                                        "club": club, "market": market})
    box = w.VBox([w.HBox([strategy, places]),
                  w.HBox([fte, readout(fte, lang=lang, unit="", decimals=2),
                          market, readout(market, lang=lang, unit="", decimals=2), club]), out])
    display(box)
    return box
