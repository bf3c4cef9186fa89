"""REFI-QDA (QDA-XML 1.0): projects (.qdpx) and codebooks (.qdc) read and written.

A ``.qdpx`` file is a zip archive holding ``project.qde`` (XML in the namespace
``urn:QDA-XML:project:1.0``) and the sources' plain texts under ``Sources/``.
NVivo, ATLAS.ti, MAXQDA and QualCoder export and import it.  What the kit reads:

* **users** (``guid → name``) and the **code hierarchy** (nested ``Code``
  elements; ATLAS.ti writes the hierarchy into names, e.g. ``Coke::diet Coke``);
* **text sources** with their plain text from the archive (``internal://``
  paths) or inline ``PlainTextContent``.  PDF, picture, audio and video sources are skipped
  with one note;
  a text file missing from the archive leaves the text empty (one note) and its
  codings still count;
* **plain-text selections** and their **codings** with the creating user (the
  coding's, else the selection's, else the project's creating user).  A
  selection with several codings counts once per code; one with none is not a
  segment.  A source ``Set`` named ``excluded`` (or ``poissuljettu``) flags its
  members as excluded, as the corpus column ``excluded`` does.
* **positions** in the unit of the tool that wrote them (NVivo: UTF-16 units, the
  others: code points; :func:`project_position_unit`), converted at read time to
  indices of the Python text, so everything downstream works in characters.

Archives are opened with limits (:class:`ProjectArchive`) and XML parsed without
entities and with bounded depth (:func:`parse_xml`): a hostile file is one error line.

>>> p = read_project(_standard_project())
>>> len(p.codings), sorted(p.coders())
(7, ['Friedrich Markgraf'])
"""

from __future__ import annotations

import io
import re
import uuid
import xml.etree.ElementTree as ET
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import InputError
from . import MAX_MEMBER_BYTES, check_zip_member
from .positions import PositionMap, detect_unit, unit_from_origin

NS = "urn:QDA-XML:project:1.0"
NS_CODEBOOK = "urn:QDA-XML:codebook:1.0"
EXCLUDED_SETS = {"excluded", "poissuljettu", "coachkit:excluded"}
_OTHER_SOURCES = {"PDFSource": "PDF", "PictureSource": "picture", "AudioSource": "audio",
                  "VideoSource": "video"}


def _standard_project() -> Path:
    """The REFI-QDA standard project as exported by ATLAS.ti (test data with provenance)."""
    return Path(__file__).resolve().parents[3] / "tests" / "data" / "refi" / \
        "atlasti_refi_standard_project.qdpx"


