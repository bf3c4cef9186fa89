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
  stair and apartment (``B 12``, ``as. 4``), optional postcode and town; and a
  postcode followed by a town (``00100 Helsinki``).

>>> t = "puh.040-1234567 tai (09) 123 4567, 1.2.2012"
>>> [t[a:b] for a, b in phones(t)]
['040-1234567', '(09) 123 4567']
>>> valid_hetu("131052-308t"), valid_hetu("131052 -308T"), valid_hetu("131052-308U")
(True, True, False)
>>> ADDRESS.search("asun Kauppakadulla 5 B 12, 00100 Helsinki nyt").group()
'Kauppakadulla 5 B 12, 00100 Helsinki'
"""

from __future__ import annotations

import datetime as dt
import re

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
CENTURY = {"+": 1800, **dict.fromkeys("-YXWVU", 1900), **dict.fromkeys("ABCDEF", 2000)}

HETU = re.compile(r"(?<![\w-])(\d{6})[ \t]?([-+A-FU-Ya-fu-y])[ \t]?(\d{3})([0-9A-Za-z])?(?!\w)")

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
ADDRESS = re.compile(
    rf"(?<!\w)[A-ZÅÄÖ][a-zåäö-]*(?:{_STREET_ENDS})[a-zåäö]{{0,6}}"   # street (any case form)
    r"[ ]+\d{1,4}(?!\d)(?:[a-zA-Z](?!\w))?"                                 # house number, 5 or 5a
    r"(?:[ ]?(?:[A-Za-z]|as\.?)[ ]?\d{1,3}(?!\d)|[ ][A-Z](?!\w))?"     # stair/apartment
    rf"(?:,?[ ]+{_POSTCODE})?"                                         # postcode and town
    rf"|{_POSTCODE}")


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
