"""Text positions as QDA tools count them: code points or UTF-16 code units.

A REFI-QDA selection gives ``startPosition``/``endPosition`` into a source's plain
text.  ATLAS.ti, MAXQDA and QualCoder count Unicode code points (what a Python ``str``
indexes); NVivo counts UTF-16 code units, so every character outside the Basic
Multilingual Plane (emoji, some CJK) counts twice and later positions drift.  The
kit works in code points inside; :class:`PositionMap` converts at the border, both
ways, and is the identity (no cost) for a text without such characters.

>>> m = PositionMap("ok 👍 hyvä", "utf16")
>>> m.to_index(6), "ok 👍 hyvä"[m.to_index(6):]
(5, 'hyvä')
>>> m.from_index(5)
6
>>> PositionMap("ok 👍 hyvä", "codepoint").to_index(5)
5
>>> unit_from_origin("NVivo 14"), unit_from_origin("ATLAS.ti 23"), unit_from_origin(None)
('utf16', 'codepoint', None)

Some tools count a Windows line break (CR LF) as one character (units ending in
``-lf``).  Which unit a project's positions are in is judged from the evidence of all
its selections (:func:`misfits`: edges past the text, inside an emoji or a line
break, or inside words under each reading; :mod:`coachkit.formats.qdpx` decides).
"""

from __future__ import annotations

import re

import numpy as np

#: how a tool may count a text's positions: code points or UTF-16 units; with ``-lf``, a
#: Windows line break (CR LF) counts as one (QualCoder's export "for MAXQDA" does)
UNITS = ("codepoint", "utf16", "codepoint-lf", "utf16-lf")
UNIT_WORDS = {"codepoint": "characters", "utf16": "UTF-16 units (as NVivo counts)",
              "codepoint-lf": "characters, a CR LF line break counted as one",
              "utf16-lf": "UTF-16 units, a CR LF line break counted as one"}

#: how each tool counts, recognised from the project's ``origin`` attribute (lower case)
_ORIGINS = {"nvivo": "utf16", "atlas": "codepoint", "maxqda": "codepoint",
            "qualcoder": "codepoint", "coachkit": "codepoint", "quirkos": "codepoint",
            "dedoose": "codepoint", "transana": "codepoint", "f4": "codepoint"}


def unit_from_origin(origin: str | None) -> str | None:
    """The position unit of the tool named in ``origin``, or None when unknown."""
    low = (origin or "").lower()
    for key, unit in _ORIGINS.items():
        if key in low:
            return unit
    return None


#: a character outside the Basic Multilingual Plane (two UTF-16 units)
_WIDE = re.compile("[\U00010000-\U0010FFFF]")


def has_wide(text: str) -> bool:
    """True when ``text`` holds a character that counts twice in UTF-16 (emoji, some CJK).

    >>> has_wide("hyvä 👍"), has_wide("hyvä")
    (True, False)
    """
    return _WIDE.search(text) is not None


def utf16_length(text: str) -> int:
    """Length of ``text`` in UTF-16 code units.

    >>> utf16_length("a👍"), len("a👍")
    (3, 2)
    """
    return len(text.encode("utf-16-le")) // 2


class PositionMap:
    """Convert positions of one text between a tool's unit and ``str`` indices.

    ``to_index`` maps a tool position to the code-point index; a position inside a
    surrogate pair (impossible for a correct export) rounds down for starts and up
    for ends (``is_end=True``), so a selection never loses a character.
    ``from_index`` maps back.  Both accept numpy arrays.
    """

    def __init__(self, text: str, unit: str = "codepoint", *, code_points=None):
        if unit not in UNITS:
            raise ValueError(f"position unit must be one of {UNITS}, got {unit!r}")
        self.text, self.unit = text, unit
        wide = unit.startswith("utf16") and has_wide(text)
        crlf = unit.endswith("-lf") and "\r\n" in text
        if wide or crlf:
            if code_points is None:
                code_points = self.code_points(text)
            widths = np.ones(len(code_points) + 1, dtype=np.int64)
            widths[0] = 0
            if wide:
                widths[1:] += code_points > 0xFFFF
            if crlf:  # the CR of a CR LF pair counts nothing
                widths[1:-1][(code_points[:-1] == 13) & (code_points[1:] == 10)] = 0
            # offsets[i] = the tool's position of code point i; offsets[len] = total length
            self._offsets = np.cumsum(widths, out=widths)
        else:
            self._offsets = None

    @staticmethod
    def code_points(text: str) -> np.ndarray:
        """``text`` as an array of code points (share it between maps of one text)."""
        return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")

    @property
    def identity(self) -> bool:
        """True when positions and indices coincide for this text."""
        return self._offsets is None

    @property
    def length(self) -> int:
        """Length of the text in the tool's unit."""
        return len(self.text) if self._offsets is None else int(self._offsets[-1])

    def to_index(self, pos, *, is_end: bool = False):
        """Code-point index of a tool position (int or array); a start at a CR LF counted as
        one begins at the CR."""
        if self._offsets is None:
            return pos
        idx = np.searchsorted(self._offsets, pos, side="left")
        if not is_end:
            exact = self._offsets[np.minimum(idx, len(self._offsets) - 1)] == pos
            idx = np.where(exact, idx, idx - 1)
        return int(idx) if np.ndim(idx) == 0 else idx

    def from_index(self, idx):
        """Tool position of a code-point index (int or array)."""
        if self._offsets is None:
            return idx
        out = self._offsets[idx]
        return int(out) if np.ndim(out) == 0 else out

    def splits_pair(self, pos):
        """True where a tool position falls between the two halves of a surrogate pair.

        A UTF-16 tool never writes such a position, so it tells that the positions
        were not counted in UTF-16 units.

        >>> PositionMap("a👍b", "utf16").splits_pair(np.array([1, 2, 3]))
        array([False,  True, False])
        """
        pos = np.asarray(pos, dtype=np.int64)
        if self._offsets is None:
            return np.zeros(pos.shape, dtype=bool)
        inside = np.clip(pos, 0, self.length)
        idx = np.searchsorted(self._offsets, inside, side="left")
        return (self._offsets[np.minimum(idx, len(self._offsets) - 1)] != inside) & (pos == inside)


