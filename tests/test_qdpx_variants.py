"""REFI-QDA exports read right or refused: the real `qc` 1.3.2 export and variants of it.

Each variant is the real archive re-zipped with one thing changed as a tool or a hostile
file would have it (CR LF text, a renamed project file, a selection cutting an emoji, a
stray byte...).  Expected numbers are the hand-counted facts in ``data/refi/SOURCES.md``.
"""

import json
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import numpy as np
import pytest

import coachkit as ck
from coachkit.cli import main
from coachkit.formats import qdpx
from coachkit.formats.positions import PositionMap

DATA = Path(__file__).parent / "data" / "refi"
QC = DATA / "qc132_demo.qdpx"
BOARD = "board_2017.txt"
NS = "{urn:QDA-XML:project:1.0}"


def _members(path=QC, *, plain=True) -> dict:
    """The archive's members; ``plain``: the text sources named and given ``internal://``
    paths, so that a variant tests its one change and not the bare paths of the real file."""
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    if plain and path == QC:
        root = _root(members)
        for src in root.iter(f"{NS}TextSource"):
            src.set("name", src.get("plainTextPath"))
            src.set("plainTextPath", "internal://" + src.get("plainTextPath"))
        members["project.qde"] = _qde(root)
    return members


def _zip(path, members: dict) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, payload in members.items():
            zf.writestr(name, payload)
    return path


def _board_lines() -> list:
    return _members(plain=False)[f"sources/{BOARD}"].decode("utf-8").splitlines(keepends=True)


def _line_of(selection_name: str) -> int:
    return int(selection_name.split(":")[1])


def _root(members):
    return ET.fromstring(members["project.qde"])


def _qde(root) -> bytes:
    ET.register_namespace("", NS[1:-1])
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _names(root) -> dict:
    """selection guid → its name (``line:N``)."""
    return {s.get("guid"): s.get("name") for s in root.iter(f"{NS}PlainTextSelection")}


# ------------------------------------------------------------------ the real qc export

def test_real_qc_export_gives_every_coding_with_its_line(tmp_path):
    p = qdpx.read_project(QC)
    assert len(p.codings) == 205 and p.codings["selection"].nunique() == 158
    assert p.coders() == ["cp"] and len(p.codes) == 262 and p.codes["name"].nunique() == 252
    # a source path without internal:// is found under sources/, named after its file
    assert p.sources["name"].tolist() == [BOARD, "admin-1.txt"]
    assert p.sources["has_text"].all() and p.notes == []
    lines = _board_lines()
    names = _names(_root(_members(plain=False)))
    excerpts = p.corpus()["text"].tolist()
    assert excerpts == [lines[_line_of(names[s])] for s in p.codings["selection"]]
    # hand-checked: line 6 at 320–400
    assert "This district goal is engage every student in joyful, purposeful learning that \n" \
        in excerpts
    assert p.codings.groupby("code").size()[["equity", "computational_thinking"]].tolist() \
        == [12, 10]


def test_codes_sharing_a_name_under_different_parents_are_kept_apart(tmp_path):
    p = qdpx.read_project(QC)
    shared = p.codes["name"].value_counts()
    assert (shared > 1).sum() == 9                     # as counted by hand
    assert p.codes["label"].is_unique
    fun = p.codes.loc[p.codes["name"] == "fun", "label"].tolist()
    assert fun == ["pedagogy::fun", "affect_toward_cs::fun"]
    assert p.codings["code"].value_counts()["pedagogy::fun"] == 4
    # one coding moved to the other 'fun': two categories, not one merged count of 4
    members = _members()
    root = _root(members)
    other = p.codes.loc[p.codes["label"] == "affect_toward_cs::fun", "guid"].iloc[0]
    first = p.codes.loc[p.codes["label"] == "pedagogy::fun", "guid"].iloc[0]
    ref = next(r for r in root.iter(f"{NS}CodeRef") if r.get("targetGUID") == first)
    ref.set("targetGUID", other)
    members["project.qde"] = _qde(root)
    corpus = ck.read_corpus(_zip(tmp_path / "fun.qdpx", members), codes="own")
    counts = corpus.groupby("category").size()
    assert counts["pedagogy::fun"] == 3 and counts["affect_toward_cs::fun"] == 1


