"""File formats researchers bring and take away: CSV, Excel workbooks and REFI-QDA projects.

The one way in: :func:`read_table` reads every table a user brings (CSV or
``.xlsx``), :func:`coachkit.formats.qdpx.read_project` every project.  One
module per format (:mod:`.csv`, :mod:`.xlsx`, :mod:`.qdpx`), positions in
:mod:`.positions`; errors are :class:`coachkit.errors.InputError`; the format of a file is
chosen by its extension (:func:`kind_of`).  Every writer here is
atomic (a temporary file, then a rename) and refuses to replace an existing
file unless asked to, so a researcher's data is never overwritten by accident.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
import threading
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ..errors import InputError

__all__ = ["InputError", "KINDS", "MAX_MEMBER_BYTES", "MAX_TOTAL_BYTES", "check_zip_member",
           "check_target", "kind_of", "move_into_place", "read_table", "require_distinct_columns",
           "write_all", "write_atomic"]

#: extension → format
KINDS = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx",
         ".qdpx": "qdpx", ".qdc": "qdc"}


#: Limits on what the kit unpacks from an archive.  A real project's XML is a few
#: megabytes and a long interview's text well under one; a "zip bomb" (a small file
#: that unpacks to gigabytes) is refused from the sizes the archive declares, before
#: anything is unpacked, and reading stops at the limit whatever the archive says.
MAX_MEMBER_BYTES = 256 * 2**20
MAX_TOTAL_BYTES = 1024 * 2**20
_COMPRESSIONS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "Deflate",
                 zipfile.ZIP_BZIP2: "bzip2", zipfile.ZIP_LZMA: "LZMA"}
_UNSUPPORTED = {9: "Deflate64", 6: "Implode", 93: "Zstandard", 98: "PPMd", 99: "AES"}


def check_zip_member(info: zipfile.ZipInfo, where: str, *, already: int = 0) -> None:
    """Refuse an archive member before unpacking it: encrypted, unknown compression, too big.

    ``already`` is what was unpacked from the archive before; the limits are
    :data:`MAX_MEMBER_BYTES` per member and :data:`MAX_TOTAL_BYTES` in all, judged
    from the sizes the archive declares (a zip bomb is refused without unpacking it).
    """
    if info.flag_bits & 0x1:
        raise InputError("the member is encrypted (password-protected); save or export the file "
                         "again without a password", file=where)
    if info.compress_type not in _COMPRESSIONS:
        method = _UNSUPPORTED.get(info.compress_type, f"method {info.compress_type}")
        raise InputError(f"the member is packed with {method} compression, which the kit "
                         "cannot unpack; unpack the archive and zip it again with ordinary "
                         "(Deflate) compression", file=where)
    if info.file_size > MAX_MEMBER_BYTES or already + info.file_size > MAX_TOTAL_BYTES:
        raise InputError(f"the member would unpack to {info.file_size / 2**20:,.0f} MB, over "
                         f"the kit's limit of {MAX_MEMBER_BYTES // 2**20} MB per file and "
                         f"{MAX_TOTAL_BYTES // 2**20} MB in all; this is not an ordinary "
                         "export", file=where)


def kind_of(path) -> str:
    """The format of ``path`` by its extension: ``csv``, ``xlsx``, ``qdpx`` or ``qdc``.

    Unknown extensions are read as CSV (a user's ``.dat`` is usually one); an
    old binary Excel file gets a clear request to save it as ``.xlsx``.

    >>> kind_of("haastattelut.QDPX"), kind_of("koodaus.xlsx"), kind_of("korpus.csv")
    ('qdpx', 'xlsx', 'csv')
    """
    suffix = Path(str(path)).suffix.lower()
    if suffix == ".xls":
        raise InputError("old Excel format (.xls) is not supported; save the workbook as "
                         "Excel Workbook (.xlsx) or as CSV", file=path)
    return KINDS.get(suffix, "csv")


_HEAD = 1 << 20  # bytes of a CSV file read to judge its encoding and header


#: characters that show as nothing: pasted from a web page or Word into a header cell they
#: make 'source' another name than 'source' while the message shows both alike
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060\u00ad"


def header_name(name) -> str:
    """A column name as compared: no spaces or invisible characters at either end.

    >>> header_name(" source\u200b"), header_name("\ufeffsegment_id")
    ('source', 'segment_id')
    """
    return str(name).strip().strip(_INVISIBLE).strip()


def require_distinct_columns(names, file) -> None:
    """Refuse a header that names a column twice: which of the two holds the data is unknown.

    >>> require_distinct_columns(["segment_id", "code", "", "code"], "f.csv")
    Traceback (most recent call last):
    ...
    coachkit.errors.InputError: f.csv, row 1, column 'code': the column appears twice (columns 2 and 4); ...
    """
    first = {}
    for i, name in enumerate(names, start=1):
        if not name:
            continue
        if name in first:
            raise InputError(f"the column appears twice (columns {first[name]} and {i}); the kit "
                             "cannot tell which one to read: rename or delete one", file=file,
                             row=1, column=name)
        first[name] = i


def read_table(source, *, required: Sequence[str] = (), name: str | None = None,
               sheet: str | None = None, category: Sequence[str] = ()) -> pd.DataFrame:
    """Read a user's table (CSV or Excel path, file object or DataFrame) robustly.

    CSV: UTF-8 with or without BOM, Windows-1252, UTF-16 ("Unicode text" from
    Excel), comma, semicolon or tab separators and CRLF line ends; a row with
    more fields than the header is an error naming the row
    (:mod:`coachkit.formats.csv`).  ``.xlsx``:
    the first sheet, or ``sheet`` (:mod:`coachkit.formats.xlsx`).  Column names
    are stripped of whitespace; all cells are strings; callers convert and
    check types.

    Parameters
    ----------
    source : str, Path, file-like or DataFrame
    required : sequence of str
        Columns that must be present.
    name : str, optional
        How to call the input in messages (default: the file name, or
        ``"data"`` for a DataFrame).
    sheet : str, optional
        Sheet of a workbook (default: the first).
    category : sequence of str
        Columns (those present) returned as pandas categoricals of strings: few
        distinct values over many rows (sources, codes, coders) are then
        checked once per value.

    Returns
    -------
    DataFrame
        A copy with ``attrs["file"]`` set to the display name (for a workbook,
        ``"FILE, sheet 'NAME'"``).
    """
    from .csv import read_csv_bytes

    if isinstance(source, pd.DataFrame):
        df = source.copy()
        df.columns = [str(c).strip() for c in df.columns]
        label = name or source.attrs.get("file") or "data"
        kind = "frame"
        if len(df) == 0:
            raise InputError("the table has no rows", file=label)
    else:
        if isinstance(source, str | os.PathLike):
            path = Path(source)
            label = name or str(source)
            if not path.exists():
                raise InputError("file not found", file=label)
            if path.is_dir():
                raise InputError("is a folder; expected a CSV or Excel file", file=label)
            kind = kind_of(path)
            with open(path, "rb") as fh:  # a large CSV is parsed from the file, not copied
                raw = fh.read(_HEAD) if kind == "csv" else fh.read()
            whole = len(raw) < _HEAD or kind != "csv"
        elif hasattr(source, "read"):
            whole = True
            label = name or getattr(source, "name", "data")
            kind = kind_of(label) if isinstance(label, str) else "csv"
            raw = source.read()
            if isinstance(raw, str):
                raw = raw.encode("utf-8")
        else:
            raise TypeError("expected a file path, a file object or a DataFrame; "
                            f"got {type(source).__name__}")
        if kind == "xlsx":
            from .csv import refuse_repeated_header
            from .xlsx import read_sheet

            df = read_sheet(raw, label, sheet)
            label = df.attrs["file"]
            refuse_repeated_header(df, label)  # two tables pasted one under the other
        elif kind in ("qdpx", "qdc"):
            raise InputError(f"a REFI-QDA {'project' if kind == 'qdpx' else 'codebook'} is not a "
                             "table; this input expects a CSV or Excel file", file=label)
        else:
            df = read_csv_bytes(raw, label, category, path=None if whole else path)
    if kind != "csv":  # a CSV's header is checked as it is read
        require_distinct_columns([str(c) for c in df.columns], label)
    names = [header_name(c) for c in df.columns]
    if names != list(df.columns):  # invisible characters pasted into the header (below)
        require_distinct_columns(names, label)
        df.columns = names
    for col in category:
        if col in df.columns and not isinstance(df[col].dtype, pd.CategoricalDtype):
            df[col] = pd.Categorical(df[col].astype(str))
    missing = [c for c in required if c not in df.columns]
    if missing:
        df = _kit_headers(df, missing)
        missing = [c for c in required if c not in df.columns]
    if missing:
        have = ", ".join(map(str, df.columns))
        raise InputError(
            f"missing column(s) {', '.join(missing)}; the file has: {have}",
            file=label,
            row=1,
            column=missing[0],
        )
    df = df.reset_index(drop=True)
    df.attrs["file"] = label
    return df


def _umask() -> int:
    """The process's umask (read without changing it where the system tells it)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def check_target(path) -> Path:
    """Refuse to write over anything but an ordinary file (a folder, a device, a pipe, a socket).

    >>> check_target("/dev/null")
    Traceback (most recent call last):
    ...
    coachkit.errors.InputError: /dev/null: is a device, not an ordinary file; nothing was ...
    """
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise InputError(f"cannot be checked ({exc.strerror}); nothing was written",
                         file=path) from None
    if stat.S_ISREG(mode):
        return path
    kind = ("a folder" if stat.S_ISDIR(mode) else "a named pipe" if stat.S_ISFIFO(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "a device")
    raise InputError(f"is {kind}, not an ordinary file; nothing was written (choose a file name)",
                     file=path)


def _temporary(path: Path) -> str:
    """A new hidden temporary file beside ``path``, with the permissions ``path`` will have.

    An existing file keeps its permissions; a new one gets the usual ``0666`` less the
    umask, so colleagues sharing a folder read the outputs as they read any other file
    (:func:`tempfile.mkstemp` alone would leave ``0600``).
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, _mode_for(path))
    finally:
        os.close(fd)
    return tmp


def _mode_for(path: Path) -> int:
    """Permissions for a file written to ``path``: its own if it exists, else 0666 less the umask."""
    return stat.S_IMODE(path.stat().st_mode) if path.is_file() else 0o666 & ~_umask()


def move_into_place(made, path) -> Path:
    """Rename a finished file ``made`` to ``path`` (same file system) with the permissions a
    new output gets (:func:`write_all`); never over a folder, device or pipe."""
    path = check_target(path)
    os.chmod(made, _mode_for(path))
    os.replace(made, path)
    return path


def _kit_headers(df: pd.DataFrame, missing) -> pd.DataFrame:
    """The kit's own Finnish headers (a student's saved week, ``Aihe;Käyntejä;…``) read as the
    contract's column names, for the required columns that are missing."""
    from .._labels import COLUMNS

    finnish = {COLUMNS[c][0]: c for c in missing if c in COLUMNS}
    found = {h: finnish[h] for h in df.columns if h in finnish}
    return df.rename(columns=found) if found else df


def write_atomic(path, payload: bytes, *, force: bool = True) -> Path:
    """Write ``payload`` to ``path`` through a temporary file and a rename.

    With ``force=False`` an existing file is an error (``--force`` replaces it); a folder,
    a device or a pipe is never replaced (:func:`check_target`).  An interrupted write
    leaves the old file, if any, untouched and no temporary file behind.  A new file's
    permissions follow the umask; a replaced file keeps its own.
    """
    return write_all({path: payload}, force=force)[0]


@contextlib.contextmanager
def _signals_held():
    """Ctrl-C and ``SIGTERM`` wait until the block is done, then act as they would have.

    Only the main thread can set signal handlers; elsewhere the block runs as it is.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught = []
    held = [s for s in (signal.SIGINT, signal.SIGTERM) if signal.getsignal(s) is not None]
    saved = {s: signal.signal(s, lambda signum, frame: caught.append(signum)) for s in held}
    try:
        yield
    finally:
        for s, handler in saved.items():
            signal.signal(s, handler)
        if caught:
            signal.raise_signal(caught[0])


def write_all(payloads: dict, *, force: bool = True) -> list:
    """Write several files all or nothing: ``{path: bytes}``; the paths written, in order.

    Every target is checked first (:func:`check_target`; an existing one only with
    ``force``), every payload goes to a temporary file beside its target, and only when
    all are written are they renamed into place (renames take microseconds).  Whatever
    stops the writing (an error, Ctrl-C, ``SIGTERM`` through the command line) removes
    the temporary files and leaves none of the new files; the two signals wait while the
    files are renamed into place.
    """
    paths = [Path(p) for p in payloads]
    for path in paths:
        check_target(path)
        if path.exists() and not force:
            raise InputError("the file exists; nothing was written (use --force to replace it)",
                             file=path)
    temporaries = []
    try:
        for path, payload in zip(paths, payloads.values(), strict=True):
            path.parent.mkdir(parents=True, exist_ok=True)
            with _signals_held():  # a temporary file is created and remembered, or neither
                temporaries.append(_temporary(path))
            tmp = temporaries[-1]
            with open(tmp, "wb") as fh:
                fh.write(payload)
        with _signals_held():
            for path, tmp in zip(paths, temporaries, strict=True):
                os.replace(tmp, path)
    except BaseException:
        for tmp in temporaries:
            if os.path.exists(tmp):
                os.unlink(tmp)
        raise
    return paths


def check_replace(paths_and_payloads: dict, *, force: bool) -> None:
    """Refuse, before anything is written, to change a file that exists (unless ``force``).

    A file that already holds exactly the new bytes is not changed, so regenerating the
    same data needs no ``--force``.
    """
    if force:
        return
    for path, payload in paths_and_payloads.items():
        path = check_target(path)
        if path.is_file() and path.read_bytes() != payload:
            raise InputError("the file exists and would change; nothing was written (use "
                             "--force to replace it)", file=path)
