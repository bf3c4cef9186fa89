"""The star rule explorer: four thresholds and their basis; the heatmap and Table 1's match follow."""

from __future__ import annotations

from ..analyses.stars import DEFAULT_RULE, StarRule
from ..analyses.themes import compare_to_published, plot_stars, star_table
from ..i18n import t
from ._common import LABEL_STYLE


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
    bases = ("count", "share")
    basis = w.ToggleButtons(options=[(t(f"dashboard.basis.{b}", lang), b) for b in bases],
                            value="count", description=t("dashboard.basis", lang), style=LABEL_STYLE)

    def redraw(**kw):
        import matplotlib.pyplot as plt
        values = [kw[f"t{i}"] for i in range(4)]
        try:
            if kw["basis"] == "share":
                rule = StarRule(tuple(v / 100 for v in values), basis="share")
            else:
                rule = StarRule(tuple(values))
        except ValueError as exc:
            print(t("dashboard.stars.rising", lang, exc))
            return
        table = star_table(corpus, rule=rule)
        match = int(compare_to_published(table)["match"].sum())
        fig, ax = plt.subplots(figsize=(9, 4.5))
        plot_stars(table, ax=ax, lang=lang, annotate="both")
        ax.set_title(t("dashboard.stars.title", lang, rule="/".join(map(str, values)),
                       basis=t(f"dashboard.basis.{kw['basis']}", lang), match=match))
        plt.show()

    controls = {f"t{i}": s for i, s in enumerate(sliders)} | {"basis": basis}
    out = w.interactive_output(redraw, controls)
    box = w.VBox([basis, w.HBox(sliders[:2]), w.HBox(sliders[2:]), out])
    display(box)
    return box
