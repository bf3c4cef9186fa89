"""The one shape of an analysis result: a table, a few facts, notes.

Every analysis a command runs returns a :class:`Result` (or a subclass that names its parts
the way the analysis speaks, e.g. :class:`~coachkit.analyses.agreement.Agreement`'s
``overall`` and ``by_code``):

* ``table`` — the main table, tidy, with the kit's English column names;
* ``facts`` — the scalars (and short lists or dicts of them) that describe it;
* ``notes`` — sentences about what was skipped or could not be computed;
* ``tables`` — further tables that belong to the result (each is part of :meth:`Result.to_dict`).

:meth:`Result.to_dict` is what ``coachkit … --json`` prints: the facts, then each table as a
list of records, with numpy and pandas values as plain Python and every missing or infinite
number as ``None`` (JSON has no NaN). :meth:`Result.show` is the table for people
(:func:`coachkit.display.tables.show_table`: headers and values in the language asked).

>>> import numpy as np, pandas as pd
>>> r = Result(pd.DataFrame({"code": ["tyonhaku"], "share": [np.float64("nan")]}),
...            facts={"documents": np.int64(6), "saturated": np.bool_(True)})
>>> r.to_dict()
{'documents': 6, 'saturated': True, 'table': [{'code': 'tyonhaku', 'share': None}]}
"""

from __future__ import annotations

import datetime as _dt
import json
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = ["Result", "fact", "jsonable", "records"]


def jsonable(value):
    """``value`` as plain JSON data: numpy and pandas scalars as Python, NaN and ±∞ as
    ``None``, tuples, sets and arrays as lists, tables as records, dates as ISO text.

    Anything else (an object the kit did not mean to print) is a ``TypeError``: a bug, not
    the user's input.

    >>> jsonable({"a": (np.float64("inf"), np.int32(3)), 2: pd.NA, "d": pd.Timestamp("2026-01-05")})
    {'a': [None, 3], '2': None, 'd': '2026-01-05T00:00:00'}
    """
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, pd.DataFrame):
        return records(value)
    if isinstance(value, dict):
        return {_key(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        value = sorted(value, key=str)
    if isinstance(value, list | tuple | pd.Series | pd.Index | np.ndarray):
        return [jsonable(v) for v in (value.tolist() if hasattr(value, "tolist") else value)]
    if isinstance(value, _dt.date | _dt.datetime) and not pd.isna(value):
        return value.isoformat()
    if value is pd.NA or value is pd.NaT:
        return None
    raise TypeError(f"not JSON-ready: {type(value).__name__}")


def _key(key) -> str:
    """A key of a JSON object is text: a number or truth value as JSON writes it."""
    return key if isinstance(key, str) else json.dumps(jsonable(key))


def fact(name: str) -> property:
    """A read-only attribute that reads ``facts[name]``: a result names its facts the way its
    analysis speaks (``Fidelity.total``, ``Agreement.coders``) without copying them.

    >>> class Score(Result):
    ...     total = fact("total")
    >>> Score(pd.DataFrame(), facts={"total": 97}).total
    97
    """
    return property(lambda self: self.facts[name], doc=f"``facts[{name!r}]``")


def records(table: pd.DataFrame) -> list[dict]:
    """The rows of ``table`` as JSON-ready records (the index is left out: tables are tidy).

    >>> records(pd.DataFrame({"n": [1, 2], "x": [0.5, np.nan]}))
    [{'n': 1, 'x': 0.5}, {'n': 2, 'x': None}]
    """
    columns = [_key(c) for c in table.columns]
    return [dict(zip(columns, map(jsonable, row), strict=True))
            for row in table.itertuples(index=False, name=None)]


@dataclass(eq=False)
class Result:
    """An analysis result: the main table, its facts and notes, and further named tables.

    Parameters
    ----------
    table : DataFrame
        The main table (tidy, English column names).
    facts : dict
        Scalars describing the result (``documents``, ``saturated`` …); short lists and
        dicts of scalars are facts too.
    notes : list of str
        What was left out or could not be computed, in words.
    tables : dict of DataFrame
        Further tables, each printed by :meth:`to_dict` under its name.
    table_name : str or None
        The main table's key in :meth:`to_dict` (default ``"table"``); ``None`` leaves it
        out (a command whose JSON holds only the facts).
    """

    table: pd.DataFrame
    facts: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    tables: dict = field(default_factory=dict)
    table_name: str | None = "table"

    def records(self) -> list[dict]:
        """The main table as JSON-ready records (what a table-shaped ``--json`` prints)."""
        return records(self.table)

    def to_dict(self) -> dict:
        """JSON-ready: the facts, then the main table and every further table as records.

        ``json.dumps(result.to_dict(), allow_nan=False)`` never fails: what ``--json`` prints.
        """
        out = jsonable(self.facts)
        if self.table_name is not None:
            out[self.table_name] = records(self.table)
        for name, table in self.tables.items():
            out[name] = records(table)
        return out

    def show(self, lang: str = "fi", **kw):
        """The main table for people (a pandas ``Styler``, escaped): see
        :func:`coachkit.display.tables.show_table` for ``percent``, ``index`` and
        ``code_columns``."""
        from ..display.tables import show_table

        return show_table(self.table, lang, **kw)
