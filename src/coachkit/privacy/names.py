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
* ``--keep`` keeps words that are names only by accident (``Onni`` meaning luck);
* inside a sentence a capital is telling, so there a word is a name also when
  it is a name only with a consonant gradation Voikko does not make
  (``Oudille``, ``Oudin`` of *Outi*), when it is one of the first names that are
  also ordinary words and that Voikko does not list as names
  (:data:`ALSO_FIRST_NAMES`: ``Usko``, ``Uskon``), or when it stands in its base
  form before a surname (``Usko Salonen``, ``Usko Saloselle``);
* a hyphenated name is one name (``Anna-Liisa`` is not Liisa);
* a speaker's label at the start of a line (``jukka: moi``) is a name when
  Voikko knows it as one in any reading;
* ``learned`` names (found elsewhere in the same file written in lower case,
  as in a chat, or as names Voikko does not know: :meth:`NameFinder.teaches`)
  are names in lower case too where the word is otherwise only a noun
  (``jukalle`` after ``jukka:``; ``anna``, ``usko`` and ``ainoa`` stay, being
  also a verb or an adjective).

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

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_PART = re.compile(r"[^\W\d_]+")
NAME_CLASSES = frozenset({"etunimi", "sukunimi"})
#: Finnish first names that are also ordinary words and that Voikko does not list as names
ALSO_FIRST_NAMES = frozenset("""
usko armas aarre into voitto lumi tähti kaino aatos arvo lempi tuomi
""".split())
#: consonant gradation backwards: weak grade → strong grade (Oudille → Outille)
_STRONG = (("d", "t"), ("v", "p"), ("ng", "nk"), ("nn", "nt"), ("mm", "mp"), ("ll", "lt"),
           ("rr", "rt"), ("k", "kk"), ("p", "pp"), ("t", "tt"))
#: word classes a lower-case learned name may have besides the name (jukka: a yucca)
_NOUNISH = NAME_CLASSES | {"nimisana", "paikannimi", "nimi"}
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
_LABEL_PREFIX = re.compile(r"[ \t\[\]()\d.:/-]*")


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


def _line_start(text: str, start: int) -> bool:
    """True when only spaces, a time stamp or brackets stand before ``start`` on its line."""
    line = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    return _LABEL_PREFIX.fullmatch(text, line, start) is not None


def _people(readings) -> list:
    """The first-name and surname readings, first names first (Outista: Outi, not Outinen)."""
    return sorted((r for r in readings if r[1] in NAME_CLASSES), key=lambda r: r[1] != "etunimi")


