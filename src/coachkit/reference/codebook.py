"""The coding frame of the content analysis, read from ``data/codebook/``.

Subcategories (*alaluokat*) → the five overall goals (*yläluokat*,
*kokonaistavoitteet*) → three phases → two poles and the middle of the
continuum (the thesis on work coaching, ch. 5.2, 6.3 and 6.4; claim ``thesis.phases``).
The five goal ids are a public contract: ``arjenhallinta``, ``tyokyky``, ``osaaminen``, ``tyollistyminen``,
``tyossajaksaminen``.

>>> cb = Codebook.load()
>>> cb.goal_of("tyonhaku"), cb.goal_of("tyollistyminen")
('tyollistyminen', 'tyollistyminen')
>>> cb.phase_of("osaaminen"), cb.pole_of("arjenhallinta")
('valmennus', 'mielekas_elama')
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..checks import InputError, check_argument, recode, sheet_row, where
from ..datasets import load_dataset
from ..i18n import check_lang

GOAL_IDS = ("arjenhallinta", "tyokyky", "osaaminen", "tyollistyminen", "tyossajaksaminen")
LEVELS = ("subcategory", "goal", "phase", "pole")


@dataclass
class Codebook:
    """Goals, subcategories, phases and poles as DataFrames, with look-ups."""

    goals: pd.DataFrame
    subcategories: pd.DataFrame
    phases: pd.DataFrame
    poles: pd.DataFrame

    @classmethod
    def load(cls) -> Codebook:
        """The kit's bundled codebook."""
        return cls(
            goals=load_dataset("goals").sort_values("order"),
            subcategories=load_dataset("subcategories"),
            phases=load_dataset("phases").sort_values("order"),
            poles=load_dataset("poles").sort_values("order"),
        )

    @property
    def codes(self) -> list:
        """Every code a corpus may use: subcategory ids and goal ids."""
        return self.subcategories["subcategory_id"].tolist() + self.goals["goal_id"].tolist()

    def goal_of(self, code: str) -> str:
        """Overall goal of a subcategory id (a goal id maps to itself)."""
        return self.goal_map()[code]

    def goal_map(self) -> dict:
        """code → goal id, for subcategory ids and goal ids."""
        m = dict(zip(self.subcategories["subcategory_id"], self.subcategories["goal_id"],
                     strict=True))
        m.update({g: g for g in self.goals["goal_id"]})
        return m

    def resolve(self, name) -> str | None:
        """The kit code (subcategory or goal id) a code name stands for, or None.

        A name matches, trimmed and case-insensitively, a goal id, a subcategory
        id, or a goal's or subcategory's Finnish or English name.  A name with
        ATLAS.ti's ``Parent::child`` hierarchy that matches nothing as a whole is
        tried by its last part.

        >>> cb = Codebook.load()
        >>> cb.resolve(" TyonHaku "), cb.resolve("Osaamisen lisääminen"), cb.resolve("banana")
        ('tyonhaku', 'osaaminen', None)
        >>> cb.resolve("Työllistymisen tukeminen ja ohjaus::Increasing competence")
        'osaaminen'
        """
        lookup = self._lookup()
        key = str(name).strip().casefold()
        if key in lookup:
            return lookup[key]
        if "::" in key:
            return lookup.get(key.rsplit("::", 1)[-1].strip())
        return None

    def _lookup(self) -> dict:
        if not hasattr(self, "_lookup_cache"):
            table = {}
            for frame, key in ((self.goals, "goal_id"), (self.subcategories, "subcategory_id")):
                for col in ("name_en", "name_fi", key):
                    table.update({str(v).strip().casefold(): i
                                  for v, i in zip(frame[col], frame[key], strict=True)})
            self._lookup_cache = table
        return self._lookup_cache

    def phase_of(self, goal: str) -> str:
        return dict(zip(self.goals["goal_id"], self.goals["phase_id"], strict=True))[goal]

    def pole_of(self, goal: str) -> str:
        phase_pole = dict(zip(self.phases["phase_id"], self.phases["pole_id"], strict=True))
        return phase_pole[self.phase_of(goal)]

    def order(self, level: str) -> list:
        """Ids of ``level`` (goal, phase, pole, subcategory) in the codebook's order."""
        check_argument("level", LEVELS, level)
        if level == "goal":
            return self.goals["goal_id"].tolist()
        if level == "phase":
            return self.phases["phase_id"].tolist()
        if level == "pole":
            return self.poles["pole_id"].tolist()
        return self.subcategories["subcategory_id"].tolist()

    def names(self, level: str, lang: str = "fi") -> dict:
        """id → display name for ``level`` in ``lang``."""
        check_lang(lang)
        check_argument("level", LEVELS, level)
        table, key = {
            "goal": (self.goals, "goal_id"),
            "phase": (self.phases, "phase_id"),
            "pole": (self.poles, "pole_id"),
            "subcategory": (self.subcategories, "subcategory_id"),
        }[level]
        if f"name_{lang}" not in table.columns:  # a language with a catalogue, not yet in the data
            raise ValueError(f"the codebook has no {level} names in {lang!r}: add a name_{lang} column "
                             f"beside name_fi in the kit's {level} data")
        return dict(zip(table[key], table[f"name_{lang}"], strict=True))

    def hierarchy(self, lang: str = "fi") -> pd.DataFrame:
        """One row per subcategory with its goal, phase and pole (ids and names).

        Returns
        -------
        DataFrame
            ``subcategory_id, subcategory, goal_id, goal, phase_id, phase, pole_id, pole``.
        """
        h = self.subcategories[["subcategory_id", "goal_id"]].copy()
        h["phase_id"] = h["goal_id"].map(self.phase_of)
        h["pole_id"] = h["goal_id"].map(self.pole_of)
        for level in ("subcategory", "goal", "phase", "pole"):
            h[level] = h[f"{level}_id"].map(self.names(level, lang))
        return h[["subcategory_id", "subcategory", "goal_id", "goal", "phase_id", "phase",
                  "pole_id", "pole"]]


#: How the error on codes outside the frame says to keep one's own codes.
OWN_CODES_HINT = "--codes own (codes='own')"


def frame_codes(df: pd.DataFrame, cb: Codebook) -> pd.Series:
    """Each code as the kit's id; one error line listing every code outside the frame."""
    uniques = pd.unique(df["code"])
    resolved = {c: cb.resolve(c) for c in uniques}
    unknown = [c for c in uniques if resolved[c] is None]
    if unknown:
        first = int(df["code"].isin(unknown).to_numpy().nonzero()[0][0])
        listed = ", ".join(f"'{c}'" for c in unknown[:12]) + (" …" if len(unknown) > 12 else "")
        row = None if "start" in df.columns else sheet_row(df, first)
        raise InputError(
            f"{len(unknown)} code(s) are not in the kit's frame: {listed}; expected subcategory or "
            "goal ids or their Finnish/English names — to analyse with your own codes use "
            + OWN_CODES_HINT, file=where(df), row=row, column="code")
    if isinstance(df["code"].dtype, pd.CategoricalDtype):  # once per category, not per row
        return recode(df["code"], resolved.__getitem__)
    return df["code"].map(resolved)
