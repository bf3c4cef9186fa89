"""Pseudonyms before analysis: names, identity codes, phones, e-mail and street addresses.

Real interviews carry personal data.  :func:`pseudonymise_file` writes a copy of
a transcript (``.txt``, ``.md``), CSV, workbook or REFI-QDA project in which

* **names** — found through Finnish morphology (Voikko) in any inflection and
  clitic, and from the researcher's ``--names`` list — are replaced by one
  pseudonym per person with the ending kept (``Matille`` → ``NIMI-7K3QAB:lle``;
  Matti and Matin are one person);
* **identity codes** in any case and spacing, valid or not (the report counts
  those with a wrong or missing check character), **phones** as Finns write
  them, **e-mail** (also ``(at)``), **street addresses** and post-office boxes,
  **bank accounts** (IBAN), **user names** (``@handle``, the user folder of a
  path) and, when asked, **car plates** and **client numbers** get pseudonyms too,

in every place of the file (:mod:`coachkit.privacy.files`), keeping its
encoding and the codings on the same words.  The pseudonym is an HMAC-SHA-256
under the study's secret key (:mod:`coachkit.privacy.keys`).  :func:`check_file`
is the separate, stricter detector (:mod:`coachkit.privacy.check`).

>>> key = b"k" * 32
>>> out, counts = pseudonymise_text("Soita Matille 040 123 4567, matti.m@example.fi", key)
>>> counts["email"], counts["phone"], counts["name"] == (1 if voikko() else 0)
(1, 1, True)
>>> valid_hetu("131052-308T"), valid_hetu("131052-308U"), valid_hetu("010594Y9032")
(True, False, True)
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from .check import check_file, unknown_words
from .keys import KEY_FILE, find_key, load_key, study_key
from .names import MISSING as VOIKKO_MISSING
from .names import voikko
from .patterns import CHECK_CHARACTERS as _CHECK
from .patterns import valid_hetu
from .replace import (
    KINDS,
    LABELS,
    PSEUDONYM,
    find,
    learn,
    pseudonym,
    pseudonymise_text,
    remaining,
    replacements,
    shift,
)

__all__ = ["KEY_FILE", "KINDS", "LABELS", "VOIKKO_MISSING", "_CHECK", "check_file", "find",
           "find_key", "learn", "load_key", "pseudonym", "pseudonymise_file", "pseudonymise_text",
           "read_names", "remaining", "replacements", "shift", "study_key", "unknown_words",
           "valid_hetu", "voikko"]


def read_names(path) -> list:
    """Lines of a ``--names`` file (UTF-8 or Windows-1252; ``#`` starts a comment)."""
    if path is None:
        return []
    from ..formats.text import decode_text

    p = Path(path)
    if not p.is_file():
        raise InputError("file not found; expected a text file with one name per line",
                         file=path)
    lines = decode_text(p.read_bytes(), path).text.splitlines()
    return [ln.split("#", 1)[0].strip() for ln in lines if ln.split("#", 1)[0].strip()]


def pseudonymise_file(path, out, *, names=(), keep=(), key: bytes, sheet: str | None = None,
                      force: bool = False, plates: bool = False, clients=()) -> dict:
    """Write a pseudonymised copy of ``path`` to ``out`` (never in place; replaced only with ``force``).

    The file is read twice: first to learn its names (so that ``jukka`` is a
    name in a file where Jukka is one, and ``Uskon`` where Usko Salonen is),
    then to write the copy.  ``plates`` and ``clients`` (shapes such as
    ``AS-#####``) add car plates and client numbers.

    Returns the report: ``{"file", "out", "replaced": {kind: n}, "hetu_invalid_check",
    "unknown_words", "voikko", "notes"}`` — counts only, never the originals;
    ``unknown_words`` counts capitalised words inside sentences that the
    dictionary does not know and that were kept (names it lacks? ``--check`` lists them).
    """
    from ..formats import formats_line, kind_of, reader_of, write_atomic
    from .files import WALKED, walk

    src, dst = Path(path), Path(out)
    if dst.resolve() == src.resolve():
        raise InputError("the output must be a new file; the original is never overwritten",
                         file=out)
    if dst.exists() and not force:
        raise InputError("the file exists; nothing was written (use --force to replace it)",
                         file=out)
    kind, out_kind = kind_of(src, holds=WALKED), kind_of(dst, holds=WALKED)
    # the copy holds what the original holds: a text, a table (CSV ↔ workbook), a project
    held = next(h for h in WALKED if h in reader_of(src, holds=WALKED).holds)
    if held not in reader_of(dst, holds=WALKED).holds:
        raise InputError(f"a {kind} file is pseudonymised into a {held} ({out_kind} is not "
                         f"one); give the copy the extension of {formats_line(held)}", file=out)
    total = dict.fromkeys((*KINDS, "hetu_invalid_check"), 0)
    learned, unknown = set(), set()

    def study(place, text, person):
        learned.update(learn(text, names, keep))
        return text, []

    walk(src, study, sheet=sheet, out_kind=out_kind)
    rules = {"learned": frozenset(learned), "plates": plates, "clients": tuple(clients)}

    def treat(place, text, person):
        new, counts, edits = replacements(text, key, names, keep, **rules)
        unknown.update(new[s:e].casefold() for s, e in unknown_words(new, keep))
        if person and new == text and text.strip() and not PSEUDONYM.fullmatch(text.strip()):
            new = pseudonym("name", text, key)
            counts["name"] += 1
            edits = [(0, len(text), len(new))]
        for k, v in counts.items():
            total[k] += v
        return new, edits

    walked = walk(src, treat, sheet=sheet, out_kind=out_kind)
    write_atomic(dst, walked.payload, force=force)
    invalid = total.pop("hetu_invalid_check")
    notes = list(walked.notes)
    if unknown:
        notes.append(f"kept {len(unknown)} capitalised word(s) inside sentences that the dictionary "
                     "does not know (names it lacks?): `--check --suggest-names NAMES.txt` on the "
                     "original lists them; keep the names there and run again with --names NAMES.txt")
    return {"file": str(src), "out": str(dst), "replaced": total, "hetu_invalid_check": invalid,
            "unknown_words": len(unknown), "voikko": voikko() is not None, "notes": notes}
