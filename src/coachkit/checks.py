"""Checks of arguments and table columns, each failing with one clear line.

A user's bad file must produce *one* clear line naming the file, the row, the
column and what was expected.  Every check in the kit raises
:class:`InputError` (a :class:`ValueError`, defined in
:mod:`coachkit.errors`) whose message is that line; the CLI prints it
and exits with status 2.  Tables are read by :func:`coachkit.formats.read_table`.

Row numbers in messages are line numbers of the file as a spreadsheet shows
them: the header is row 1, the first data row is row 2.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from .errors import InputError
from .i18n import parse_bool

__all__ = ["InputError", "check_argument", "check_number", "sheet_row", "where", "raise_at_first",
           "by_value", "is_clean_text", "recode", "strip_cells", "require_nonblank",
           "require_unique", "require_in", "parse_bool_column", "parse_number_column"]


def check_argument(name, options, value):
    """Raise ``ValueError`` unless ``value`` is one of ``options`` (a language: use
    :func:`coachkit.i18n.check_lang`, whose choices are the catalogues).

    >>> check_argument("level", ["goal", "phase"], "goal")
    >>> check_argument("level", ["goal", "phase"], "pole")
    Traceback (most recent call last):
    ...
    ValueError: level must be one of 'goal', 'phase'; got 'pole'
    """
    if value not in options:
        opts = ", ".join(repr(o) for o in options)
        raise ValueError(f"{name} must be one of {opts}; got {value!r}")


def check_number(name, value, *, low=None, high=None, integer=False, low_open=False):
    """Check a numeric parameter and return it; raise ``ValueError`` with one line otherwise.

    >>> check_number("places", 10, low=1, integer=True)
    10
    >>> check_number("share", 1.5, low=0, high=1)
    Traceback (most recent call last):
    ...
    ValueError: share must be between 0 and 1; got 1.5
    >>> check_number("meeting_hours", float("inf"), low=0)
    Traceback (most recent call last):
    ...
    ValueError: meeting_hours must be a finite number; got inf
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise TypeError(f"{name} must be a number; got {value!r}") from None
    if value != value:  # NaN
        raise ValueError(f"{name} must be a number; got NaN")
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"{name} must be a finite number; got {value!r}")
    if integer and int(value) != value:
        raise ValueError(f"{name} must be a whole number; got {value!r}")
    bad_low = low is not None and (value <= low if low_open else value < low)
    bad_high = high is not None and value > high
    if bad_low or bad_high:
        if low is not None and high is not None:
            raise ValueError(f"{name} must be between {low} and {high}; got {value!r}")
        if low is not None:
            word = "greater than" if low_open else "at least"
            raise ValueError(f"{name} must be {word} {low}; got {value!r}")
        raise ValueError(f"{name} must be at most {high}; got {value!r}")
    return int(value) if integer else value


def sheet_row(df: pd.DataFrame, position: int) -> int:
    """Spreadsheet row number (header = 1) of the row at ``position``."""
    return int(position) + 2


def where(df: pd.DataFrame) -> str:
    """Display name of the input a frame came from."""
    return df.attrs.get("file", "data")


#: what a workbook cell holds when its formula was never computed (read by formats.xlsx)
NO_SAVED_VALUE = ("a formula without a saved value (the program that wrote the workbook did not "
                  "compute it); open the workbook in Excel or LibreOffice and save it")


def raise_at_first(df: pd.DataFrame, bad, column, message) -> None:
    """Raise :class:`InputError` at the first row where ``bad`` is true (no-op if none).

    ``message`` is a string or a function of the offending cell's value.
    """
    flags = np.asarray(bad, dtype=bool)
    if not flags.any():
        return
    pos = int(flags.nonzero()[0][0])
    text = message(df.iloc[pos][column]) if callable(message) else message
    if (sheet_row(df, pos), column) in df.attrs.get("unsaved_formulas", ()):
        text = NO_SAVED_VALUE  # the cell is empty only because its formula was never computed
    raise InputError(text, file=where(df), row=sheet_row(df, pos), column=column)


def by_value(series: pd.Series, fn, dtype=object) -> np.ndarray:
    """``fn`` of each distinct value of ``series``, computed once per value and spread over the rows.

    A column of a million rows holding forty sources costs forty calls, not a
    million.  Missing cells get ``fn(None)``; ``dtype`` is the result's (``bool``
    for a test).

    >>> by_value(pd.Series(["a ", "b", "a ", None]), lambda v: (v or "").strip()).tolist()
    ['a', 'b', 'a', '']
    """
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes, uniques = series.cat.codes.to_numpy(), series.cat.categories
    else:
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
    # the extra last entry is the value of a missing cell (code -1)
    return np.array([fn(u) for u in uniques] + [fn(None)], dtype=dtype)[codes]


def is_clean_text(series: pd.Series) -> bool:
    """True when no cell of a text column is missing, empty or has spaces at either end.

    Checked on one joined string with C-speed searches, so a column of a
    million unique ids is checked without a Python call per cell.

    >>> [is_clean_text(pd.Series(v)) for v in (["a1", "b 2"], ["a", "b "], ["a", ""])]
    [True, False, False]
    """
    values = series.to_numpy(dtype=object)
    if len(values) == 0:
        return True
    try:
        joined = "\x00".join(values)
    except TypeError:  # not all strings
        return False
    if "\x00\x00" in joined or joined[:1] in ("", "\x00") or joined[-1] == "\x00" \
            or joined[0].isspace() or joined[-1].isspace():
        return False
    if joined.isascii() and not any(ws in joined for ws in " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"):
        return True  # no whitespace at all (each `in` is a C-speed scan)
    if not joined.isascii() and _SPACE.search(joined) is None:
        return True
    # a literal first character lets the engine jump from one separator to the next
    return _AFTER.search(joined) is None and _AFTER.search(joined[::-1]) is None


