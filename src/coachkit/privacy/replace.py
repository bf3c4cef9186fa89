"""Stable keyed pseudonyms put in place of what :mod:`.patterns` and :mod:`.names` find.

The pseudonym is an HMAC-SHA-256 of the normalised original under the study's
secret key (:mod:`.keys`): the same person, phone or code gets the same
pseudonym in every file and run, and nobody without the key can test a guess.
A name keeps its ending after a colon (``NIMI-7K3QAB:lle``).  The text is
matched normalised (:mod:`.normal`: decomposed letters, soft hyphens, no-break
spaces, other dashes) and what is not replaced keeps its characters.

>>> key = b"k" * 32
>>> out, counts = pseudonymise_text("Soita Liisalle 040 123 4567, liisa(at)example.fi", key, ["Liisa"])
>>> {k: v for k, v in counts.items() if v}
{'email': 1, 'phone': 1, 'name': 1}
>>> "040" in out or "example" in out or "Liisa" in out
False
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import re

from . import patterns
from .names import NameFinder
from .normal import normalise

LABELS = {"hetu": "HETU", "email": "EMAIL", "phone": "PUH", "address": "OSOITE", "name": "NIMI",
          "iban": "TILI", "user": "KAYTTAJA", "plate": "REKISTERI", "client": "ASIAKASNRO"}
KINDS = tuple(LABELS)
#: what the replacer writes; never replaced again
PSEUDONYM = re.compile(rf"(?:{'|'.join(LABELS.values())})-[A-Z2-7]{{6}}(?::[^\W\d_]+)?")


def pseudonym(kind: str, original: str, key: bytes) -> str:
    """Stable pseudonym of ``original`` (compared case- and space-insensitively)."""
    norm = " ".join(normalise(original).text.casefold().split())
    if kind == "phone":
        norm = re.sub(r"\D", "", norm).removeprefix("00358").removeprefix("358").lstrip("0")
    elif kind == "hetu":
        norm = patterns.hetu_key(norm)
    elif kind in ("iban", "plate", "client"):
        norm = re.sub(r"[\s-]", "", norm)
    digest = hmac.new(key, f"{kind}\x1f{norm}".encode(), hashlib.sha256).digest()
    tag = base64.b32encode(digest[:5]).decode()[:6]
    return f"{LABELS[kind]}-{tag}"


@functools.lru_cache(maxsize=64)
def finder(names: tuple = (), keep: tuple = (), learned: frozenset = frozenset()) -> NameFinder:
    """One :class:`NameFinder` per list of names, words to keep and names learned from the file."""
    return NameFinder(names, keep, learned=learned)


@functools.lru_cache(maxsize=16)
def _clients(shapes: tuple):
    return patterns.shape_pattern(shapes)


def _find_normal(text: str, names, keep, learned, plates, clients) -> list:
    own = [m.span() for m in PSEUDONYM.finditer(text)]
    found = [(s, e, "hetu", text[s:e], "") for s, e in patterns.hetus(text)]
    for m in patterns.EMAIL.finditer(text):
        found.append((m.start(), m.end(), "email", m.group(), ""))
    found += [(s, e, "iban", text[s:e], "") for s, e in patterns.ibans(text)]
    for start, end in patterns.phones(text):
        found.append((start, end, "phone", text[start:end], ""))
    for m in patterns.ADDRESS.finditer(text):
        found.append((m.start(), m.end(), "address", m.group(), ""))
    found += [(s, e, "user", text[s:e], "") for s, e in patterns.user_names(text)]
    if plates:
        found += [(m.start(), m.end(), "plate", m.group(), "") for m in patterns.PLATE.finditer(text)]
    shape = _clients(tuple(clients)) if clients else None
    if shape is not None:
        found += [(m.start(), m.end(), "client", m.group(), "") for m in shape.finditer(text)]
    for start, end, base, ending in finder(tuple(names), tuple(keep), frozenset(learned)).find(
            text, own):
        found.append((start, end, "name", base, ending))
    # pseudonyms first, as pieces that are kept: what overlaps them is dropped
    found += [(s, e, "own", "", "") for s, e in own]
    found.sort(key=lambda f: (f[0], -(f[1] - f[0]), f[2] != "own"))
    kept, last = [], -1
    for f in found:
        if f[0] >= last:
            kept.append(f)
            last = f[1]
        elif f[2] == "own" and kept and kept[-1][2] != "own":
            kept[-1] = f                      # a pseudonym inside a longer piece: leave both
            last = max(last, f[1])
    return [f for f in kept if f[2] != "own"]


def find(text: str, names=(), keep=(), *, learned=(), plates: bool = False, clients=()) -> list:
    """``(start, end, kind, original, ending)`` of every piece of personal data, left to right.

    Matched on the normalised text; ``start`` and ``end`` are the original's,
    ``original`` is the normalised piece.  Overlaps go to the piece that starts
    first (then the longest); pseudonyms already in the text are left alone.
    ``learned`` are names found elsewhere in the same file (see
    :class:`~.names.NameFinder`); ``plates`` adds car plates, ``clients`` the
    shapes of client numbers (:func:`~.patterns.shape_pattern`).
    """
    norm = normalise(text)
    found = _find_normal(norm.text, names, keep, learned, plates, clients)
    if norm.same:
        return found
    return [(*norm.span(s, e), kind, original, ending) for s, e, kind, original, ending in found]


def learn(text: str, names=(), keep=()) -> set:
    """Base forms of names in ``text`` that count in lower case elsewhere in the file (``learned``)."""
    text, names_finder = normalise(text).text, finder(tuple(names), tuple(keep))
    return names_finder.teaches(text, names_finder.find(text))


def replacements(text: str, key: bytes, names=(), keep=(), **rules) -> tuple:
    """``(new_text, counts, edits)``; ``edits`` are ``(start, end, new_length)`` in the old text.

    ``counts`` has one entry per kind and ``hetu_invalid_check``: identity codes
    replaced whose check character is wrong or missing.
    """
    counts = dict.fromkeys(KINDS, 0)
    counts["hetu_invalid_check"] = 0
    out, edits, pos = [], [], 0
    for start, end, kind, original, ending in find(text, names, keep, **rules):
        repl = pseudonym(kind, original, key) + (f":{ending.lstrip(':')}" if ending else "")
        out.append(text[pos:start])
        out.append(repl)
        edits.append((start, end, len(repl)))
        counts[kind] += 1
        if kind == "hetu" and patterns.HETU.fullmatch(original) and not patterns.valid_hetu(original):
            counts["hetu_invalid_check"] += 1
        pos = end
    out.append(text[pos:])
    return "".join(out), counts, edits


def pseudonymise_text(text: str, key: bytes, names=(), keep=(), **rules) -> tuple:
    """``(new_text, counts)``; see :func:`replacements` (``rules``: those of :func:`find`)."""
    new, counts, _ = replacements(text, key, names, keep, **rules)
    return new, counts


def shift(position: int, edits, *, is_end: bool) -> int:
    """Where an offset of the old text lands in the new one.

    A position inside a replaced piece moves to the start of its replacement
    (a selection's start) or to its end (a selection's end), so a selection
    keeps covering what it covered.

    >>> edits = [(2, 5, 1)]          # 3 characters replaced by 1
    >>> shift(1, edits, is_end=False), shift(6, edits, is_end=False), shift(3, edits, is_end=True)
    (1, 4, 3)
    """
    delta = 0
    for start, end, new_len in edits:
        if end <= position:
            delta += new_len - (end - start)
        elif start < position:
            return start + delta + (new_len if is_end else 0)
        else:
            break
    return position + delta


def remaining(text: str, names=(), keep=(), **rules) -> dict:
    """Counts of personal data the replacer would still replace in ``text``."""
    counts = dict.fromkeys(KINDS, 0)
    for f in find(text, names, keep, **rules):
        counts[f[2]] += 1
    return counts
