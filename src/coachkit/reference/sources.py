"""Where the kit's figures and statements come from: sources, claims and how people cite them.

Every statement the kit attributes to a source is a :class:`Claim` with a stable id.  Its
:class:`Locator` says where to check it — the source document, the chapter and a line range in
the project's copy of that document — and which key figures or words must appear there.
People see a claim's citation the way the work is cited (``Pikkusaari 2012, luku 4.3``), never a
file name.

The data live in ``claims.json`` beside this module (the works, and each claim's kind and
locators); a claim's words are the catalogues' ``claim.<id>`` keys, so a translation covers
them (``src/coachkit/i18n/locale``).  The tests check every locator against the copies of the
sources (``tests/support/claims.py``, with ``COACHKIT_SEEDS`` naming the folder of copies).

A claim is one of four kinds, and its label says which, where the figure is shown:

* ``source`` — the source says it;
* ``derived`` — the kit's expectation, derived from what the source says (the source itself
  does not state it);
* ``assumption`` — the kit's own assumption, made around a figure from the source;
* ``outside`` — a figure from outside the study's sources (cited by author and year).

>>> cite("target.hame_25")
'Pikkusaari 2012, luku 4.1'
>>> cite("target.hame_25", lang="en")
'Pikkusaari 2012, ch. 4.1'
>>> cite("ips.bands")
'IPS-25-laatuasteikko'
>>> claim_text("order.coach_raises_employment").startswith("Kitin odotus")
True
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..checks import check_argument
from ..i18n import check_lang, t

__all__ = ["Source", "Locator", "Claim", "KINDS", "SOURCES", "CLAIMS", "DATA_FILE", "cite",
           "cite_note", "claim_text"]

#: the works and the claims, as data
DATA_FILE = Path(__file__).with_name("claims.json")

KINDS = ("source", "derived", "assumption", "outside")


@dataclass(frozen=True)
class Source:
    """A document the kit cites.

    ``short`` is how people cite it on screen; ``file`` is the project's copy (``None`` for
    works outside the copied sources); ``heading`` is the pattern of a numbered chapter heading
    in the copy, or ``chapters`` the last word of each unnumbered chapter's heading.
    """

    id: str
    short: str
    reference: str
    file: str | None = None
    heading: str | None = None
    chapters: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Locator:
    """A place in a source: chapter (``None`` for a leaflet) and 1-based inclusive lines."""

    source: str
    chapter: str | None
    lines: tuple
    keys: tuple = ()


@dataclass(frozen=True)
class Claim:
    """A statement the kit attributes to a source, with its kind and places.

    Its words are the catalogue's ``claim.<id>``: :meth:`text`, or ``.fi`` / ``.en``.
    """

    id: str
    kind: str
    at: tuple

    def text(self, lang: str = "fi") -> str:
        return t(f"claim.{self.id}", lang)

    @property
    def fi(self) -> str:
        return self.text("fi")

    @property
    def en(self) -> str:
        return self.text("en")


def _load(path: Path = DATA_FILE) -> tuple[dict, dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    sources = {sid: Source(sid, **fields) for sid, fields in data["sources"].items()}
    claims = {}
    for cid, fields in data["claims"].items():
        at = tuple(Locator(loc["source"], loc["chapter"], tuple(loc["lines"]), tuple(loc["keys"]))
                   for loc in fields["at"])
        claims[cid] = Claim(cid, fields["kind"], at)
    return sources, claims


#: every work the kit cites, and every statement it attributes to one (texts: the kit's words)
SOURCES, CLAIMS = _load()


def cite(claim_or_locator, lang: str = "fi") -> str:
    """How people cite the place of a claim (id) or locator: author year, chapter.

    >>> cite("te.cap_50h")
    'Työhönvalmennuksen palvelumuotoilu (Yläfemman-hanke), luvut 1 ja 2'
    >>> cite("frame.work_based", lang="en")
    'Pikkusaari 2012, chs. 3.2 and 4.3'
    """
    check_lang(lang)
    if isinstance(claim_or_locator, Locator):
        locs = (claim_or_locator,)
    else:
        check_argument("claim", list(CLAIMS), claim_or_locator)
        locs = CLAIMS[claim_or_locator].at
    return _render(locs, lang)


def _render(locs, lang: str) -> str:
    """Locators as people cite them: each work once, its chapters in order (``;`` between works)."""
    parts = []
    for source in dict.fromkeys(loc.source for loc in locs):
        short = SOURCES[source].short
        chapters = list(dict.fromkeys(loc.chapter for loc in locs
                                      if loc.source == source and loc.chapter))
        if not chapters:
            parts.append(short)
        elif len(chapters) == 1:
            parts.append(f"{short}, {t('label.chapter', lang)} {chapters[0]}")
        else:
            parts.append(f"{short}, {t('label.chapters', lang, ', '.join(chapters[:-1]), chapters[-1])}")
    return "; ".join(parts)


def cite_note(note: str, lang: str = "fi") -> str:
    """How people cite a data note of claim ids (``;``-separated): each work once, its
    chapters in order.

    >>> cite_note("orient.emp.paid_work_first; ips.follow_up; orient.capacity_where")
    'Pikkusaari 2012, luvut 4.2 ja 4.5'
    >>> cite_note("cooperation.documenting_step8; te.final_report")
    'Pikkusaari 2012, luku 3.1; Työhönvalmennuksen palvelumuotoilu (Yläfemman-hanke), luku 4'
    >>> cite_note("te.phase.polku", lang="en")
    'Työhönvalmennuksen palvelumuotoilu (Yläfemman-hanke), chs. 2 and 4'
    """
    check_lang(lang)
    ids = [part.strip() for part in str(note).split(";") if part.strip()]
    if not ids:
        raise ValueError("a source note needs at least one claim id")
    for cid in ids:
        check_argument("claim", list(CLAIMS), cid)
    return _render([loc for cid in ids for loc in CLAIMS[cid].at], lang)


def claim_text(claim_id: str, lang: str = "fi") -> str:
    """The claim in words, with its citation (and its kind, if not the source's own).

    >>> claim_text("target.club_81")
    'työnhakuklubeihin osallistui 21 henkeä, 81 % löysi työpaikan (Pikkusaari 2012, luku 4.3)'
    >>> claim_text("order.open_most_hours", "en")
    "The kit's expectation, derived from (Pikkusaari 2012, ch. 4.3): C needs the most coach hours"
    """
    check_argument("claim", list(CLAIMS), claim_id)
    claim = CLAIMS[claim_id]
    where = cite(claim_id, lang)
    if claim.kind == "derived":
        return f"{t('label.derived_from', lang)} ({where}): {claim.text(lang)}"
    return f"{claim.text(lang)} ({where})"