def _local(tag: str) -> str:
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
        ``guid, name, parent, path, description, codable`` in the project's order
        (``path`` joins the names of the ancestors with ``::``).
    sources : DataFrame
        ``guid, name, text, has_text, excluded`` — text sources only.
    codings : DataFrame
        ``selection, source, start, end, code_guid, code, coder, raw_start, raw_end``
        — one row per selection × coding (``code`` is the code's name as
        written).  ``start``/``end`` index the source's ``text`` (code points,
        what Python slices); ``raw_start``/``raw_end`` are the positions as the
        file wrote them, in ``position_unit``.
    notes : list of str
        One line per thing skipped, missing or uncertain (printed by the CLI on stderr).
    origin : str
        The project's ``origin`` attribute (the tool that wrote it), or "".
    position_unit : {"codepoint", "utf16"}
        How the file counts positions: code points (ATLAS.ti, MAXQDA, QualCoder,
        the kit) or UTF-16 units (NVivo).  A writer putting positions back into
        this project converts with :class:`~coachkit.formats.positions.PositionMap`
        in this unit.
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
        out.attrs["categories"] = list(dict.fromkeys(self.codes["name"]))
        return out


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
        raise _err(file, f"{_local(el.tag)} guid={guid}",
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
        self.members = {m.lower(): m for m in self.zf.namelist()}
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
        """The archive member an ``internal://`` path names, or None."""
        if not ref or not ref.startswith("internal://"):
            return None
        return self.members.get(("sources/" + ref[len("internal://"):]).lower())

    def source_text(self, ref) -> str | None:
        """The plain text an ``internal://`` path points at (None when not in the archive)."""
        member = self.source_member(ref)
        if member is None:
            return None
        raw = self.read(member)
        if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
            return raw.decode("utf-16", errors="replace")
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return raw.decode("cp1252", errors="replace")

    @property
    def qde_name(self) -> str:
        qde = self.members.get("project.qde")
        if qde is None:
            raise InputError("the archive has no project.qde; expected a REFI-QDA project "
                             "exported by NVivo, ATLAS.ti, MAXQDA or QualCoder", file=self.label)
        return qde

    def root(self):
        """The parsed ``project.qde`` (its root element ``Project``)."""
        root = parse_xml(self.read(self.qde_name), f"{self.label} (project.qde)")
        if _local(root.tag) != "Project":
            raise _err(self.label, _local(root.tag), "expected the root element Project")
        return root


def parse_xml(payload: bytes, where: str):
    """Parse project or codebook XML safely: no entities, no external references, bounded depth.

    A document with a ``DOCTYPE`` (the only place entities and external references
    can be declared), or in an encoding other than UTF-8, goes through
    :mod:`defusedxml`, which refuses them (a hostile file cannot expand entities
    into gigabytes or read local files); the usual export — UTF-8 without a
    ``DOCTYPE`` — through the standard C parser, ten times faster.  Nesting deeper
    than :data:`MAX_XML_DEPTH` is refused.  Every problem is one line with the XML
    line and column.

    >>> parse_xml(b'<Project name="a"><Users/></Project>', "p").get("name")
    'a'
    """
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring as defused_fromstring

    plain = payload[:3] == b"\xef\xbb\xbf" or payload.lstrip()[:1] == b"<"
    try:
        if plain and b"<!DOCTYPE" not in payload:
            root = ET.fromstring(payload)
        else:
            root = defused_fromstring(payload)
    except ET.ParseError as exc:
        line, col = exc.position
        raise InputError(f"not well-formed XML (line {line}, column {col}): "
                         f"{str(exc).split(':')[0]}", file=where) from None
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
        return _parse(archive.root(), archive.label, archive.source_text)


def _children(el, tag):
    return [c for c in el if _local(c.tag) == tag]


def _child(el, tag):
    found = _children(el, tag)
    return found[0] if found else None


def _selection_positions(src, label):
    """``(element, start, end)`` of a text source's selections, positions as written."""
    return [(sel, _int_attr(sel, "startPosition", label, "a character offset"),
             _int_attr(sel, "endPosition", label, "a character offset"))
            for sel in _children(src, "PlainTextSelection")]


def _text_sources(root):
    return [src for srcs in _children(root, "Sources") for src in srcs
            if _local(src.tag) == "TextSource"]


def _source_text(src, read_text):
    text = read_text(src.get("plainTextPath"))
    inline = _child(src, "PlainTextContent")
    if text is None and inline is not None:
        text = inline.text or ""
    return text


def project_position_unit(root, read_text, *, label: str = "project") -> tuple:
    """The unit of a parsed project's selection positions, and a note when it is uncertain.

    ``read_text`` maps a ``plainTextPath`` to the source's text (or None), as
    :meth:`ProjectArchive.source_text` does.  The tool named in ``origin``
    decides (NVivo counts UTF-16 units, the others code points) unless the
    positions themselves prove otherwise; a project without a known origin is
    judged by :func:`~coachkit.formats.positions.detect_unit`.  Returns
    ``(unit, note)``; ``note`` is None or one line for the user.
    """
    samples = []
    for src in _text_sources(root):
        text = _source_text(src, read_text)
        if text:
            sels = _selection_positions(src, label)
            samples.append((text, [a for _, a, _ in sels], [b for _, _, b in sels]))
    return _decide_unit(root.get("origin"), samples, label)


def _decide_unit(origin, samples, label):
    named = unit_from_origin(origin)
    # how NVivo, QualCoder and the kit count is known; for the other tools it is assumed,
    # so overwhelming evidence from the words may overrule it too
    known = any(k in (origin or "").lower() for k in _KNOWN_COUNTING)
    detected, how = detect_unit(samples, words=not known, strong=named is not None)
    tool = f"'{origin}'" if origin else "an unnamed tool"
    if named is not None:
        if detected not in (None, named) and (how in ("range", "pairs") or not known):
            return detected, (f"{label}: the positions of the selections are counted in "
                              f"{_UNIT_WORDS[detected]}, not as {tool} usually counts; "
                              f"read them in {_UNIT_WORDS[detected]}")
        return named, None
    if detected is not None:
        return detected, None
    if how == "ambiguous":
        return "codepoint", (f"{label}: the project does not say which tool wrote it, and its "
                             "selection positions fit both ways of counting emoji (characters, or "
                             "UTF-16 units as NVivo counts); read as characters, so check a few "
                             "excerpts after an emoji")
    return "codepoint", None


_UNIT_WORDS = {"codepoint": "characters", "utf16": "UTF-16 units (as NVivo counts)"}
#: tools whose way of counting is documented (NVivo) or read from their source (QualCoder, the kit)
_KNOWN_COUNTING = ("nvivo", "qualcoder", "coachkit")


def _parse(root, label, read_text) -> QdaProject:
    children, child = _children, _child

    users = {}
    for u in [u for us in children(root, "Users") for u in children(us, "User")]:
        users[u.get("guid")] = u.get("name") or u.get("id") or u.get("guid")

    codes = []
    # the code tree in document order, without recursion (a hostile file may nest deeply)
    stack = [(c, "", "") for cb in children(root, "CodeBook") for cs in children(cb, "Codes")
             for c in children(cs, "Code")][::-1]
    while stack:
        c, parent, path = stack.pop()
        guid, cname = c.get("guid"), c.get("name")
        if not guid or cname is None:
            raise _err(label, "Code", "a code needs the attributes guid and name")
        desc = child(c, "Description")
        full = f"{path}::{cname}" if path else cname
        codes.append({"guid": guid, "name": cname, "parent": parent, "path": full,
                      "description": (desc.text or "") if desc is not None else "",
                      "codable": c.get("isCodable", "true").lower() != "false"})
        stack.extend((sub, guid, full) for sub in reversed(children(c, "Code")))
    code_name = {c["guid"]: c["name"] for c in codes}
    default_user = root.get("creatingUserGUID")

    excluded = set()
    for s in [s for ss in children(root, "Sets") for s in children(ss, "Set")]:
        if (s.get("name") or "").strip().lower() in EXCLUDED_SETS:
            excluded |= {m.get("targetGUID") for m in children(s, "MemberSource")}

    skipped = {}
    for srcs in children(root, "Sources"):
        for src in srcs:
            kind = _OTHER_SOURCES.get(_local(src.tag))
            if kind:
                skipped[kind] = skipped.get(kind, 0) + 1
    read = []  # (source element, name, text, selections as written)
    for src in _text_sources(root):
        read.append((src, src.get("name") or src.get("guid"), _source_text(src, read_text),
                     _selection_positions(src, label)))
    unit, unit_note = _decide_unit(
        root.get("origin"),
        [(text, [a for _, a, _ in sels], [b for _, _, b in sels])
         for _, _, text, sels in read if text], label)

    sources, codings, missing, past = [], [], [], []
    for src, sname, text, sels in read:
        sguid = src.get("guid")
        if text is None:
            missing.append(sname)
        sources.append({"guid": sguid, "name": sname, "text": text or "",
                        "has_text": text is not None, "excluded": sguid in excluded})
        pmap = PositionMap(text or "", unit)
        length = pmap.length
        # A coding of the whole source counts as a selection of all its text.
        whole = [(src, 0, length)] if children(src, "Coding") else []
        for sel, start, end in sels + whole:
            if end < start or start < 0:
                raise _err(label, f"PlainTextSelection guid={sel.get('guid')}",
                           f"positions {start}–{end}; expected 0 ≤ startPosition ≤ endPosition")
            a, b = start, end
            if text is not None:
                if end > length:
                    past.append(sname)
                a, b = pmap.to_index(min(start, length)), pmap.to_index(min(end, length),
                                                                        is_end=True)
            for cod in children(sel, "Coding"):
                ref = child(cod, "CodeRef")
                target = None if ref is None else ref.get("targetGUID")
                if target not in code_name:
                    raise _err(label, f"Coding guid={cod.get('guid')}",
                               f"refers to code {target}, which the codebook does not have")
                user = cod.get("creatingUser") or sel.get("creatingUser") or default_user
                codings.append({"selection": sel.get("guid"), "source": sname,
                                "start": a, "end": b, "code_guid": target,
                                "code": code_name[target],
                                "coder": users.get(user, user or "unknown"),
                                "raw_start": start, "raw_end": end})
    notes = []
    if skipped:
        parts = ", ".join(f"{k} {v}" for k, v in skipped.items())
        notes.append(f"{label}: skipped {sum(skipped.values())} non-text source(s) ({parts}); "
                     "the kit analyses text sources only")
    if missing:
        notes.append(f"{label}: {len(missing)} text source(s) have no text in the archive "
                     f"(e.g. '{missing[0]}'); their codings count, with empty text")
    if unit_note:
        notes.append(unit_note)
    if past:
        notes.append(f"{label}: {len(past)} selection(s) end past the end of their text (e.g. in "
                     f"'{past[0]}'), so their positions cannot be trusted; they were cut at the "
                     "end of the text — check those excerpts in your QDA tool")
    return QdaProject(
        name=root.get("name", ""), users=users,
        codes=pd.DataFrame(codes, columns=["guid", "name", "parent", "path", "description",
                                           "codable"]),
        sources=pd.DataFrame(sources, columns=["guid", "name", "text", "has_text", "excluded"]),
        codings=pd.DataFrame(codings, columns=["selection", "source", "start", "end",
                                               "code_guid", "code", "coder", "raw_start",
                                               "raw_end"]),
        notes=notes, file=label, origin=root.get("origin") or "", position_unit=unit)


# --------------------------------------------------------------------------- writing

_GUID_NS = uuid.UUID("6f1d2c1e-3b7a-5c44-9a0e-6b8f1f0c2d11")


def stable_guid(*parts) -> str:
    """A GUID derived from names (uuid5), so that the same input writes the same file.

    >>> stable_guid("code", "tyonhaku") == stable_guid("code", "tyonhaku")
    True
    """
    return str(uuid.uuid5(_GUID_NS, "\x1f".join(map(str, parts)))).upper()


def _el(parent, tag, ns=NS, **attrs):
    el = ET.SubElement(parent, f"{{{ns}}}{tag}")
    for k, v in attrs.items():
        if v is not None:
            el.set(k, str(v))
    return el


def _code_elements(parent, tree, ns):
    """``tree`` is a list of dicts ``guid, name, description, children``."""
    for node in tree:
        c = _el(parent, "Code", ns, guid=node["guid"], name=node["name"], isCodable="true",
                color=node.get("color"))
        if node.get("description"):
            _el(c, "Description", ns).text = node["description"]
        _code_elements(c, node.get("children", []), ns)


def codebook_xml(tree, *, ns: str = NS_CODEBOOK) -> bytes:
    """A ``.qdc`` codebook (``CodeBook`` in ``urn:QDA-XML:codebook:1.0``)."""
    ET.register_namespace("", ns)
    root = ET.Element(f"{{{ns}}}CodeBook")
    _code_elements(_el(root, "Codes", ns), tree, ns)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


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
    ET.indent(root)
    qde = ET.tostring(root, encoding="utf-8", xml_declaration=True)
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
    from ..codebook import Codebook

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
    """A ``.qdpx`` of a corpus read by :func:`coachkit.themes.read_corpus`.

    Each source becomes a text source whose text is its segments' texts, one
    per line; each segment a selection of its line, coded with its code by its
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
            line = " ".join(str(text).split()) or f"[{seg}]"
            selections.append((pos, pos + len(line), guid_of[code], coder, str(seg)))
            lines.append(line)
            pos += len(line) + 1
        sources.append({"name": source, "text": "\n".join(lines), "selections": selections})
        if part["excluded"].astype(bool).all():
            excluded.append(source)
    from .. import __version__

    return project_bytes(name=name, tree=tree, users=list(dict.fromkeys(coders)),
                         sources=sources, excluded=excluded, origin=f"coachkit {__version__}")


def project_tables(path, *, name: str | None = None) -> dict:
    """A project as tables for people who continue in Excel.

    Returns ``{"corpus", "coding", "codebook", "sources"}``: the corpus (one row
    per selection × code, with coder and positions), the paragraph-unit coding
    table of :mod:`coachkit.unitising`, the codebook with each code's kit id
    (empty where the code is not in the kit's frame) and the text sources.
    """
    from ..codebook import Codebook
    from ..unitising import paragraph_coding

    project = read_project(path, name=name)
    cb = Codebook.load()
    codes = project.codes.copy()
    codes["kit_code"] = [cb.resolve(n) or "" for n in codes["name"]]
    texts = dict(zip(project.sources["name"], project.sources["text"], strict=True))
    spans = project.codings[["source", "coder", "code", "start", "end"]]
    sources = project.sources.drop(columns="text").assign(
        characters=[len(t) for t in project.sources["text"]])
    return {"corpus": project.corpus(), "coding": paragraph_coding(spans, texts),
            "codebook": codes.rename(columns={"guid": "code_guid"}), "sources": sources,
            "notes": project.notes}
