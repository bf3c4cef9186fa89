"""Teaching: exercises with Finnish feedback, answer forms, handouts and the classroom server.

Students use :func:`tarkista` (code) or :func:`lomake` (a form: mouse and keyboard only);
trainers use ``coachkit exercises build``, ``coachkit handouts`` and ``coachkit classroom``.
"""

from .exercises import Feedback, pohdi, tarkista

__all__ = ["Feedback", "pohdi", "tarkista"]
