"""Pseudonyms before analysis: names, phone numbers, e-mail addresses and identity codes.

Real interviews carry personal data.  :func:`pseudonymise_text` replaces

* **identity codes** (*henkilötunnus*) ``DDMMYY C NNN Q`` — recognised only
  when the date is real and the check character is right (the remainder of
  ``DDMMYYNNN`` divided by 31 indexes ``0123456789ABCDEFHJKLMNPRSTUVWXY``),
  with every century sign, including those introduced in 2023: ``+`` (1800s),
  ``-``, ``Y``, ``X``, ``W``, ``V``, ``U`` (1900s), ``A``–``F`` (2000s);
* **e-mail addresses**;
* **phone numbers** in Finnish forms (``040 123 4567``, ``+358 40 1234567``,
  ``09-123 456``): a leading ``0`` or ``+358`` and at least six more digits;
* **names** listed by the researcher (one per line in ``--names``), as whole
  words starting with the capital as written, also with a Finnish case ending
  (``Liisa``, ``Liisan``, ``Liisalle``; a name whose stem changes, such as
  ``Matti`` → ``Matin``, needs both forms in the list),

each by a **stable pseudonym** such as ``NIMI-7K3Q`` (the ending kept:
``NIMI-7K3Q:lle``).  The pseudonym is an HMAC-SHA-256 of the original under a
secret key kept in a key file beside the researcher's data: the same person
gets the same pseudonym in every file and run, and nobody without the key can
test a guess.  The key is created on first use and never printed.

>>> key = b"k" * 32
>>> out, counts = pseudonymise_text("Soita Liisalle 040 123 4567, liisa@example.fi", key, ["Liisa"])
>>> counts
{'hetu': 0, 'email': 1, 'phone': 1, 'name': 1}
>>> "040" in out or "example" in out or "Liisa" in out
False
>>> valid_hetu("131052-308T"), valid_hetu("131052-308U"), valid_hetu("010594Y9032")
(True, False, True)
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

KINDS = ("hetu", "email", "phone", "name")
LABELS = {"hetu": "HETU", "email": "EMAIL", "phone": "PUH", "name": "NIMI"}
KEY_FILE = "coachkit-pseudonym.key"

_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"
_CENTURY = {"+": 1800, **dict.fromkeys("-YXWVU", 1900), **dict.fromkeys("ABCDEF", 2000)}
_HETU = re.compile(r"(?<![\w-])(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])(?![\w])")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
_PHONE = re.compile(r"(?<![\w+\-.,/])(?:\+358|00358|0)(?:[ -]?\(0\))?[ -]?[1-9](?:[ -]?\d){5,10}(?![\w])")
# Finnish case endings (and common clitics) a name may carry, longest first.
_ENDINGS = sorted(["n", "a", "ä", "ta", "tä", "lle", "lla", "llä", "lta", "ltä", "ssa", "ssä",
                   "sta", "stä", "ksi", "na", "nä", "han", "hen", "hin", "hon", "hun", "hyn",
                   "seen", "in", "ineen", "kin", "kaan", "kään", "nkin", "lle", "ni", "si",
                   "nsa", "nsä", "lta", "ta"], key=len, reverse=True)


def valid_hetu(code: str) -> bool:
    """True when ``code`` is a Finnish identity code with a real date and the right check character."""
    m = _HETU.fullmatch(code.strip())
    if not m:
        return False
    dd, mm, yy, sign, serial, check = m.groups()
    try:
        dt.date(_CENTURY[sign] + int(yy), int(mm), int(dd))
    except ValueError:
        return False
    return _CHECK[int(dd + mm + yy + serial) % 31] == check


def load_key(folder, *, create: bool = True, path=None) -> bytes:
    """The secret key beside the data (``coachkit-pseudonym.key``), created on first use."""
    key_path = Path(path) if path else Path(folder) / KEY_FILE
    if key_path.exists():
        raw = key_path.read_text(encoding="ascii").strip()
        try:
            key = bytes.fromhex(raw)
        except ValueError:
            key = b""
        if len(key) < 16:
            raise ValueError(f"{key_path}: not a coachkit key file (expected 64 hexadecimal "
                             "characters); restore it from your backup")
        return key
    if not create:
        raise ValueError(f"{key_path}: key file not found")
    key = secrets.token_bytes(32)
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key.hex() + "\n")
    return key


def pseudonym(kind: str, original: str, key: bytes) -> str:
    """Stable pseudonym of ``original`` (compared case- and space-insensitively)."""
    norm = " ".join(original.casefold().split())
    if kind == "phone":
        norm = re.sub(r"\D", "", norm).removeprefix("00358").removeprefix("358").lstrip("0")
    digest = hmac.new(key, f"{kind}\x1f{norm}".encode(), hashlib.sha256).digest()
    tag = base64.b32encode(digest[:5]).decode()[:6]
    return f"{LABELS[kind]}-{tag}"


def _name_pattern(names) -> re.Pattern | None:
    names = sorted({n.strip() for n in names if n.strip()}, key=len, reverse=True)
    if not names:
        return None
    # A name starts with its capital as written (so "Aino" does not take the word "ainoa");
    # the rest and the ending match in any case ("LIISAN" in a heading still does).
    alts = "|".join(re.escape(n[0]) + f"(?i:{re.escape(n[1:])})" for n in names)
    ends = "|".join(_ENDINGS)
    return re.compile(rf"(?<!\w)({alts})((?i::?(?:{ends})))?(?!\w)")


def find(text: str, names=()) -> list:
    """``(start, end, kind, base_end)`` of every piece of personal data, left to right, no overlaps.

    ``base_end`` is where a name ends and its case ending begins.
    """
    found = []
    for m in _HETU.finditer(text):
        if valid_hetu(m.group()):
            found.append((m.start(), m.end(), "hetu", m.end()))
    for m in _EMAIL.finditer(text):
        found.append((m.start(), m.end(), "email", m.end()))
    for m in _PHONE.finditer(text):
        found.append((m.start(), m.end(), "phone", m.end()))
    pattern = _name_pattern(names)
    if pattern is not None:
        for m in pattern.finditer(text):
            found.append((m.start(), m.end(), "name", m.end(1)))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    kept, last = [], -1
    for f in found:
        if f[0] >= last:
            kept.append(f)
            last = f[1]
    return kept


def pseudonymise_text(text: str, key: bytes, names=()) -> tuple:
    """``(new_text, counts)``; see :func:`replacements` for the positions."""
    new, counts, _ = replacements(text, key, names)
    return new, counts


def replacements(text: str, key: bytes, names=()) -> tuple:
    """``(new_text, counts, edits)``; ``edits`` are ``(start, end, new_length)`` in the old text."""
    counts = dict.fromkeys(KINDS, 0)
    out, edits, pos = [], [], 0
    for start, end, kind, base_end in find(text, names):
        ending = text[base_end:end].lstrip(":")
        repl = pseudonym(kind, text[start:base_end], key) + (f":{ending}" if ending else "")
        out.append(text[pos:start])
        out.append(repl)
        edits.append((start, end, len(repl)))
        counts[kind] += 1
        pos = end
    out.append(text[pos:])
    return "".join(out), counts, edits


def shift(position: int, edits, *, is_end: bool) -> int:
    """Where an offset of the old text lands in the new one.

    A position inside a replaced piece moves to the start of its replacement
    (a selection's start) or to its end (a selection's end), so a selection
    keeps covering what it covered.

    >>> edits = [(2, 5, 1)]          # 3 characters replaced by 1
    >>> shift(1, edits, is_end=False), shift(6, edits, is_end=False), shift(3, edits, is_end=True)
    (1, 4, 3)
    """
    delta = 0
    for start, end, new_len in edits:
        if end <= position:
            delta += new_len - (end - start)
        elif start < position:
            return start + delta + (new_len if is_end else 0)
        else:
            break
    return position + delta


def remaining(text: str, names=()) -> dict:
    """Counts of personal data still in ``text`` by kind (pseudonyms themselves do not count)."""
    counts = dict.fromkeys(KINDS, 0)
    for *_, kind, _ in find(text, names):
        counts[kind] += 1
    return counts


# ------------------------------------------------------------------------ files


def read_names(path) -> list:
    """Names to replace, one per line (``#`` starts a comment)."""
    if path is None:
        return []
    p = Path(path)
    if not p.exists():
        raise ValueError(f"{path}: file not found; expected a text file with one name per line")
    text = p.read_bytes()
    try:
        lines = text.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError:
        lines = text.decode("cp1252").splitlines()
    return [ln.split("#", 1)[0].strip() for ln in lines if ln.split("#", 1)[0].strip()]


def _table_cells(path, sheet):
    from .formats import read_table

    return read_table(path, sheet=sheet)


def _add(total: dict, counts: dict) -> None:
    for k, v in counts.items():
        total[k] = total.get(k, 0) + v


def pseudonymise_file(path, out, *, names=(), key: bytes, sheet: str | None = None,
                      force: bool = False) -> dict:
    """Write a pseudonymised copy of a CSV, ``.xlsx`` or ``.qdpx`` file.

    Every cell of a table is treated; in a project, the texts, the names and
    descriptions of sources, selections, codes' descriptions and notes — and
    each selection's positions move with the text, so the codings still cover
    the same words.  Rich-text copies (``.docx``) in a project are left out
    (they hold the originals); other media are copied unchanged and reported.

    Returns the report: ``{"file", "out", "replaced": {kind: n}, "notes": [...]}``.
    """
    from .formats import kind_of, write_atomic

    src, dst = Path(path), Path(out)
    if dst.resolve() == src.resolve():
        raise ValueError(f"{out}: the output must be a new file; the original is never overwritten")
    if dst.exists() and not force:
        raise ValueError(f"{out}: the file exists; nothing was written (use --force to replace it)")
    kind = kind_of(src)
    if (kind == "qdpx") != (kind_of(dst) == "qdpx"):
        raise ValueError(f"{out}: a REFI-QDA project is pseudonymised into a project; give both "
                         "files the extension .qdpx (or tables: .csv or .xlsx for both)")
    total = dict.fromkeys(KINDS, 0)
    notes = []
    if kind == "qdpx":
        payload = _pseudonymise_project(src, key, names, total, notes)
    elif kind == "xlsx" and kind_of(dst) == "xlsx" and sheet is None:
        payload = _pseudonymise_workbook(src, key, names, total)
    else:
        df = _table_cells(src, sheet)
        clean = df.copy()
        for col in df.columns:
            values = []
            for v in df[col].astype(str):
                new, counts = pseudonymise_text(v, key, names)
                _add(total, counts)
                values.append(new)
            clean[col] = values
        if kind_of(dst) == "xlsx":
            from .formats.xlsx import workbook_bytes

            payload = workbook_bytes({"data": clean})
        else:
            from .formats.csv import sniff_delimiter

            sep = sniff_delimiter(src.read_bytes()[:4096].decode("utf-8", "replace").splitlines()[0]) \
                if kind == "csv" else ","
            payload = clean.to_csv(index=False, sep=sep, lineterminator="\n").encode("utf-8")
    write_atomic(dst, payload, force=force)
    return {"file": str(src), "out": str(dst), "replaced": total, "notes": notes}


def _pseudonymise_workbook(src: Path, key: bytes, names, total: dict) -> bytes:
    """Every text cell of every sheet; sheets, formatting and numbers stay as they were."""
    import io

    import openpyxl

    try:
        book = openpyxl.load_workbook(src)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
        raise ValueError(f"{src}: not a readable Excel workbook ({exc})") from None
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and not cell.value.startswith("="):
                    new, counts = pseudonymise_text(cell.value, key, names)
                    _add(total, counts)
                    cell.value = new
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _pseudonymise_project(src: Path, key: bytes, names, total: dict, notes: list) -> bytes:
    import io
    import xml.etree.ElementTree as ET
    import zipfile

    from .formats.qdpx import NS, _local, _open_archive

    with _open_archive(src, str(src)) as zf:
        members = {m.lower(): m for m in zf.namelist()}
        qde_name = members.get("project.qde")
        if qde_name is None:
            raise ValueError(f"{src}: the archive has no project.qde; expected a REFI-QDA project")
        try:
            root = ET.fromstring(zf.read(qde_name))
        except ET.ParseError as exc:
            raise ValueError(f"{src}: project.qde is not well-formed XML "
                             f"(line {exc.position[0]})") from None
        new_members, dropped, media = {}, [], []

        def treat(value):
            new, counts = pseudonymise_text(value, key, names)
            _add(total, counts)
            return new

        for el in root.iter():
            tag = _local(el.tag)
            if tag == "TextSource":
                ref = el.get("plainTextPath", "")
                member = members.get(("sources/" + ref.removeprefix("internal://")).lower())
                if ref.startswith("internal://") and member:
                    raw = zf.read(member).decode("utf-8-sig", errors="replace")
                    new, counts, edits = replacements(raw, key, names)
                    _add(total, counts)
                    new_members[member] = new.encode("utf-8")
                    for sel in el:
                        if _local(sel.tag) == "PlainTextSelection":
                            for attr, is_end in (("startPosition", False), ("endPosition", True)):
                                if sel.get(attr, "").lstrip("-").isdigit():
                                    sel.set(attr, str(shift(int(sel.get(attr)), edits,
                                                            is_end=is_end)))
                rich = el.attrib.pop("richTextPath", None)
                if rich and ("sources/" + rich.removeprefix("internal://")).lower() in members:
                    dropped.append(rich.removeprefix("internal://"))
            if el.get("name"):
                el.set("name", treat(el.get("name")))
            if tag in ("Description", "PlainTextContent") and el.text:
                el.text = treat(el.text)
        ET.register_namespace("", NS)
        qde = ET.tostring(root, encoding="utf-8", xml_declaration=True)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as out:
            for info in zf.infolist():
                base = info.filename.split("/")[-1]
                if info.filename == qde_name:
                    out.writestr(info, qde)
                elif base in dropped:
                    continue
                elif info.filename in new_members:
                    out.writestr(info, new_members[info.filename])
                else:
                    if not info.is_dir():
                        media.append(info.filename)
                    out.writestr(info, zf.read(info.filename))
    if dropped:
        notes.append(f"left out {len(dropped)} rich-text copies (.docx) that hold the original "
                     "texts; the QDA tool uses the plain texts")
    if media:
        notes.append(f"copied {len(media)} other file(s) unchanged (PDF, pictures, audio, "
                     "video): check them by hand")
    return buf.getvalue()


def check_file(path, *, names=(), sheet: str | None = None) -> dict:
    """Personal data still in a CSV, ``.xlsx`` or ``.qdpx`` file, counted by kind."""
    from .formats import kind_of

    total = dict.fromkeys(KINDS, 0)
    if kind_of(path) == "qdpx":
        from .formats.qdpx import read_project

        project = read_project(path)
        for text in [*project.sources["text"], *project.sources["name"]]:
            _add(total, remaining(text, names))
    elif kind_of(path) == "xlsx" and sheet is None:
        import openpyxl

        try:
            book = openpyxl.load_workbook(path, read_only=True)
        except Exception as exc:
            raise ValueError(f"{path}: not a readable Excel workbook ({exc})") from None
        for ws in book.worksheets:
            for row in ws.iter_rows(values_only=True):
                for v in row:
                    if isinstance(v, str):
                        _add(total, remaining(v, names))
        book.close()
    else:
        df = _table_cells(path, sheet)
        for col in df.columns:
            for v in df[col].astype(str):
                _add(total, remaining(v, names))
    return total
