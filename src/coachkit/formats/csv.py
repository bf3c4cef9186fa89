"""CSV as Excel and other tools save it: UTF-8 or Windows-1252, comma, semicolon or tab."""

from __future__ import annotations

import csv
import io

import pandas as pd

from .errors import InputError

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
