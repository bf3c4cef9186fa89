"""Teaching: exercises with Finnish feedback, answer forms, handouts and the classroom server.

Students see each task with :func:`tehtava` (question, data or tool, answer form: mouse and
keyboard only) or answer in code with :func:`tarkista`;
trainers use ``coachkit exercises build``, ``coachkit handouts`` and ``coachkit classroom``.
"""

from .exercises import Feedback, install_hints, pohdi, tarkista
from .forms import lomake, tallennus, tehtava, vertailu

__all__ = ["Feedback", "lomake", "pohdi", "tallennus", "tarkista", "tehtava", "vertailu"]

# In an exercise notebook (an IPython kernel), a novice's NameError or SyntaxError also
# prints one Finnish hint line; outside IPython this does nothing.
install_hints()
