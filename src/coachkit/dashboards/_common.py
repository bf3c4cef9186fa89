"""What every dashboard shares: label sizing, a figure shown as it was laid out, slider readouts."""

from __future__ import annotations

from ..i18n import format_number

#: Control labels sized to their text, so "Työmarkkinat" is never cut to "Työmarkki…".
LABEL_STYLE = {"description_width": "initial"}


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


def readout(slider, *, lang: str = "fi", unit: str = "h", decimals: int = 1):
    """A value label beside a slider, the number written the language's way (the slider's own
    readout would show a decimal point in Finnish too)."""
    import ipywidgets as w

    label = w.HTML(layout=w.Layout(width="5em"))

    def show(_=None):
        label.value = f"{format_number(slider.value, lang, decimals)} {unit}".strip()

    slider.observe(show, names="value")
    show()
    return label
