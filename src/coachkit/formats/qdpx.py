"""REFI-QDA (QDA-XML 1.0): projects (.qdpx) and codebooks (.qdc) read and written.

A ``.qdpx`` file is a zip archive holding ``project.qde`` (XML in the namespace
``urn:QDA-XML:project:1.0``; some tools name it after the project, ``Trial.qde``: the
one ``.qde`` is read) and the sources' plain texts under ``Sources/``.  NVivo,
ATLAS.ti, MAXQDA, QualCoder and ``qc`` export and import it.  What the kit reads:

* **users** (``guid → name``) and the **code hierarchy** (nested ``Code``
  elements; ATLAS.ti writes the hierarchy into names, e.g. ``Coke::diet Coke``).
  Codes sharing a name under different parents stay apart: each is shown by as
  much of its path as tells them apart (``pedagogy::fun``);
* **texts**: text sources, the plain-text representation of a PDF or document, and
  the transcripts of audio and video sources, from the archive (``internal://``
  paths, or a bare path found under ``sources/``) or inline ``PlainTextContent``,
  decoded by :func:`~coachkit.formats.text.decode_text`.  A PDF region carrying its
  own text is text too (once: ATLAS.ti writes each PDF quotation also as a region);
  pictures, recordings and regions without text are skipped with one note; a text
  missing from the archive leaves the text empty (one note) and its codings count;
* **selections** (plain-text and transcript) and their **codings** with the
  creating user (the coding's, else the selection's, else the project's creator,
  with a note).  A file whose every code carries one user and one time on all its
  codings (NVivo for Windows writes the code's creator) gets a note that it does not
  record who coded.  A selection with several codings counts once per code; one
  with none is not a segment.  A source ``Set`` named ``excluded`` (or
  ``poissuljettu``) flags its members as excluded, as the corpus column ``excluded``
  does.
* **positions** in the unit they were written in (NVivo: UTF-16 units, the others:
  code points; some count a CR LF line break as one), decided from the evidence of
  all selections, per text where a file mixes (:func:`project_position_unit`), and
  converted at read time to indices of the Python text, so everything downstream
  works in characters.

Archives are opened with limits (:class:`ProjectArchive`: sizes, encryption, member
names differing only in case refused) and XML parsed without entities or a DTD and
with bounded depth (:func:`parse_xml`): a hostile file is one error line.

The real exports the reader is tested on (ATLAS.ti's REFI-QDA standard project among them) are
in ``tests/data/refi/`` with their provenance; ``tests/test_qdpx.py`` reads them.
"""

from __future__ import annotations

import io
import re
import unicodedata
import uuid
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from . import MAX_MEMBER_BYTES, Reader, check_zip_member, register
from .positions import (
    UNIT_WORDS,
    UNITS,
    PositionMap,
    clearly_better,
    misfits,
    readings,
    same_as,
    unit_from_origin,
)
from .text import decode_text

NS = "urn:QDA-XML:project:1.0"
NS_CODEBOOK = "urn:QDA-XML:codebook:1.0"
EXCLUDED_SETS = {"excluded", "poissuljettu", "coachkit:excluded"}
_OTHER_SOURCES = {"PDFSource": "PDF", "PictureSource": "picture", "AudioSource": "audio",
                  "VideoSource": "video"}


def local_name(tag: str) -> str:
    """An XML tag without its namespace: ``{urn:QDA-XML:project:1.0}Code`` → ``Code``."""
    return tag.rsplit("}", 1)[-1]


@dataclass
class QdaProject:
    """What the kit reads from a REFI-QDA project.

    Attributes
    ----------
    name : str
    users : dict
        guid → user name.
    codes : DataFrame
        ``guid, name, parent, path, description, codable, label`` in the project's
        order (``path`` joins the names of the ancestors with ``::``; ``label`` is the
        name, or the path where several codes share the name).
    sources : DataFrame
        ``guid, name, text, has_text, excluded, unit`` — one row per text: text
        sources, PDF or document representations, transcripts (named after their
        source); ``unit`` is how its positions were counted.
    codings : DataFrame
        ``selection, source, start, end, code_guid, code, coder, raw_start, raw_end``
        — one row per selection × coding (``code`` is the code's ``label``).
        ``start``/``end`` index the source's ``text`` (code points, what Python
        slices); ``raw_start``/``raw_end`` are the positions as the file wrote
        them, in the source's ``unit`` (None for a PDF region's own text).
    notes : list of str
        One line per thing skipped, missing or uncertain (printed by the CLI on stderr).
    origin : str
        The project's ``origin`` attribute (the tool that wrote it), or "".
    position_unit : str
        How most of the file counts positions (one of
        :data:`~coachkit.formats.positions.UNITS`): code points (ATLAS.ti, MAXQDA,
        QualCoder, the kit) or UTF-16 units (NVivo), ``-lf`` when a CR LF line
        break counts as one; ``sources["unit"]`` per text.  A writer putting
        positions back into a text converts with
        :class:`~coachkit.formats.positions.PositionMap` in that text's unit.
    records_coders : bool
        False when every coding of a code carries one user and one time (NVivo for
        Windows writes the code's creator): ``coder`` then does not say who coded.
    """

    name: str
    users: dict
    codes: pd.DataFrame
    sources: pd.DataFrame
    codings: pd.DataFrame
    notes: list = field(default_factory=list)
    file: str = "project"
    origin: str = ""
    position_unit: str = "codepoint"
    records_coders: bool = True

    def coders(self) -> list:
        """Users who have codings, in order of first coding."""
        return list(dict.fromkeys(self.codings["coder"]))

    def text_of(self, source: str) -> str:
        row = self.sources.loc[self.sources["name"] == source]
        return "" if row.empty else row["text"].iloc[0]

    def corpus(self) -> pd.DataFrame:
        """Corpus rows (the CSV contract plus ``coder, start, end``): one per selection × code.

        ``text`` is the selected text (empty when the archive has no text).
        """
        c = self.codings
        texts = dict(zip(self.sources["name"], self.sources["text"], strict=True))
        excluded = dict(zip(self.sources["name"], self.sources["excluded"], strict=True))
        seg_text = [texts.get(s, "")[a:b] for s, a, b in zip(c["source"], c["start"], c["end"],
                                                            strict=True)]
        out = pd.DataFrame({
            "segment_id": c["selection"] + ":" + c["code_guid"],
            "source": c["source"], "text": seg_text, "code": c["code"], "coder": c["coder"],
            "excluded": c["source"].map(excluded).map({True: "true", False: "false"}),
            "start": c["start"].astype(str), "end": c["end"].astype(str),
        })
        out.attrs["file"] = self.file
        out.attrs["categories"] = list(dict.fromkeys(self.codes["label"]))
        return out


