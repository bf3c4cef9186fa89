"""Trainer handouts: executed HTML of every analysis notebook and student exercise.

``coachkit handouts [--out DIR]`` writes ``DIR/muistikirjat/*.html``,
``DIR/harjoitukset/*.html`` and a Finnish course index ``DIR/index.html``, ready for a
learning platform or a projector.  Widget state is stored in the HTML, so widgets show
their last state where the browser can load the widget library.
"""

from __future__ import annotations

from pathlib import Path

from ..display.notebooks import export_folder, notebooks_dir, write_index
from ..i18n import DEFAULT_LANG, t
from .exercises import exercises_dir


def _intro() -> str:
    """The index page's lead: the kit's materials, the study they rest on named from its record."""
    from ..reference.sources import SOURCES

    study = SOURCES["pikkusaari2012"]
    title = study.reference.split("). ", 1)[1].split(".", 1)[0]  # the work's title as recorded
    return t("teaching.handouts.intro", DEFAULT_LANG, work=f"{study.short}, {title}")


def write_handouts(out="build/handouts", *, notebooks=None, exercises=None,
                   progress: bool = True, no_code: bool = False) -> Path:
    """Execute analysis notebooks and student exercises and write the HTML course pack.

    Pages work offline (dashboards as pictures, nothing from the network); with
    ``no_code=True`` code cells are left out — the trainer's projector variant.

    Returns
    -------
    Path
        The course index page.
    """
    out = Path(out)
    analyses = export_folder(notebooks or notebooks_dir(), out, prefix="muistikirjat/",
                             progress=progress, desc="muistikirjat", no_code=no_code)
    tasks = export_folder(exercises or exercises_dir(), out, prefix="harjoitukset/",
                          progress=progress, desc="harjoitukset", no_code=no_code)
    return write_index([], out, title=t("teaching.handouts.title", DEFAULT_LANG), intro=_intro(),
                       sections=[("Analyysimuistikirjat", analyses),
                                 ("Harjoitukset opiskelijoille", tasks)]).resolve()
