"""Shared plotting helpers: colour-blind-safe palettes and the projector theme.

:func:`set_theme` says how figures look and in which language they are described; the theme
is applied at once when pyplot is loaded, otherwise by :func:`styled`, which the kit's plot
helpers (:func:`get_ax`, :func:`colors`) call before drawing.  So a page that draws nothing
(an exercise of forms) never loads seaborn, and nothing is hooked into Python's imports.
"""

from __future__ import annotations

import contextlib
import sys

from ..i18n import check_lang, t

# matplotlib and seaborn are imported inside the functions: a command that only
# prints a table (``coachkit tasks summary --json``) must not pay for them.

#: Qualitative palette (Okabe–Ito via seaborn's "colorblind").
PALETTE = "colorblind"
#: Sequential colour map for heatmaps, readable in grey and for colour-blind viewers.
SEQUENTIAL = "cividis"

#: what set_theme asked for: the language figures are described in, the theme, whether applied
_FIGURES = {"lang": "fi", "theme": None, "applied": False}


def set_theme(*, projector: bool = False, font_scale: float | None = None,
              lang: str = "fi") -> None:
    """Choose the kit's figure style and the language figures are described in.

    In a notebook, figures are shown with an alt text in ``lang`` (their titles and axis
    names, :func:`alt_text`) and with the language's decimal mark on the axes (a comma
    under ``lang="fi"``).  Applied now if pyplot is loaded, else when the kit first draws
    (:func:`styled`).

    Parameters
    ----------
    projector : bool
        Larger fonts and thicker lines for a classroom projector.
    font_scale : float, optional
        Override the font scale (default 1.0, or 1.5 with ``projector``).
    lang : str
        A language with a catalogue (:func:`coachkit.i18n.languages`): ``"fi"`` or ``"en"``.
    """
    scale = font_scale if font_scale is not None else (1.5 if projector else 1.0)
    _FIGURES.update(lang=check_lang(lang), theme=("talk" if projector else "notebook", scale),
                    applied=False)
    if "matplotlib.pyplot" in sys.modules:
        styled()


def styled() -> None:
    """Apply the theme :func:`set_theme` chose, once (a no-op before any ``set_theme``).

    Called first by the kit's plot helpers; call it yourself before drawing with pyplot
    alone on a page whose first figure is not the kit's.
    """
    if _FIGURES["theme"] is None or _FIGURES["applied"]:
        return
    import seaborn as sns

    context, scale = _FIGURES["theme"]
    sns.set_theme(context=context, style="whitegrid", palette=PALETTE, font_scale=scale)
    _install_figure_display()
    _FIGURES["applied"] = True


def figure_lang() -> str:
    """The language figures are described in (the last :func:`set_theme`'s ``lang``)."""
    return _FIGURES["lang"]


def _marks_formatter(inner, lang: str):
    """Wraps a numeric tick formatter: same ticks, the language's decimal and group marks."""
    from matplotlib.ticker import Formatter

    class Marks(Formatter):
        def __init__(self):
            self.inner = inner

        def set_axis(self, axis):
            self.inner.set_axis(axis)
            self.axis = axis

        def set_locs(self, locs):
            self.inner.set_locs(locs)

        def __call__(self, x, pos=None):
            return _marks(self.inner(x, pos), lang)

        def format_ticks(self, values):
            return [_marks(text, lang) for text in self.inner.format_ticks(values)]

        def get_offset(self):
            return _marks(self.inner.get_offset(), lang)

    return Marks()


def _marks(text: str, lang: str) -> str:
    """A tick label written with ``.`` and ``,`` in ``lang``'s decimal and group marks (CLDR).

    >>> _marks("1,200.5", "fi"), _marks("1,200.5", "en")
    ('1\xa0200,5', '1,200.5')
    """
    from babel.numbers import get_decimal_symbol, get_group_symbol

    decimal, group = get_decimal_symbol(lang), get_group_symbol(lang)
    return "".join(group if c == "," else decimal if c == "." else c for c in text)