def _shown(name: str, limit: int = 80) -> str:
    """A member or file name as one short printable line.

    >>> _shown("a\\nb.txt")
    'a\\\\nb.txt'
    """
    text = name.encode("unicode_escape").decode("ascii") if not name.isprintable() else name
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _err(file, element, message):
    return InputError(f"element {element}: {message}", file=f"{file} (project.qde)")


#: Largest position accepted: a text the kit unpacks holds far fewer characters.
MAX_POSITION = 2**31 - 1


def _int_attr(el, attr, file, what):
    value = el.get(attr)
    try:
        number = int(value)
        if abs(number) > MAX_POSITION:
            raise ValueError
        return number
    except (TypeError, ValueError):
        guid = el.get("guid", "?")
        got = "missing" if value is None else f"'{value}'"
        raise _err(file, f"{local_name(el.tag)} guid={guid}",
                   f"attribute {attr} is {got}; expected a whole number up to "
                   f"{MAX_POSITION:,} ({what})") from None


#: deepest element nesting accepted in project.qde (real projects: about 20 levels)
MAX_XML_DEPTH = 400


class ProjectArchive:
    """A ``.qdpx`` opened with limits: every member read is checked and capped (:func:`check_zip_member`).

    The one walk into a project archive (the reader and the pseudonymiser use it):
    ``members`` maps lower-case member names to their names, :meth:`read` returns
    one member's bytes, :meth:`source_text` the plain text a ``plainTextPath``
    points at, :meth:`root` the parsed ``project.qde``.  Every problem is one
    :class:`InputError` line naming the file and the member.
    """

    def __init__(self, path, label=None):
        path = Path(path)
        self.label = str(label or path)
        if not path.exists():
            raise InputError("file not found", file=self.label)
        if path.is_dir():
            raise InputError("is a folder; expected a REFI-QDA project (.qdpx)", file=self.label)
        try:
            self.zf = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise InputError("not a REFI-QDA project, or a damaged one: a .qdpx file is a zip "
                             "archive holding project.qde; export the project again from your "
                             "QDA tool", file=self.label) from None
        self.members, self.notes = {}, []
        # keyed in lower case with "/": some Windows zip writers store "sources\\x.txt"
        for m in self.zf.namelist():
            other = self.members.setdefault(m.replace("\\", "/").lower(), m)
            if other != m:  # which of the two the tool meant cannot be told
                raise InputError(f"the archive holds two members whose names differ only in case "
                                 f"('{_shown(other)}' and '{_shown(m)}'); an export holds one of "
                                 "each: export the project again", file=self.label)
        self._read_total = 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self.zf.close()

    def read(self, member: str) -> bytes:
        """One member's bytes, or one error line (encrypted, unknown compression, too big, damaged)."""
        info = self.zf.getinfo(member)
        where = f"{self.label}, member {member}"
        check_zip_member(info, where, already=self._read_total)
        try:
            with self.zf.open(info) as fh:
                data = fh.read(MAX_MEMBER_BYTES + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError,
                RuntimeError, ValueError) as exc:
            raise InputError(f"the archive is damaged: this member cannot be unpacked ({exc}); "
                             "export the project again", file=where) from None
        if len(data) > MAX_MEMBER_BYTES:
            raise InputError(f"the member unpacks to more than {MAX_MEMBER_BYTES // 2**20} MB, "
                             "the kit's limit", file=where)
        self._read_total += len(data)
        return data

    def source_member(self, ref) -> str | None:
        """The archive member a ``plainTextPath`` names, or None.

        ``internal://NAME`` is ``sources/NAME``; a bare relative path (``qc`` writes
        ``board_2017.txt``) is looked for under ``sources/`` and then as written.
        """
        if not ref:
            return None
        if ref.startswith("internal://"):
            inner = ref[len("internal://"):].replace("\\", "/")
            return self.members.get(("sources/" + inner).lower())
        if "://" in ref or ref.startswith(("/", "\\")) or ":" in ref[:3]:
            return None  # a file outside the archive (absolute or relative:// to basePath)
        ref = ref.replace("\\", "/")
        while ref.startswith("./"):
            ref = ref[2:]
        if ".." in ref.split("/"):
            return None
        return self.members.get(("sources/" + ref).lower()) or self.members.get(ref.lower())

    def source_text(self, ref) -> str | None:
        """The plain text a ``plainTextPath`` points at (None when not in the archive).

        Decoded by :func:`~coachkit.formats.text.decode_text` (positions do not move: a
        stray byte is one character); its note, if any, goes to :attr:`notes`.
        """
        member = self.source_member(ref)
        if member is None:
            return None
        decoded = decode_text(self.read(member), f"{self.label}, member {member}")
        if decoded.note and decoded.note not in self.notes:
            self.notes.append(decoded.note)
        return decoded.text

    @property
    def qde_name(self) -> str:
        """The project member: ``project.qde``, or the one ``.qde`` the archive holds
        (some tools name it after the project, ``Trial.qde``)."""
        qde = self.members.get("project.qde")
        if qde is not None:
            return qde
        found = [m for m in self.members.values() if m.lower().endswith(".qde")]
        if len(found) == 1:
            return found[0]
        if found:
            raise InputError(f"the archive holds {len(found)} project files ("
                             + ", ".join(f"'{_shown(m)}'" for m in found[:3])
                             + "), not one project.qde; export the project again", file=self.label)
        raise InputError("the archive has no project.qde; expected a REFI-QDA project "
                         "exported by NVivo, ATLAS.ti, MAXQDA or QualCoder", file=self.label)

    def root(self):
        """The parsed ``project.qde`` (its root element ``Project``).

        An XML parser reads every CR LF as LF, but a tool that wrote a text inline
        (``PlainTextContent``) with Windows line breaks counted its positions in that text:
        when the file's lines end in CR LF, inline texts get theirs back, and the position
        unit is then judged as for a text file (a break counted as one or as two).
        """
        payload = self.read(self.qde_name)
        root = parse_xml(payload, f"{self.label} ({_shown(self.qde_name)})")
        if local_name(root.tag) != "Project":
            raise _err(self.label, local_name(root.tag), "expected the root element Project")
        if b"\r\n" in payload or b"\r\x00\n\x00" in payload or b"\x00\r\x00\n" in payload:
            for content in root.iter(f"{{{NS}}}PlainTextContent"):
                if content.text and "\n" in content.text:
                    content.text = content.text.replace("\n", "\r\n")
        return root


