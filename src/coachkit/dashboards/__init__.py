"""Interactive explorers for the notebooks (ipywidgets), one module per analysis.

Each function returns a widget box; the notebook only displays it.  Figures
are redrawn into one output area when a control is released
(``continuous_update=False``), so a classroom projector does not flicker.
Every word on a control comes from the catalogues (:func:`coachkit.i18n.t`, keys
``dashboard.*``); ``lang`` picks the language, Finnish by default.

The dashboards stand beside the teaching tools and never import them: the week form and the
IPS-25 form save a student's work only when given a ``save`` widget builder, which
:func:`coachkit.teaching.week_form` and :func:`coachkit.teaching.fidelity_form` pass.
"""

from ._common import LABEL_STYLE, show_fixed
from .benefit import benefit_dashboard
from .fidelity import fidelity_form
from .orientations import orientation_dashboard
from .plan import plan_controls, plan_dashboard, plan_status_html
from .pyramid import pyramid_explorer
from .selection import DASHBOARD_REPS, selection_dashboard, selection_figure
from .stars import star_rule_explorer
from .tasks import WEEK_FORM_FIELDS, week_form, week_form_problem

__all__ = ["DASHBOARD_REPS", "LABEL_STYLE", "WEEK_FORM_FIELDS", "benefit_dashboard", "fidelity_form",
           "orientation_dashboard", "plan_controls", "plan_dashboard", "plan_status_html",
           "pyramid_explorer", "selection_dashboard", "selection_figure", "show_fixed",
           "star_rule_explorer", "week_form", "week_form_problem"]
