"""Personal data out of researchers' files: pseudonyms that hold, and a separate stricter check.

* :mod:`.normal` — text as the detectors read it (NFD, soft hyphens, no-break spaces, dashes);
* :mod:`.names` — Finnish names through Voikko's morphology and the researcher's list;
* :mod:`.patterns` — identity codes, phones, e-mail, addresses, accounts, user names, plates;
* :mod:`.replace` — stable keyed pseudonyms in their place, positions shifted;
* :mod:`.keys` — one secret key per study;
* :mod:`.files` — every text a CSV, text, workbook or REFI-QDA project holds;
* :mod:`.check` — the separate, stricter detector behind ``--check``.
"""

from .keys import KEY_FILE, find_key, load_key, study_key
from .patterns import valid_hetu
from .replace import (
    KINDS,
    LABELS,
    find,
    pseudonym,
    pseudonymise_text,
    remaining,
    replacements,
    shift,
)

__all__ = ["KEY_FILE", "KINDS", "LABELS", "find", "find_key", "load_key", "pseudonym",
           "pseudonymise_text", "remaining", "replacements", "shift", "study_key", "valid_hetu"]