def parse_xml(payload: bytes, where: str):
    """Parse project or codebook XML safely: no entities, no external references, bounded depth.

    A document with a ``DOCTYPE`` (the only place entities and external references
    can be declared), or in an encoding other than UTF-8 (UTF-16 or UTF-32 with or
    without a byte-order mark included, where ``<!DOCTYPE`` is not those bytes), goes
    through :mod:`defusedxml`, which refuses any ``DOCTYPE`` (a hostile file cannot
    expand entities into gigabytes, read local files or name an outside DTD); the
    usual export — UTF-8 without a ``DOCTYPE`` — through the standard C parser, ten
    times faster.  Nesting deeper
    than :data:`MAX_XML_DEPTH` is refused.  Every problem is one line with the XML
    line and column.

    >>> parse_xml(b'<Project name="a"><Users/></Project>', "p").get("name")
    'a'
    """
    from defusedxml import DefusedXmlException, DTDForbidden
    from defusedxml.ElementTree import fromstring as defused_fromstring

    try:
        if _plain_utf8(payload) and b"<!DOCTYPE" not in payload:
            root = ET.fromstring(payload)
        else:
            root = defused_fromstring(payload, forbid_dtd=True)
    except ET.ParseError as exc:
        line, col = exc.position
        raise InputError(f"not well-formed XML (line {line}, column {col}): "
                         f"{str(exc).split(':')[0]}", file=where) from None
    except DTDForbidden:
        raise InputError("the XML has a document type declaration (DOCTYPE), which may declare "
                         "entities or point at an outside file; the kit refuses it (a project "
                         "exported by a QDA tool has none)", file=where) from None
    except DefusedXmlException:
        raise InputError("the XML declares entities or external references, which the kit "
                         "refuses (a project exported by a QDA tool has none)",
                         file=where) from None
    stack = [(root, 1)]
    while stack:  # without recursion: the depth itself is what is checked
        el, depth = stack.pop()
        if depth > MAX_XML_DEPTH:
            raise InputError(f"the XML is nested more than {MAX_XML_DEPTH} levels deep; a "
                             "project exported by a QDA tool is not", file=where)
        stack.extend((c, depth + 1) for c in el)
    return root


_DECLARED = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def _plain_utf8(payload: bytes) -> bool:
    """True when XML bytes are UTF-8 (or ASCII): they start with ``<`` (after a UTF-8 mark or
    white space) with no zero byte, and declare no other encoding.

    >>> _plain_utf8(b'<?xml version="1.0"?><a/>'), _plain_utf8("<a/>".encode("utf-16-le"))
    (True, False)
    >>> _plain_utf8(b'<?xml version="1.0" encoding="ISO-8859-1"?><a/>')
    False
    """
    body = payload[3:] if payload[:3] == b"\xef\xbb\xbf" else payload
    if b"\x00" in body[:4] or body.lstrip()[:1] != b"<":
        return False
    declared = _DECLARED.match(body.lstrip())
    return declared is None or declared.group(1).lower() in (b"utf-8", b"utf8", b"us-ascii",
                                                               b"ascii")


def _open_archive(path, label):
    """The archive's zip file, opened with the checks of :class:`ProjectArchive`."""
    return ProjectArchive(path, label).zf


def read_project(path, *, name: str | None = None) -> QdaProject:
    """Read a ``.qdpx`` archive (see the module docstring for what is read).

    Raises
    ------
    ValueError
        One line naming the file and the XML element or archive member: not a
        zip, damaged, encrypted, packed with an unknown compression, over the
        size limits, no ``project.qde``, XML not well formed or hostile, a
        selection without positions, a coding that refers to a code the
        codebook does not have.
    """
    with ProjectArchive(path, name or str(path)) as archive:
        project = _parse(archive.root(), archive.label, archive.source_text)
        project.notes[:0] = archive.notes
        return project


def _children(el, tag):
    return [c for c in el if local_name(c.tag) == tag]


def _child(el, tag):
    found = _children(el, tag)
    return found[0] if found else None


def _selection_positions(src, label):
    """``(element, start, end)`` of a text's selections, positions as written."""
    return [(sel, _int_attr(sel, "startPosition", label, "a character offset"),
             _int_attr(sel, "endPosition", label, "a character offset"))
            for sel in _children(src, "PlainTextSelection")]


def _text_of(el, read_text):
    """The plain text of a text source, representation or transcript (None when absent)."""
    text = read_text(el.get("plainTextPath"))
    inline = _child(el, "PlainTextContent")
    if text is None and inline is not None:
        text = inline.text or ""
    return text


@dataclass
class _Text:
    """One text the kit reads codings in: a text source, a PDF's or document's plain-text
    representation, or an audio or video source's transcript."""

    source: object          # the source element (guid, excluded sets)
    el: object              # the element holding the text (plainTextPath, PlainTextContent)
    name: str
    text: str | None
    selections: list        # (element, start, end) as written, in the tool's unit
    whole: list             # elements whose Coding children code the whole text
    fixed: list = field(default_factory=list)  # (element, start, end) already str indices
    unit: str = "codepoint"
    maps: dict = field(default_factory=dict)   # unit → PositionMap, built while deciding


