"""Finnish personal names in any inflection, found through Voikko's morphology and the researcher's list.

The rule (documented in the README):

* a word written with a capital (``Matti``, ``MATILLE``) is a name when Voikko
  knows it as a first name or surname (*etunimi*, *sukunimi*) in any case form
  and with any clitic (``Matille``, ``Virtaselle``, ``Liisallekin``) — also at
  the start of a sentence, where a name and a common word look alike
  (``Anna``, ``Satu``): replacing a word too many is safer than leaving a name.
  Only a sentence's first word that Voikko also reads as an adverb,
  postposition, conjunction or pronoun (``Kai``, ``Aina``, ``Ilman``) stays;
* a word in lower case is a name only when Voikko knows it *only* as a first
  name or surname (``liisa``, ``virtasen``); ``matti`` (a chess mate), ``anna``
  (give!) or ``ainoa`` (only) stay, being common words as well; words in
  capitals of up to three letters are acronyms (``RAY``, ``TE``);
* place names (*paikannimi*) are replaced too — Voikko files common surnames
  such as Nieminen and Mäkelä as places, and a village can point to a person —
  except places everybody knows (:data:`KEPT_PLACES`: Finland, its largest
  towns and regions, neighbouring countries, continents) and a place that is
  also a common word where its capital tells nothing (a sentence's first
  word, a heading in capitals: ``Oman`` = "own");
* ``--names`` adds names Voikko does not know, in any case in the file and with
  Finnish endings (``Aleksandr`` → ``Aleksandrille``; in lower case only as
  listed or when Voikko knows no common word of that form); forms with a changed stem
  go on the same line after commas (``Hilkka, Hilkan``) and count as one person;
* ``--keep`` keeps words that are names only by accident (``Onni`` meaning luck).

Every form is mapped to its base form, so Matti and Matin are one person with
one pseudonym; the ending is kept apart (``lle`` of ``Matille``).

>>> finder = NameFinder(["Aleksandr"], keep=["onni"], use_voikko=False)
>>> [(text[s:e], base, end) for text in ["Soitin Aleksandrille."] for s, e, base, end in finder.find(text)]
[('Aleksandrille', 'aleksandr', 'ille')]
"""

from __future__ import annotations

import bisect
import functools
import os
import re

WORD = re.compile(r"[^\W\d_]+")
NAME_CLASSES = frozenset({"etunimi", "sukunimi"})
#: places too large to point to anyone, kept as written (base forms, lower case)
KEPT_PLACES = frozenset("""
suomi ruotsi norja tanska viro venäjä saksa ranska englanti britannia islanti eurooppa aasia
afrikka amerikka pohjoismaat helsinki espoo tampere vantaa oulu turku jyväskylä kuopio lahti
pori kouvola joensuu lappeenranta hämeenlinna vaasa seinäjoki rovaniemi mikkeli kotka porvoo
lappi uusimaa pirkanmaa karjala pohjanmaa savo häme kainuu ahvenanmaa satakunta kymenlaakso
keski-suomi itä-suomi länsi-suomi pohjois-suomi etelä-suomi""".split())
PLACE = "paikannimi"
_NEUTRAL = NAME_CLASSES | {"paikannimi", "nimi"}
MISSING = ("Voikko (Finnish morphology) is not installed, so only the names in --names are "
           "found (with common endings); `make test` or `make run` installs it")
_LIST_ENDING = re.compile(
    r"(?:i)?(?:n|a|ä|ta|tä|lle|lla|llä|lta|ltä|ssa|ssä|sta|stä|ksi|na|nä|seen|h[aeiouyäö]n|"
    r"[aeiouyäö]n|ine|tta|ttä)?(?:ni|si|nsa|nsä|mme|nne|an|en|än)?"
    r"(?:kin|kaan|kään|ko|kö|han|hän|pa|pä|s)?")

_CONSONANT_ENDING = re.compile(r"(?:n|lle|lla|llä|lta|ltä|ssa|ssä|sta|stä|ksi|na|nä|tta|ttä|ta|tä)"
                               r"(?:kin|kaan|kään|ko|kö|han|hän|pa|pä|s)?$")

#: word classes so frequent as the first word of a sentence that a name reading there is unlikely
_FUNCTION_WORDS = frozenset({"seikkasana", "suhdesana", "sidesana", "asemosana", "kieltosana",
                             "huudahdussana"})
_OPENERS = set(" \t\"'“”«»([-–—*")


def _sentence_start(text: str, start: int) -> bool:
    """True when the word at ``start`` begins a text, a line or a sentence."""
    i = start - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    return i < 0 or text[i] in ".!?…:;\n\r"


@functools.cache
def voikko():
    """A Finnish Voikko analyser, or None when libvoikko or its dictionary is missing."""
    if os.environ.get("COACHKIT_NO_VOIKKO"):
        return None
    try:
        import libvoikko

        return libvoikko.Voikko("fi")
    except Exception:  # no Python package, no libvoikko.so.1 or no Finnish dictionary
        return None


