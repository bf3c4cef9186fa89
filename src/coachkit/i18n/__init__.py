"""The words people see, one catalogue per language, and numbers written the language's way.

Every word the kit shows a person has a key (``column.orientation``, ``label.source``,
``value.status.meets``) and one text per language in a gettext catalogue,
``locale/<lang>/LC_MESSAGES/coachkit.po`` beside this file.  A translator edits that file in
any PO editor; a new language (say Swedish) is one new file, ``locale/sv/LC_MESSAGES/coachkit.po``,
and no Python: :func:`languages` finds it, :func:`check_lang` accepts it, and numbers follow its
CLDR conventions through Babel.

>>> t("column.source", "fi"), t("column.source", "en")
('Lähde', 'Source')
>>> t("value.ci_method.bootstrap", "en", 1000)
'bootstrap (1000 resamples)'
>>> format_percent(0.151, "fi"), format_percent(0.151, "en")
('15,1\\xa0%', '15.1%')
>>> format_number(234.5, "fi", decimals=2), format_number(12345, "fi"), format_number(12345, "en")
('234,50', '12\\xa0345', '12,345')
>>> parse_bool("Kyllä"), parse_bool("no"), format_bool(True, "fi")
(True, False, 'kyllä')

A key missing in a language is an error, never a silent fall-back to another language:

>>> t("column.no_such_column", "en")
Traceback (most recent call last):
...
KeyError: "no text for 'column.no_such_column' in language 'en' (.../locale/en/LC_MESSAGES/coachkit.po)"
"""

from __future__ import annotations

import contextlib
import copy
import decimal
import functools
import math
import numbers
import re
from pathlib import Path

from babel import Locale
from babel.messages.pofile import read_po

__all__ = ["DEFAULT_LANG", "LOCALE_DIR", "t", "languages", "check_lang", "catalogue", "problems",
           "stray_words", "format_number", "format_percent", "format_int", "format_bool",
           "parse_bool", "parse_number", "use_catalogues"]

#: the language people get unless they ask for another
DEFAULT_LANG = "fi"
#: the kit's catalogues
LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "coachkit"
#: flag on an entry whose text is the same in every language (``κ``, ``p (Fisher)``)
NEUTRAL = "language-neutral"
#: what a missing number shows
MISSING = "–"

_folder = LOCALE_DIR


@contextlib.contextmanager
def use_catalogues(folder):
    """Read the catalogues from ``folder`` (laid out like :data:`LOCALE_DIR`) for a while.

    For tests and for trying out a translation before it is added to the kit.
    """
    global _folder
    before, _folder = _folder, Path(folder)
    try:
        yield _folder
    finally:
        _folder = before


def _path(lang: str, folder: Path | None = None) -> Path:
    return (folder or _folder) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages() -> tuple[str, ...]:
    """The languages that have a catalogue, the default first.

    >>> languages()[:1], "en" in languages()
    (('fi',), True)
    """
    return _languages_in(_folder, _folder.stat().st_mtime if _folder.is_dir() else 0.0)