def _source_name(src):
    name = src.get("name")
    if not name:
        path = src.get("plainTextPath") or src.get("path") or ""
        name = re.split(r"[/\\]", path.removeprefix("internal://"))[-1] or src.get("guid") or "?"
    return unicodedata.normalize("NFC", name).strip()


def _names_apart(pairs, label, what) -> tuple[list, list]:
    """Names for ``(name, guid)`` pairs in which those sharing a name are kept apart as
    ``NAME [GUID8]`` (numbered ``NAME [1]``, ``NAME [2]`` when the guids do not tell them
    apart), and the one note saying so (none when every name is its own).

    >>> _names_apart([("Aino", "1A2B3C4D-0"), ("Aino", "9F8E7D6C-0"), ("Bertta", "0")], "p",
    ...              "users")[0]
    ['Aino [1A2B3C4D]', 'Aino [9F8E7D6C]', 'Bertta']
    """
    groups = {}
    for i, (name, _) in enumerate(pairs):
        groups.setdefault(name, []).append(i)
    names = [name for name, _ in pairs]
    shared = {name: group for name, group in groups.items() if len(group) > 1}
    for name, group in shared.items():
        for k, i in enumerate(group, start=1):
            names[i] = f"{name} [{(pairs[i][1] or '')[:8] or k}]"
        if len({names[i] for i in group}) < len(group):  # the guids' starts agree: number them
            for k, i in enumerate(group, start=1):
                names[i] = f"{name} [{k}]"
    if not shared:
        return names, []
    name, group = next(iter(shared.items()))
    shown = ", ".join(f"'{names[i]}'" for i in group[:3]) + (", …" if len(group) > 3 else "")
    more = f" ({len(shared) - 1} more shared names likewise)" if len(shared) > 1 else ""
    return names, [f"{label}: {len(group)} {what} are named '{name}'; they are kept apart as "
                   f"{shown}{more} — rename them in your QDA tool to choose the names"]


def _distinct_names(items, label) -> list:
    """Give texts that share a name (two interviews both called ``Haastattelu``, an audio
    source and the text source of its transcript) names of their own, ``NAME [GUID8]``: the
    star table, excerpts and paragraph units go by name and would merge them.  One note."""
    names, notes = _names_apart([(it.name, it.source.get("guid")) for it in items], label,
                                "texts")
    for it, name in zip(items, names, strict=True):
        it.name = name
    return notes


def _users(root, label) -> tuple[dict, list]:
    """The project's users (guid → name) and the note when some share a name.

    Codings name their coder by guid: two users with one name (two coders who both wrote
    'Aino', or 'Aino' and 'Aino ') would become one coder, and agreement between them would
    look like one coder's work, so they are kept apart as ``NAME [GUID8]`` (one note).
    """
    found = {}
    for u in [u for us in _children(root, "Users") for u in _children(us, "User")]:
        name = unicodedata.normalize("NFC", u.get("name") or u.get("id") or "").strip()
        found[u.get("guid")] = name or u.get("guid")
    names, notes = _names_apart(list(zip(found.values(), found, strict=True)), label, "users")
    return dict(zip(found, names, strict=True)), notes


def _texts(root, read_text, label):
    """Every text of the project with its selections; then, counted by kind, sources without
    any text, codings of regions without text, and region codings that repeat a text's."""
    out, silent, untexted, twins = [], Counter(), Counter(), Counter()
    for srcs in _children(root, "Sources"):
        for src in srcs:
            tag = local_name(src.tag)
            name = _source_name(src)
            if tag == "TextSource":
                out.append(_Text(src, src, name, _text_of(src, read_text),
                                 _selection_positions(src, label), [src]))
                continue
            kind = _OTHER_SOURCES.get(tag)
            if kind is None:
                continue
            rep = _child(src, "Representation")
            transcripts = _children(src, "Transcript")
            item = None
            if rep is not None:
                item = _Text(src, rep, name, _text_of(rep, read_text),
                             _selection_positions(rep, label),
                             [rep, src])
                out.append(item)
            for k, tr in enumerate(transcripts, start=1):
                tname = name if len(transcripts) == 1 else f"{name} ({tr.get('name') or k})"
                sync = {sp.get("guid"): sp for sp in _children(tr, "SyncPoint")}
                sels = []
                for sel in _children(tr, "TranscriptSelection"):
                    ends = [sync.get(sel.get(a)) for a in ("fromSyncPoint", "toSyncPoint")]
                    if None in ends:
                        raise _err(label, f"TranscriptSelection guid={sel.get('guid')}",
                                   "refers to a sync point the transcript does not have")
                    sels.append((sel, *(_int_attr(sp, "position", label, "a character offset")
                                        for sp in ends)))
                out.append(_Text(src, tr, tname, _text_of(tr, read_text), sels, []))
            # regions of a PDF, picture, audio or video: text only where the tool wrote one.
            # ATLAS.ti writes a PDF quotation twice, as a region and as a selection of the
            # representation's text: a region coded with a code the text selections also
            # carry is that twin, counted once (from the text)
            in_text = {r.get("targetGUID") for sel, _, _ in (item.selections if item else [])
                       for c in _children(sel, "Coding") for r in _children(c, "CodeRef")}
            region_tag = {"PDF": "PDFSelection"}.get(kind, f"{kind.capitalize()}Selection")
            for sel in _children(src, region_tag):
                sel_rep = _child(sel, "Representation")
                content = None if sel_rep is None else _text_of(sel_rep, read_text)
                codings = _children(sel, "Coding")
                if not codings:
                    continue
                if not content:
                    untexted[kind] += len(codings)
                    continue
                if all(r.get("targetGUID") in in_text for c in codings
                       for r in _children(c, "CodeRef")):
                    twins[kind] += len(codings)
                    continue
                if item is None or (item.text is None and item.selections):
                    item = _Text(src, src, name if item is None else f"{name} (regions)", None,
                                 [], [])
                    out.append(item)
                base = item.text or ""
                at = base.find(content) if base else -1
                if at < 0:  # not in the representation: the region's own text follows it
                    at = len(base) + (2 if base else 0)
                    item.text = (base + "\n\n" if base else "") + content
                item.fixed.append((sel, at, at + len(content)))
            if item is None and not transcripts:
                silent[kind] += 1
            if rep is None:  # a coding of a whole picture or recording
                untexted[kind] += len(_children(src, "Coding"))
    return out, +silent, +untexted, +twins