@functools.lru_cache(maxsize=200_000)
def analyses(word: str) -> tuple:
    """``(base form, class, case-ending)`` of each reading Voikko gives ``word``."""
    v = voikko()
    if v is None:
        return ()
    out = []
    for a in v.analyze(word):
        fst = a.get("FSTOUTPUT", "")
        # the last inflection part: after the last number tag, tags removed (…[Ny]lle[Fkin]kin)
        tail = re.split(r"\[N[a-z]\]", fst)[-1] if re.search(r"\[N[a-z]\]", fst) else ""
        out.append((a.get("BASEFORM", ""), a.get("CLASS", ""), re.sub(r"\[[^\]]*\]", "", tail)))
    return tuple(out)


def _ending(word: str, base: str, tail: str) -> str:
    """The ending of ``word`` as written: after the base form when the stem is kept, else Voikko's."""
    if word.casefold().startswith(base.casefold()):
        return word[len(base):]
    tail = tail.replace("-", "")
    # Voikko's last part may hold the end of the stem (Matin: "in", Virtasen: "sen")
    tail = next((tail[i:] for i in range(len(tail)) if _CONSONANT_ENDING.match(tail[i:])), tail)
    return word[len(word) - len(tail):] if tail and word.casefold().endswith(tail) else ""


def read_list(lines) -> dict:
    """``form → base`` (case-folded words) from ``--names`` lines.

    ``Hilkka, Hilkan`` is one person; a line of several words lists each word
    (``Anna-Liisa Ylönen``), the forms after a comma matched word by word.

    >>> read_list(["Hilkka Ylönen, Hilkan Ylösen", "Zeynep  # not in Voikko"])
    {'hilkka': 'hilkka', 'ylönen': 'ylönen', 'hilkan': 'hilkka', 'ylösen': 'ylönen', 'zeynep': 'zeynep'}
    """
    forms = {}
    for line in lines:
        parts = [WORD.findall(p.casefold()) for p in line.split("#", 1)[0].split(",")]
        parts = [p for p in parts if p]
        for part in parts:
            bases = parts[0] if len(part) == len(parts[0]) else part
            for word, base in zip(part, bases, strict=True):
                forms.setdefault(word, base)
    return forms


class NameFinder:
    """Find personal names in a text: ``find(text)`` gives ``(start, end, base, ending)``."""

    def __init__(self, names=(), keep=(), *, use_voikko: bool = True):
        self.listed = read_list(names)
        self.keep = {w.casefold() for k in keep for w in WORD.findall(k)}
        self.voikko = use_voikko and voikko() is not None

    def word(self, token: str, *, sentence_start: bool = False):
        """``(base, ending)`` when ``token`` is a personal name, else None."""
        low = token.casefold()
        if low in self.keep:
            return None
        readings = analyses(token) if self.voikko else ()
        for n in range(len(low), 1, -1):            # a listed form plus an ending
            base = self.listed.get(low[:n])
            if base is not None and _LIST_ENDING.fullmatch(low[n:]) and (
                    token[0].isupper() or n == len(low)
                    or (self.voikko and all(r[1] in _NEUTRAL for r in readings))):
                return base, token[n:]              # lower case: not a common word (ainoa)
        if not self.voikko or (token.isupper() and len(token) <= 3):
            return None                             # acronyms: RAY, TE, II
        if any(r[1] == PLACE and r[0].casefold() in KEPT_PLACES for r in readings):
            return None
        people = [r for r in readings if r[1] in NAME_CLASSES]
        places = [r for r in readings if r[1] == PLACE]
        common = any(r[1] not in _NEUTRAL for r in readings)
        if not token[0].isupper():                  # lower case: only what is only a name
            names = people if people and not common and not places else []
        elif people:
            names = people
            if sentence_start and any(r[1] in _FUNCTION_WORDS for r in readings):
                names = []                          # "Kai se on niin", "Ilman apua"
        else:                                       # a place: capital must be telling
            names = places if not (common and (sentence_start or token.isupper())) else []
        if not names:
            return None
        base, _, tail = names[0]
        if base.casefold() in self.keep:
            return None
        return base, _ending(token, base, tail)

    def find(self, text: str, skip=()) -> list:
        """Names in ``text``, skipping words inside the sorted ``(start, end)`` spans of ``skip``."""
        found, starts = [], [s for s, _ in skip]
        for m in WORD.finditer(text):
            k = bisect.bisect_right(starts, m.start()) - 1
            if k >= 0 and m.start() < skip[k][1]:
                continue
            hit = self.word(m.group(), sentence_start=_sentence_start(text, m.start()))
            if hit:
                found.append((m.start(), m.end(), *hit))
        return found
