"""Text files' bytes to text, decided per file and never guessed silently: the one decoder.

Every text a user brings goes through :func:`decode_text`: CSV tables, transcripts
(``.txt``/``.md``), a project's plain-text sources, the pseudonymiser's copies.

* A byte-order mark decides (UTF-8, UTF-16 and UTF-32, either byte order); UTF-16
  without a mark is recognised by its zero bytes (Excel's "Unicode text").
* A file that decodes as UTF-8 is UTF-8.
* A file that is UTF-8 except for a few bytes (a ``–`` pasted from an old program, one
  damaged byte) is still UTF-8: each of those bytes becomes one character (the
  Windows-1252 character it stands for, so text positions counted in characters do
  not move) and :attr:`Decoded.note` names them (line and byte offset).  Many such
  bytes in a file that is otherwise UTF-8 is a mixed file: refused in one line.
* Windows-1252 (older Finnish Excel) only for a file with no UTF-8 character at all.

>>> decode_text("Työ – ok".encode("utf-8"), "a.txt").text
'Työ – ok'
>>> d = decode_text("Mäkelä ".encode("utf-8") + b"\\x96 Matti", "b.txt")
>>> d.text, d.encoding, d.bad
('Mäkelä – Matti', 'utf-8', (9,))
>>> print(d.note.replace("; ", ";\\n"))
b.txt: 1 byte is not UTF-8 though the rest of the file is (line 1, byte 9: 0x96);
read as UTF-8 with that byte as '–' — check it
>>> decode_text("Mäkelä".encode("cp1252"), "c.csv").encoding
'cp1252'
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from . import Reader, register

__all__ = ["Decoded", "EXPECTED", "TEXT_SUFFIXES", "decode_text", "encode_text", "read_text"]

#: plain-text transcripts: also the WebVTT and SubRip captions Teams and Zoom write
TEXT_SUFFIXES = (".txt", ".md", ".vtt", ".srt")

EXPECTED = "UTF-8 (or Windows-1252 or UTF-16 as Excel saves it)"

#: byte-order marks, longest first (a UTF-32 little-endian mark starts like UTF-16's)
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
#: at most this many bytes (or one in a hundred UTF-8 characters) that are not UTF-8 in a file
#: that otherwise is: more than that is a mixed file, refused
FEW = 10
_SHOWN = 3
_ESCAPED = re.compile("[\udc80-\udcff]")
#: a character UTF-8 writes with more than one byte (what a Windows-1252 file cannot hold right)
_WIDE_UTF8 = re.compile("[\u0080-\udc7f\udd00-\U0010ffff]")


@dataclass(frozen=True)
class Decoded:
    """A file's text and how it was written.

    ``encoding`` is a Python codec name, ``bom`` whether the file began with a
    byte-order mark (:func:`encode_text` writes the same back); ``bad`` the byte
    offsets that were not valid in ``encoding`` (each read as one character);
    ``note`` one line for the user when ``bad`` is not empty.
    """

    text: str
    encoding: str
    bom: bool = False
    bad: tuple = ()
    note: str | None = None


def _cp1252_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return "\ufffd"


def _per_byte(exc):  # codec error handler: one character per byte, never a run folded into one
    return _cp1252_char(exc.object[exc.start]), exc.start + 1


codecs.register_error("coachkit-per-byte", _per_byte)


def _utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le``/``-be`` when every other byte of the start is zero (Latin text), else None."""
    pairs = len(head) // 2
    if not pairs:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > 0.6 * pairs and even < 0.1 * pairs:
        return "utf-16-le"
    if even > 0.6 * pairs and odd < 0.1 * pairs:
        return "utf-16-be"
    return None


def _where(raw: bytes, offsets) -> str:
    nl = b"\n"
    return ", ".join(f"line {raw.count(nl, 0, o) + 1}, byte {o}: 0x{raw[o]:02X}"
                     for o in offsets[:_SHOWN]) + (", …" if len(offsets) > _SHOWN else "")