def project_position_unit(root, read_text, *, label: str = "project") -> tuple:
    """The unit of a parsed project's selection positions, and a note when it was judged.

    ``read_text`` maps a ``plainTextPath`` to the text (or None), as
    :meth:`ProjectArchive.source_text` does.  Returns ``(unit, units, notes)``: the
    file's unit, the unit of each text (source guid → unit, where one source is
    counted differently from the rest) and the notes (see :func:`_decide_units`).
    """
    items = _texts(root, read_text, label)[0]
    notes = _decide_units(root.get("origin"), items, label)
    return _file_unit(items), {it.source.get("guid"): it.unit for it in items}, notes


def _file_unit(items) -> str:
    """The unit most of a project's texts are read in."""
    counted = Counter(it.unit for it in items if it.selections)
    return counted.most_common(1)[0][0] if counted else "codepoint"


def _read_as(m, starts, ends) -> tuple:
    """The excerpts' index pairs when the positions are read with the map ``m``."""
    cap = m.length
    return tuple(zip(np.atleast_1d(m.to_index(np.minimum(starts, cap))).tolist(),
                     np.atleast_1d(m.to_index(np.minimum(ends, cap), is_end=True)).tolist(),
                     strict=True))


def _decide_units(origin, items, label):
    """Set each text's position unit from the evidence of all selections; return the notes.

    Every selection edge votes under each reading (:func:`~coachkit.formats.positions.misfits`:
    past the text, inside an emoji or a line break, inside a word).  The tool named in
    ``origin`` decides unless the file's misfits overrule it (strongly for a named
    tool, overwhelmingly for one whose counting is known); a source whose own edges fit
    another reading as clearly is read in that one.  One note says which unit was used
    whenever the evidence decided.
    """
    named = unit_from_origin(origin)
    prior = named or "codepoint"
    totals, per, differ, available = dict.fromkeys(UNITS, 0), [], 0, set()
    for it in items:
        if it.text is None or not it.selections or len(readings(it.text)) == 1:
            per.append(None)  # nothing to decide: every reading gives the same excerpts
            continue
        starts = np.array([a for _, a, _ in it.selections], dtype=np.int64)
        ends = np.array([b for _, _, b in it.selections], dtype=np.int64)
        units = readings(it.text)
        available.update(units)
        points = PositionMap.code_points(it.text)
        it.maps = {u: PositionMap(it.text, u, code_points=points) for u in units}
        bad = {u: misfits(it.text, starts, ends, u, m=it.maps[u]) for u in units}
        full = {u: bad[same_as(it.text, u)] for u in UNITS}
        for u in UNITS:
            totals[u] += full[u]
        read = {_read_as(it.maps[u], starts, ends) for u in units}
        differ += len(read) > 1
        per.append(full)
    best = min(UNITS, key=lambda u: (totals[u], u != prior, UNITS.index(u)))
    chosen = prior
    known = any(k in (origin or "").lower() for k in _KNOWN_COUNTING)
    strength = 2 if known else 1 if named else 0
    if best != prior and clearly_better(totals[prior], totals[best], strength=strength):
        chosen = best
    notes, own = [], []
    tool = f"'{origin}'" if origin else "an unnamed tool"
    for it, full in zip(items, per, strict=True):
        it.unit = same_as(it.text or "", chosen)
        if full is None:
            continue
        mine = min(UNITS, key=lambda u: (full[u], u != chosen, UNITS.index(u)))
        if same_as(it.text, mine) != it.unit and clearly_better(full[chosen], full[mine],
                                                                strength=strength):
            it.unit = same_as(it.text, mine)
            own.append(it)
    edges = 2 * sum(len(it.selections) for it in items if it.text is not None)
    if differ and chosen != prior:
        notes.append(f"{label}: the selection positions are counted in {UNIT_WORDS[chosen]}, not "
                     f"as {tool} usually counts ({totals[prior]} of {edges} selection edges fall "
                     f"inside words or past the text that way, {totals[chosen]} this way); read "
                     f"in {UNIT_WORDS[chosen]}")
    elif differ and named is None:
        if chosen != prior:
            notes.append(f"{label}: the project does not say which tool wrote it; its selection "
                         f"positions were read in {UNIT_WORDS[chosen]}, which fits them best "
                         f"({totals[chosen]} of {edges} selection edges inside words or past the "
                         "text)")
        elif any(not clearly_better(totals[u], totals[prior]) for u in available - {prior}):
            notes.append(f"{label}: the project does not say which tool wrote it, and its "
                         "selection positions fit both ways of counting emoji or line breaks; "
                         "read as characters, so check a few excerpts after an emoji or a line "
                         "break")
    if own:
        notes.append(f"{label}: {len(own)} source(s) count positions differently from the rest "
                     f"and were read in their own unit (e.g. '{own[0].name}' in "
                     f"{UNIT_WORDS[own[0].unit]})")
    return notes


#: tools whose way of counting is documented (NVivo) or read from their source (QualCoder, the kit)
_KNOWN_COUNTING = ("nvivo", "qualcoder", "coachkit")


