"""Shapes of identity codes, phone numbers, e-mail and street addresses the replacer rewrites.

Each pattern is written for Finnish texts as people type them:

* identity codes (*henkilötunnus*) in any case and spacing (``010190-123a``,
  ``010190 -123A``), with or without a valid check character (:func:`valid_hetu`
  tells which) or with none at all;
* phone numbers in every common Finnish writing: ``(09) 123 4567``,
  ``050.123.4567``, ``puh.040…``, ``+358 40…``, ``358 40…``, ``040-1234567``,
  and other countries' numbers with ``+`` or ``00`` (``+46 70 123 45 67``);
* e-mail addresses, also written ``(at)``, ``[at]`` or `` at `` (and ``(dot)``);
* street addresses: a street name ending in *-katu, -tie, -kuja, -polku,
  -väylä, -ranta, -rinne, …* (any case form) with a house number, optional
  stair and apartment (``B 12``, ``as. 4``), optional postcode and town; a
  postcode followed by a town (``00100 Helsinki``); post-office boxes
  (``PL 123``, ``PB 45``, ``Postilokero 7``, ``P.O. Box 12``);
* identity codes with no century sign (``131052308T``) when the check
  character and the date hold;
* bank accounts (IBAN, ``FI21 1234 5600 0007 85``) whose check digits hold (mod 97);
* user names: handles (``@liisakorhonen``) and the user folder of a path
  (``/Users/matti.virtanen/``, ``C:\\Users\\mvirtanen\\``, ``/home/liisa/``);
* as options, car registration plates (``ABC-123``) and client numbers in a
  shape the researcher gives (:func:`shape_pattern`).

The texts are read normalised (:mod:`.normal`): no-break spaces, other dashes,
soft hyphens and decomposed letters do not hide anything.

>>> t = "puh.040-1234567 tai (09) 123 4567, 1.2.2012"
>>> [t[a:b] for a, b in phones(t)]
['040-1234567', '(09) 123 4567']
>>> valid_hetu("131052-308t"), valid_hetu("131052 -308T"), valid_hetu("131052-308U")
(True, True, False)
>>> ADDRESS.search("asun Kauppakadulla 5 B 12, 00100 Helsinki nyt").group()
'Kauppakadulla 5 B 12, 00100 Helsinki'
>>> t = "tili FI21 1234 5600 0007 85, ei FI21 1234 5600 0007 86"
>>> [t[a:b] for a, b in ibans(t)]
['FI21 1234 5600 0007 85']
>>> hetu_key("010594-9032") == hetu_key("010594Y9032") == hetu_key("0105949032")
True
"""

from __future__ import annotations

import datetime as dt
import re

from ..errors import InputError

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
CENTURY = {"+": 1800, **dict.fromkeys("-YXWVU", 1900), **dict.fromkeys("ABCDEF", 2000)}

HETU = re.compile(r"(?<![\w-])(\d{6})[ \t]?([-+A-FU-Ya-fu-y])[ \t]?(\d{3})([0-9A-Za-z])?(?!\w)")
# no century sign: only with a right check character (else it is any ten-character number)
_HETU_BARE = re.compile(r"(?<![\w-])(\d{6})(\d{3})([0-9A-Ya-y])(?!\w)")

# the area or operator part, then 4–9 more digits with single separators
_PHONE_BODY = r"""
    (?: (?:\+|00)[ ]?358[ .\-]?(?:\(0\)[ .\-]?)?[1-9]\d{0,2}
      | (?:\+|00)[ ]?[1-9]\d{0,2}[ .\-]?(?:\(0\)[ .\-]?)?\d{1,4}      # another country
      | 358[ .\-]?[1-9]\d{0,2}
      | \(0\d{1,3}\)
      | 0[1-9]\d{0,2} )
    (?:[ .\-/]?\d){4,9}
    (?!\d)"""
