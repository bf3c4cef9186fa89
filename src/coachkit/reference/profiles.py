"""The kit's fixed seed and its synthetic assumptions about the seven client profiles.

The profiles themselves (names, descriptions) are data (``data/codebook/client_profiles.csv``,
from the TE service-design report); what the synthetic generators assume about them lives
here, in one place, so that every generator (:mod:`coachkit.generators.synthetic`,
:mod:`coachkit.models.orientations`, :mod:`coachkit.analyses.benefit`) draws on the same numbers.  They are
the kit's assumptions, not figures of the study.

>>> len(PROFILE_EMPLOYMENT) == len(PROFILE_HOURS) == 7
True
"""

#: Seed of the shipped synthetic data.
SEED = 20120601

#: Employment effect of each client profile (logit), profiles in the report's order.
PROFILE_EMPLOYMENT = [0.9, 0.6, 0.7, -0.4, -0.5, -0.9, -0.8]
#: Extra coaching hours each profile tends to need (TE coaching is capped at
#: 50 hours a year, TE service-design report ch. 1–2).
PROFILE_HOURS = [18, 20, 16, 30, 32, 34, 38]
