"""Interactive explorers for the notebooks (ipywidgets).

Each function returns a widget box; the notebook only displays it.  Figures
are redrawn into one output area when a control is released
(``continuous_update=False``), so a classroom projector does not flicker.
"""

from __future__ import annotations

import matplotlib.pyplot as plt

from .stars import DEFAULT_RULE, StarRule
from .themes import compare_to_published, plot_stars, star_table


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
    sliders = [w.IntSlider(value=v, min=1, max=40, description=f"{n} ≥", continuous_update=False)
               for n, v in zip(names, DEFAULT_RULE.thresholds, strict=True)]
    basis = w.ToggleButtons(options=[("määrä", "count"), ("osuus %", "share")], value="count",
                            description="Peruste")
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
        ax.set_title(f"{rule.name} — sama kuin Taulukko 1: {match}/30 solua")
        plt.show()

    controls = {f"t{i}": s for i, s in enumerate(sliders)} | {"basis": basis}
    out = w.interactive_output(redraw, controls)
    box = w.VBox([basis, w.HBox(sliders[:2]), w.HBox(sliders[2:]), out])
    display(box)
    return box