def test_the_single_qde_is_read_whatever_its_name(tmp_path):
    members = _members()
    members["Trial.qde"] = members.pop("project.qde")
    p = qdpx.read_project(_zip(tmp_path / "trial.qdpx", members))
    assert len(p.codings) == 205
    members["Other.qde"] = members["Trial.qde"]
    with pytest.raises(ValueError, match="holds 2 project files"):
        qdpx.read_project(_zip(tmp_path / "two.qdpx", members))


# ------------------------------------------------------------------ positions

def test_crlf_text_with_line_breaks_counted_as_one_is_read_right(tmp_path):
    # QualCoder's export "for MAXQDA": the text has CR LF, the positions count each break once
    members = _members()
    members[f"sources/{BOARD}"] = members[f"sources/{BOARD}"].replace(b"\n", b"\r\n")
    p = qdpx.read_project(_zip(tmp_path / "crlf.qdpx", members))
    lines = [ln.replace("\n", "\r\n") for ln in _board_lines()]
    names = _names(_root(members))
    right = [t == lines[_line_of(names[s])]
             for t, s in zip(p.corpus()["text"], p.codings["selection"], strict=True)]
    assert sum(right) == 205
    assert p.sources.set_index("name").loc[BOARD, "unit"] == "codepoint-lf"
    assert len(p.notes) == 1 and "CR LF line break counted as one" in p.notes[0]
    # the same text with positions that count each break as two stays as it is
    members = _members()
    members[f"sources/{BOARD}"] = members[f"sources/{BOARD}"].replace(b"\n", b"\r\n")
    root = _root(members)
    for sel in root.iter(f"{NS}PlainTextSelection"):
        n = _line_of(sel.get("name"))
        for attr in ("startPosition", "endPosition"):
            sel.set(attr, str(int(sel.get(attr)) + n + (attr == "endPosition")))
    members["project.qde"] = _qde(root)
    p = qdpx.read_project(_zip(tmp_path / "crlf2.qdpx", members))
    lines = [ln.replace("\n", "\r\n") for ln in _board_lines()]
    assert p.corpus()["text"].tolist() == [lines[_line_of(_names(root)[s])]
                                           for s in p.codings["selection"]]
    assert p.sources.set_index("name").loc[BOARD, "unit"] == "codepoint" and p.notes == []


def _emoji_variant(tmp_path, cut_one: bool, origin="NVivo 12.6"):
    """The qc text with an emoji closing every tenth line; positions in UTF-16 units."""
    members = _members()
    lines = [ln[:-1] + " 😀\n" if i % 10 == 0 else ln for i, ln in enumerate(_board_lines())]
    text = "".join(lines)
    members[f"sources/{BOARD}"] = text.encode("utf-8")
    starts = np.cumsum([0] + [len(ln) for ln in lines])
    m = PositionMap(text, "utf16")
    root = _root(members)
    root.set("origin", origin)
    first = True
    for sel in root.iter(f"{NS}PlainTextSelection"):
        n = _line_of(sel.get("name"))
        a, b = m.from_index(int(starts[n])), m.from_index(int(starts[n + 1]))
        if cut_one and first and n % 10 == 0 and n > 0:
            b -= 2      # ends between the two halves of the emoji
            first = False
        sel.set("startPosition", str(a))
        sel.set("endPosition", str(b))
    members["project.qde"] = _qde(root)
    return _zip(tmp_path / f"emoji{cut_one}.qdpx", members), lines, _names(root)


def test_one_selection_inside_an_emoji_does_not_flip_the_file(tmp_path):
    path, lines, names = _emoji_variant(tmp_path, cut_one=True)
    p = qdpx.read_project(path)
    assert p.position_unit == "utf16"
    right = [t == lines[_line_of(names[s])]
             for t, s in zip(p.corpus()["text"], p.codings["selection"], strict=True)]
    # the cut selection (one, with its codings) gets its line but the emoji's last half;
    # every other selection is exact
    wrong = p.codings.loc[[not ok for ok in right]]
    assert wrong["selection"].nunique() == 1 and len(right) == 205
    cut = p.corpus()["text"][wrong.index]
    assert all(t == lines[_line_of(names[wrong["selection"].iloc[0]])][:-1] for t in cut)


def test_positions_without_origin_are_judged_and_the_unit_said(tmp_path):
    path, lines, names = _emoji_variant(tmp_path, cut_one=False, origin="")
    p = qdpx.read_project(path)
    assert p.position_unit == "utf16"
    assert p.corpus()["text"].tolist() == [lines[_line_of(names[s])]
                                           for s in p.codings["selection"]]
    assert len(p.notes) == 1 and "read in UTF-16 units" in p.notes[0]


