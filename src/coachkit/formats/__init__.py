"""File formats researchers bring and take away: one registry of readers, one way in.

Every file a user brings is read through :func:`read` (or :func:`read_table` for a table,
which is ``read(path, holds="table")`` and also takes a file object or a DataFrame).  What
kind a file is comes from its suffix, decided here and nowhere else (:func:`kind_of`): each
format module registers a :class:`Reader` — its kind, suffixes, what it holds (a table, a
project, a text) and its read function — in :data:`READERS`:

* :mod:`.csv` — CSV tables (``.csv``, ``.tsv``, ``.txt``);
* :mod:`.xlsx` — Excel workbooks (``.xlsx``, ``.xlsm``), one sheet as a table;
* :mod:`.qdpx` — REFI-QDA projects (``.qdpx``) from NVivo, ATLAS.ti, MAXQDA, QualCoder;
* :mod:`.text` — transcripts as plain text (``.txt``, ``.md``, ``.vtt``, ``.srt``).

``.txt`` is the one suffix two readers share: a table where the caller wants a table, a
transcript where it wants a text.  A suffix no reader has is one error line naming the file
and the formats the kit reads, never a silent guess.  **Adding a format** (say Word
transcripts) is one new module, ``formats/docx.py``, ending in
``register(Reader("docx", (".docx",), frozenset({"text"}), read_docx))`` (every module of
this folder is imported when the readers are first asked for), plus a ``format.docx`` key
(its name for people) in each catalogue (``src/coachkit/i18n/locale/<lang>/LC_MESSAGES/coachkit.po``).

Positions are in :mod:`.positions`; errors are :class:`coachkit.errors.InputError`.  Every
writer here is atomic (a temporary file, then a rename) and refuses to replace an existing
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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import InputError

__all__ = ["HOLDS", "InputError", "MAX_MEMBER_BYTES", "MAX_TOTAL_BYTES", "READERS", "Reader",
           "check_target", "check_zip_member", "formats_line", "is_project", "kind_of",
           "move_into_place", "read", "read_table", "reader_of", "register",
           "require_distinct_columns", "write_all", "write_atomic"]

#: what a file can give a caller
HOLDS = ("table", "project", "text")


@dataclass(frozen=True)
class Reader:
    """One file format the kit reads.

    ``kind`` names it (its name for people is the catalogue key ``format.<kind>``),
    ``suffixes`` are the file names' endings (lower case, with the dot), ``holds`` what it
    gives (some of :data:`HOLDS`).  ``read`` is called by :func:`read`: for a table
    ``read(raw, label, *, path=None, sheet=None, category=())`` → a DataFrame of strings
    (``raw`` the file's bytes, or its start when ``path`` is given; :func:`read_table`
    checks the header and the required columns on top); for a project or a text
    ``read(path, *, name=None, **options)`` → what the module reads
    (:class:`~coachkit.formats.qdpx.QdaProject`, :class:`~coachkit.formats.text.Decoded`).
    """

    kind: str
    suffixes: tuple[str, ...]
    holds: frozenset[str]
    read: Callable

    def __post_init__(self):
        unknown = set(self.holds) - set(HOLDS)
        if unknown or not self.holds:
            raise ValueError(f"reader {self.kind!r}: holds must be some of {HOLDS}; "
                             f"got {sorted(self.holds)}")
        if any(s != s.lower() or not s.startswith(".") for s in self.suffixes):
            raise ValueError(f"reader {self.kind!r}: suffixes are lower case and start with "
                             f"a dot; got {self.suffixes}")


#: kind → reader, in the order registered (for a suffix two readers share, the first that
#: holds what the caller wants reads it)
READERS: dict[str, Reader] = {}
#: the order of the kit's own readers (csv before text: a ``.txt`` is a table unless the
#: caller wants a text); readers of other kinds follow in the order registered
_ORDER = ("csv", "xlsx", "qdpx", "text")
#: what to do with a file the kit does not read, by suffix
_ADVICE = {
    ".xls": "old Excel format (.xls) is not supported; save the workbook as Excel Workbook "
            "(.xlsx) or as CSV",
    ".qdc": "a REFI-QDA codebook holds codes but no codings; export the project (.qdpx)",
    ".docx": "save the document as plain text (.txt)", ".doc": "save the document as plain "
    "text (.txt)", ".rtf": "save the document as plain text (.txt)", ".odt": "save the "
    "document as plain text (.txt)", ".ods": "save the sheet as Excel Workbook (.xlsx) or CSV",
}


def register(reader: Reader) -> Reader:
    """Add ``reader`` to :data:`READERS` (a format module does this when imported)."""
    READERS[reader.kind] = reader
    return reader


def _readers() -> dict[str, Reader]:
    """:data:`READERS` once every module of this folder is imported (each format module
    registers its reader when imported: a new module is found without being listed)."""
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")
    order = {kind: i for i, kind in enumerate(_ORDER)}
    return {k: READERS[k] for k in sorted(READERS, key=lambda k: order.get(k, len(order)))}


def formats_line(holds: str | None = None, lang: str = "en") -> str:
    """The formats the kit reads (those that hold ``holds``), for help texts and errors.

    >>> formats_line("table")
    'CSV table (.csv, .tsv, .txt), Excel workbook (.xlsx, .xlsm)'
    >>> formats_line("text", "fi")
    'tekstitiedosto (.txt, .md, .vtt, .srt)'
    """
    from ..i18n import t

    return ", ".join(f"{t(f'format.{r.kind}', lang)} ({', '.join(r.suffixes)})"
                     for r in _readers().values() if holds is None or holds in r.holds)


def _holds_word(holds) -> str:
    return " or ".join({"table": "a table", "project": "a project", "text": "a text"}[h]
                       for h in holds) if holds else "a file"


def reader_of(path, *, holds: str | tuple[str, ...] | None = None) -> Reader:
    """The reader of ``path``'s suffix that holds ``holds`` (any, when None: tables first).

    ``holds`` may be several, most wanted first: ``("text", "table", "project")`` reads a
    ``.txt`` as a transcript.  A suffix no reader has, or one whose readers hold
    something else, is an :class:`~coachkit.errors.InputError` naming the file and what
    the kit reads.

    >>> reader_of("puhe.TXT", holds="text").kind, reader_of("puhe.txt", holds="table").kind
    ('text', 'csv')
    >>> reader_of("puhe.txt", holds=("text", "table")).kind
    'text'
    >>> reader_of("korpus.dat")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    coachkit.errors.InputError: korpus.dat: the kit does not read '.dat' files; it reads CSV table ...
    """
    wanted = (holds,) if isinstance(holds, str) else tuple(holds or ())
    if any(h not in HOLDS for h in wanted):
        raise ValueError(f"holds must be some of {HOLDS}; got {holds!r}")
    suffix = Path(str(path)).suffix.lower()
    found = [r for r in _readers().values() if suffix in r.suffixes]
    for want in wanted or (None,):
        for reader in found:
            if want is None or want in reader.holds:
                return reader
    line = ", ".join(formats_line(h) for h in wanted) if wanted else formats_line()
    if found:
        from ..i18n import t

        raise InputError(f"{_holds_word(wanted)} is expected here, and a "
                         f"{t(f'format.{found[0].kind}', 'en')} ({suffix}) is not one; "
                         f"expected {line}", file=path)
    advice = f" ({_ADVICE[suffix]})" if suffix in _ADVICE else ""
    raise InputError(f"the kit does not read '{suffix or 'no extension'}' files{advice}; it reads "
                     f"{line}", file=path)


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


def kind_of(path, *, holds: str | tuple[str, ...] | None = None) -> str:
    """The kind of ``path`` by its suffix (:func:`reader_of`): ``csv``, ``xlsx``, ``qdpx``, ``text``.

    >>> kind_of("haastattelut.QDPX"), kind_of("koodaus.xlsx"), kind_of("korpus.csv")
    ('qdpx', 'xlsx', 'csv')
    >>> kind_of("haastattelu.txt", holds="text"), kind_of("haastattelu.txt")
    ('text', 'csv')
    """
    return reader_of(path, holds=holds).kind


def is_project(data) -> bool:
    """True when ``data`` is a path to a file whose reader holds a project (a ``.qdpx``).

    A DataFrame, a file object or a table's path is not; an unknown suffix is the
    error of :func:`reader_of`.

    >>> is_project("haastattelut.qdpx"), is_project("korpus.csv")
    (True, False)
    """
    return isinstance(data, str | os.PathLike) and "project" in reader_of(data).holds


def read(path, *, holds: str, **options):
    """The one way in: the file at ``path`` read as ``holds`` (``table``, ``project``, ``text``).

    A table goes through :func:`read_table` (``required``, ``name``, ``sheet``,
    ``category``); a project or a text through its reader (``name`` and the reader's own
    options).  A file that is not there, a folder, or a suffix that does not hold
    ``holds`` is one :class:`~coachkit.errors.InputError` line.
    """
    reader = reader_of(path, holds=holds)
    if holds == "table":
        return read_table(path, **options)
    p = Path(path)
    label = options.get("name") or str(path)
    if not p.exists():
        raise InputError("file not found", file=label)
    if p.is_dir():
        raise InputError(f"is a folder; expected {formats_line(holds)}", file=label)
    return reader.read(p, **options)


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
                raise InputError(f"is a folder; expected {formats_line('table')}", file=label)
            reader = reader_of(path, holds="table")
            streamed = reader.kind == "csv"  # a large CSV is parsed from the file, not copied
            with open(path, "rb") as fh:
                raw = fh.read(_HEAD) if streamed else fh.read()
            whole = len(raw) < _HEAD or not streamed
        elif hasattr(source, "read"):
            whole = True
            label = name or getattr(source, "name", "data")
            # a file object without a file name (a pasted text, an upload) is CSV
            named = isinstance(label, str) and Path(label).suffix
            reader = reader_of(label, holds="table") if named else _readers()["csv"]
            raw = source.read()
            if isinstance(raw, str):
                raw = raw.encode("utf-8")
        else:
            raise TypeError("expected a file path, a file object or a DataFrame; "
                            f"got {type(source).__name__}")
        kind = reader.kind
        df = reader.read(raw, label, path=None if whole else path, sheet=sheet,
                         category=category)
        label = df.attrs.get("file", label)
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
    """The kit's own headers (a student's saved week, ``Aihe;Käyntejä;…``, in any of the
    catalogues' languages) read as the contract's column names, for the required columns
    that are missing."""
    from ..i18n import catalogue, languages

    shown = {}
    for lang in languages():
        words = catalogue(lang)
        shown.update({words[f"column.{c}"]: c for c in missing if f"column.{c}" in words})
    found = {h: shown[h] for h in df.columns if h in shown}
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
