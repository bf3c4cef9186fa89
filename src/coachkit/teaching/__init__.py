"""Teaching: exercises with Finnish feedback, answer forms, handouts and the classroom server.

Students see each task with :func:`tehtava` (question, data or tool, answer form: mouse and
keyboard only) or answer in code with :func:`tarkista`;
trainers use ``coachkit exercises build``, ``coachkit handouts`` and ``coachkit classroom``.
The week and IPS-25 forms of the notebooks with their save row: :func:`week_form`,
:func:`fidelity_form`.

Importing the package changes nothing in IPython: an exercise's setup cell calls
:func:`install_hints` itself, so a novice's ``NameError`` or ``SyntaxError`` also prints one
Finnish hint line there.
"""

from .exercises import Feedback, install_hints, pohdi, tarkista
from .forms import fidelity_form, lomake, tallennus, tehtava, vertailu, week_form

__all__ = ["Feedback", "fidelity_form", "install_hints", "lomake", "pohdi", "tallennus", "tarkista",
           "tehtava", "vertailu", "week_form"]