# not inside another number (K1-01 2011 880 is no phone)
PHONE = re.compile(r"(?<![\d+])(?<!\d[ .\-/,])" + _PHONE_BODY, re.X)
# a second number right after a first one: 040 123 4567-050 765 4321
_NEXT_PHONE = re.compile(r"[ \-/,;]{1,2}(" + _PHONE_BODY + ")", re.X)
# what a phone shape can also be: a date or a span of clock times
_NOT_PHONE = re.compile(r"\d{1,2}[./]\d{1,2}[./](?:\d{2}|\d{4})|\d{1,2}[.:]\d{2} ?[-–] ?\d{1,2}[.:]\d{2}")

_AT = r"(?:[ ]?@[ ]?|[ ]?[(\[{][ ]?(?:at|ät|a)[ ]?[)\]}][ ]?|[ ]+at[ ]+)"
_DOT = r"(?:\.|[ ]?[(\[{][ ]?(?:dot|piste)[ ]?[)\]}][ ]?)"
EMAIL = re.compile(rf"(?<![\w.+-])[\w.+-]+{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}[a-z]{{2,}}(?![\w])",
                   re.I)

# street-name endings and their stems in case forms (katu → kadulla, rinne → rinteellä)
_STREET_ENDS = ("katu|kadu|tie|kuja|polku|polu|väylä|ranta|ranna|rinne|rintee|kaari|kaare|"
                "raitti|raiti|tori|aukio|piha|kenttä|kentä|puistikko|puistiko|mäki|mäe|kallio|"
                "ahde|ahtee|portti|porti|reitti|reiti|linja|bulevardi|esplanadi|vainio|niitty|"
                "nity|kumpu|kummu|harju|laakso|kaarre|kaartee|kulma|rivi|tanhua|kaista|pelto|pello")
_POSTCODE = r"(?<!\d)\d{5}[ ]+[A-ZÅÄÖ][A-Za-zÅÄÖåäö-]+"
_BOX = (r"(?<![\w.])(?:PL|PB|Pl|Pb|Postilokero|postilokero|Postbox|Box|P\.?[ ]?O\.?[ ]?[Bb]ox)"
        rf"\.?[ ]?\d{{1,5}}(?!\d)(?:,?[ ]+{_POSTCODE})?")
ADDRESS = re.compile(
    rf"(?<!\w)[A-ZÅÄÖ][a-zåäö-]*(?:{_STREET_ENDS})[a-zåäö]{{0,6}}"   # street (any case form)
    r"[ ]+\d{1,4}(?!\d)(?:[a-zA-Z](?!\w))?"                                 # house number, 5 or 5a
    r"(?:[ ]?(?:[A-Za-z]|as\.?)[ ]?\d{1,3}(?!\d)|[ ][A-Z](?!\w))?"     # stair/apartment
    rf"(?:,?[ ]+{_POSTCODE})?"                                         # postcode and town
    rf"|{_BOX}|{_POSTCODE}")

_IBAN = re.compile(r"(?<![\w])[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]){11,30}(?![\w])")
HANDLE = re.compile(r"(?<![\w.@+-])@([A-Za-z0-9_][A-Za-z0-9_.]*[A-Za-z0-9_])(?![(\w])")
USER_PATH = re.compile(r"(?i)[\\/](?:users|home|käyttäjät|documents and settings|profiles)[\\/]+"
                       r"([^\\/\s\"'<>|:*?]+)")
_NOT_USERS = frozenset({"shared", "public", "default", "all users", "guest", "default user",
                        "jaettu", "julkinen"})
PLATE = re.compile(r"(?<![\w-])[A-ZÅÄÖa-zåäö]{2,3}-\d{1,3}(?![\w-])")


def valid_hetu(code: str) -> bool:
    """True when ``code`` is an identity code with a real date and the right check character.

    Case and a space around the century sign do not matter.
    """
    m = HETU.fullmatch(code.strip())
    if not m or m.group(4) is None:
        return False
    digits, sign, serial, check = m.groups()
    dd, mm, yy = digits[:2], digits[2:4], digits[4:]
    try:
        dt.date(CENTURY[sign.upper()] + int(yy), int(mm), int(dd))
    except ValueError:
        return False
    return CHECK_CHARACTERS[int(digits + serial) % 31] == check.upper()


