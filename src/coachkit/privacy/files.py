"""Every text a researcher's file holds (CSV, text, workbook, REFI-QDA project), walked and rewritten.

:func:`walk` calls ``treat(place, text, person)`` on each text and builds the
new file from what it returns ``(new_text, edits)``; the replacer and the
``--check`` detector share this reading (so both see every place), not their
patterns.  ``place`` never holds the text itself (sheets and members are
numbered), ``person`` marks fields that name a person by definition (user
names, authors).  Places read:

* ``.txt`` / ``.md`` — the whole text;  CSV — every cell, the header too;
* workbook — cells (string parts of formulas too), comments and their authors,
  hyperlinks, sheet names, headers and footers, data-validation messages,
  document properties (standard and custom); text is written back as strings,
  never as live formulas;
* project — every plain-text member (sources, transcripts, representations,
  notes) with its selections' positions and sync points shifted in the
  project's position unit, inline texts likewise, descriptions, case variables,
  every ``name``, user names and ids, ``basePath`` and outside paths, member
  names; rich-text copies (``.docx``/``.rtf``) are dropped.

Text is decoded by the kit's one decoder (:func:`coachkit.formats.text.decode_text`) and
written back in its encoding (UTF-8 with or without BOM, UTF-16, Windows-1252); a few bytes
that are not UTF-8 in a UTF-8 file are kept as they were, and named in a note.  Member names
of a project copy are safe relative paths (no ``..``, no absolute names).
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..errors import InputError
from ..formats import kind_of
from ..formats.text import encode_text

#: what pseudonymise reads, most wanted first: a ``.txt`` is a transcript here, not a table
WALKED = ("text", "table", "project")
GUID = re.compile(r"\{?[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}\}?")
_RICH = (".docx", ".rtf", ".doc", ".odt")
_NOT_TEXT = {"PlainTextContent", "IntegerValue", "FloatValue", "DateValue", "DateTimeValue",
             "BooleanValue"}


@dataclass
class Walked:
    """The rewritten file, notes for the user and places that could not be read (media)."""

    payload: bytes
    notes: list = field(default_factory=list)
    unread: list = field(default_factory=list)


def walk(path, treat, *, sheet: str | None = None, out_kind: str | None = None) -> Walked:
    """Read every text of ``path`` through ``treat`` and build the new file (see the module doc)."""
    src = Path(path)
    kind = kind_of(src, holds=WALKED)
    out_kind = out_kind or kind
    if not src.is_file():
        raise InputError("is a folder; expected a file" if src.is_dir() else "file not found",
                         file=src)
    if kind == "qdpx":
        return _project(src, treat)
    if kind == "text":
        decoded = _decode(src)
        return Walked(encode_text(treat("text", decoded.text, False)[0], decoded),
                      [decoded.note] if decoded.note else [])
    if kind == "xlsx" and out_kind == "xlsx" and sheet is None:
        return _workbook(src, treat)
    if kind == "csv" and out_kind == "csv":
        decoded = _decode(src)
        return Walked(encode_text(_csv_text(decoded.text, treat, src), decoded),
                      [decoded.note] if decoded.note else [])
    return _table(src, treat, sheet, out_kind)


def _decode(src: Path, raw: bytes | None = None):
    """A text file's (or member's) text, every byte kept for writing back."""
    from ..formats.text import decode_text

    return decode_text(src.read_bytes() if raw is None else raw, src, keep_bytes=True)


# --------------------------------------------------------------------- tables


def _csv_text(text: str, treat, src) -> str:
    """A CSV's text with every cell treated and written spreadsheet-safe (formulas stay text),
    with the file's own separator and line ends."""
    from ..formats.csv import csv_text, split_rows

    rows, sep = split_rows(text, src)
    eol = "\r\n" if "\r\n" in text else "\n"
    out = csv_text([[treat(f"row {r}, column {c}", v, False)[0] for c, v in enumerate(row, 1)]
                    for r, row in enumerate(rows, start=1)], sep=sep, eol=eol)
    return out if text.endswith(("\n", "\r")) else out.removesuffix(eol)


def _table(src: Path, treat, sheet, out_kind) -> Walked:
    """A table converted between CSV and a workbook (one sheet), every cell treated."""
    from ..formats import read_table

    df = read_table(src, sheet=sheet)
    rows = [[treat(f"row 1, column {c}", str(v), False)[0] for c, v in enumerate(df.columns, 1)]]
    for r, values in enumerate(df.itertuples(index=False), start=2):
        rows.append([treat(f"row {r}, column {c}", "" if v is None else str(v), False)[0]
                     for c, v in enumerate(values, 1)])
    if out_kind == "xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        ws = book.active
        ws.title = "data"
        for row in rows:
            ws.append([None] * len(row))
            for cell, v in zip(ws[ws.max_row], row, strict=True):
                _set_string(cell, v)
        buf = io.BytesIO()
        book.save(buf)
        return Walked(buf.getvalue())
    from ..formats.csv import csv_text

    return Walked(csv_text(rows, eol="\n").encode("utf-8"))


