"""CSV as Excel and other tools save it: UTF-8, Windows-1252 or UTF-16; comma, semicolon or tab.

Bytes become text through the kit's one decoder (:mod:`coachkit.formats.text`).

Written CSVs are safe to open in a spreadsheet: text that a spreadsheet would take as a
formula (it starts with ``= + - @``, a tab or a carriage return) gets a leading ``'``, as
OWASP recommends for CSV injection; numbers, negative ones too, stay numbers.  Such a cell
is always written in double quotes, and reading takes the apostrophe off exactly those
quoted cells again (:func:`unsafe_cell`), so the kit's own files come back as they were
written while a user's value that begins with an apostrophe keeps it.  Lines may end in
CRLF, LF or CR alone (old Mac).

A first line ``sep=;`` (or ``sep=,``, ``sep=<tab>``, ``sep=|``), the hint Excel reads and some
tools write, names the separator and is read as Excel reads it: not a row, so the header is
row 1 in error messages, as the spreadsheet shows it (:func:`separator_hint`).
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ..errors import InputError, note
from . import Reader, register, require_distinct_columns
from .text import EXPECTED, decode_text

EXPECTED_ENCODING = EXPECTED

_SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}
#: Excel's separator hint, a first line ``sep=;`` (in quotes when a CSV writer wrote it)
_HINT = re.compile(r'^\ufeff?("?)sep=(.)\1[ ]*\r?$', re.IGNORECASE)


def separator_hint(first_line: str, label) -> str | None:
    r"""The separator a first line ``sep=X`` names (Excel's hint), or None for any other line.

    >>> separator_hint("sep=;", "f.csv"), separator_hint("\ufeffsep=|\r", "f.csv")
    (';', '|')
    >>> separator_hint("segment_id;source", "f.csv") is None
    True
    >>> separator_hint("sep=:", "f.csv")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    coachkit.errors.InputError: f.csv, row 1: the first line 'sep=:' names ':' as the separator; ...
    """
    found = _HINT.match(first_line)
    if found is None:
        return None
    sep = found.group(2)
    if sep not in _SEPARATOR_NAMES:
        raise InputError(f"the first line 'sep={sep}' names {sep!r} as the separator; the kit "
                         "reads a comma, semicolon, tab or vertical bar (|)", file=label, row=1)
    return sep


def _utf8_start(raw: bytes, complete: bool) -> bool:
    """True when a CSV file's start is plain UTF-8 (no mark other than UTF-8's, no zero bytes),
    so the parser may read the file itself; anything else goes through :func:`decode_text`.

    A multi-byte character cut at the end of the sample does not count against it.

    >>> _utf8_start("a;ö".encode("utf-8"), True), _utf8_start("a;ö".encode("cp1252"), True)
    (True, False)
    """
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in raw[:8192]:
        return False
    sample = raw[:1 << 16]
    try:
        sample.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        return exc.start >= len(sample) - 3 and (len(raw) > len(sample) or not complete)


def sniff_delimiter(header: str) -> str:
    """The separator of a header line (Finnish Excel uses ``;``, the comma being the decimal mark).

    >>> sniff_delimiter("segment_id;source;code"), sniff_delimiter("a,b"), sniff_delimiter("a")
    (';', ',', ',')
    """
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] > 0 else ","


def _first_long_row(text: str, sep: str, width: int):
    """``(row, fields)`` of the first row with more fields than the header, or None."""
    for row_number, fields in enumerate(csv.reader(io.StringIO(text), delimiter=sep), start=1):
        if len(fields) > width:
            return row_number, len(fields)
    return None


def read_csv_bytes(raw: bytes, label: str, category: Sequence[str] = (), *,
                   encoding: str | None = None, path=None) -> pd.DataFrame:
    """A CSV file's cells as strings (header stripped); one error line if it cannot be read.

    Columns named in ``category`` are read as pandas categoricals (the parser
    builds them without one Python string per cell, which is what makes a
    million-row corpus quick to read and check).  A row with more fields than
    the header is an error naming the row, never a silent shift of columns.
    With ``path``, ``raw`` may be the file's start only: a UTF-8 file is then
    parsed straight from ``path`` (no copy of it in memory).  Any other file, or
    ``encoding="decide"``, is decoded whole by :func:`~coachkit.formats.text.decode_text`
    (a few bytes that are not UTF-8 give one note naming them).
    """
    fast = encoding is None and _utf8_start(raw, path is None)
    if path is not None and (not fast or _cr_only(raw)):
        raw, path = Path(path).read_bytes(), None  # other files are decoded whole
    if fast and _cr_only(raw):
        raw = raw.replace(b"\r", b"\n")  # old Mac line ends
    if fast:
        # the parser's C reader decodes UTF-8 bytes itself, faster than it reads a str;
        # only the header line is decoded here
        end = raw.find(b"\n", 0, 1 << 20)
        header_line = raw[:end if end >= 0 else 1 << 20].decode("utf-8-sig", "replace")
        text = None
    else:
        decoded = decode_text(raw, label)
        if decoded.note:
            note(decoded.note)
        text = decoded.text.lstrip("\ufeff")
        if _cr_only(text):
            text = text.replace("\r", "\n")  # old Mac line ends
        header_line = text.split("\n", 1)[0]
    hinted = separator_hint(header_line, label)
    skip = 0  # lines of the file at ``path`` the parser skips: Excel's "sep=;" line, not a row
    if hinted is not None and text is not None:
        text = text.partition("\n")[2]
        header_line = text.split("\n", 1)[0]
    elif hinted is not None:
        rest = raw.partition(b"\n")[2]
        raw, skip = (rest, 0) if path is None else (raw, 1)
        end = rest.find(b"\n", 0, 1 << 20)
        header_line = rest[:end if end >= 0 else 1 << 20].decode("utf-8", "replace")
    if not header_line.strip() and not (text if text is not None else raw).strip():
        raise InputError("the file is empty; expected a header row and data rows", file=label)
    sep = hinted or sniff_delimiter(header_line)
    try:
        header = next(csv.reader([header_line.rstrip("\r")], delimiter=sep), [])
    except csv.Error as exc:  # e.g. a carriage return alone inside the header line
        raise InputError(f"the header row cannot be read ({exc}); save the file again as CSV "
                         "from a spreadsheet", file=label, row=1) from None
    require_distinct_columns([h.strip().lstrip("\ufeff") for h in header], label)
    width = len(header)
    wanted = set(category)
    dtype = {h: ("category" if h.strip().lstrip("\ufeff") in wanted else str) for h in header}
    source = (io.BytesIO(raw) if path is None else str(path)) if text is None else \
        io.StringIO(text)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            df = pd.read_csv(source, sep=sep, dtype=dtype, keep_default_na=False,
                             skip_blank_lines=True, quoting=csv.QUOTE_MINIMAL, index_col=False,
                             encoding="utf-8" if text is None else None, skiprows=skip)
    except (pd.errors.ParserError, pd.errors.ParserWarning) as exc:
        whole = raw if path is None else Path(path).read_bytes()
        full = whole.decode("utf-8-sig", "replace") if text is None else text
        if skip:
            full = full.partition("\n")[2]
        long_row = _first_long_row(full, sep, width)
        if long_row is not None:
            row, fields = long_row
            raise InputError(
                f"the row has {fields} fields, the header has {width}: a {_SEPARATOR_NAMES[sep]} "
                "too many, or a value holding a separator without quotes around it",
                file=label, row=row) from None
        raise InputError(f"not a well-formed CSV table ({exc})", file=label) from None
    except pd.errors.EmptyDataError:
        raise InputError("the file is empty; expected a header row and data rows",
                         file=label) from None
    except UnicodeDecodeError:
        # not UTF-8 after all (the check looks at the start only): the one decoder decides
        whole = raw if path is None else Path(path).read_bytes()
        return read_csv_bytes(whole, label, category, encoding="decide")
    df.columns = [str(c).strip().lstrip("\ufeff") for c in df.columns]
    df = _without_trailing_empty_rows(df)
    refuse_repeated_header(df, label)
    if len(df) == 0:
        raise InputError("the file has a header but no data rows", file=label)
    if ("\"'" in text) if text is not None else _holds(raw if path is None else path, b"\"'"):
        whole = text if text is not None else (raw if path is None else Path(path).read_bytes()) \
            .decode("utf-8-sig", "replace")
        _unquote(df, kit_quoted(whole))
    return df


def _without_trailing_empty_rows(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` without the rows of empty cells at its end (``;;;;`` lines: Excel saves rows it
    once formatted), as a workbook's are dropped; an empty row in the middle stays, so errors
    name it at its row.

    >>> _without_trailing_empty_rows(pd.DataFrame({"a": ["1", "", ""], "b": ["", "", ""]}))
       a b
    0  1
    """
    def empty(row) -> bool:
        return all(str(v).strip() == "" for v in row)

    end = len(df)
    while end and empty(df.iloc[end - 1]):
        end -= 1
    if end == len(df):
        return df
    df = df.iloc[:end].copy()
    for col in df.columns:  # the empty rows' "" is no longer a value of a categorical column
        if isinstance(df[col].dtype, pd.CategoricalDtype):
            df[col] = df[col].cat.remove_unused_categories()
    return df


