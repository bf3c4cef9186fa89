"""The value pyramid explorer: threshold, provider and client profile; the pyramid follows."""

from __future__ import annotations

from ..display.tables import display_frame
from ..i18n import t
from ._common import LABEL_STYLE, readout


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

    everyone = t("dashboard.everyone", lang)
    threshold = w.FloatSlider(value=4.0, min=2.0, max=5.0, step=0.25,
                              description=t("dashboard.threshold", lang),
                              continuous_update=False, readout=False, style=LABEL_STYLE)
    providers = [everyone, *sorted(survey["provider"].unique())] if "provider" in survey else [everyone]
    ids = sorted(survey["profile"].unique()) if "profile" in survey else []
    shown = (display_frame(pd.DataFrame({"profile": ids}), lang).iloc[:, 0].tolist() if ids else [])
    # profiles by their names (ids only in code)
    profiles = [(everyone, everyone), *zip(shown, ids, strict=True)]
    provider = w.Dropdown(options=providers, value=everyone, description=t("dashboard.provider", lang),
                          style=LABEL_STYLE)
    profile = w.Dropdown(options=profiles, value=everyone, description=t("dashboard.profile", lang),
                         style=LABEL_STYLE)

    def redraw(threshold, provider, profile):
        import matplotlib.pyplot as plt
        data = survey
        if provider != everyone:
            data = data.loc[data["provider"] == provider]
        if profile != everyone:
            data = data.loc[data["profile"] == profile]
        if len(data) < 5:
            print(t("dashboard.too_few", lang, len(data)))
            return
        fig, (a1, a2) = plt.subplots(1, 2, figsize=(13, 5))
        plot_pyramid(data, threshold=threshold, ax=a1, lang=lang)
        plot_useful_by_levels(useful_by_levels_met(data, threshold=threshold), ax=a2, lang=lang)
        a1.set_title(f"n = {len(data)}")
        plt.show()

    out = w.interactive_output(redraw, {"threshold": threshold, "provider": provider,
                                        "profile": profile})
    box = w.VBox([w.HBox([threshold, readout(threshold, lang=lang, unit="", decimals=2),
                          provider, profile]), out])
    display(box)
    return box