# ------------------------------------------------------------------- workbooks


def _set_string(cell, value: str) -> None:
    """Store ``value`` as text: a string beginning with ``=`` stays text, not a live formula."""
    cell.value = value
    cell.data_type = "s"


_LITERAL = re.compile(r'"((?:[^"]|"")*)"')
_PROPERTIES = ("title", "subject", "description", "keywords", "category", "contentStatus",
               "identifier", "version", "language")
_PERSON_PROPERTIES = ("creator", "lastModifiedBy")
_HEADERS = ("oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter")


def _workbook(src: Path, treat) -> Walked:
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.worksheet.formula import ArrayFormula

    try:
        book = openpyxl.load_workbook(src, keep_vba=src.suffix.lower() == ".xlsm")
    except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
        raise InputError(f"not a readable Excel workbook ({type(exc).__name__})",
                         file=src) from None
    notes = []
    sheets = [*book.worksheets, *book.chartsheets]
    renamed, taken = {}, set()
    for i, ws in enumerate(sheets, start=1):
        new = treat(f"sheet {i} name", ws.title, False)[0]
        new = re.sub(r"[\[\]:*?/\\]", " ", new)[:31].strip() or f"Sheet{i}"
        while new.casefold() in taken:
            new = f"{new[:28]} {i}"
        taken.add(new.casefold())
        if new != ws.title:
            renamed[ws.title] = new
    for old, new in renamed.items():
        book[old].title = new

    def formula(text: str, place: str) -> str:
        for old, new in renamed.items():
            quoted = "'" + new.replace("'", "''") + "'!"
            text = text.replace("'" + old.replace("'", "''") + "'!", quoted)
            text = re.sub(rf"(?<![\w'.]){re.escape(old)}!", quoted, text)
        return _LITERAL.sub(lambda m: '"' + treat(place, m.group(1).replace('""', '"'), False)[0]
                            .replace('"', '""') + '"', text)

    for i, ws in enumerate(book.worksheets, start=1):
        for row in ws.iter_rows():
            for cell in row:
                place = f"sheet {i}, cell {cell.coordinate}"
                v = cell.value
                if cell.data_type == "f" and isinstance(v, str):
                    cell.value = formula(v, place + " formula")
                elif isinstance(v, ArrayFormula) and v.text:
                    v.text = formula(v.text, place + " formula")
                elif isinstance(v, str):
                    _set_string(cell, treat(place, v, False)[0])
                if cell.comment is not None:
                    c = cell.comment
                    cell.comment = Comment(treat(place + " comment", c.text or "", False)[0],
                                           treat(place + " comment author", c.author or "", True)[0],
                                           height=c.height, width=c.width)
                if cell.hyperlink is not None:
                    link = cell.hyperlink
                    for attr in ("target", "display", "tooltip", "location"):
                        if getattr(link, attr, None):
                            setattr(link, attr, treat(f"{place} link", getattr(link, attr), False)[0])
        for h in _HEADERS:
            item = getattr(ws, h, None)
            for part in ("left", "center", "right"):
                hp = getattr(item, part, None)
                if hp is not None and hp.text:
                    hp.text = treat(f"sheet {i} {h}", hp.text, False)[0]
        for dv in ws.data_validations.dataValidation:
            for attr in ("prompt", "promptTitle", "error", "errorTitle"):
                if getattr(dv, attr, None):
                    setattr(dv, attr, treat(f"sheet {i} validation message", getattr(dv, attr),
                                            False)[0])
            for attr in ("formula1", "formula2"):
                if isinstance(getattr(dv, attr, None), str):
                    setattr(dv, attr, formula(getattr(dv, attr), f"sheet {i} validation list"))
        for table in ws.tables.values():           # column names repeat the header cells
            for col in table.tableColumns:
                if col.name:
                    col.name = treat(f"sheet {i} table column", col.name, False)[0]
            table.displayName = re.sub(r"\W", "_", treat(f"sheet {i} table name",
                                                          table.displayName, False)[0])
            table.name = table.displayName
        for dn in getattr(ws, "defined_names", {}).values():
            dn.attr_text = formula(dn.attr_text or "", f"sheet {i} defined name")
        if getattr(ws, "_pivots", None) or getattr(ws, "_charts", None):
            notes.append(f"sheet {i} has charts or pivot tables; their captions and caches are "
                         "not pseudonymised: check them by hand")
    for dn in book.defined_names.values():
        dn.attr_text = formula(dn.attr_text or "", "defined name")
    props = book.properties
    for attr in (*_PROPERTIES, *_PERSON_PROPERTIES):
        v = getattr(props, attr, None)
        if isinstance(v, str) and v:
            setattr(props, attr, treat(f"document property {attr}", v, attr in _PERSON_PROPERTIES)[0])
    for prop in list(getattr(book, "custom_doc_props", None) or []):
        if isinstance(getattr(prop, "value", None), str):
            prop.value = treat("custom document property", prop.value, False)[0]
            prop.name = treat("custom document property name", prop.name, False)[0]
    buf = io.BytesIO()
    book.save(buf)
    walked = Walked(buf.getvalue(), notes)
    with zipfile.ZipFile(src) as zf:                # parts openpyxl neither reads nor rewrites
        for n, name in enumerate(zf.namelist(), start=1):
            if name.startswith(("xl/embeddings/", "xl/media/", "xl/pivotCache/")):
                walked.unread.append((f"workbook part {n} (picture, embedded file or pivot "
                                      "cache, not read)", name.rsplit("/", 1)[-1]))
    if walked.unread:
        notes.append(f"{len(walked.unread)} picture(s), embedded file(s) or pivot caches are "
                     "not pseudonymised: check the copy by hand")
    return walked