@functools.lru_cache(maxsize=16)
def _languages_in(folder: Path, mtime: float) -> tuple[str, ...]:
    # kept per folder and its time stamp: a table of 10,000 numbers asks 20,000 times
    found = sorted(p.parent.parent.name for p in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return tuple(sorted(found, key=lambda code: code != DEFAULT_LANG))


def check_lang(lang) -> str:
    """``lang`` when a catalogue exists for it, else one ``ValueError`` line naming the choices.

    >>> check_lang("en")
    'en'
    >>> check_lang("sv")
    Traceback (most recent call last):
    ...
    ValueError: lang must be one of 'fi', 'en'; got 'sv'
    """
    choices = languages()
    if lang not in choices:
        raise ValueError(f"lang must be one of {', '.join(map(repr, choices))}; got {lang!r}")
    return lang


@functools.lru_cache(maxsize=16)
def _read(path: Path, mtime: float) -> dict:
    with path.open("rb") as fh:
        cat = read_po(fh, domain=DOMAIN)
    return {m.id: (m.string, NEUTRAL in m.flags) for m in cat if m.id}


def catalogue(lang: str) -> dict[str, str]:
    """``{key: text}`` of one language's catalogue (read once, again when the file changes)."""
    return {k: text for k, (text, _) in _entries(check_lang(lang)).items()}


def _entries(lang: str) -> dict:
    path = _path(lang)
    return _read(path, path.stat().st_mtime)


def t(key: str, lang: str, *args, default: str | None = None, **kwargs) -> str:
    """The text of ``key`` in ``lang``; ``args``/``kwargs`` fill its ``{}`` placeholders.

    ``default`` is for keys made from values the kit does not own (a researcher's own strategy
    or code names): it is returned when NO catalogue has the key.  A key that another language
    has and ``lang`` lacks is an error all the same.

    >>> t("label.band", "fi")
    '90 % satunnaisista järjestyksistä'
    >>> t("strategy.oma", "en", default="oma"), t("strategy.open", "en", default="open")
    ('oma', 'C no assessment')
    """
    entries = _entries(check_lang(lang))
    text = entries.get(key, ("", False))[0]
    if not text:
        if default is not None and not any(key in _entries(other) for other in languages()):
            return default
        raise KeyError(f"no text for {key!r} in language {lang!r} ({_path(lang)})")
    return text.format(*args, **kwargs) if args or kwargs else text


_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def problems() -> list[str]:
    """What is wrong with the catalogues, one line each (empty when every language is whole).

    A key that one language has and another lacks, an empty text, placeholders that differ from
    the default language's, and a text copied unchanged from the default language without the
    ``language-neutral`` flag (a word that would be shown in the wrong language).

    >>> problems()
    []
    """
    langs = languages()
    entries = {lang: _entries(lang) for lang in langs}
    every = set().union(*entries.values()) if entries else set()
    base = entries.get(DEFAULT_LANG, {})
    out = []
    for lang in langs:
        own = entries[lang]
        out += [f"{lang}: {key} missing" for key in sorted(every - set(own))]
        for key, (text, neutral) in sorted(own.items()):
            if not text.strip():
                out.append(f"{lang}: {key} is empty")
                continue
            if key not in base or lang == DEFAULT_LANG:
                continue
            if sorted(_PLACEHOLDER.findall(text)) != sorted(_PLACEHOLDER.findall(base[key][0])):
                out.append(f"{lang}: {key} has placeholders {_PLACEHOLDER.findall(text)}, "
                           f"{DEFAULT_LANG} has {_PLACEHOLDER.findall(base[key][0])}")
            if text == base[key][0] and not neutral:
                out.append(f"{lang}: {key} is the {DEFAULT_LANG} text {text!r} (translate it or flag "
                           f"it {NEUTRAL})")
    return out


def stray_words(text: str, lang: str, *, min_length: int = 8) -> list[str]:
    """Keys whose text in another language appears in ``text`` written for ``lang``.

    For checking a page, a figure's alt text or a table: an English page should hold no
    Finnish catalogue text.  Texts shorter than ``min_length`` and texts that are the same
    in both languages are not looked for.

    >>> stray_words("<th>Lähde</th><th>Orientaatio</th><p>Share of the source's expressions</p>", "en")
    ['column.orientation', 'column.orientation_id']
    """
    own = _entries(check_lang(lang))
    found = set()
    for other in languages():
        if other == lang:
            continue
        for key, (words, _) in _entries(other).items():
            mine = own.get(key, ("", False))[0]
            if len(words) >= min_length and words != mine and words in text and words not in mine:
                found.add(key)
    return sorted(found)


# -- numbers ------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=16)
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


def _apply(kind: str, value, lang: str, lo: int, hi: int) -> str:
    loc = _locale(check_lang(lang))
    pattern = copy.copy((loc.percent_formats if kind == "percent" else loc.decimal_formats)[None])
    pattern.frac_prec = (lo, hi)
    with decimal.localcontext(rounding=decimal.ROUND_HALF_UP):  # 0,05 % → 0,1 %, as people round
        return pattern.apply(value, loc)


def _missing(value) -> bool:
    return value is None or (isinstance(value, numbers.Real) and math.isnan(float(value)))


def format_number(value, lang: str, decimals: int | None = None) -> str:
    """A number as ``lang`` writes it (CLDR): decimal mark, grouping, minus sign.

    ``decimals=None``: whole numbers as such, others with up to three decimals; numbers of
    1 000 or more are always whole (as the kit's tables have always shown them).

    >>> format_number(0.6412, "fi", 2), format_number(1200, "fi"), format_number(24898.4, "fi")
    ('0,64', '1\\xa0200', '24\\xa0898')
    >>> format_number(0.5, "en"), format_number(None, "en"), format_number(float("nan"), "fi")
    ('0.5', '–', '–')
    """
    if _missing(value):
        return MISSING
    v = float(value)
    if isinstance(value, numbers.Integral) or abs(v) >= 1000 or (decimals is None and v.is_integer()):
        return format_int(value, lang)
    if decimals is None:
        return _apply("decimal", v, lang, 0, 3)
    return _apply("decimal", v, lang, decimals, decimals)


def format_int(value, lang: str) -> str:
    """A count, rounded to a whole number.

    >>> format_int(12345.6, "fi"), format_int(12345.6, "en")
    ('12\\xa0346', '12,346')
    """
    if _missing(value):
        return MISSING
    return _apply("decimal", round(float(value)), lang, 0, 0)


def format_percent(value, lang: str, decimals: int = 1) -> str:
    """A share (0–1) as a percentage, with the language's percent sign and spacing.

    >>> format_percent(0.4, "fi", 0), format_percent(0.4, "en", 0), format_percent(None, "fi")
    ('40\\xa0%', '40%', '–')
    """
    if _missing(value):
        return MISSING
    return _apply("percent", float(value), lang, decimals, decimals)


# -- truth values -------------------------------------------------------------------------------

#: words meaning true/false in every language (a tick ``x`` is true, an empty cell false)
_NEUTRAL_TRUE = {"true", "1", "x"}
_NEUTRAL_FALSE = {"false", "0", ""}


def _words(key: str) -> set[str]:
    out = set()
    for lang in languages():
        text = _entries(lang).get(key, ("", False))[0]
        out |= {w.strip().casefold() for w in text.split(",") if w.strip()}
    return out


def format_bool(value, lang: str) -> str:
    """``True``/``False`` as the language's first word for it.

    >>> format_bool(False, "fi"), format_bool(True, "en")
    ('ei', 'yes')
    """
    return t("bool.true" if value else "bool.false", lang).split(",")[0].strip()


def parse_bool(text) -> bool:
    """A truth value a person typed, in any of the kit's languages (the one vocabulary).

    Accepts the words of ``bool.true``/``bool.false`` in every catalogue, ``true``/``false``,
    ``1``/``0``, ``x`` (a tick) and an empty cell (false); case and surrounding spaces do not
    matter.

    >>> [parse_bool(w) for w in ("k", "X", " tosi ", "EI", "", "yes", "epätosi")]
    [True, True, True, False, False, True, False]
    >>> parse_bool("maybe")
    Traceback (most recent call last):
    ...
    ValueError: expected a truth value (kyllä, kylla, k, tosi, ... or ei, e, epätosi, ...); got 'maybe'
    """
    word = str(text).strip().casefold()
    true, false = _words("bool.true") | _NEUTRAL_TRUE, _words("bool.false") | _NEUTRAL_FALSE
    if word in true and word not in false:
        return True
    if word in false and word not in true:
        return False
    shown = {k: t(k, DEFAULT_LANG) for k in ("bool.true", "bool.false")}
    raise ValueError(f"expected a truth value ({shown['bool.true']}, ... or {shown['bool.false']}, ...); "
                     f"got {text!r}")


# -- numbers people type ------------------------------------------------------------------------

#: spaces people (and CLDR) put between thousands or before ``%``: plain, no-break, narrow no-break
_SPACES = re.compile("[ \u00a0\u202f\u2009]")


def parse_number(text, lang: str | None = None):
    """A number as a person typed it, in any of the kit's languages; blank → ``None``.

    Plain and no-break spaces between thousands, a decimal comma or point, a minus sign (``-``
    or CLDR's ``−``) and a trailing ``%`` (``74 %`` is 0.74) are all accepted, so whatever
    :func:`format_number` and :func:`format_percent` wrote reads back.  A whole number without
    a decimal mark stays an ``int``.  Anything else is one ``ValueError`` line.

    ``lang`` whose decimal mark is a point (English): a comma groups thousands, as
    :func:`format_number` writes them there (``12,345`` is 12345).  Without ``lang``, or in a
    language with a decimal comma, a comma is the decimal mark (``12,5``) and a point is too.

    >>> parse_number(" 0,25 "), parse_number("1\\xa0200"), parse_number("1 200.5"), parse_number("")
    (0.25, 1200, 1200.5, None)
    >>> parse_number("74\\xa0%"), parse_number("74,5%"), parse_number("\\u22120,5")
    (0.74, 0.745, -0.5)
    >>> parse_number("12,345", "en"), parse_number("12,345"), parse_number("1,234.5", "en")
    (12345, 12.345, 1234.5)
    >>> parse_number("x")
    Traceback (most recent call last):
    ...
    ValueError: expected a number such as 12,5 or 74 %; got 'x'
    """
    if text is None:
        return None
    if isinstance(text, numbers.Real) and not isinstance(text, bool):
        return text
    shown = str(text).strip()
    plain = _SPACES.sub("", shown).replace("\u2212", "-")
    grouping = lang is not None and _locale(check_lang(lang)).number_symbols["latn"]["decimal"] == "."
    plain = plain.replace(",", "") if grouping else plain.replace(",", ".")
    if not plain:
        return None
    percent = plain.endswith("%")
    try:
        number = float(plain.removesuffix("%"))
    except ValueError:
        raise ValueError(f"expected a number such as 12,5 or 74 %; got {shown!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"expected a number such as 12,5 or 74 %; got {shown!r}")
    if percent:
        return round(number / 100, 10)
    return int(number) if number.is_integer() and "." not in plain and "e" not in plain.lower() else number
