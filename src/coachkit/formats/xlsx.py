"""Excel workbooks (.xlsx): one sheet read as a table of strings; tables written as sheets."""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET
import zipfile
import zlib

import pandas as pd

from ..errors import InputError
from . import Reader, register


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


#: Most cells the kit reads from one sheet (rows × the header's columns): far more than any
#: coding table, far less than a sheet declaring Excel's whole grid (1 048 576 × 16 384).
MAX_CELLS = 20_000_000



def _visible_sheet(book, file: str, sheet: str | None):
    """``(sheet, notes)``: the sheet asked for, else the first visible one (with a note if hidden
    ones come first)."""
    if not book.worksheets:
        raise InputError("the workbook has no readable sheet (its sheet part is missing or "
                         "damaged); open it in Excel or LibreOffice and save it again", file=file)
    if sheet is not None:
        if sheet not in book.sheetnames:
            raise InputError(f"no sheet named '{sheet}'; the workbook has: "
                             + ", ".join(book.sheetnames), file=file)
        return book[sheet], []
    visible = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
    if not visible:
        raise InputError("every sheet of the workbook is hidden; show one in Excel or name it "
                         "with --sheet", file=file)
    hidden = [ws.title for ws in book.worksheets[:book.worksheets.index(visible[0])]]
    if hidden:
        from ..errors import note

        text = (f"{file}: read the first visible sheet '{visible[0].title}'; hidden sheet(s) "
                f"before it ({', '.join(hidden)}) were not read (name one with --sheet to read it)")
        note(text)
        return visible[0], [text]
    return visible[0], []


def _rows(ws, label: str) -> list:
    """The sheet's rows as lists of text, each cut to the header's width; bounded by :data:`MAX_CELLS`."""
    ws.reset_dimensions()  # a declared size (A1:XFD1048576) is not trusted: rows are as written
    rows, width, cells = [], None, 0
    for values in ws.iter_rows(values_only=True):
        if not values and width:  # a row the sheet skips (openpyxl fills them in)
            rows.append([])
            cells += width
            continue
        row = [_cell_text(v) for v in values[:width]]
        if width is None:
            width = max((i + 1 for i, c in enumerate(row) if c.strip()), default=0) or None
            row = row[:width]
        rows.append(row)
        cells += max(len(row), width or 1)
        if cells > MAX_CELLS:
            raise InputError(f"the sheet holds more than {MAX_CELLS:,} cells ({len(rows):,} rows "
                             f"of {width or 0:,} columns read so far); the kit reads coding "
                             "tables, not whole-grid sheets: copy the table to a new workbook",
                             file=label)
    return rows


def _unsaved_formulas(raw: bytes, ws, rows: list) -> set:
    """``{(row, column name)}`` of the cells read as empty that hold a formula whose value was
    never saved.  Read a second time for the formulas only when the sheet's XML holds one."""
    try:
        member = zipfile.ZipFile(io.BytesIO(raw)).read(ws._worksheet_path)
    except (KeyError, AttributeError, zipfile.BadZipFile):
        return set()
    if b"<f" not in member and b":f" not in member:
        return set()
    import openpyxl

    header = [c.strip() or f"Unnamed: {i}" for i, c in enumerate(rows[0])] if rows else []
    found = set()
    formulas = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    try:
        sheet = formulas[ws.title]
        sheet.reset_dimensions()
        for r, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if r > len(rows):
                break
            read = rows[r - 1]
            for c, value in enumerate(values[:len(header)]):
                if isinstance(value, str) and value.startswith("=") \
                        and (read[c] if c < len(read) else "") == "":
                    found.add((r, header[c]))
    finally:
        formulas.close()
    return found


def read_sheet(raw: bytes, file: str, sheet: str | None = None) -> pd.DataFrame:
    """One sheet of a workbook (the first visible one, or ``sheet``) as strings.

    Row 1 is the header; rows keep their spreadsheet numbers (an empty row in the
    middle stays, so errors point at the right row); trailing empty rows and
    columns are dropped.  Formulas give their last computed value; a formula whose
    value was never saved reads as empty, and a check that finds such a cell empty says
    that it is a formula without a saved value (:data:`coachkit.checks.NO_SAVED_VALUE`, through
    ``attrs["unsaved_formulas"]``).  Hidden sheets before the first visible one are skipped with a note
    (:func:`coachkit.errors.note`).  The size a sheet declares is not trusted; at most
    :data:`MAX_CELLS` cells are read.  The frame's ``attrs["file"]`` is
    ``"FILE, sheet 'NAME'"`` so every error names the sheet.
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
        ws, notes = _visible_sheet(book, file, sheet)
        label = f"{file}, sheet '{ws.title}'"
        try:
            rows = _rows(ws, label)
            unsaved = _unsaved_formulas(raw, ws, rows)
        except InputError:
            raise
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
    df.attrs["notes"] = notes
    if unsaved:  # checks that meet one of these cells say so (_validation.raise_at_first)
        df.attrs["unsaved_formulas"] = unsaved
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


def workbook_bytes(tables: dict, *, file="workbook", number_formats: dict | None = None) -> bytes:
    """An .xlsx workbook with one sheet per ``name → DataFrame`` (header in bold, frozen).

    ``number_formats`` maps a sheet name to ``{column: Excel number format}`` (``"0 %"`` shows
    the share 0.33 as 33 % while the cell keeps the number for sorting and sums).

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
        for col, fmt in (number_formats or {}).get(name, {}).items():
            if col in df.columns:
                j = list(df.columns).index(col) + 1
                for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                    cell.number_format = fmt
        ws.freeze_panes = "A2"
        for i, col in enumerate(df.columns, start=1):
            width = max([len(str(col)), *(len(str(v)) for v in df[col].head(200))])
            ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width = min(60, width + 2)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def read_workbook(raw: bytes, label: str, *, path=None, sheet: str | None = None, category=()):
    """The Excel reader of the registry: one sheet (:func:`read_sheet`), refused when two
    tables are pasted one under the other."""
    from .csv import refuse_repeated_header

    df = read_sheet(raw, label, sheet)
    refuse_repeated_header(df, df.attrs["file"])
    return df


register(Reader("xlsx", (".xlsx", ".xlsm"), frozenset({"table"}), read_workbook))