def refuse_repeated_header(df: pd.DataFrame, label) -> None:
    """One error line for a data row that repeats the header (two exports joined with ``cat``
    or pasted one under the other): read as data it would be a coder named ``coder`` or a
    source named ``source``, and the rows after it might follow another column order.

    >>> refuse_repeated_header(pd.DataFrame({"a": ["1", "a"], "b": ["x", " b"]}), "t.csv")
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    coachkit.errors.InputError: t.csv, row 3: the row repeats the header (two files joined ...
    """
    if not len(df.columns):
        return
    first = df.columns[0]
    col = df[first]
    if isinstance(col.dtype, pd.CategoricalDtype):  # judged once per value
        maybe = col.isin([c for c in col.cat.categories if str(c).strip() == first]).to_numpy()
    else:  # a C-speed comparison: a million-row corpus is checked in milliseconds
        maybe = col.to_numpy(dtype=object) == first
    if not maybe.any():
        return
    same = df.loc[maybe].astype(str).apply(lambda col: col.str.strip() == col.name).all(axis=1)
    if same.any():
        raise InputError("the row repeats the header (two files joined one after the other?); "
                         "delete it, and check that the rows after it have the same columns",
                         file=label, row=int(same.index[same.to_numpy()][0]) + 2)


def _holds(source, marker: bytes) -> bool:
    """Whether bytes (or the file at a path, read in overlapping blocks) hold ``marker``."""
    if isinstance(source, bytes):
        return marker in source
    with open(source, "rb") as fh:
        tail = b""
        for block in iter(lambda: fh.read(1 << 24), b""):
            if marker in tail + block[:len(marker)] or marker in block:
                return True
            tail = block[-len(marker) + 1:]
    return False


