"""The stricter detector behind ``--check``: what *might* be personal, with its own rules.

It shares nothing with the replacer but the reading of files (:mod:`.files`),
the normalised reading of text (:mod:`.normal`) and Voikko's dictionary: its
rules are wider on purpose and of another kind (shapes and "the dictionary
does not know this word", not the replacer's patterns), so that it finds what
the replacer missed and never certifies a copy that still holds an identifier.

* ``name`` — a word with a capital that Voikko knows as a first name,
  surname or place other than the well-known ones (sentence starts included,
  whatever else the word may be); a lower-case word Voikko knows only as a
  name; a word beginning with a name from ``--names``; inside a sentence a
  capitalised first name that is also a word (``Uskon``), also at a
  sentence's start right before or after a name's pseudonym (``Usko NIMI-…``); a speaker's label
  at the start of a line that Voikko can read as a name (``jukka:``);
* ``unknown word`` — a capitalised word (not a folder of a path) that the
  dictionary does not know at all (``Åsa``, ``Niillas``, ``Oudille``, a small village):
  names Voikko lacks; ``--suggest-names`` writes them to a file for ``--names``;
* ``identity code`` — six digits, any sign and three digits (any spacing);
* ``digits`` — six or more digits in a run, single separators allowed
  (phones, account numbers, codes without a sign), dates ``1.2.2012`` left out;
* ``account`` — two letters, two digits and groups of four (IBAN-like, unchecked);
* ``e-mail`` — ``@`` next to a word, ``(at)``, ``[at]``, `` at `` between two words;
* ``user name`` — the user folder of a path (``/Users/…/``, ``C:\\Users\\…``, ``/home/…``);
* ``address`` — a capitalised word ending like a street name with a number
  within the next three words, a five-digit postcode before a capitalised
  word, a post-office box (``PL 12``, ``PB 3``, ``Box 7``);
* ``plate`` and ``client number`` — when asked, as for the replacer;
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
from .normal import normalise
from .replace import LABELS

_OWN = re.compile(rf"\b(?:{'|'.join(LABELS.values())})-[A-Z2-7]{{6}}(?::\w+)?")  # the kit's own
_IDCODE = re.compile(r"\d{6}\s{0,2}[-+a-zA-Z]\s{0,2}\d{3}")
_DIGITS = re.compile(r"\d(?:[\s().\-/+]{0,2}\d){5,}")
_DATE = re.compile(r"\d{1,2}\s?[./]\s?\d{1,2}\s?[./]\s?\d{2,4}")
_AT = re.compile(r"\S*@\S+|\S+@|\S*[(\[{]\s*(?:at|ät|a)\s*[)\]}]\S*"
                 r"|\w+\s+at\s+[\w-]+\s?(?:\.|\(?dot\)?)", re.I)
_ACCOUNT = re.compile(r"(?<![\w])[A-Za-z]{2}\d{2}(?:\s?[A-Za-z0-9]{4}){2,}")
_USER = re.compile(r"(?i)[\\/](?:users|home|käyttäjät|documents and settings|profiles)[\\/]+"
                   r"(?!(?:shared|public|default|guest|jaettu|julkinen)(?:[\\/\s]|$))[^\\/\s]+")
_STREETISH = re.compile(r"\b[A-ZÅÄÖ]\w*(?:katu|kadu|tie|kuja|polku|polu|väylä|ranta|ranna|rinne|"
                        r"rintee|kaari|kaare|raitti|tori|aukio|piha|kenttä|mäki|mäe|kallio|ahde|"
                        r"portti|reitti|linja|bulevardi|esplanadi|vainio|niitty|kumpu|harju|"
                        r"laakso|kulma|rivi|kaista|pelto|pello)\w*(?:[\s,]+[^\s\d]+){0,2}?[\s,]+\d+"
                        r"|(?<!\d)\d{5}\s+[A-ZÅÄÖ]\w+"
                        r"|(?<![\w.])(?:P[LlBb]|Postilokero|postilokero|Postbox|Box|P\.?\s?O\.?\s?[Bb]ox)"
                        r"\.?\s?\d+")
_PLATE = re.compile(r"(?<![\w-])[^\W\d_]{2,3}\s?-\s?\d{1,3}(?![\w-])")
_LETTERS = re.compile(r"[^\W\d_]+")
_LABEL = re.compile(r"^[\s\[\]()\d.:/-]*([^\W\d_]+)\s?:", re.M)
_SENTENCE_END = ".!?…:;\n\r"


def _inside_sentence(text: str, start: int) -> bool:
    """True when something other than a sentence's end, quotes or brackets comes before ``start``."""
    before = text[:start].rstrip(" \t\"'“”«»([*-")
    return bool(before) and before[-1] not in _SENTENCE_END


def mask(sample: str) -> str:
    """First character and a star per other character (at most 12).

    >>> mask("Virtanen")
    'V*******'
    """
    sample = " ".join(sample.split())
    return sample[:1] + "*" * min(len(sample) - 1, 11)