def test_a_source_counted_differently_from_the_rest_is_read_in_its_own_unit(tmp_path):
    path, lines, names = _emoji_variant(tmp_path, cut_one=False)
    members = _members(path)
    root = _root(members)
    # a second source, the same text, its selections counted in characters
    src = next(root.iter(f"{NS}TextSource"))
    twin = ET.fromstring(ET.tostring(src))
    twin.set("guid", "00000000-0000-0000-0000-0000000000AA")
    twin.set("plainTextPath", "internal://twin.txt")
    twin.set("name", "twin.txt")
    starts = np.cumsum([0] + [len(ln) for ln in lines])
    for sel in twin.iter(f"{NS}PlainTextSelection"):
        n = _line_of(sel.get("name"))
        sel.set("startPosition", str(starts[n]))
        sel.set("endPosition", str(starts[n + 1]))
    next(root.iter(f"{NS}Sources")).append(twin)
    members["project.qde"] = _qde(root)
    members["sources/twin.txt"] = members[f"sources/{BOARD}"]
    p = qdpx.read_project(_zip(tmp_path / "mixed.qdpx", members))
    units = p.sources.set_index("name")["unit"]
    assert units[BOARD] == "utf16" and units["twin.txt"] == "codepoint"
    expected = [lines[_line_of(names[s])] for s in p.codings["selection"][:205]]
    assert p.corpus()["text"].tolist() == expected * 2
    assert any("read in their own unit" in n and "'twin.txt' in characters" in n
               for n in p.notes)


def test_a_stray_byte_in_a_source_text_does_not_shift_the_positions(tmp_path):
    members = _members()
    lines = _board_lines()
    # line 3 gets an ä (two bytes, one character) and line 10 one Windows-1252 dash byte
    lines[3] = "ä" + lines[3][1:]
    raw = "".join(lines).encode("utf-8")
    at = raw.index(lines[10][:20].encode()) + 4
    raw = raw[:at] + b"\x96" + raw[at + 1:]
    members[f"sources/{BOARD}"] = raw
    p = qdpx.read_project(_zip(tmp_path / "byte.qdpx", members))
    names = _names(_root(members))
    text = p.text_of(BOARD)
    assert text.startswith("".join(lines[:3])) and text[len("".join(lines[:3]))] == "ä"
    cut = [t for t, s in zip(p.corpus()["text"], p.codings["selection"], strict=True)
           if t != text.splitlines(keepends=True)[_line_of(names[s])]]
    assert cut == []
    assert sum("0x96" in n and f"byte {at}" in n for n in p.notes) == 1


# ------------------------------------------------------------------ who coded

def test_codings_without_a_user_are_attributed_to_the_creator_with_a_note(tmp_path):
    members = _members()
    root = _root(members)
    root.set("creatingUserGUID", next(root.iter(f"{NS}User")).get("guid"))
    for cod in root.iter(f"{NS}Coding"):
        del cod.attrib["creatingUser"]
    members["project.qde"] = _qde(root)
    p = qdpx.read_project(_zip(tmp_path / "nouser.qdpx", members))
    assert p.coders() == ["cp"]
    assert sum("205 coding(s) do not say who coded" in n and "creator 'cp'" in n
               for n in p.notes) == 1


def _stamped(tmp_path, per_code: bool):
    members = _members()
    root = _root(members)
    for k, cod in enumerate(root.iter(f"{NS}Coding")):
        code = cod.find(f"{NS}CodeRef").get("targetGUID")
        stamp = f"2019-0{1 + hash(code) % 9}-01T10:00:00Z" if per_code else \
            f"2019-05-01T10:{k // 60 % 60:02d}:{k % 60:02d}Z"
        cod.set("creationDateTime", stamp)
    members["project.qde"] = _qde(root)
    return _zip(tmp_path / f"stamped{per_code}.qdpx", members)