def _cr_only(raw) -> bool:
    """True for a file whose lines end in a carriage return alone (classic Mac OS, old Excel).

    Excel for the Mac writes its rows so but a line break inside a cell as LF (in quotes):
    lone CRs outnumbering the LFs is what tells.

    >>> _cr_only(b'a;b\\r1;"x\\ny"\\r2;z\\r'), _cr_only(b"a;b\\n1;x\\ry\\n2;z\\n")
    (True, False)
    >>> _cr_only(b"a\\r\\nb\\r\\n")
    False
    """
    head = raw[:1 << 20]
    cr, lf = ("\r", "\n") if isinstance(head, str) else (b"\r", b"\n")
    crlf = head.count(cr + lf)
    return head.count(cr) - crlf > head.count(lf)


#: A field the kit's writers neutralised: in double quotes, starting with the apostrophe.
_KIT_QUOTED = re.compile(r'(?:^|(?<=[,;\t\r\n]))"(\'(?:[^"]|"")*)"(?=[,;\t\r\n]|$)')


def kit_quoted(text: str) -> set:
    r"""The values of a CSV's text that the kit's writers neutralised (see :func:`csv_text`).

    >>> sorted(kit_quoted('a;"\'=1";\'=2\n"\'@x"";y";b'))
    ["'=1", '\'@x";y']
    """
    if "\"'" not in text:
        return set()
    return {m.group(1).replace('""', '"') for m in _KIT_QUOTED.finditer(text)}


def _unquote(df: pd.DataFrame, marked: set) -> None:
    """Take off the apostrophe the kit put before formula-like text, in the cells it marked."""
    def back(value):
        return unsafe_cell(value) if value in marked else value

    df.columns = [back(c) for c in df.columns]
    for col in df.columns:
        series = df[col]
        if isinstance(series.dtype, pd.CategoricalDtype):
            from ..checks import recode

            df[col] = recode(series, back)
            continue
        candidates = series.str.startswith("'", na=False)
        if candidates.any():
            df.loc[candidates, col] = series[candidates].map(back)


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


