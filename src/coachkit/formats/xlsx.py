"""Excel workbooks (.xlsx): one sheet read as a table of strings; tables written as sheets."""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET
import zipfile
import zlib

import pandas as pd

from ..errors import InputError


def _cell_text(value) -> str:
    """A cell as the text a CSV export of it would hold.

    >>> _cell_text(3.0), _cell_text(2.5), _cell_text(True), _cell_text(None)
    ('3', '2.5', 'true', '')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


#: what openpyxl raises on a damaged or hostile workbook (its XML parser's errors included)
_DAMAGED = (zipfile.BadZipFile, zlib.error, KeyError, OSError, ValueError, TypeError, EOFError,
            IndexError, ET.ParseError)


def read_sheet(raw: bytes, file: str, sheet: str | None = None) -> pd.DataFrame:
    """One sheet of a workbook (the first, or ``sheet``) as strings.

    Row 1 is the header; rows keep their spreadsheet numbers (an empty row in the
    middle stays, so errors point at the right row); trailing empty rows and
    columns are dropped.  Formulas give their last computed value.  The frame's
    ``attrs["file"]`` is ``"FILE, sheet 'NAME'"`` so every error names the sheet.
    """
    import openpyxl

    from . import check_zip_member

    try:
        members = zipfile.ZipFile(io.BytesIO(raw)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        members = []  # openpyxl says below that this is not a workbook
    for info in members:  # a workbook is a zip archive: the same limits as a project
        check_zip_member(info, f"{file}, member {info.filename}")
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except _DAMAGED as exc:
        raise InputError(f"not a readable Excel workbook ({exc}); expected an .xlsx file "
                         "saved by Excel or LibreOffice", file=file) from None
    try:
        if sheet is None:
            ws = book.worksheets[0]
        elif sheet in book.sheetnames:
            ws = book[sheet]
        else:
            raise InputError(f"no sheet named '{sheet}'; the workbook has: "
                             + ", ".join(book.sheetnames), file=file)
        label = f"{file}, sheet '{ws.title}'"
        try:
            rows = [[_cell_text(v) for v in r] for r in ws.iter_rows(values_only=True)]
        except _DAMAGED as exc:
            raise InputError(f"the sheet cannot be read, the workbook is damaged ({exc}); open "
                             "it in Excel or LibreOffice and save it again", file=label) from None
    finally:
        book.close()
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    if not rows:
        raise InputError("the sheet is empty; expected a header row and data rows", file=label)
    header = [c.strip() for c in rows[0]]
    width = max((i + 1 for i, c in enumerate(header) if c), default=0)
    if width == 0:
        raise InputError("row 1 has no column names; expected the header in row 1", file=label)
    header = [c or f"Unnamed: {i}" for i, c in enumerate(header[:width])]
    body = [(r + [""] * width)[:width] for r in rows[1:]]
    if not body:
        raise InputError("the sheet has a header but no data rows", file=label)
    df = pd.DataFrame(body, columns=header, dtype=str)
    df.attrs["file"] = label
    return df


def _writable(value):
    """A value as a workbook cell holds it: NaN empty, numpy scalars plain, control characters
    (which the file format cannot hold) shown as the replacement character.

    >>> _writable("a\x01b"), _writable(float("nan")), _writable(3)
    ('a\ufffdb', None, 3)
    """
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return value


def _text_cells(cells) -> None:
    """Type every text cell as a string: openpyxl would make ``=…`` a live formula."""
    for cell in cells:
        if isinstance(cell.value, str):
            cell.data_type = "s"


#: the most characters an Excel cell holds (Excel cuts a longer text when it opens the file)
CELL_LIMIT = 32_767


def _check_cell_lengths(name: str, df: pd.DataFrame, file) -> None:
    """Refuse a table with a text longer than an Excel cell holds: Excel would cut it silently."""
    for col in df.columns:
        values = df[col]
        if not (values.dtype == object or pd.api.types.is_string_dtype(values)):
            continue
        lengths = values.map(lambda v: len(v) if isinstance(v, str) else 0)
        if len(lengths) and lengths.max() > CELL_LIMIT:
            row = int(lengths.to_numpy().argmax()) + 2
            raise InputError(f"the text is {int(lengths.max()):,} characters long; an Excel cell "
                             f"holds {CELL_LIMIT:,} and Excel would cut the rest without a word. "
                             "Nothing was written; the CSV tables hold long texts whole (leave "
                             "out --xlsx)", file=f"{file}, sheet '{name}'", row=row, column=col)


def workbook_bytes(tables: dict, *, file="workbook") -> bytes:
    """An .xlsx workbook with one sheet per ``name → DataFrame`` (header in bold, frozen).

    Text is written as text, never as a formula (``=HYPERLINK(…)`` from a researcher's
    file stays those characters); characters a workbook cannot hold become ``\ufffd``.
    A text longer than an Excel cell holds (:data:`CELL_LIMIT`) is refused in one line
    naming the sheet, row and column (``file`` names the workbook in it).
    """
    import openpyxl
    from openpyxl.styles import Font

    for name, df in tables.items():
        _check_cell_lengths(str(name)[:31], df, file)

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, df in tables.items():
        ws = book.create_sheet(title=str(name)[:31])
        ws.append([_writable(str(c)) for c in df.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in df.itertuples(index=False):
            ws.append([_writable(v) for v in row])
        for cells in ws.iter_rows():
            _text_cells(cells)
        ws.freeze_panes = "A2"
        for i, col in enumerate(df.columns, start=1):
            width = max([len(str(col)), *(len(str(v)) for v in df[col].head(200))])
            ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width = min(60, width + 2)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