def decode_text(raw: bytes, file, *, keep_bytes: bool = False) -> Decoded:
    """Decode a text file's bytes (see the module docstring); one error line when it cannot be.

    ``keep_bytes=True`` (for a copy written back, as the pseudonymiser does) keeps each
    byte that is not UTF-8 as an escape character that :func:`encode_text` writes back
    as the same byte; by default it reads as the Windows-1252 character it stands for.
    """
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            try:
                return Decoded(raw[len(bom):].decode(enc), enc, bom=True)
            except UnicodeDecodeError as exc:
                raise InputError(f"the file begins with a {enc.upper()} byte-order mark but byte "
                                 f"{exc.start + len(bom)} is not {enc.upper()}; save it again "
                                 f"as {EXPECTED}", file=file) from None
    head = raw[:8192]
    if b"\x00" in head:
        enc = _utf16_without_bom(head)
        if enc is None:
            raise InputError(f"this is not a text file (it contains binary data); expected "
                             f"{EXPECTED}", file=file)
        try:
            return Decoded(raw.decode(enc), enc)
        except UnicodeDecodeError as exc:
            raise InputError(f"byte {exc.start} is not {enc.upper()} (the rest of the start is); "
                             f"save the file again as {EXPECTED}", file=file) from None
    try:
        return Decoded(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    escaped = raw.decode("utf-8", "surrogateescape")  # each byte that is not UTF-8: \udc80-\udcff
    bad, done, at = [], 0, 0
    for m in _ESCAPED.finditer(escaped):
        at += len(escaped[done:m.start()].encode("utf-8", "surrogateescape"))
        bad.append(at)
        at, done = at + 1, m.end()
    utf8_chars = len(_WIDE_UTF8.findall(escaped))
    if utf8_chars == 0:
        try:
            return Decoded(raw.decode("cp1252"), "cp1252")
        except UnicodeDecodeError as exc:
            raise InputError(f"byte {exc.start} (0x{raw[exc.start]:02X}) is neither UTF-8 nor "
                             f"Windows-1252; save the file again as {EXPECTED}",
                             file=file) from None
    if len(bad) > max(FEW, utf8_chars // 100) or len(bad) > utf8_chars:
        raise InputError(f"the file mixes encodings: {utf8_chars} characters are UTF-8 but "
                         f"{len(bad)} bytes are not (first at {_where(raw, bad[:1])}); open it "
                         f"and save it again as UTF-8", file=file)
    text = raw.decode("utf-8", "surrogateescape" if keep_bytes else "coachkit-per-byte")
    shown = ", ".join(f"'{_cp1252_char(raw[o])}'" for o in bad[:_SHOWN])
    n = len(bad)
    these = "those bytes" if n > 1 else "that byte"
    note = (f"{file}: {n} byte{'s are' if n > 1 else ' is'} not UTF-8 though the rest of the "
            f"file is ({_where(raw, bad)}); read as UTF-8 with "
            + (f"{these} kept as they were" if keep_bytes else f"{these} as {shown}")
            + f" — check {'them' if n > 1 else 'it'}")
    return Decoded(text, "utf-8", bad=tuple(bad), note=note)


def encode_text(text: str, decoded: Decoded) -> bytes:
    """``text`` in the encoding (and with the byte-order mark) ``decoded`` came in.

    Bytes kept by ``decode_text(..., keep_bytes=True)`` are written back as they were.

    >>> raw = "Liisa ä ".encode("utf-8") + b"\\x96"
    >>> d = decode_text(raw, "t.txt", keep_bytes=True)
    >>> encode_text(d.text, d) == raw
    True
    >>> d = decode_text(codecs.BOM_UTF16_BE + "hyvä".encode("utf-16-be"), "u.txt")
    >>> encode_text(d.text, d) == codecs.BOM_UTF16_BE + "hyvä".encode("utf-16-be")
    True
    """
    bom = dict((enc, mark) for mark, enc in _BOMS)[decoded.encoding] if decoded.bom else b""
    errors = "surrogateescape" if decoded.bad and decoded.encoding == "utf-8" else "strict"
    return bom + text.encode(decoded.encoding, errors)


def read_text(path, *, name=None, keep_bytes: bool = False) -> Decoded:
    """The text reader of the registry: a transcript's text (:func:`decode_text`)."""
    return decode_text(Path(path).read_bytes(), name or str(path), keep_bytes=keep_bytes)


register(Reader("text", TEXT_SUFFIXES, frozenset({"text"}), read_text))
