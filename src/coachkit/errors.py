"""The kit's one error type for bad input, and the one way a message reaches the terminal.

Every message the command line prints about a user's input passes through
:func:`one_line`: whatever a file name or a cell holds (a line break, a terminal escape
sequence, a megabyte of text), the message stays one readable line.
"""

from __future__ import annotations

import re

#: How many characters of a value a message quotes (the rest is left out, marked ``…``).
VALUE_CHARS = 80
#: Longest run without spaces (a path, a value without quotes) kept whole in a message.
TOKEN_CHARS = 240
#: Longest message: the middle of a longer one is left out (its start names the file,
#: its end says what was expected).
MESSAGE_CHARS = 1000

# C0 and C1 control characters, DEL, the line and paragraph separators and the
# bidirectional overrides (which can make text read backwards on a terminal)
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\e"}
# a quoted value: an apostrophe that opens (after a space, a bracket, "=" or the start) and one
# that closes (before a space, punctuation or the end), with no apostrophe between
_QUOTED = re.compile(r"(?<![^\s(\[=:,])'([^']{" + str(VALUE_CHARS + 1) + r",})'(?=[\s;,.:)\]]|$)")
_TOKEN = re.compile(r"\S{" + str(TOKEN_CHARS + 1) + ",}")


def clip(value, limit: int = VALUE_CHARS) -> str:
    """``value`` as text of at most ``limit`` characters (``…`` marks what was left out).

    >>> clip("a" * 100, 10), clip("Tekevä")
    ('aaaaaaaaa…', 'Tekevä')
    """
    text = str(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def escape_controls(text: str, *, keep: str = "") -> str:
    """Control characters shown as escapes (``\\n``, ``\\e``, ``\\x07``), except those in ``keep``.

    >>> escape_controls("a\\nb\\x1b[31m"), escape_controls("a\\nb", keep="\\n")
    ('a\\\\nb\\\\e[31m', 'a\\nb')
    """
    def esc(m):
        c = m.group()
        if c in keep:
            return c
        # \u form from DEL up, so escaped JSON output (where json left these raw) stays JSON
        return _NAMED.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 0x7f else f"\\u{ord(c):04x}")

    return _CONTROL.sub(esc, text)


def one_line(message) -> str:
    """A message as one safe line: control characters escaped, long values shortened.

    Quoted values longer than :data:`VALUE_CHARS` are cut, so are runs without a space
    longer than :data:`TOKEN_CHARS`, and a message longer than :data:`MESSAGE_CHARS`
    loses its middle.

    >>> one_line("f.csv, row 2: unknown code 'x\\ny'")
    "f.csv, row 2: unknown code 'x\\\\ny'"
    >>> hint = "; expected a subcategory id, a goal id or the name of one in Finnish or English (or 'own')"
    >>> one_line("codes 'a', 'b'" + hint).endswith(hint)
    True
    >>> len(one_line("unknown code '" + "x" * 10**6 + "'; expected one of: a, b"))
    118
    """
    text = escape_controls(str(message))
    text = _QUOTED.sub(lambda m: f"'{clip(m.group(1))}'", text)
    text = _TOKEN.sub(lambda m: clip(m.group(), TOKEN_CHARS), text)
    if len(text) > MESSAGE_CHARS:
        left = len(text) - MESSAGE_CHARS
        text = f"{text[:700]} …[{left:,} characters left out]… {text[-MESSAGE_CHARS + 700:]}"
    return text


class InputError(ValueError):
    """A problem with user input, located as precisely as possible.

    The message is :func:`one_line`: a value from a file never breaks it.

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
        super().__init__(one_line(f"{prefix}: {message}" if prefix else message))


class InputNote(UserWarning):
    """Something a user should know about a file that was still read (one line, file named).

    The CLI prints each as ``coachkit: note: …`` on stderr; a notebook shows it as a warning.
    """


def note(message: str) -> None:
    """Tell the user one line about a file that was read (see :class:`InputNote`)."""
    import warnings

    warnings.warn(InputNote(message), stacklevel=2)