def graded(token: str) -> tuple | None:
    """A name reading of ``token`` with a gradation Voikko does not make (``Oudille`` → Outi).

    >>> graded("Oudille")[:2] if voikko() else ("Outi", "etunimi")
    ('Outi', 'etunimi')
    """
    for i in range(1, len(token)):
        for weak, strong in _STRONG:
            if token.startswith(weak, i):
                people = _people(analyses(token[:i] + strong + token[i + len(weak):]))
                if people:
                    return people[0]
    return None


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

    def __init__(self, names=(), keep=(), *, use_voikko: bool = True, learned=()):
        self.listed = read_list(names)
        self.keep = {w.casefold() for k in keep for w in _PART.findall(k)}
        self.voikko = use_voikko and voikko() is not None
        self.learned = frozenset(b.casefold() for b in learned)

    def word(self, token: str, *, sentence_start: bool = False, label: bool = False,
             learned: frozenset | None = None):
        """``(base, ending)`` when ``token`` is a personal name, else None.

        ``label``: the word is a speaker's label at the start of a line (``jukka:``);
        ``learned``: instead of the finder's own learned names.
        """
        learned = self.learned if learned is None else learned
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
        people = _people(readings)
        places = [r for r in readings if r[1] == PLACE]
        common = any(r[1] not in _NEUTRAL for r in readings)
        if label and people:
            names = people
        elif not token[0].isupper():                # lower case: only what is only a name
            names = people if people and not common and not places else []
            if not names and any(r[0].casefold() in learned for r in people) and all(
                    r[1] in _NOUNISH for r in readings):
                names = people                      # jukka, when Jukka is in the file
        elif people:
            names = people
            if sentence_start and any(r[1] in _FUNCTION_WORDS for r in readings):
                names = []                          # "Kai se on niin", "Ilman apua"
        else:                                       # a place: capital must be telling
            names = places if not (common and (sentence_start or token.isupper())) else []
            if not names and not token.isupper() and (not sentence_start or not readings):
                also = [r for r in readings if r[0].casefold() in ALSO_FIRST_NAMES | learned]
                if also and not sentence_start:     # Uskon, mid-sentence
                    names = [(also[0][0].capitalize(), "etunimi", also[0][2])]
                elif (hit := graded(token)) is not None:
                    names = [hit]                   # Oudille: Outi
        if not names:
            return None
        base, _, tail = names[0]
        if base.casefold() in self.keep:
            return None
        return base, _ending(token, base, tail)

    def _compound(self, token: str, start: int, sentence_start: bool) -> list:
        """Names among the parts of a hyphenated word Voikko does not know whole (Liisa-täti)."""
        hits = []
        for k, m in enumerate(_PART.finditer(token)):
            hit = self.word(m.group(), sentence_start=sentence_start and k == 0)
            if hit:
                hits.append((start + m.start(), start + m.end(), *hit))
        if len(hits) == token.count("-") + 1:       # every part a name: one name (Åsa-Liisa)
            return [(start, start + len(token), "-".join(h[2] for h in hits), hits[-1][3])]
        return hits

    def find(self, text: str, skip=()) -> list:
        """Names in ``text``, skipping words inside the sorted ``(start, end)`` spans of ``skip``."""
        found, starts, words = [], [s for s, _ in skip], []
        for m in WORD.finditer(text):
            k = bisect.bisect_right(starts, m.start()) - 1
            if k >= 0 and m.start() < skip[k][1]:
                continue
            token, at_start = m.group(), _sentence_start(text, m.start())
            label = text.startswith(":", m.end()) and _line_start(text, m.start())
            hit = self.word(token, sentence_start=at_start, label=label)
            hits = [(m.start(), m.end(), *hit)] if hit else \
                self._compound(token, m.start(), at_start) if "-" in token else []
            found.extend(hits)
            words.append((m, at_start, bool(hits)))
        seen = self.teaches(text, found) - self.learned
        if seen:                                    # jukka after "jukka:" in the same text
            for i, (m, at_start, hit) in enumerate(words):
                if not hit and m.group().islower() and (
                        again := self.word(m.group(), learned=self.learned | seen)):
                    found.append((m.start(), m.end(), *again))
                    words[i] = (m, at_start, True)
        return sorted(found + self._before_surnames(text, words))

    def teaches(self, text: str, found) -> set:
        """Base forms that make a lower-case word a name elsewhere in the file.

        Only names written in lower case (``jukka:`` in a chat) and names
        Voikko does not know as names (``Usko`` before a surname): a
        capitalised *Satu* says nothing about the fairy tale *sadun*.
        """
        return {base.casefold() for start, end, base, _ in found
                if text[start].islower() or not _people(analyses(text[start:end]))}

    def _before_surnames(self, text: str, words) -> list:
        """A capitalised word in its base form right before a surname: a first name (Usko Salonen)."""
        if not self.voikko:
            return []
        out = []
        for (m, at_start, hit), (nxt, _, nxt_hit) in zip(words, words[1:], strict=False):
            token = m.group()
            if hit or not nxt_hit or text[m.end():nxt.start()] != " " or not token[0].isupper() \
                    or token.isupper() or token.casefold() in self.keep or "-" in token:
                continue
            surname = [r for r in analyses(nxt.group()) if r[1] == "sukunimi"]
            readings = analyses(token)
            if not surname or (readings and not any(r[0].casefold() == token.casefold()
                                                    for r in readings)):
                continue                            # not a surname, or not in its base form
            if at_start and not any(r[0].casefold() == nxt.group().casefold() for r in surname):
                continue                            # "Soitin Saloselle": a verb and an ending
            out.append((m.start(), m.end(), token.casefold(), ""))
        return out
