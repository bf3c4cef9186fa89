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

import unicodedata
from dataclasses import dataclass

_DROP = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e"), None)
_SPACES = "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u205f\u3000"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_TABLE = {**_DROP, **dict.fromkeys(map(ord, _SPACES), " "), **dict.fromkeys(map(ord, _DASHES), "-")}


@dataclass(frozen=True)
class Normalised:
    """``text`` read from ``original``; ``starts[i]``/``ends[i]`` is where ``text[i]`` came from."""

    original: str
    text: str
    starts: tuple
    ends: tuple

    def span(self, start: int, end: int) -> tuple:
        """The original's ``(start, end)`` of the normalised ``text[start:end]`` (``end > start``)."""
        if not self.starts:
            return start, end
        return self.starts[start], self.ends[end - 1]

    @property
    def same(self) -> bool:
        """True when nothing changed (positions are the original's)."""
        return self.text == self.original


def normalise(text: str) -> Normalised:
    """Read ``text`` as the detectors do (see the module docstring)."""
    if text.isascii():
        return Normalised(text, text, (), ())
    out, starts, ends = [], [], []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        piece = unicodedata.normalize("NFKC", text[i:j].translate(_TABLE)).translate(_TABLE)
        out.append(piece)
        starts.extend([i] * len(piece))
        ends.extend([j] * len(piece))
        i = j
    return Normalised(text, "".join(out), tuple(starts), tuple(ends))
