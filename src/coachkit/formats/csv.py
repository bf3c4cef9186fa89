"""CSV as Excel and other tools save it: UTF-8 or Windows-1252, comma, semicolon or tab.

Written CSVs are safe to open in a spreadsheet: text that a spreadsheet would take as a
formula (it starts with ``= + - @``, a tab or a carriage return) gets a leading ``'``, as
OWASP recommends for CSV injection; numbers, negative ones too, stay numbers.
"""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

from .._validation import InputError

#: Encodings tried, in order.  UTF-8 (with or without the byte-order mark Excel
#: writes) first; then Windows-1252, which older Finnish Excel versions use for
#: "CSV (comma delimited)".
ENCODINGS = ("utf-8-sig", "cp1252")

EXPECTED_ENCODING = "UTF-8 (or Windows-1252 from an older Excel)"


def decode(raw: bytes, file) -> str:
    """Text of a CSV file's bytes, or one clear error line.

    >>> decode("Työ;ok".encode("cp1252"), "f.csv")
    'Työ;ok'
    """
    if b"\x00" in raw[:8192]:
        raise InputError(
            f"this is not a text file (it contains binary data); expected a CSV file in "
            f"{EXPECTED_ENCODING}",
            file=file,
        )
    for enc in ENCODINGS:
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise InputError(f"cannot decode the file; expected {EXPECTED_ENCODING}", file=file)


def sniff_delimiter(header: str) -> str:
    """The separator of a header line (Finnish Excel uses ``;``, the comma being the decimal mark).

    >>> sniff_delimiter("segment_id;source;code"), sniff_delimiter("a,b"), sniff_delimiter("a")
    (';', ',', ',')
    """
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] > 0 else ","


def read_csv_bytes(raw: bytes, label: str) -> pd.DataFrame:
    """A CSV file's cells as strings (header stripped); one error line if it cannot be read."""
    text = decode(raw, label)
    if not text.strip():
        raise InputError("the file is empty; expected a header row and data rows", file=label)
    header = text.lstrip("\ufeff").splitlines()[0]
    try:
        df = pd.read_csv(io.StringIO(text), sep=sniff_delimiter(header), dtype=str,
                         keep_default_na=False, skip_blank_lines=True, quoting=csv.QUOTE_MINIMAL)
    except pd.errors.ParserError as exc:
        raise InputError(f"not a well-formed CSV table ({exc})", file=label) from None
    df.columns = [str(c).strip().lstrip("\ufeff") for c in df.columns]
    if len(df) == 0:
        raise InputError("the file has a header but no data rows", file=label)
    return df


#: What makes a spreadsheet read a cell as a formula (or a DDE command).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d[\d \u00a0]*)?([.,]\d+)?([eE][+-]?\d+)?\s*%?$")


def safe_cell(value):
    """A value that a spreadsheet shows as written: formula-like text gets a leading ``'``.

    >>> safe_cell("=HYPERLINK(1)"), safe_cell("@SUM(1)"), safe_cell("+1+1")
    ("'=HYPERLINK(1)", "'@SUM(1)", "'+1+1")
    >>> safe_cell("-12,5"), safe_cell(-3), safe_cell("Tekevä")
    ('-12,5', -3, 'Tekevä')
    """
    if (isinstance(value, str) and value.startswith(FORMULA_START)
            and not (_NUMBER.match(value) and any(c.isdigit() for c in value))):
        return "'" + value
    return value


def csv_bytes(df: pd.DataFrame, *, sep: str = ",", bom: bool = False) -> bytes:
    """``df`` as CSV bytes (UTF-8, CRLF lines as RFC 4180 and Excel) with every text cell and
    header :func:`safe_cell` (a line break or carriage return inside a cell is quoted).

    ``bom=True`` writes the byte-order mark that makes Excel read UTF-8 right.
    """
    safe = df.copy()
    safe.columns = [safe_cell(str(c)) for c in df.columns]
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(safe_cell)
    text = safe.to_csv(index=False, sep=sep, lineterminator="\r\n")
    return text.encode("utf-8-sig" if bom else "utf-8")
