"""The kit's one error type for bad input: one line naming the file, the place and what was expected."""

from __future__ import annotations


class InputError(ValueError):
    """A problem with user input, located as precisely as possible.

    Parameters
    ----------
    message : str
        What was wrong and what was expected.
    file, row, column : optional
        Where.  ``row`` is the spreadsheet row (header = 1).

    >>> str(InputError("empty cell", file="a.csv", row=3, column="code"))
    "a.csv, row 3, column 'code': empty cell"
    """

    def __init__(self, message, *, file=None, row=None, column=None):
        self.file = None if file is None else str(file)
        self.row = row
        self.column = column
        self.detail = message
        where = []
        if file is not None:
            where.append(str(file))
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column '{column}'")
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {message}" if prefix else message)


class InputNote(UserWarning):
    """Something a user should know about a file that was still read (one line, file named).

    The CLI prints each as ``coachkit: note: …`` on stderr; a notebook shows it as a warning.
    """


def note(message: str) -> None:
    """Tell the user one line about a file that was read (see :class:`InputNote`)."""
    import warnings

    warnings.warn(InputNote(message), stacklevel=2)
