"""Emphasis stars: the quantification step of the content analysis.

The thesis on work coaching (ch. 5.2 and 6.2) turns how often an overall goal occurs in a source
into 0–4 stars (none, slight, moderate, significant, considerable) but gives
no numeric cut-offs.  The kit makes the rule explicit: a :class:`StarRule`
holds the minimum value needed for 1, 2, 3 and 4 stars.

=========  =====  =====  =====  =====  =====
count n    0      1–2    3–5    6–9    ≥ 10
stars      0      1      2      3      4
=========  =====  =====  =====  =====  =====

That is the default rule, ``StarRule((1, 3, 6, 10))``.  A rule may instead
work on the **share** of a source's segments (``basis="share"``), which removes
the effect of how long each source description is.

>>> DEFAULT_RULE.apply([0, 1, 2, 3, 5, 6, 9, 10, 25]).tolist()
[0, 1, 1, 2, 2, 3, 3, 4, 4]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..checks import check_argument

STAR_SYMBOLS = ["", "*", "**", "***", "****"]


@dataclass(frozen=True)
class StarRule:
    """Map a count (or a share) to 0–4 emphasis stars.

    Parameters
    ----------
    thresholds : tuple of 4 numbers
        Minimum value for 1, 2, 3 and 4 stars; strictly increasing, first > 0.
    basis : {"count", "share"}
        Apply to the number of segments, or to the share of the source's
        segments (0–1).
    name : str
        A person's own name for the rule, shown as written (default: the basis and the
        thresholds, worded in each language by :meth:`title`).
    id : str
        The kit's rules only (``"default"``, ``"stricter"``, ``"looser"``, ``"share"``): the rule's
        word is the catalogue's ``rule_word.<id>``, so :meth:`title` names it in any language;
        ``name`` is then its title in the default language.
    """

    thresholds: tuple
    basis: str = "count"
    name: str = ""
    id: str = ""

    def __post_init__(self):
        check_argument("basis", ["count", "share"], self.basis)
        t = tuple(self.thresholds)
        example = "1,3,6,10" if self.basis == "count" else "0.01,0.1,0.2,0.3"
        msg = f"star rule must be four increasing numbers above 0, e.g. {example}; got {t}"
        if len(t) != 4:
            raise ValueError(msg)
        try:
            arr = np.asarray(t, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(msg) from None
        if not np.all(np.isfinite(arr)) or arr[0] <= 0 or np.any(np.diff(arr) <= 0):
            raise ValueError(msg)
        if self.basis == "count" and np.any(arr != np.round(arr)):
            raise ValueError(f"count thresholds must be whole numbers, e.g. 1,3,6,10; got {t}")
        if self.basis == "share" and arr[-1] > 1:
            raise ValueError(f"share thresholds must lie between 0 and 1; got {t}")
        object.__setattr__(self, "thresholds", tuple(arr.astype(int).tolist())
                           if self.basis == "count" else tuple(arr.tolist()))
        if not self.name:
            object.__setattr__(self, "name", self.title() if self.id else self._auto_name())

    def title(self, lang: str = "fi") -> str:
        """The rule's name in ``lang``: the kit's rules and unnamed ones are worded from the
        catalogue (``rule_word.*``) with the thresholds written as ``lang`` writes numbers; a
        person's own name is shown as written.

        >>> DEFAULT_RULE.title("en"), DEFAULT_RULE.title("fi")
        ('default 1/3/6/10', 'oletus 1/3/6/10')
        >>> SHARE_RULE.title("en"), ALTERNATIVE_RULES[1].title("fi")
        ('share 1/10/20/30 %', 'väljempi 1/2/4/7')
        >>> StarRule((1, 2, 3, 4)).title("fi")
        'määrä ≥ 1/2/3/4'
        >>> rule = StarRule((0.025, 0.1, 0.2, 0.3), basis="share")
        >>> rule.title("fi"), rule.title("en")
        ('osuus ≥ 2,5/10/20/30 %', 'share ≥ 2.5/10/20/30 %')
        >>> StarRule((1, 2, 3, 4), name="Maijan sääntö").title("en")
        'Maijan sääntö'
        """
        from ..i18n import format_number, t

        if not self.id and self.name != self._auto_name():
            return self.name
        shown = "/".join(format_number(100 * v if self.basis == "share" else v, lang)
                         for v in self.thresholds) + (" %" if self.basis == "share" else "")
        if self.id:
            return f"{t(f'rule_word.{self.id}', lang)} {shown}"
        return f"{t(f'rule_word.{self.basis}', lang)} ≥ {shown}"

    def _auto_name(self) -> str:
        return f"{self.basis} ≥ " + "/".join(map(str, self.thresholds))

    @classmethod
    def parse(cls, text: str, *, basis: str = "count", name: str = "") -> StarRule:
        """Build a rule from ``"a,b,c,d"`` (the CLI's ``--rule``).

        >>> StarRule.parse("1,4,8,12").thresholds
        (1, 4, 8, 12)
        """
        parts = [p.strip() for p in str(text).replace(";", ",").split(",")]
        try:
            values = tuple(float(p) for p in parts)
        except ValueError:
            raise ValueError(
                f"star rule must be four increasing numbers, e.g. 1,3,6,10; got '{text}'"
            ) from None
        return cls(values, basis=basis, name=name)

    def apply(self, values) -> np.ndarray:
        """Stars (0–4) for each value; vectorised."""
        v = np.asarray(values, dtype=float)
        return np.searchsorted(np.asarray(self.thresholds, dtype=float), v, side="right")

    def interval(self, stars: int) -> tuple:
        """Range of values ``[low, high)`` that gets ``stars`` (high is None for 4)."""
        t = (0,) + tuple(self.thresholds) + (None,)
        return t[stars], t[stars + 1]


#: The kit's default rule (documented in DOMAIN §2 and the README).
DEFAULT_RULE = StarRule((1, 3, 6, 10), id="default")

#: The rule on shares of a source's segments (1 %, 10 %, 20 %, 30 %): the sensitivity view's
#: last alternative and the command line's ``--basis share``.
SHARE_RULE = StarRule((0.01, 0.10, 0.20, 0.30), basis="share", id="share")

#: Other reasonable rules for the sensitivity view.
ALTERNATIVE_RULES = (
    StarRule((1, 4, 8, 12), id="stricter"),
    StarRule((1, 2, 4, 7), id="looser"),
    SHARE_RULE,
)


def star_symbols(stars) -> list:
    """``[0, 2, 4]`` → ``['', '**', '****']``.

    >>> star_symbols([0, 2, 4])
    ['', '**', '****']
    """
    return [STAR_SYMBOLS[int(s)] for s in np.asarray(stars).ravel()]