_SPACE = re.compile(r"\s")
_AFTER = re.compile(r"\x00\s")


def recode(series: pd.Series, fn) -> pd.Series:
    """A categorical column with ``fn`` applied to each category (values that meet are merged).

    >>> recode(pd.Series(pd.Categorical(["a ", "a", "b"])), str.strip).tolist()
    ['a', 'a', 'b']
    """
    old = list(series.cat.categories)
    new = [fn(c) for c in old]
    if new == old:
        return series
    codes, uniques = pd.factorize(pd.Index(new, dtype=object))
    remap = np.append(codes, -1)[series.cat.codes.to_numpy()]
    return pd.Series(pd.Categorical.from_codes(remap, uniques), index=series.index,
                     name=series.name)


def strip_cells(series: pd.Series) -> pd.Series:
    """A text column with the spaces around each cell removed and each cell in composed Unicode
    (NFC: macOS writes ``ä`` as ``a`` + a combining diaeresis; the same name then is one
    value and lines up in a table); categoricals stay categorical.

    >>> strip_cells(pd.Series([" a", "b "])).tolist()
    ['a', 'b']
    >>> strip_cells(pd.Series(["Ma\u0308kela\u0308"])).tolist() == ["Mäkelä"]
    True
    """
    if isinstance(series.dtype, pd.CategoricalDtype):
        return recode(series, lambda c: unicodedata.normalize("NFC", str(c).strip()))
    if is_clean_text(series) and not series.str.contains(_COMBINING, regex=True).any():
        return series
    return series.astype(str).str.strip().str.normalize("NFC")


#: a combining mark (what decomposed Unicode writes after a base letter)
_COMBINING = "[\u0300-\u036f]"


def require_nonblank(df: pd.DataFrame, columns: Iterable[str]) -> None:
    """Raise at the first blank cell in ``columns``."""
    for col in columns:
        if not isinstance(df[col].dtype, pd.CategoricalDtype) and is_clean_text(df[col]):
            continue
        blank = by_value(df[col], lambda v: v is None or v != v or str(v).strip() == "", bool)
        raise_at_first(df, blank, col, "empty cell; a value is required")


def require_unique(df: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    """Raise at the first row whose ``columns`` repeat an earlier row."""
    if len(columns) == 1 and df[columns[0]].is_unique:
        return
    dup = df.duplicated(subset=list(columns), keep="first")
    if dup.any():
        pos = int(dup.to_numpy().nonzero()[0][0])
        key = ", ".join(str(df.iloc[pos][c]) for c in columns)
        first = int((df[list(columns)] == df.iloc[pos][list(columns)]).all(axis=1).to_numpy().nonzero()[0][0])
        raise InputError(
            f"duplicate {what} '{key}' (first seen on row {sheet_row(df, first)}); each must be unique",
            file=where(df),
            row=sheet_row(df, pos),
            column=columns[-1] if len(columns) == 1 else None,
        )


def require_in(df: pd.DataFrame, column: str, allowed: Iterable[str], what: str,
               expected: str | None = None) -> None:
    """Raise at the first value of ``column`` not in ``allowed``."""
    allowed = list(allowed)
    if expected is None:
        expected = "one of: " + ", ".join(allowed[:8]) + (", …" if len(allowed) > 8 else "")
    raise_at_first(df, ~df[column].isin(allowed), column,
                   lambda v: f"unknown {what} '{v}'; expected {expected}")


def parse_bool_column(df: pd.DataFrame, column: str) -> pd.Series:
    """Parse a true/false column in the kit's one truth vocabulary (:func:`coachkit.i18n.parse_bool`:
    1/0, kyllä/ei, yes/no, a tick ``x``, …); blank means false.

    >>> frame = pd.DataFrame({"excluded": ["k", "X", " ei", None, "tosi", "no"]})
    >>> parse_bool_column(frame, "excluded").tolist()
    [True, True, False, False, True, False]
    """
    def truth(v):
        try:
            return parse_bool("" if v is None or v != v else v)
        except ValueError:
            return None

    known = by_value(df[column], lambda v: truth(v) is not None, bool)
    raise_at_first(df, ~known, column,
                   lambda v: f"'{v}' is not true/false; expected true or false (also 1/0, kyllä/ei)")
    return pd.Series(by_value(df[column], lambda v: truth(v) is True, bool), index=df.index)


def parse_number_column(df, column, *, low=None, high=None, integer=False, allow_blank=False):
    """Parse a numeric column, raising at the first bad cell.

    Accepts a decimal comma (Finnish Excel).  Blank cells become NaN when
    ``allow_blank`` is true.
    """
    text = df[column].astype(str).str.strip().str.replace(",", ".", regex=False)
    blank = text == ""
    values = pd.to_numeric(text.where(~blank, None), errors="coerce")
    bad = values.isna() & ~blank
    if not allow_blank:
        bad = bad | blank
    expected = "a whole number" if integer else "a number"
    if low is not None and high is not None:
        expected += f" from {low} to {high}"
    raise_at_first(df, bad, column, lambda v: ("empty cell" if str(v).strip() == ""
                                               else f"'{v}' is not a number") + f"; expected {expected}")
    if integer:  # "3,5" on a 1–5 scale is in range: say what is wrong with it
        raise_at_first(df, values.notna() & (values != values.round()), column,
                       lambda v: f"value {v} is not a whole number; expected {expected}")
    out_of_range = pd.Series(False, index=df.index)
    if low is not None:
        out_of_range |= values < low
    if high is not None:
        out_of_range |= values > high
    raise_at_first(df, out_of_range, column,
                   lambda v: f"value {v} is out of range; expected {expected}")
    return values.astype(float)