def _code_labels(codes):
    """The name each code is shown by: its name, or where several codes share the name, as
    much of its path as tells them apart (``parent::name``).

    >>> _code_labels([{"guid": "1", "name": "a", "path": "r::x::a"},
    ...               {"guid": "2", "name": "a", "path": "r::y::a"},
    ...               {"guid": "3", "name": "b", "path": "r::y::b"}])
    {'1': 'x::a', '2': 'y::a', '3': 'b'}
    """
    groups = {}
    for c in codes:
        groups.setdefault(c["name"], []).append(c)
    out = {}
    for name, group in groups.items():
        if len(group) == 1:
            out[group[0]["guid"]] = name
            continue
        parts = [c["path"].split("::") for c in group]
        for depth in range(2, max(map(len, parts)) + 1):
            labels = ["::".join(p[-depth:]) for p in parts]
            if len(set(labels)) == len(labels):
                break
        for c, label in zip(group, labels, strict=True):
            out[c["guid"]] = label if labels.count(label) == 1 else f"{label} [{c['guid'][:8]}]"
    return out


def _parse(root, label, read_text) -> QdaProject:
    children, child = _children, _child

    users, user_notes = _users(root, label)

    codes, seen = [], {}
    # the code tree in document order, without recursion (a hostile file may nest deeply)
    stack = [(c, "", "") for cb in children(root, "CodeBook") for cs in children(cb, "Codes")
             for c in children(cs, "Code")][::-1]
    while stack:
        c, parent, path = stack.pop()
        guid, cname = c.get("guid"), c.get("name")
        if not guid or cname is None:
            raise _err(label, "Code", "a code needs the attributes guid and name")
        cname = unicodedata.normalize("NFC", cname).strip() or guid  # shown as a label
        if guid in seen:  # codings name codes by guid: two codes with one would merge silently
            raise _err(label, f"Code guid={guid}", f"two codes have this guid ('{seen[guid]}' and "
                       f"'{cname}'); each code needs a guid of its own")
        seen[guid] = cname
        desc = child(c, "Description")
        full = f"{path}::{cname}" if path else cname
        codes.append({"guid": guid, "name": cname, "parent": parent, "path": full,
                      "description": (desc.text or "") if desc is not None else "",
                      "codable": c.get("isCodable", "true").lower() != "false"})
        stack.extend((sub, guid, full) for sub in reversed(children(c, "Code")))
    code_label = _code_labels(codes)
    for c in codes:
        c["label"] = code_label[c["guid"]]
    default_user = root.get("creatingUserGUID") or root.get("creatingUser")

    excluded = set()
    for s in [s for ss in children(root, "Sets") for s in children(ss, "Set")]:
        if (s.get("name") or "").strip().lower() in EXCLUDED_SETS:
            excluded |= {m.get("targetGUID") for m in children(s, "MemberSource")}

    items, silent, untexted, twins = _texts(root, read_text, label)
    unit_notes = _decide_units(root.get("origin"), items, label) + _distinct_names(items, label)

    sources, codings, missing, past, empty, stamps = [], [], [], [], [], []
    anonymous, repeated, coded = 0, 0, set()
    for it in items:
        text, sname = it.text, it.name
        sguid = it.source.get("guid")
        if text is None:
            missing.append(sname)
        sources.append({"guid": sguid, "name": sname, "text": text or "",
                        "has_text": text is not None, "excluded": sguid in excluded,
                        "unit": it.unit})
        pmap = it.maps.get(it.unit) or PositionMap(text or "", it.unit)
        it.maps = {}
        length = pmap.length
        # A coding of the whole text counts as a selection of all of it.
        whole = [(el, 0, length) for el in it.whole if children(el, "Coding")]
        spans = [(sel, a, b, False) for sel, a, b in it.selections + whole] + \
            [(sel, a, b, True) for sel, a, b in it.fixed]
        for sel, start, end, fixed in spans:
            if end < start or start < 0:
                raise _err(label, f"{local_name(sel.tag)} guid={sel.get('guid')}",
                           f"positions {start}–{end}; expected 0 ≤ startPosition ≤ endPosition")
            a, b = start, end
            if text is not None and not fixed:
                if end > length:
                    past.append(sname)
                elif start == end and children(sel, "Coding"):
                    empty.append(sname)
                a, b = pmap.to_index(min(start, length)), pmap.to_index(min(end, length),
                                                                        is_end=True)
            for cod in children(sel, "Coding"):
                ref = child(cod, "CodeRef")
                target = None if ref is None else ref.get("targetGUID")
                if target not in code_label:
                    raise _err(label, f"Coding guid={cod.get('guid')}",
                               f"refers to code {target}, which the codebook does not have")
                user = cod.get("creatingUser") or sel.get("creatingUser")
                if not user:
                    anonymous += 1
                    user = default_user
                if (id(sel), target, user) in coded:  # one segment per selection × code
                    repeated += 1
                    continue
                coded.add((id(sel), target, user))
                stamps.append((target, user, cod.get("creationDateTime")
                               or sel.get("creationDateTime")))
                codings.append({"selection": sel.get("guid"), "source": sname,
                                "start": int(a), "end": int(b), "code_guid": target,
                                "code": code_label[target],
                                "coder": users.get(user, user or "unknown"),
                                "raw_start": None if fixed else start,
                                "raw_end": None if fixed else end})
    notes = []
    if silent:
        parts = ", ".join(f"{k} {v}" for k, v in silent.items())
        notes.append(f"{label}: skipped {silent.total()} source(s) without any text ({parts}); "
                     "the kit analyses text (sources, transcripts, PDF text) only")
    if untexted:
        parts = ", ".join(f"{k} {v}" for k, v in untexted.items())
        notes.append(f"{label}: skipped {untexted.total()} coding(s) of picture, PDF or media "
                     f"regions that carry no text ({parts})")
    if twins:
        notes.append(f"{label}: {twins.total()} coding(s) of PDF regions repeat codings of the "
                     "same document's text and were counted once, from the text")
    if missing:
        notes.append(f"{label}: {len(missing)} text(s) have no text in the archive "
                     f"(e.g. '{missing[0]}'); their codings count, with empty text")
    notes.extend(unit_notes + user_notes)
    if past:
        notes.append(f"{label}: {len(past)} selection(s) end past the end of their text (e.g. in "
                     f"'{past[0]}'), so their positions cannot be trusted; they were cut at the "
                     "end of the text — check those excerpts in your QDA tool")
    if empty:
        notes.append(f"{label}: {len(empty)} coded selection(s) select no text (start = end, "
                     f"e.g. in '{empty[0]}'); each still counts as a segment, with empty text — "
                     "check them in your QDA tool")
    if repeated:
        notes.append(f"{label}: {repeated} coding(s) repeat a coding of the same selection with "
                     "the same code by the same user; each such pair is counted once")
    if anonymous:
        who = f"the project's creator '{users.get(default_user, default_user)}'" \
            if default_user else "'unknown'"
        notes.append(f"{label}: {anonymous} coding(s) do not say who coded them; they were "
                     f"attributed to {who}")
    records_coders = not _one_stamp_per_code(stamps)
    if not records_coders:
        notes.append(f"{label}: every coding of a code carries the same user and the same time "
                     "(NVivo for Windows writes the code's creator there): this file does not "
                     "record who coded, so coders and agreement between them cannot be read "
                     "from it")
    return QdaProject(
        name=root.get("name", ""), users=users,
        codes=pd.DataFrame(codes, columns=["guid", "name", "parent", "path", "description",
                                           "codable", "label"]),
        sources=pd.DataFrame(sources, columns=["guid", "name", "text", "has_text", "excluded",
                                               "unit"]),
        codings=pd.DataFrame(codings, columns=["selection", "source", "start", "end",
                                               "code_guid", "code", "coder", "raw_start",
                                               "raw_end"]),
        notes=notes, file=label, origin=root.get("origin") or "",
        position_unit=_file_unit(items), records_coders=records_coders)


