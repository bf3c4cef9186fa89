"""Shared plotting helpers: colour-blind-safe palettes and the projector theme."""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.util
import sys

# matplotlib and seaborn are imported inside the functions: a command that only
# prints a table (``coachkit tasks summary --json``) must not pay for them.

#: Qualitative palette (Okabe–Ito via seaborn's "colorblind").
PALETTE = "colorblind"
#: Sequential colour map for heatmaps, readable in grey and for colour-blind viewers.
SEQUENTIAL = "cividis"


def set_theme(*, projector: bool = False, font_scale: float | None = None,
              lang: str = "fi") -> None:
    """Apply the kit's figure style.

    In a notebook, figures are also shown with a Finnish alt text (their titles and axis
    names, :func:`alt_text`) and, under ``lang="fi"``, with a decimal comma on the axes.

    Parameters
    ----------
    projector : bool
        Larger fonts and thicker lines for a classroom projector.
    font_scale : float, optional
        Override the font scale (default 1.0, or 1.5 with ``projector``).
    lang : str
        ``"fi"`` (decimal comma on axes, Finnish alt text) or ``"en"``.
    """
    scale = font_scale if font_scale is not None else (1.5 if projector else 1.0)
    _FIGURES["lang"] = lang

    def apply():
        import seaborn as sns

        sns.set_theme(context="talk" if projector else "notebook", style="whitegrid",
                      palette=PALETTE, font_scale=scale)
        _install_figure_display()

    # A page that draws nothing (an exercise's forms) should not load seaborn, scipy and
    # statsmodels (~55 MB per classroom kernel): the theme is applied when pyplot loads.
    if "matplotlib.pyplot" in sys.modules:
        apply()
    else:
        _after_import("matplotlib.pyplot", apply)


class _AfterImport(importlib.abc.MetaPathFinder):
    """Runs ``then()`` right after module ``name`` has been imported (once)."""

    def __init__(self, name, then):
        self.name, self.then = name, then

    def find_spec(self, fullname, path, target=None):
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None:
            return spec
        loader, then = spec.loader, self.then

        class Loader(importlib.abc.Loader):
            def create_module(self, spec):
                return loader.create_module(spec)

            def exec_module(self, module):
                loader.exec_module(module)
                then()

        spec.loader = Loader()
        return spec


def _after_import(name: str, then) -> None:
    for finder in [f for f in sys.meta_path if isinstance(f, _AfterImport) and f.name == name]:
        sys.meta_path.remove(finder)  # the latest set_theme() wins
    sys.meta_path.insert(0, _AfterImport(name, then))


_FIGURES = {"lang": "fi"}


def _comma_formatter(inner):
    """Wraps a numeric tick formatter: same ticks, decimal comma (``0,5`` not ``0.5``)."""
    from matplotlib.ticker import Formatter

    class Comma(Formatter):
        def __init__(self):
            self.inner = inner

        def set_axis(self, axis):
            self.inner.set_axis(axis)
            self.axis = axis

        def set_locs(self, locs):
            self.inner.set_locs(locs)

        def __call__(self, x, pos=None):
            return _comma(self.inner(x, pos))

        def format_ticks(self, values):
            return [_comma(t) for t in self.inner.format_ticks(values)]

        def get_offset(self):
            return _comma(self.inner.get_offset())

    return Comma()


def _comma(text: str) -> str:
    return text.replace(",", "\u2009").replace(".", ",")


def comma_axes(fig) -> None:
    """Put decimal commas on every numeric axis of ``fig`` (category labels are left alone).

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(); _ = ax.plot([0, 0.5], [0, 1.5]); comma_axes(fig)
    >>> fig.canvas.draw(); "0,5" in [t.get_text() for t in ax.get_xticklabels()]
    True
    >>> plt.close(fig)
    """
    from matplotlib import ticker

    numeric = (ticker.ScalarFormatter, ticker.PercentFormatter, ticker.FormatStrFormatter,
               ticker.StrMethodFormatter, ticker.LogFormatter)
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for get, put in ((axis.get_major_formatter, axis.set_major_formatter),
                             (axis.get_minor_formatter, axis.set_minor_formatter)):
                current = get()
                if isinstance(current, numeric):
                    put(_comma_formatter(current))



def percent_formatter(lang: str = "fi", *, absolute: bool = False):
    """Tick labels for shares (0–1) the kit's way: ``74 %`` (space, decimal comma).

    >>> percent_formatter()(0.74), percent_formatter(absolute=True)(-0.5)
    ('74 %', '50 %')
    """
    from matplotlib.ticker import FuncFormatter

    from .tables import format_percent

    return FuncFormatter(lambda x, _=None: format_percent(abs(x) if absolute else x, 0, lang))


def number_formatter(lang: str = "fi"):
    """Tick labels for counts: thousands with a space under Finnish (``2 000``).

    >>> number_formatter()(2000.0), number_formatter(lang="en")(2000.0)
    ('2 000', '2,000')
    """
    from matplotlib.ticker import FuncFormatter

    from .tables import format_number

    return FuncFormatter(lambda x, _=None: format_number(x, lang=lang))

def alt_text(fig) -> str:
    """A Finnish description of a figure for readers who cannot see it: titles and axes.

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(); _ = ax.set(title="Saturaatio", xlabel="Vastaajia", ylabel="Koodeja")
    >>> alt_text(fig)
    'Kuvio: Saturaatio (vaaka-akseli: Vastaajia; pystyakseli: Koodeja)'
    >>> plt.close(fig)
    """
    parts = []
    if getattr(fig, "_suptitle", None) is not None and fig._suptitle.get_text():
        parts.append(fig._suptitle.get_text())
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        title = ax.get_title() or ax.get_title("left")
        axes = [f"{k}: {v}" for k, v in (("vaaka-akseli", ax.get_xlabel()),
                                          ("pystyakseli", ax.get_ylabel())) if v]
        parts.append((title + (f" ({'; '.join(axes)})" if axes else "")).strip())
    text = " · ".join(p for p in parts if p)
    return f"Kuvio: {text}" if text else "Kuvio"


def figure_png(fig, *, tight: bool = True) -> str:
    """The figure as base64 PNG, with decimal commas on its axes under Finnish."""
    import base64
    import io

    if _FIGURES["lang"] == "fi":
        comma_axes(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", **({"bbox_inches": "tight"} if tight else {}))
    return base64.b64encode(buf.getvalue()).decode("ascii")


def figure_html(fig, *, tight: bool = True, png: str | None = None) -> str:
    """The figure as an ``<img>`` with Finnish alt text (and decimal commas under Finnish)."""
    import html

    data = png if png is not None else figure_png(fig, tight=tight)
    return (f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt_text(fig))}" '
            'style="max-width:100%">')


def _install_figure_display() -> bool:
    """In IPython, show matplotlib figures as an image with Finnish alt text (HTML output)."""
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
    shell.display_formatter.formatters["text/html"].for_type(Figure, figure_html)
    return True


def get_ax(ax=None, *, figsize=(7, 4)):
    """Return ``ax`` or a new axes."""
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize)
    return ax


def colors(n: int):
    """``n`` colours of the kit's qualitative palette."""
    import seaborn as sns

    return sns.color_palette(PALETTE, n)
