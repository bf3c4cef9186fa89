"""Trainer handouts: executed HTML of every analysis notebook and student exercise.

``coachkit handouts [--out DIR]`` writes ``DIR/muistikirjat/*.html``,
``DIR/harjoitukset/*.html`` and a Finnish course index ``DIR/index.html``, ready for a
learning platform or a projector.  Widget state is stored in the HTML, so widgets show
their last state where the browser can load the widget library.
"""

from __future__ import annotations

from pathlib import Path

from ..notebooks import export_folder, notebooks_dir, write_index
from .exercises import exercises_dir

INTRO = ("Työhönvalmennuksen tutkimus- ja opetuspaketin materiaalit: analyysimuistikirjat "
         "tutkimuksen tuloksista ja harjoitukset opiskelijoille. Aineistot ovat synteettisiä "
         "(paitsi julkaistut taulukot), ja ne opettavat analyysin tekemistä.")


def write_handouts(out="build/handouts", *, notebooks=None, exercises=None,
                   progress: bool = True) -> Path:
    """Execute analysis notebooks and student exercises and write the HTML course pack.

    Returns
    -------
    Path
        The course index page.
    """
    out = Path(out)
    analyses = export_folder(notebooks or notebooks_dir(), out, prefix="muistikirjat/",
                             progress=progress, desc="muistikirjat")
    tasks = export_folder(exercises or exercises_dir(), out, prefix="harjoitukset/",
                          progress=progress, desc="harjoitukset")
    return write_index([], out, title="Työhönvalmennus – kurssimateriaali", intro=INTRO,
                       sections=[("Analyysimuistikirjat", analyses),
                                 ("Harjoitukset opiskelijoille", tasks)]).resolve()