# --------------------------------------------------------------------- projects


def position_units(root, read_text=None, *, label: str = "project") -> dict:
    """How each text of a project counts positions, decided as the reader decides.

    Returns the guid of each element holding a text (text source, representation,
    transcript) → unit (:func:`coachkit.formats.qdpx.project_position_unit`);
    ``read_text`` (``plainTextPath`` → text or None) lets the positions be judged.
    """
    from ..formats.qdpx import project_position_unit

    return project_position_unit(root, read_text or (lambda ref: None), label=label)[1]


def safe_member_name(name: str) -> str:
    """An archive member name as a safe relative path: no ``..``, no root, no drive, ``/`` only.

    >>> safe_member_name("../../x.txt"), safe_member_name("/etc/passwd"), safe_member_name("C:\\\\a\\\\b")
    ('x.txt', 'etc/passwd', 'a/b')
    >>> safe_member_name("sources/t.txt")
    'sources/t.txt'
    """
    parts = PurePosixPath(name.replace("\\", "/")).parts
    kept = [p for p in parts if p not in ("", ".", "..", "/") and not re.fullmatch(r"[A-Za-z]:", p)]
    return "/".join(kept)


def _project(src: Path, treat) -> Walked:
    from ..formats.positions import PositionMap
    from ..formats.qdpx import NS, ProjectArchive, local_name
    from .replace import shift

    with ProjectArchive(src, str(src)) as archive:   # the reader's limits: size, encryption, XML
        zf = archive.zf
        infos = zf.infolist()
        lower = {i.filename.lower(): i.filename for i in infos}
        qde_name = archive.qde_name
        root = archive.root()

        decoded = {}

        def read_text(ref):
            member = archive.source_member(ref)
            if member is None:
                return None
            if member not in decoded:
                decoded[member] = _decode(Path(f"{src}, member {member}"), archive.read(member))
            return decoded[member].text

        units = position_units(root, read_text, label=str(src))
        walked = Walked(b"")
        rename, texts, dropped, media, taken = {}, {}, set(), [], set(lower)
        unsafe = []
        for n, info in enumerate(infos, start=1):
            name = info.filename
            if info.is_dir():
                continue
            safe = safe_member_name(name)
            if safe != name:  # an absolute name or one with "..": a hostile or broken archive
                new, k = safe or f"member_{n}", 1
                while new.lower() in taken:
                    new, k = f"{safe or 'member'}_{n}_{k}", k + 1
                taken.add(new.lower())
                rename[name] = new
                unsafe.append(new)
            if name == qde_name:
                continue
            if name.lower().endswith(_RICH):
                dropped.add(name)
                walked.unread.append((f"member {n} (rich-text copy)", name.rsplit("/", 1)[-1]))
                continue
            folder, slash, base = rename.get(name, name).rpartition("/")
            stem, dot, ext = base.rpartition(".") if "." in base else (base, "", "")
            if stem and not GUID.fullmatch(stem):
                new_stem = re.sub(r"[\\/:*?\"<>|]", "_", treat(f"member {n} name", stem, False)[0])
                if new_stem != stem:
                    new, k = f"{folder}{slash}{new_stem}{dot}{ext}", 1
                    while new.lower() in taken:
                        new, k = f"{folder}{slash}{new_stem}_{k}{dot}{ext}", k + 1
                    taken.add(new.lower())
                    rename[name] = new
            if name.lower().endswith(".txt"):
                if name not in decoded:
                    decoded[name] = _decode(Path(f"{src}, member {name}"), archive.read(name))
                old = decoded[name].text
                new, edits = treat(f"member {n} text", old, False)
                texts[name] = (old, new, edits, decoded[name])
                if decoded[name].note:
                    walked.notes.append(decoded[name].note)
            else:
                media.append(name)
                walked.unread.append((f"member {n} (media, not read)", name.rsplit("/", 1)[-1]))

        ref_member = archive.source_member

        def new_ref(ref):
            member = ref_member(ref)
            if member in rename:
                moved = rename[member]
                inside = moved.split("/", 1)[-1] if moved.lower().startswith("sources/") else moved
                return ("internal://" if ref.startswith("internal://") else "") + inside
            return ref

        def move_positions(el, old, new, edits):
            if not edits:
                return
            unit = units.get(el.get("guid"), "codepoint")
            before, after = PositionMap(old, unit), PositionMap(new, unit)
            for child in el:
                tag = local_name(child.tag)
                attrs = (("startPosition", False), ("endPosition", True)) \
                    if tag == "PlainTextSelection" else (("position", False),) \
                    if tag == "SyncPoint" else ()
                for attr, is_end in attrs:
                    v = child.get(attr, "")
                    if v.isdigit():
                        idx = before.to_index(int(v), is_end=is_end)
                        child.set(attr, str(after.from_index(shift(idx, edits, is_end=is_end))))

        counter = rich_only = 0
        for el in root.iter():
            tag = local_name(el.tag)
            counter += 1
            place = f"project.qde {tag} #{counter}"
            guid = el.get("guid")
            if guid:
                place = f"project.qde {tag} guid={guid}"
            if el.get("richTextPath") is not None:
                rich = ref_member(el.attrib.pop("richTextPath"))
                if rich:
                    dropped.add(rich)
                if el.get("plainTextPath") is None and not any(
                        local_name(c.tag) == "PlainTextContent" for c in el):
                    rich_only += 1
            ref = el.get("plainTextPath")
            member = ref_member(ref)
            if member in texts:
                old, new, edits, _ = texts[member]
                move_positions(el, old, new, edits)
            inline = next((c for c in el if local_name(c.tag) == "PlainTextContent"), None)
            if inline is not None and inline.text:
                new, edits = treat(place + " inline text", inline.text, False)
                if member is None:                  # else the selections count in the member
                    move_positions(el, inline.text, new, edits)
                inline.text = new
            for attr, value in list(el.attrib.items()):
                if attr in ("plainTextPath", "path") and ref_member(value) is not None:
                    el.set(attr, new_ref(value))
                elif attr in ("name", "basePath", "path") or (tag == "User" and attr == "id"):
                    person = tag == "User"
                    el.set(attr, treat(f"{place} {attr}", value, person)[0])
            if tag not in _NOT_TEXT and el.text and el.text.strip():
                el.text = treat(place, el.text, False)[0]
        ET.register_namespace("", NS)
        try:
            qde = ET.tostring(root, encoding="utf-8", xml_declaration=True)
        except RecursionError:
            raise InputError("project.qde is nested too deeply to be a project exported by a "
                             "QDA tool", file=src) from None
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as out:
            for info in infos:
                name = info.filename
                if name in dropped:
                    continue
                if info.is_dir():
                    folder = safe_member_name(name)
                    if folder:
                        out.writestr(zipfile.ZipInfo(folder + "/", date_time=info.date_time), b"")
                    continue
                target = zipfile.ZipInfo(rename.get(name, name), date_time=info.date_time)
                target.compress_type = zipfile.ZIP_DEFLATED
                if name == qde_name:
                    out.writestr(target, qde)
                elif name in texts:
                    out.writestr(target, encode_text(texts[name][1], texts[name][3]))
                else:
                    out.writestr(target, archive.read(name))
    if unsafe:
        walked.notes.append(f"{len(unsafe)} member name(s) of the archive were not safe relative "
                            "paths (absolute, or with ..); the copy names them "
                            f"'{unsafe[0]}'" + (" and so on" if len(unsafe) > 1 else ""))
    if dropped:
        walked.notes.append(f"left out {len(dropped)} rich-text copies (.docx) that hold the "
                            "original texts; the QDA tool uses the plain texts")
    if rich_only:
        walked.notes.append(f"{rich_only} source(s) had only a rich-text copy and are left without "
                            "text: export the project with plain texts and pseudonymise it again")
    if media:
        walked.notes.append(f"copied {len(media)} other file(s) unchanged (PDF, pictures, audio, "
                            "video): check them by hand")
    walked.payload = buf.getvalue()
    return walked