def hetus(text: str) -> list:
    """``(start, end)`` of identity codes: with a century sign any, without one only valid ones."""
    out = [m.span() for m in HETU.finditer(text)]
    for m in _HETU_BARE.finditer(text):
        digits, serial, check = m.groups()
        if CHECK_CHARACTERS[int(digits + serial) % 31] == check.upper() and any(
                _date_ok(digits, century) for century in (1800, 1900, 2000)):
            out.append(m.span())
    return sorted(out)


def hetu_key(code: str) -> str:
    """What one person's code is keyed by: date, serial and check, whatever sign or case.

    The century sign is left out, so ``-``, ``Y``, ``X`` … (all 1900s) and a code
    written without a sign give one pseudonym.
    """
    compact = re.sub(r"\s", "", code).upper()
    m = re.fullmatch(r"(\d{6})[-+A-FU-Y]?(\d{3})([0-9A-Z]?)", compact)
    return "".join(m.groups()) if m else compact


def _date_ok(digits: str, century: int) -> bool:
    try:
        dt.date(century + int(digits[4:]), int(digits[2:4]), int(digits[:2]))
    except ValueError:
        return False
    return True


def valid_iban(code: str) -> bool:
    """True when ``code`` (spaces allowed) has the right IBAN check digits (ISO 13616, mod 97).

    >>> valid_iban("FI21 1234 5600 0007 85"), valid_iban("FI21 1234 5600 0007 84")
    (True, False)
    """
    compact = code.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", compact):
        return False
    moved = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in moved)) % 97 == 1


def ibans(text: str) -> list:
    """``(start, end)`` of bank account numbers (IBAN) with valid check digits.

    A match may run on into the next word (``FI21 … 85 ABC1``): the longest valid prefix counts.
    """
    out = []
    for m in _IBAN.finditer(text):
        s = m.group()
        for end in range(len(s), 14, -1):
            if (end == len(s) or s[end] == " ") and valid_iban(s[:end]):
                out.append((m.start(), m.start() + end))
                break
    return out


def user_names(text: str) -> list:
    """``(start, end)`` of handles (after the ``@``) and of the user folder in paths."""
    out = [m.span(1) for m in HANDLE.finditer(text)]
    out += [m.span(1) for m in USER_PATH.finditer(text)
            if m.group(1).casefold() not in _NOT_USERS]
    return sorted(out)


def shape_pattern(shapes) -> re.Pattern | None:
    """A pattern for client numbers written as shapes: ``#`` a digit, ``?`` a letter.

    Other characters stand for themselves (case does not matter).

    >>> p = shape_pattern(["AS-#####", "##-??"])
    >>> [m.group() for m in p.finditer("asiakas AS-12345 ja as-12345, 12-ab, AS-123456")]
    ['AS-12345', 'as-12345', '12-ab']
    """
    parts = []
    for shape in shapes:
        shape = shape.strip()
        if not shape:
            continue
        if not any(ch in "#?" for ch in shape):
            raise InputError(f"client number shape {shape!r}: expected # for each digit and ? "
                             "for each letter, e.g. AS-#####")
        parts.append("".join(r"\d" if ch == "#" else r"[^\W\d_]" if ch == "?" else re.escape(ch)
                             for ch in shape))
    if not parts:
        return None
    return re.compile(r"(?<![\w])(?:" + "|".join(parts) + r")(?![\w])", re.I)


def phones(text: str) -> list:
    """``(start, end)`` of the phone numbers in ``text`` (dates and clock-time spans left out).

    >>> t = "040 123 4567-050 765 4321"
    >>> [t[a:b] for a, b in phones(t)]
    ['040 123 4567', '050 765 4321']
    """
    out = []
    for m in PHONE.finditer(text):
        if _NOT_PHONE.fullmatch(m.group()):
            continue
        span = m.span()
        while True:
            out.append(span)
            nxt = _NEXT_PHONE.match(text, span[1])
            if nxt is None or _NOT_PHONE.fullmatch(nxt.group(1)):
                break
            span = nxt.span(1)
    return sorted(set(out))