def comma_axes(fig, lang: str | None = None) -> None:
    """Write every numeric axis of ``fig`` with ``lang``'s decimal mark (default: the theme's
    language): ``0,5`` under Finnish.  Category labels are left alone.

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(); _ = ax.plot([0, 0.5], [0, 1.5]); comma_axes(fig, "fi")
    >>> fig.canvas.draw(); "0,5" in [t.get_text() for t in ax.get_xticklabels()]
    True
    >>> plt.close(fig)
    """
    from matplotlib import ticker

    lang = check_lang(lang or _FIGURES["lang"])
    numeric = (ticker.ScalarFormatter, ticker.PercentFormatter, ticker.FormatStrFormatter,
               ticker.StrMethodFormatter, ticker.LogFormatter)
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for get, put in ((axis.get_major_formatter, axis.set_major_formatter),
                             (axis.get_minor_formatter, axis.set_minor_formatter)):
                current = get()
                if isinstance(current, numeric):
                    put(_marks_formatter(current, lang))


def percent_formatter(lang: str = "fi", *, absolute: bool = False):
    """Tick labels for shares (0–1) the language's way: ``74 %`` in Finnish, ``74%`` in English.

    >>> percent_formatter()(0.74), percent_formatter("en", absolute=True)(-0.5)
    ('74\xa0%', '50%')
    """
    from matplotlib.ticker import FuncFormatter

    from ..i18n import format_percent

    return FuncFormatter(lambda x, _=None: format_percent(abs(x) if absolute else x, lang, 0))


def number_formatter(lang: str = "fi"):
    """Tick labels for counts: thousands the language's way (``2 000`` in Finnish).

    >>> number_formatter()(2000.0), number_formatter(lang="en")(2000.0)
    ('2\xa0000', '2,000')
    """
    from matplotlib.ticker import FuncFormatter

    from ..i18n import format_number

    return FuncFormatter(lambda x, _=None: format_number(x, lang))


def alt_text(fig, lang: str | None = None) -> str:
    """A description of a figure for readers who cannot see it: titles and axes, in ``lang``
    (default: the theme's language).

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(); _ = ax.set(title="Saturaatio", xlabel="Vastaajia", ylabel="Koodeja")
    >>> alt_text(fig, "fi")
    'Kuvio: Saturaatio (vaaka-akseli: Vastaajia; pystyakseli: Koodeja)'
    >>> _ = ax.set(title="Saturation", xlabel="Respondents", ylabel="Codes"); alt_text(fig, "en")
    'Figure: Saturation (x axis: Respondents; y axis: Codes)'
    >>> plt.close(fig)
    """
    lang = check_lang(lang or _FIGURES["lang"])
    parts = []
    if getattr(fig, "_suptitle", None) is not None and fig._suptitle.get_text():
        parts.append(fig._suptitle.get_text())
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        title = ax.get_title() or ax.get_title("left")
        axes = [f"{t(k, lang)}: {v}" for k, v in (("label.alt_x_axis", ax.get_xlabel()),
                                                  ("label.alt_y_axis", ax.get_ylabel())) if v]
        parts.append((title + (f" ({'; '.join(axes)})" if axes else "")).strip())
    text = " · ".join(p for p in parts if p)
    word = t("label.alt_figure", lang)
    return f"{word}: {text}" if text else word


def figure_png(fig, *, tight: bool = True, lang: str | None = None) -> str:
    """The figure as base64 PNG, its axes with ``lang``'s decimal mark (default: the theme's)."""
    import base64
    import io

    comma_axes(fig, lang)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", **({"bbox_inches": "tight"} if tight else {}))
    return base64.b64encode(buf.getvalue()).decode("ascii")


def figure_html(fig, *, tight: bool = True, png: str | None = None, lang: str | None = None) -> str:
    """The figure as an ``<img>`` with its alt text and decimal marks in ``lang`` (default: the
    theme's language)."""
    import html

    data = png if png is not None else figure_png(fig, tight=tight, lang=lang)
    return (f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt_text(fig, lang))}" '
            'style="max-width:100%">')


def _install_figure_display() -> bool:
    """In IPython, show matplotlib figures as an image with an alt text (HTML output)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return False
    shell = get_ipython()
    if shell is None:
        return False
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    # load the inline backend first: its set-up clears every formatter for figures
    with contextlib.suppress(Exception):
        plt._get_backend_mod()
    shell.display_formatter.formatters["text/html"].for_type(Figure, lambda fig: figure_html(fig))
    return True


def get_ax(ax=None, *, figsize=(7, 4)):
    """Return ``ax`` or a new axes (in the theme :func:`set_theme` chose)."""
    styled()
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize)
    return ax


def colors(n: int):
    """``n`` colours of the kit's qualitative palette (the theme applied first)."""
    styled()
    import seaborn as sns

    return sns.color_palette(PALETTE, n)