def unsafe_cell(value):
    """The value :func:`safe_cell` was given: the apostrophe it put there taken off.

    Only where :func:`safe_cell` would have put it (before formula-like text that is not
    a number), so ``'-12`` and ``'hello`` keep theirs.  Readers apply it only to the fields
    the kit's writers marked (:func:`csv_text`).

    >>> unsafe_cell("'=HYPERLINK(1)"), unsafe_cell("'-12"), unsafe_cell("'hello")
    ('=HYPERLINK(1)', "'-12", "'hello")
    >>> all(unsafe_cell(safe_cell(v)) == v for v in ["=1+1", "@x", "-3", "Tekevä", "+358 40"])
    True
    """
    if isinstance(value, str) and value.startswith("'") and safe_cell(value[1:]) != value[1:]:
        return value[1:]
    return value


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def csv_text(rows, *, sep: str = ",", eol: str = "\r\n") -> str:
    """Rows of text as CSV, every cell :func:`safe_cell`; a neutralised cell is always quoted.

    The quotes mark the cells whose apostrophe the kit added, so reading the file takes
    exactly those apostrophes off again; a value of the user's that happens to begin with
    an apostrophe is written without quotes (unless it needs them) and read as it is.

    >>> print(csv_text([["=SUM(1)", "'=x", "a;b"]], sep=";", eol=""))
    "'=SUM(1)";'=x;"a;b"
    """
    def field(value):
        safe = safe_cell(value)
        if safe != value or any(c in safe for c in (sep, '"', "\r", "\n")):
            return _quoted(safe)
        return safe

    return "".join(sep.join(field(str(v)) for v in row) + eol for row in rows)


def split_rows(text: str, file) -> tuple[list, str]:
    """A CSV text's rows as written and its separator: each cell a string, the kit's own
    apostrophe taken off exactly the cells :func:`csv_text` neutralised (so a copy written
    back with :func:`csv_text` is the same file); one error line when it cannot be split.

    >>> split_rows('a;b\\n"\\'=1";\\'x\\n', "f.csv")
    ([['a', 'b'], ['=1', "'x"]], ';')
    """
    first = text.split("\n", 1)[0]
    sep = separator_hint(first, file) or sniff_delimiter(first)  # the hint stays a row as written
    marked = kit_quoted(text)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    except csv.Error as exc:            # a NUL byte, an enormous field
        raise InputError(f"not a readable CSV file ({exc})", file=file) from None
    return [[unsafe_cell(v) if v in marked else v for v in row] for row in rows], sep


_PLACEHOLDER = re.compile("\x00(\\d+)\x00")


def csv_bytes(df: pd.DataFrame, *, sep: str = ",", bom: bool = False) -> bytes:
    """``df`` as CSV bytes (UTF-8, CRLF lines as RFC 4180 and Excel) with every text cell and
    header :func:`safe_cell` (a line break or carriage return inside a cell is quoted).

    A neutralised cell is always written in quotes, the mark that reading the file takes
    its apostrophe off again (:func:`csv_text`).  ``bom=True`` writes the byte-order mark
    that makes Excel read UTF-8 right.
    """
    neutralised = []

    def mark(value):
        safe = safe_cell(value)
        if safe is value or safe == value:
            return value
        neutralised.append(safe)
        return f"\x00{len(neutralised) - 1}\x00"  # pandas writes it bare; quoted below

    safe = df.copy()
    safe.columns = [mark(str(c)) for c in df.columns]
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(mark)
    text = safe.to_csv(index=False, sep=sep, lineterminator="\r\n")
    if neutralised:
        text = _PLACEHOLDER.sub(lambda m: _quoted(neutralised[int(m.group(1))]), text)
    return text.encode("utf-8-sig" if bom else "utf-8")


def read_csv(raw: bytes, label: str, *, path=None, sheet=None, category: Sequence[str] = ()):
    """The CSV reader of the registry (:func:`coachkit.formats.read_table` calls it): the
    cells of ``raw`` (or of the file at ``path`` when ``raw`` is its start) as strings."""
    return read_csv_bytes(raw, label, category, path=path)


register(Reader("csv", (".csv", ".tsv", ".txt"), frozenset({"table"}), read_csv))