def _one_stamp_per_code(stamps) -> bool:
    """True when every code coded more than once has one user and one time on all its codings.

    That is how NVivo for Windows exports (the code's creator and creation time, not
    the coder's); a person coding leaves different times.  Needs at least two such codes.
    """
    seen = {}
    for code, user, stamp in stamps:
        seen.setdefault(code, []).append((user, stamp))
    repeated = [v for v in seen.values() if len(v) > 1]
    return len(repeated) >= 2 and all(v[0][1] and len(set(v)) == 1 for v in repeated)


# --------------------------------------------------------------------------- writing

_GUID_NS = uuid.UUID("6f1d2c1e-3b7a-5c44-9a0e-6b8f1f0c2d11")


def stable_guid(*parts) -> str:
    """A GUID derived from names (uuid5), so that the same input writes the same file.

    >>> stable_guid("code", "tyonhaku") == stable_guid("code", "tyonhaku")
    True
    """
    return str(uuid.uuid5(_GUID_NS, "\x1f".join(map(str, parts)))).upper()


#: characters XML 1.0 cannot hold, not even escaped (Word's manual line break U+000B pasted
#: into an Excel cell is one)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_text(value) -> str:
    """``value`` as text an XML file can hold: characters XML 1.0 forbids become U+FFFD, as a
    workbook shows them (a file written with them would be refused by every reader).

    >>> _xml_text("Tekevä\x0bosa \x01")
    'Tekevä\ufffdosa \ufffd'
    """
    return _NOT_XML.sub("\ufffd", str(value))


def _xml_bytes(root) -> bytes:
    r"""``root`` as indented UTF-8 XML in which a text's carriage returns survive.

    An XML reader turns every CR LF in element text into LF; written as ``&#13;`` a CR is
    read back as it was (attributes are escaped so already, and indenting adds LF only).

    >>> el = ET.Element("Description"); el.text = "Rivi\r\ntoinen"
    >>> _xml_bytes(el).split(b"?>")[-1]
    b'\n<Description>Rivi&#13;\ntoinen</Description>'
    """
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True).replace(b"\r", b"&#13;")


def _el(parent, tag, ns=NS, **attrs):
    el = ET.SubElement(parent, f"{{{ns}}}{tag}")
    for k, v in attrs.items():
        if v is not None:
            el.set(k, _xml_text(v))
    return el


def _code_elements(parent, tree, ns):
    """``tree`` is a list of dicts ``guid, name, description, children``."""
    for node in tree:
        c = _el(parent, "Code", ns, guid=node["guid"], name=node["name"], isCodable="true",
                color=node.get("color"))
        if node.get("description"):
            _el(c, "Description", ns).text = _xml_text(node["description"])
        _code_elements(c, node.get("children", []), ns)


def codebook_xml(tree, *, ns: str = NS_CODEBOOK) -> bytes:
    """A ``.qdc`` codebook (``CodeBook`` in ``urn:QDA-XML:codebook:1.0``)."""
    ET.register_namespace("", ns)
    root = ET.Element(f"{{{ns}}}CodeBook")
    _code_elements(_el(root, "Codes", ns), tree, ns)
    return _xml_bytes(root)


def project_bytes(*, name: str, tree: list, users: list, sources: list, excluded: list,
                  origin: str) -> bytes:
    """A ``.qdpx`` archive.

    ``users``: names.  ``sources``: dicts ``name, text, selections`` with
    selections ``(start, end, code_guid, user, label)``.  ``excluded``: source
    names put into the set ``excluded``.  Written deterministically (GUIDs from
    names, fixed archive dates), so the same corpus gives the same bytes.
    """
    ET.register_namespace("", NS)
    user_guid = {u: stable_guid("user", u) for u in users}
    root = ET.Element(f"{{{NS}}}Project", name=name, origin=origin)
    if users:
        root.set("creatingUserGUID", user_guid[users[0]])
        us = _el(root, "Users")
        for u in users:
            _el(us, "User", guid=user_guid[u], name=u)
    _code_elements(_el(_el(root, "CodeBook"), "Codes"), tree, NS)
    texts = {}
    if sources:
        ss = _el(root, "Sources")
        for src in sources:
            sguid = stable_guid("source", src["name"])
            txt_guid = stable_guid("text", src["name"])
            texts[f"Sources/{txt_guid}.txt"] = src["text"]
            s = _el(ss, "TextSource", guid=sguid, name=src["name"],
                    plainTextPath=f"internal://{txt_guid}.txt")
            for start, end, code_guid, user, sel_label in src["selections"]:
                sel_guid = stable_guid("selection", src["name"], start, end, code_guid, user)
                sel = _el(s, "PlainTextSelection", guid=sel_guid, name=sel_label,
                          startPosition=start, endPosition=end, creatingUser=user_guid[user])
                cod = _el(sel, "Coding", guid=stable_guid("coding", sel_guid),
                          creatingUser=user_guid[user])
                _el(cod, "CodeRef", targetGUID=code_guid)
    if excluded:
        sets = _el(root, "Sets")
        st = _el(sets, "Set", guid=stable_guid("set", "excluded"), name="excluded")
        _el(st, "Description").text = ("Sources left out of the star table (coachkit reads this "
                                       "set as the corpus column 'excluded').")
        for sname in excluded:
            _el(st, "MemberSource", targetGUID=stable_guid("source", sname))
    qde = _xml_bytes(root)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        def add(member, payload):
            info = zipfile.ZipInfo(member, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, payload)

        add("project.qde", qde)
        for member, text in texts.items():
            add(member, text.encode("utf-8"))
    return buf.getvalue()