def test_one_user_and_one_time_per_code_is_recognised_as_not_recording_the_coder(tmp_path,
                                                                                 capsys):
    p = qdpx.read_project(_stamped(tmp_path, per_code=True))
    assert sum("does not record who coded" in n for n in p.notes) == 1
    assert not p.records_coders
    # agreement says why there is one coder, in one line
    assert main(["themes", "agreement", str(_stamped(tmp_path, per_code=True)), "--codes",
                 "own"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "this file does not record who coded" in err
    assert not any("does not record who coded" in n
                   for n in qdpx.read_project(_stamped(tmp_path, per_code=False)).notes)


# ------------------------------------------------------------------ text of PDFs and media

def test_a_transcript_and_a_pdf_representation_are_text_whose_codings_are_read(tmp_path):
    text = "Valmentaja: Miten menee?\nAsiakas: Hyvin, sain työpaikan.\n"
    at = text.index("sain työpaikan")
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="MAXQDA 24">
<Users><User guid="U1" name="Aino"/></Users>
<CodeBook><Codes><Code guid="C1" name="tyo" isCodable="true"/></Codes></CodeBook>
<Sources>
 <AudioSource guid="A1" name="haastattelu.m4a" path="internal://a.m4a">
  <Transcript guid="T1" name="litterointi" plainTextPath="internal://t.txt">
   <SyncPoint guid="S1" position="{at}" timeStamp="1000"/>
   <SyncPoint guid="S2" position="{at + 14}" timeStamp="2000"/>
   <TranscriptSelection guid="X1" fromSyncPoint="S1" toSyncPoint="S2">
    <Coding guid="K1" creatingUser="U1"><CodeRef targetGUID="C1"/></Coding>
   </TranscriptSelection>
  </Transcript>
  <AudioSelection guid="X2" begin="0" end="10">
   <Coding guid="K2" creatingUser="U1"><CodeRef targetGUID="C1"/></Coding>
  </AudioSelection>
 </AudioSource>
 <PDFSource guid="P1" name="kuvaus.pdf" path="internal://k.pdf">
  <Representation guid="R1" plainTextPath="internal://r.txt">
   <PlainTextSelection guid="X3" startPosition="0" endPosition="5">
    <Coding guid="K3" creatingUser="U1"><CodeRef targetGUID="C1"/></Coding>
   </PlainTextSelection>
  </Representation>
 </PDFSource>
</Sources></Project>"""
    path = _zip(tmp_path / "media.qdpx", {"project.qde": qde, "sources/t.txt": text,
                                         "sources/r.txt": "Työtä ja tukea"})
    p = qdpx.read_project(path)
    assert p.corpus()[["source", "text"]].values.tolist() == [
        ["haastattelu.m4a", "sain työpaikan"], ["kuvaus.pdf", "Työtä"]]
    assert sum("1 coding(s) of picture, PDF or media regions that carry no text (audio 1)" in n
               for n in p.notes) == 1


# ------------------------------------------------------------------ hostile XML and members

ENTITY = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE Project [<!ENTITY a "{}">]>'
          '<Project xmlns="urn:QDA-XML:project:1.0" name="&a;"/>').format("x" * 50)


@pytest.mark.parametrize("declared", [True, False])
def test_xml_in_utf16_without_a_bom_cannot_declare_entities(tmp_path, declared):
    text = ENTITY if declared else ENTITY.split("?>", 1)[1]
    xml = text.encode("utf-16-le")
    path = _zip(tmp_path / "u16.qdpx", {"project.qde": xml})
    with pytest.raises(ValueError, match="document type declaration"):
        qdpx.read_project(path)


def test_an_external_dtd_is_refused(tmp_path, capsys):
    qde = (b'<?xml version="1.0"?><!DOCTYPE Project SYSTEM "http://example.org/p.dtd">'
           b'<Project xmlns="urn:QDA-XML:project:1.0" name="p"/>')
    path = _zip(tmp_path / "dtd.qdpx", {"project.qde": qde})
    assert main(["themes", "stars", str(path), "--codes", "own"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "document type declaration" in err


def test_two_project_files_differing_in_case_are_refused(tmp_path):
    members = _members()
    members["Project.qde"] = members["project.qde"]
    with pytest.raises(ValueError, match=re.escape("differ only in case ('project.qde' and "
                                                   "'Project.qde')")):
        qdpx.read_project(_zip(tmp_path / "case.qdpx", members))


def test_two_texts_with_one_name_stay_apart_with_their_own_excerpts(tmp_path):
    """NVivo lets two folders hold an interview of the same name: the real export with both
    texts named alike must not merge them (one star row, excerpts cut from the other text)."""
    members = _members()
    root = _root(members)
    for src in root.iter(f"{NS}TextSource"):
        src.set("name", "Haastattelu")
    members["project.qde"] = _qde(root)
    p = qdpx.read_project(_zip(tmp_path / "twins.qdpx", members))
    names = list(p.sources["name"])
    assert len(set(names)) == 2 and all(n.startswith("Haastattelu [") for n in names)
    board = _members(plain=False)[f"sources/{BOARD}"].decode("utf-8")
    corpus = p.corpus()
    assert corpus["source"].nunique() == 1 and len(corpus) == 205
    assert all(board[int(a):int(b)] == t
               for a, b, t in zip(corpus["start"], corpus["end"], corpus["text"], strict=True))
    assert sum("2 texts are named 'Haastattelu'" in n for n in p.notes) == 1
    table = ck.star_table(ck.read_corpus(tmp_path / "twins.qdpx", codes="own"))
    assert table["source"].nunique() == 2


def test_two_codes_with_one_guid_are_refused_in_one_line(tmp_path, capsys):
    """Codings point at codes by guid: a hand-merged project giving two codes one guid would
    count the codings of both under one of them without a word."""
    members = _members()
    root = _root(members)
    first, second = list(root.iter(f"{NS}Code"))[1:3]
    old = second.get("guid")
    for el in [second, *(r for r in root.iter(f"{NS}CodeRef") if r.get("targetGUID") == old)]:
        el.set("guid" if el is second else "targetGUID", first.get("guid"))
    members["project.qde"] = _qde(root)
    path = _zip(tmp_path / "dupguid.qdpx", members)
    assert main(["themes", "stars", str(path), "--codes", "own"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1
    assert f"Code guid={first.get('guid')}" in err and "two codes have this guid" in err


def test_a_coding_repeated_on_its_selection_counts_once_with_a_note(tmp_path):
    """The same code by the same user twice on one selection is one segment (README: one
    per selection × code), not an error about a 'row 3' the project does not have."""
    import copy

    members = _members()
    root = _root(members)
    sel = next(s for s in root.iter(f"{NS}PlainTextSelection") if s.find(f"{NS}Coding") is not None)
    sel.append(copy.deepcopy(sel.find(f"{NS}Coding")))
    members["project.qde"] = _qde(root)
    p = qdpx.read_project(_zip(tmp_path / "twice.qdpx", members))
    assert len(p.corpus()) == 205
    assert sum("1 coding(s) repeat a coding of the same selection" in n for n in p.notes) == 1
    want = ck.star_table(ck.read_corpus(_zip(tmp_path / "plain.qdpx", _members()), codes="own"))
    got = ck.star_table(ck.read_corpus(tmp_path / "twice.qdpx", codes="own"))
    assert got.equals(want)


def test_a_code_without_a_name_is_shown_by_its_guid(tmp_path, capsys):
    members = _members()
    root = _root(members)
    used = next(root.iter(f"{NS}CodeRef")).get("targetGUID")
    code = next(c for c in root.iter(f"{NS}Code") if c.get("guid") == used)
    code.set("name", " ")
    members["project.qde"] = _qde(root)
    path = _zip(tmp_path / "noname.qdpx", members)
    assert code.get("guid") in set(qdpx.read_project(path).codes["label"])
    assert main(["themes", "stars", str(path), "--codes", "own", "--json"]) == 0
    assert any(r["category"] == used and r["count"] for r in json.loads(capsys.readouterr().out))


def test_a_coded_selection_of_no_text_is_counted_with_a_note(tmp_path):
    """A selection with start = end is a segment with empty text: said, not silent."""
    members = _members()
    root = _root(members)
    sel = next(s for s in root.iter(f"{NS}PlainTextSelection") if s.find(f"{NS}Coding") is not None)
    sel.set("endPosition", sel.get("startPosition"))
    members["project.qde"] = _qde(root)
    p = qdpx.read_project(_zip(tmp_path / "empty.qdpx", members))
    assert len(p.corpus()) == 205 and (p.corpus()["text"] == "").sum() == len(sel.findall(f"{NS}Coding"))
    assert sum("1 coded selection(s) select no text" in n for n in p.notes) == 1


def test_member_names_written_with_backslashes_are_found(tmp_path):
    """Some Windows zip writers (older .NET) store `sources\\board_2017.txt`: the text is in
    the archive, so no excerpt may come out empty with a note that it is missing."""
    members = {name.replace("/", "\\"): data for name, data in _members().items()}
    p = qdpx.read_project(_zip(tmp_path / "windows.qdpx", members))
    corpus = p.corpus()
    assert len(corpus) == 205 and (corpus["text"] != "").all()
    assert not [n for n in p.notes if "no text in the archive" in n]
