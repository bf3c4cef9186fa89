"""The service-benefit dashboard: improvement threshold, client profile and one coachee; the
change by area follows."""

from __future__ import annotations

from ..display.tables import show_table
from ..i18n import t
from ._common import LABEL_STYLE, readout, show_fixed


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
    everyone = t("dashboard.all_profiles", lang)
    present = [p for p in profiles["profile_id"] if p in set(data["profile"])]
    names = dict(zip(profiles["profile_id"], profiles[f"name_{lang}"], strict=True))
    threshold = w.FloatSlider(value=1.0, min=0.25, max=2.0, step=0.25, readout=False,
                              description=t("dashboard.benefit.threshold", lang),
                              continuous_update=False, style=LABEL_STYLE)
    profile = w.Dropdown(options=[(everyone, None), *((names[p], p) for p in present)], value=None,
                         description=t("dashboard.profile", lang), style=LABEL_STYLE)
    job = dict(zip(scores["client_id"], scores["employed"], strict=False))
    word = {True: t("dashboard.benefit.employed", lang), False: t("dashboard.benefit.not_employed", lang)}
    coachee = w.Dropdown(options=[(f"{c} ({word[bool(job[c])]})", c) for c in job],
                         description=t("dashboard.coachee", lang), style=LABEL_STYLE)

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
    box = w.VBox([w.HBox([threshold, readout(threshold, lang=lang, unit="", decimals=2)]),
                  w.HBox([profile, coachee]), out])
    display(box)
    return box