def schema_path() -> Path:
    """The official QDA-XML 1.0 project schema shipped with the kit."""
    from ..datasets import data_dir

    return data_dir() / "schema" / "refi_qda_Project_v1.0.xsd"


def validate(xml: bytes, *, codebook: bool = False) -> None:
    """Validate project XML (or a ``.qdc`` codebook) against the official schema.

    The codebook file uses the schema's ``CodeBook`` type in its own namespace,
    so its schema is the project schema with the target namespace swapped.
    Raises ``ValueError`` with the schema's first complaint.
    """
    import xmlschema

    xsd = schema_path().read_text(encoding="utf-8")
    if codebook:
        xsd = xsd.replace(f'xmlns="{NS}"', f'xmlns="{NS_CODEBOOK}"').replace(
            f'targetNamespace="{NS}"', f'targetNamespace="{NS_CODEBOOK}"')
        xsd = re.sub(r'<xsd:element name="Project" type="ProjectType">.*?</xsd:element>',
                     '<xsd:element name="CodeBook" type="CodeBookType"/>', xsd, count=1,
                     flags=re.S)
    schema = xmlschema.XMLSchema(io.StringIO(xsd))
    error = next(iter(schema.iter_errors(io.BytesIO(xml))), None)
    if error is not None:
        raise ValueError(f"the written XML does not validate against QDA-XML 1.0: "
                         f"{error.reason} (at {error.path})")


# ------------------------------------------------------------ the kit's frame and corpora

#: Okabe–Ito colours (colour-blind safe), one per overall goal, for the QDA tool's code list.
GOAL_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#CC79A7")


def kit_code_tree(codebook=None) -> list:
    """The kit's frame as a code tree: the five goals, each with its subcategories.

    Names are Finnish (what a Finnish coder sees in her QDA tool); each
    description ends with the kit's id, so the names can change and still map.
    """
    from ..reference.codebook import Codebook

    cb = codebook or Codebook.load()
    phases = cb.names("phase", "fi")
    tree = []
    for i, g in enumerate(cb.goals.itertuples()):
        colour = GOAL_COLOURS[i % len(GOAL_COLOURS)]
        subs = cb.subcategories.loc[cb.subcategories["goal_id"] == g.goal_id]
        tree.append({
            "guid": stable_guid("code", g.goal_id), "name": g.name_fi, "color": colour,
            "description": f"Kokonaistavoite ({g.name_en}); vaihe: {phases[g.phase_id]}. "
                           f"Tunnus: {g.goal_id}",
            "children": [{"guid": stable_guid("code", s.subcategory_id), "name": s.name_fi,
                          "color": colour,
                          "description": f"{s.description_fi} Tunnus: {s.subcategory_id}"}
                         for s in subs.itertuples()],
        })
    return tree


def corpus_project(corpus: pd.DataFrame, *, name: str = "coachkit corpus") -> bytes:
    """A ``.qdpx`` of a corpus read by :func:`coachkit.analyses.themes.read_corpus`.

    Each source becomes a text source whose text is its segments' texts as written
    (line breaks, CR LF too, and spaces kept), each starting on a line of its own; each
    segment a selection of exactly its text (in characters), coded with its code by its
    coder (``coder`` column) or by the user ``coachkit``.  Frame corpora carry
    the kit's code tree; corpora read with ``codes="own"`` their own flat codes.
    """
    own = corpus.attrs.get("frame") == "own"
    if own:
        tree = [{"guid": stable_guid("own", c), "name": c}
                for c in corpus.attrs.get("categories") or dict.fromkeys(corpus["code"])]
        guid_of = {n["name"]: n["guid"] for n in tree}
    else:
        tree = kit_code_tree()
        guid_of = {}
        for g in tree:
            guid_of[g["description"].rsplit("Tunnus: ", 1)[1]] = g["guid"]
            for s in g["children"]:
                guid_of[s["description"].rsplit("Tunnus: ", 1)[1]] = s["guid"]
    coders = corpus["coder"] if "coder" in corpus.columns else pd.Series("coachkit",
                                                                         index=corpus.index)
    sources, excluded = [], []
    for source, idx in corpus.groupby("source", sort=False).groups.items():
        part = corpus.loc[idx]
        lines, selections, pos = [], [], 0
        for seg, text, code, coder in zip(part["segment_id"], part["text"], part["code"],
                                          coders.loc[idx], strict=True):
            line = str(text) or f"[{seg}]"  # as written: line breaks (LF, CR LF) and spaces
            selections.append((pos, pos + len(line), guid_of[code], coder, str(seg)))
            lines.append(line)
            pos += len(line) + 1
        sources.append({"name": source, "text": "\n".join(lines), "selections": selections})
        if part["excluded"].astype(bool).all():
            excluded.append(source)
    from .. import __version__

    return project_bytes(name=name, tree=tree, users=list(dict.fromkeys(coders)),
                         sources=sources, excluded=excluded, origin=f"coachkit {__version__}")


register(Reader("qdpx", (".qdpx",), frozenset({"project"}), read_project))
