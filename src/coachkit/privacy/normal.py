"""Text as the detectors read it: one spelling per character, with the way back to the original.

macOS writes ``ä`` as ``a`` plus a combining diaeresis (NFD), word processors
put soft hyphens inside words (``Vir­tanen``), phone numbers get no-break spaces
and identity codes other dashes (``–``, ``‐``, ``−``).  The detectors match on
:func:`normalise`'s text; the replacer maps what they find back to the
original's characters with :meth:`Normalised.span`, so everything that is not
replaced keeps its bytes.

* each base character with its combining marks is put in NFKC (``a`` + ``¨`` →
  ``ä``, full-width digits → ASCII);
* soft hyphens and zero-width characters are dropped;
* no-break and other fixed-width spaces become a space, dashes and the minus sign ``-``.

>>> n = normalise("Ma\u0308kela\u0308 soitti 040\u00a0123\u00a04567, Vir\u00adtanen")
>>> n.text
'Mäkelä soitti 040 123 4567, Virtanen'
>>> a, b = n.span(0, 6); n.original[a:b] == "Ma\u0308kela\u0308"
True
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass

_DROP = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e"), None)
_SPACES = "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u205f\u3000"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_TABLE = {**_DROP, **dict.fromkeys(map(ord, _SPACES), " "), **dict.fromkeys(map(ord, _DASHES), "-")}


_SPECIAL = re.compile("[" + "".join(map(chr, _TABLE)) + "]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


@dataclass(frozen=True)
class Normalised:
    """``text`` read from ``original``, with the way back.

    ``segments`` are ``(start in text, start in original, end in original, linear)``:
    a linear segment is copied character by character, any other is one
    original character with its marks read as ``text[start:next start]``.
    Empty when nothing changed.
    """

    original: str
    text: str
    segments: tuple = ()

    def _back(self, k: int, *, end: bool) -> int:
        i = bisect.bisect_right(self._starts, k) - 1
        n0, o0, o1, linear = self.segments[i]
        if linear:
            return o0 + (k - n0) + end
        return o1 if end else o0

    @functools.cached_property
    def _starts(self) -> list:
        return [seg[0] for seg in self.segments]

    def span(self, start: int, end: int) -> tuple:
        """The original's ``(start, end)`` of the normalised ``text[start:end]`` (``end > start``)."""
        if not self.segments:
            return start, end
        return self._back(start, end=False), self._back(end - 1, end=True)

    @property
    def same(self) -> bool:
        """True when nothing changed (positions are the original's)."""
        return not self.segments


def normalise(text: str) -> Normalised:
    """Read ``text`` as the detectors do (see the module docstring).

    Only the non-ASCII stretches are looked at character by character, so a long
    transcript with a few ``ä`` costs little more than reading it.
    """
    if text.isascii() or (unicodedata.is_normalized("NFKC", text) and not _SPECIAL.search(text)):
        return Normalised(text, text)
    out, segments, pos, n = [], [], 0, 0

    def linear(a: int, b: int) -> None:
        nonlocal n
        if b <= a:
            return
        if segments and segments[-1][3] and segments[-1][2] == a:     # extend the last one
            segments[-1] = (*segments[-1][:2], b, True)
        else:
            segments.append((n, a, b, True))
        out.append(text[a:b])
        n += b - a

    for m in _NON_ASCII.finditer(text):
        start = max(m.start() - 1, pos)          # the base letter of a combining mark
        linear(pos, start)
        i, end = start, m.end()
        while i < end:
            j = i + 1
            while j < len(text) and unicodedata.combining(text[j]):
                j += 1
            piece = unicodedata.normalize("NFKC", text[i:j].translate(_TABLE)).translate(_TABLE)
            if piece == text[i:j]:
                linear(i, j)
            else:
                if piece:
                    segments.append((n, i, j, False))
                    out.append(piece)
                    n += len(piece)
            i = j
        pos = max(end, i)
    linear(pos, len(text))
    return Normalised(text, "".join(out), tuple(segments))