def _is_name(word: str, listed: tuple, keep: set, inside: bool) -> bool:
    low = word.casefold()
    if low in keep:
        return False
    if any(low.startswith(n) for n in listed):
        return True
    readings = _names.analyses(word)
    if inside and word[0].isupper() and any(r[0].casefold() in _names.ALSO_FIRST_NAMES
                                            for r in readings):
        return True
    proper = [r for r in readings if r[1] in {"etunimi", "sukunimi"}
              or (r[1] == "paikannimi" and r[0].casefold() not in _names.KEPT_PLACES)]
    if not proper or any(r[0].casefold() in keep for r in proper):
        return False
    return word[0].isupper() or {r[1] for r in readings} <= {"etunimi", "sukunimi", "paikannimi"}


def unknown_words(text: str, keep=()) -> list:
    """``(start, end)`` of capitalised words in Finnish text that the dictionary does not know.

    Acronyms in capitals and folders of a path are left out, and so is a word
    next to a lower-case word the dictionary does not know either: a passage in
    another language (``(Support for everyday life)``), not a name among Finnish words.

    >>> t = "Máret ja Niillas asuvat Näkkäläjärvellä (Support for life)."
    >>> [t[s:e] for s, e in unknown_words(t)] if _names.voikko() else ['Máret', 'Niillas', 'Näkkäläjärvellä']
    ['Máret', 'Niillas', 'Näkkäläjärvellä']
    """
    if _names.voikko() is None:
        return []
    keep = {w.casefold() for k in keep for w in _LETTERS.findall(k)}
    words = list(_LETTERS.finditer(text))
    out = []
    for i, m in enumerate(words):
        word = m.group()
        if not word[0].isupper() or word.isupper() or word.casefold() in keep \
                or _names.analyses(word) or text[m.start() - 1:m.start()] in ("/", "\\") \
                or text[m.end():m.end() + 1] in ("/", "\\"):
            continue
        near = [w.group() for w in words[max(i - 1, 0):i + 2] if w is not m]
        if any(w.islower() and not _names.analyses(w) for w in near):
            continue
        out.append(m.span())
    return out


def scan_text(text: str, place: str, names=(), keep=(), *, person: bool = False,
              plates: bool = False, clients=None, unknown: set | None = None) -> list:
    """Findings in one text (see the module docstring).

    ``clients``: a compiled pattern of client numbers; ``unknown`` collects the
    unknown capitalised words as written (for ``--suggest-names``).
    """
    listed = tuple(sorted({w.casefold() for n in names for w in _LETTERS.findall(n)
                           if len(w) >= 3}))
    keep = {w.casefold() for k in keep for w in _LETTERS.findall(k)}
    text = normalise(text).text
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
    rules = [(_AT, "e-mail"), (_ACCOUNT, "account"), (_USER, "user name"),
             (_STREETISH, "address")]
    rules += [(_PLATE, "plate")] if plates else []
    rules += [(clients, "client number")] if clients is not None else []
    for pattern, kind in rules:
        hits += [(m.start(), m.end(), kind) for m in pattern.finditer(rest)]
    name_tags = [(s, e) for s, e in own if text.startswith(LABELS["name"] + "-", s)]
    unknown_spans = set(unknown_words(rest, keep))
    for m in _LETTERS.finditer(rest):
        word, inside = m.group(), _inside_sentence(rest, m.start())
        if len(word) < 2:
            continue
        if _is_name(word, listed, keep, inside):
            hits.append((m.start(), m.end(), "name"))
        elif m.span() in unknown_spans:
            hits.append((m.start(), m.end(), "unknown word"))
            if unknown is not None:
                unknown.add(word)
        elif word[0].isupper() and word.casefold() not in keep and any(
                e + 1 == m.start() or m.end() + 1 == s for s, e in name_tags) and any(
                r[0].casefold() in _names.ALSO_FIRST_NAMES for r in _names.analyses(word)):
            hits.append((m.start(), m.end(), "name"))      # Usko NIMI-…: a first name left
    for m in _LABEL.finditer(rest):
        word = m.group(1)
        if word.casefold() not in keep and any(r[1] in {"etunimi", "sukunimi"}
                                               for r in _names.analyses(word)):
            hits.append((m.start(1), m.end(1), "name"))
    hits = sorted(set(hits))
    found = [("person field", place, mask(rest.strip()))] if person and rest.strip() else []
    return found + [(kind, place, mask(rest[s:e])) for s, e, kind in hits]


def check_file(path, *, names=(), keep=(), sheet: str | None = None, plates: bool = False,
               clients=(), unknown: set | None = None) -> list:
    """Findings ``(kind, place, masked sample)`` in every place of a file, in reading order.

    ``unknown`` collects the unknown capitalised words as written (``--suggest-names``).
    """
    from . import files
    from .patterns import shape_pattern

    names = [p for line in names for p in line.split("#", 1)[0].split(",") if p.strip()]
    shapes = shape_pattern(clients) if clients else None
    found = []

    def treat(place, text, person):
        found.extend(scan_text(text, place, names, keep, person=person, plates=plates,
                               clients=shapes, unknown=unknown))
        return text, []

    walked = files.walk(path, treat, sheet=sheet)
    found.extend(("not read", place, mask(sample)) for place, sample in walked.unread)
    return found
