"""File formats researchers bring and take away: CSV, Excel workbooks and REFI-QDA projects.

One module per format (:mod:`.csv`, :mod:`.xlsx`, :mod:`.qdpx`); the format of
a file is chosen by its extension (:func:`kind_of`).  Every writer here is
atomic (a temporary file, then a rename) and refuses to replace an existing
file unless asked to, so a researcher's data is never overwritten by accident.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .._validation import InputError

#: extension → format
KINDS = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx",
         ".qdpx": "qdpx", ".qdc": "qdc"}


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


def write_atomic(path, payload: bytes, *, force: bool = True) -> Path:
    """Write ``payload`` to ``path`` through a temporary file and a rename.

    With ``force=False`` an existing file is an error (``--force`` replaces it).
    An interrupted write leaves the old file, if any, untouched.
    """
    path = Path(path)
    if path.is_dir():
        raise InputError("is a folder; expected a file name", file=path)
    if path.exists() and not force:
        raise InputError("the file exists; nothing was written (use --force to replace it)",
                         file=path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def check_replace(paths_and_payloads: dict, *, force: bool) -> None:
    """Refuse, before anything is written, to change a file that exists (unless ``force``).

    A file that already holds exactly the new bytes is not changed, so regenerating the
    same data needs no ``--force``.
    """
    if force:
        return
    for path, payload in paths_and_payloads.items():
        path = Path(path)
        if path.is_file() and path.read_bytes() != payload:
            raise InputError("the file exists and would change; nothing was written (use "
                             "--force to replace it)", file=path)
