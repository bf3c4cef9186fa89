"""The stricter detector behind ``--check``: what *might* be personal, with its own rules.

It shares nothing with the replacer but the reading of files (:mod:`.files`):
its rules are wider on purpose, so that it finds what the replacer missed.

* ``name`` — a word with a capital that Voikko knows as a first name,
  surname or place other than the well-known ones (sentence starts included,
  whatever else the word may be), a lower-case word Voikko knows only as a
  name, a word beginning with a name from ``--names``;
* ``identity code`` — six digits, any sign and three digits (any spacing);
* ``digits`` — six or more digits in a run, single separators allowed
  (phones, account numbers), dates ``1.2.2012`` left out;
* ``e-mail`` — ``@``, ``(at)``, ``[at]``, `` at `` between two words;
* ``address`` — a capitalised word ending like a street name with a number
  within the next three words, and a five-digit postcode before a capitalised word;
* ``person field`` — a user name or author that is not a pseudonym;
* ``not read`` — media and rich-text copies inside a project.

Each finding is ``(kind, place, masked sample)``; the sample shows the first
character and the length only.

>>> [f[0] for f in scan_text("Tapasin Liisan (at) kotona, puh 050 123 45 67.", "t", ["Liisa"])]
['name', 'e-mail', 'digits']
"""

from __future__ import annotations

import re

from . import names as _names

_OWN = re.compile(r"\b[A-Z]{3,6}-[A-Z2-7]{6}(?::\w+)?")            # a pseudonym written by the kit
_IDCODE = re.compile(r"\d{6}\s{0,2}[-+a-zA-Z]\s{0,2}\d{3}")
_DIGITS = re.compile(r"\d(?:[\s().\-/+]{0,2}\d){5,}")
_DATE = re.compile(r"\d{1,2}\s?[./]\s?\d{1,2}\s?[./]\s?\d{2,4}")
_AT = re.compile(r"\S*(?:@|[(\[{]\s*(?:at|ät|a)\s*[)\]}])\S*|\w+\s+at\s+[\w-]+\s?(?:\.|\(?dot\)?)", re.I)
_STREETISH = re.compile(r"\b[A-ZÅÄÖ]\w*(?:katu|kadu|tie|kuja|polku|polu|väylä|ranta|ranna|rinne|"
                        r"rintee|kaari|kaare|raitti|tori|aukio|piha|kenttä|mäki|mäe|kallio|ahde|"
                        r"portti|reitti|linja|bulevardi|esplanadi|vainio|niitty|kumpu|harju|"
                        r"laakso|kulma|rivi|kaista|pelto|pello)\w*(?:[\s,]+[^\s\d]+){0,2}?[\s,]+\d+"
                        r"|(?<!\d)\d{5}\s+[A-ZÅÄÖ]\w+")
_LETTERS = re.compile(r"[^\W\d_]+")


def mask(sample: str) -> str:
    """First character and a star per other character (at most 12).

    >>> mask("Virtanen")
    'V*******'
    """
    sample = " ".join(sample.split())
    return sample[:1] + "*" * min(len(sample) - 1, 11)


def _is_name(word: str, listed: tuple, keep: set) -> bool:
    low = word.casefold()
    if low in keep:
        return False
    if any(low.startswith(n) for n in listed):
        return True
    readings = _names.analyses(word)
    proper = [r for r in readings if r[1] in {"etunimi", "sukunimi"}
              or (r[1] == "paikannimi" and r[0].casefold() not in _names.KEPT_PLACES)]
    if not proper or any(r[0].casefold() in keep for r in proper):
        return False
    return word[0].isupper() or {r[1] for r in readings} <= {"etunimi", "sukunimi", "paikannimi"}


def scan_text(text: str, place: str, names=(), keep=(), *, person: bool = False) -> list:
    """Findings in one text (see the module docstring)."""
    listed = tuple(sorted({w.casefold() for n in names for w in _LETTERS.findall(n)
                           if len(w) >= 3}))
    keep = {w.casefold() for k in keep for w in _LETTERS.findall(k)}
    own = [m.span() for m in _OWN.finditer(text)]
    blank = list(text)
    for s, e in own:
        blank[s:e] = " " * (e - s)
    rest = "".join(blank)
    hits = [(m.start(), m.end(), "identity code") for m in _IDCODE.finditer(rest)]
    codes = {i for s, e, _ in hits for i in range(s, e)}
    for m in _DIGITS.finditer(rest):
        if not _DATE.fullmatch(m.group().strip()) and m.start() not in codes:
            hits.append((m.start(), m.end(), "digits"))
    for m in _AT.finditer(rest):
        hits.append((m.start(), m.end(), "e-mail"))
    for m in _STREETISH.finditer(rest):
        hits.append((m.start(), m.end(), "address"))
    for m in _LETTERS.finditer(rest):
        if len(m.group()) >= 2 and _is_name(m.group(), listed, keep):
            hits.append((m.start(), m.end(), "name"))
    found = [("person field", place, mask(rest.strip()))] if person and rest.strip() else []
    return found + [(kind, place, mask(rest[s:e])) for s, e, kind in sorted(hits)]


def check_file(path, *, names=(), keep=(), sheet: str | None = None) -> list:
    """Findings ``(kind, place, masked sample)`` in every place of a file, in reading order."""
    from . import files

    names = [p for line in names for p in line.split("#", 1)[0].split(",") if p.strip()]
    found = []

    def treat(place, text, person):
        found.extend(scan_text(text, place, names, keep, person=person))
        return text, []

    walked = files.walk(path, treat, sheet=sheet)
    found.extend(("not read", place, mask(sample)) for place, sample in walked.unread)
    return found
