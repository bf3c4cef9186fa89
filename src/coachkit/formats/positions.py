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

When a project does not name its tool, :func:`detect_unit` judges the unit from
the texts and the selections (positions past the text under one reading, a
surrogate pair cut in half, selections that start or end inside words).
"""

from __future__ import annotations

import re

import numpy as np

UNITS = ("codepoint", "utf16")

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

    def __init__(self, text: str, unit: str = "codepoint"):
        if unit not in UNITS:
            raise ValueError(f"position unit must be one of {UNITS}, got {unit!r}")
        self.text, self.unit = text, unit
        if unit == "utf16" and has_wide(text):
            code_points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
            widths = (code_points > 0xFFFF).astype(np.int64) + 1
            # offsets[i] = UTF-16 position of code point i; offsets[len] = total length
            self._offsets = np.concatenate([[0], np.cumsum(widths)])
        else:
            self._offsets = None

    @property
    def identity(self) -> bool:
        """True when positions and indices coincide for this text."""
        return self._offsets is None

    @property
    def length(self) -> int:
        """Length of the text in the tool's unit."""
        return len(self.text) if self._offsets is None else int(self._offsets[-1])

    def to_index(self, pos, *, is_end: bool = False):
        """Code-point index of a tool position (int or array)."""
        if self._offsets is None:
            return pos
        side = "left" if is_end else "right"
        idx = np.searchsorted(self._offsets, pos, side=side)
        idx = idx if is_end else idx - 1
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


def _mid_word(text: str, indices) -> int:
    """How many of ``indices`` (code points) fall between two letters or digits."""
    n = len(text)
    return sum(1 for i in indices if 0 < i < n and text[i - 1].isalnum() and text[i].isalnum())


def detect_unit(samples, *, words: bool = True, strong: bool = False) -> tuple:
    """The unit a project's positions were written in, judged from its texts and selections.

    ``samples`` yields ``(text, starts, ends)`` per source (positions as the file
    has them).  Returns ``(unit, how)``: ``unit`` is ``"codepoint"``, ``"utf16"``
    or None (cannot tell); ``how`` says why:

    * ``"same"`` – no selection edge lies after a character that counts twice,
      so both readings give the same excerpts (``unit`` None: either is right);
    * ``"range"`` – some positions lie past a text counted in code points but
      inside it counted in UTF-16 units (``"utf16"``);
    * ``"pairs"`` – the UTF-16 reading would cut an emoji in half (``"codepoint"``);
    * ``"words"`` – one reading puts clearly fewer selection edges inside words;
    * ``"ambiguous"`` – nothing tells the readings apart (``unit`` None).

    ``words=False`` skips the word test; ``strong=True`` asks it for overwhelming
    evidence (four times as many edges inside words under one reading, and at
    least four), as needed to overrule the tool a project names.

    >>> text = "Hyvä 👍 päivä. Huono 😞 päivä."
    >>> detect_unit([(text, [7], [12])])      # "päivä" counted in code points
    ('codepoint', 'words')
    >>> detect_unit([(text, [8], [13])])      # the same word counted in UTF-16 units
    ('utf16', 'words')
    >>> detect_unit([("no emoji here", [0], [2])])
    (None, 'same')
    """
    past_cp = past_16 = split = differ = 0
    mid = {"codepoint": 0, "utf16": 0}
    for text, starts, ends in samples:
        starts = np.asarray(starts, dtype=np.int64)
        ends = np.asarray(ends, dtype=np.int64)
        if not len(starts) or not has_wide(text):
            continue
        m = PositionMap(text, "utf16")
        past_cp += int((ends > len(text)).sum())
        past_16 += int((ends > m.length).sum())
        for pos, is_end in ((starts, False), (ends, True)):
            pos = pos[(pos >= 0) & (pos <= len(text))]
            as_16 = np.asarray(m.to_index(pos, is_end=is_end))
            splits = m.splits_pair(pos)
            split += int(splits.sum())
            d = as_16 != pos
            differ += int(d.sum())
            if words:
                mid["codepoint"] += _mid_word(text, pos[d].tolist())
                mid["utf16"] += _mid_word(text, as_16[d & ~splits].tolist())
    if past_cp and not past_16:
        return "utf16", "range"
    if split and not past_cp:
        return "codepoint", "pairs"
    if not differ:
        return None, "same"
    a, b = mid["codepoint"], mid["utf16"]
    clear = max(a, b) >= 4 * min(a, b) + 4 if strong else \
        a != b and (min(a, b) == 0 or max(a, b) >= 2 * min(a, b) + 2)
    if clear:
        return ("codepoint" if a < b else "utf16"), "words"
    return None, "ambiguous"
