"""Teaching: exercises with Finnish feedback, answer forms, handouts and the classroom server.

Students use :func:`tarkista` (code) or :func:`lomake` (a form: mouse and keyboard only);
trainers use ``coachkit exercises build``, ``coachkit handouts`` and ``coachkit classroom``.
"""

from .exercises import Feedback, install_hints, pohdi, tarkista
from .forms import lomake, tallennus, vertailu

__all__ = ["Feedback", "lomake", "pohdi", "tallennus", "tarkista", "vertailu"]

# In an exercise notebook (an IPython kernel), a novice's NameError or SyntaxError also
# prints one Finnish hint line; outside IPython this does nothing.
install_hints()