def misfits(text: str, starts, ends, unit: str, *, m: PositionMap | None = None) -> int:
    """How many selection edges (positions as a tool wrote them) cannot be right read in ``unit``.

    An edge misfits when it lies past the text, inside a character that counts twice,
    between the CR and the LF of a line break, or between two letters or digits (a
    selection that starts or ends inside a word).  The unit a tool counted in leaves
    few misfits; another reading shifts the edges after the first emoji or line break.

    >>> text = "Hyvä 👍 päivä.\\r\\nHuono päivä."
    >>> misfits(text, [7, 21], [12, 26], "codepoint"), misfits(text, [7, 21], [12, 26], "utf16")
    (0, 2)
    """
    m = m or PositionMap(text, unit)
    n, bad = len(text), 0
    for pos, is_end in ((np.asarray(starts, dtype=np.int64), False),
                        (np.asarray(ends, dtype=np.int64), True)):
        past = pos > m.length
        bad += int(past.sum())
        pos = pos[~past & (pos >= 0)]
        if not len(pos):
            continue
        idx = np.atleast_1d(m.to_index(pos, is_end=is_end))
        if m._offsets is not None:
            bad += int((m._offsets[idx] != pos).sum())  # inside an emoji
        for i in idx.tolist():
            if 0 < i < n and ((text[i - 1].isalnum() and text[i].isalnum())
                              or (text[i - 1] == "\r" and text[i] == "\n")):
                bad += 1
    return bad


def readings(text: str) -> tuple:
    """The units that read ``text``'s positions differently (the others equal one of these).

    >>> readings("abc"), readings("a👍\\r\\nb")
    (('codepoint',), ('codepoint', 'utf16', 'codepoint-lf', 'utf16-lf'))
    """
    wide, crlf = has_wide(text), "\r\n" in text
    return tuple(u for u in UNITS if (wide or not u.startswith("utf16"))
                 and (crlf or not u.endswith("-lf")))


def same_as(text: str, unit: str) -> str:
    """The unit among :func:`readings` that reads ``text`` as ``unit`` does.

    >>> same_as("abc", "utf16-lf")
    'codepoint'
    """
    if unit.startswith("utf16") and not has_wide(text):
        unit = unit.replace("utf16", "codepoint")
    if unit.endswith("-lf") and "\r\n" not in text:
        unit = unit[:-3]
    return unit


def clearly_better(bad_now: int, bad_other: int, *, strength: int = 0) -> bool:
    """Whether a reading with ``bad_other`` misfits should replace one with ``bad_now``.

    ``strength`` 1 asks for strong evidence (four times fewer misfits, at least four
    fewer), as needed to overrule how the tool a project names is taken to count; 2 for
    overwhelming evidence (eight times fewer, at least eight fewer), to overrule a tool
    whose counting is documented (NVivo) or read from its source (QualCoder, the kit).

    >>> clearly_better(1, 0), clearly_better(3, 2), clearly_better(3, 0, strength=1)
    (True, False, False)
    >>> clearly_better(4, 0, strength=1), clearly_better(4, 0, strength=2)
    (True, False)
    """
    if strength:
        factor = 4 * strength
        return bad_now >= factor * bad_other + factor
    return bad_other < bad_now and (bad_other == 0 or bad_now >= 2 * bad_other + 2)
