"""Goal of issue 13 §2: a Finnish interview set with planted identifiers in every form and place.

The files are written here (synthetic interviews, our own words).  After
``pseudonymise`` none of the planted originals is left in any byte of the copy —
checked by reading every member literally, independently of both detectors —
and ``--check`` flags every one of them in the original (removing one planted
identifier from the original lowers its count of findings).
"""

from __future__ import annotations

import json
import re
import unicodedata
import xml.etree.ElementTree as ET
import zipfile

import openpyxl
import pytest
from openpyxl.comments import Comment

from coachkit.cli import main
from coachkit.formats.positions import PositionMap
from coachkit.privacy import check, names
from coachkit.privacy.patterns import shape_pattern
from coachkit.privacy.pseudonymise import pseudonymise_file

NEEDS_VOIKKO = pytest.mark.skipif(names.voikko() is None, reason="Voikko is not installed")

# Every form the issue names; the key is what must not survive, searched case-insensitively.
# Issue 19 §1 and §3 added: gradation (Oudille), names that are also words (Usko, Uskon),
# names Voikko does not know (Åsalle, Máret, Niillasille, Näkkäläjärvi, the village Riutula:
# listed in NAMES_FILE as --check --suggest-names offers them), a hyphenated name, a chat
# label, decomposed letters (NFD), a soft hyphen, no-break spaces, other dashes, codes without
# a century sign, handles, user folders in paths, post-office boxes, IBANs, plates, client numbers.
NFD_NAME = "Ma\u0308kiselta\u0308"                # Mäkiseltä as macOS writes it
SOFT_NAME = "Vir\u00adtaselle"                    # a soft hyphen inside the name
PLANTED = {
    "name": ["Matille", "Virtasen", "Virtaselle", "Liisallekin", "liisa", "Matti", "Matin",
             "Korhoselle", "Jussi", "Pekkaa", "Mäkiseltä", "Aleksandrille", "Zeynepin",
             "Niemiselle", "Mäkelän", "Hollolassa", "jukka:", "jukalle",
             "Oudille", "Oudin", "Oudista", "Oudilla", "Usko Salonen", "Uskon", "Anna-Liisa",
             "Åsalle", "Máret", "Niillasille", "Näkkäläjärvi", "Riutulassa", "Kutturassa",
             NFD_NAME, SOFT_NAME],
    "hetu": ["131052-308T", "131052-308t", "010190-123a", "010190 -123A", "150403a765x",
             "230578-9012", "010594-9032", "010594X9032", "010594Y9032", "010594\u20139032",
             "0105949032"],
    "phone": ["(09) 123 4567", "050.123.4567", "puh.040 765 4321", "+358 40 111 2233",
              "358 44 555 6677", "040-1234568", "0409876543", "050\u00a0765\u00a04329",
              "+358\u00a040\u00a0222\u00a03344"],
    "email": ["liisa.virtanen@example.fi", "matti.korhonen(at)esimerkki.fi",
              "jussi [at] posti.fi", "pekka at koti.fi"],
    "user": ["@liisakorhonen", "/Users/matti.virtanen/Documents", "C:\\Users\\mvirtanen\\Desktop"],
    "iban": ["FI21 1234 5600 0007 85", "FI4950009420028730"],
    "plate": ["ABC-123"],
    "client": ["AS-12345"],
    "address": ["PL 123", "PB 45", "Kauppakatu 5 B 12, 40100 Jyväskylä", "Rantatiellä 3",
                "Koivukuja 7 as. 4", "00100 Helsinki"],
}
ALL = [x for forms in PLANTED.values() for x in forms]
# base forms of the planted names: not one may remain either
BASES = ["Matti", "Virtanen", "Liisa", "Korhonen", "Jussi", "Pekka", "Mäkinen", "Aleksandr",
         "Zeynep", "Nieminen", "Mäkelä", "Hollola", "Outi", "Usko", "Salonen", "Åsa", "Máret",
         "Niillas", "Näkkäläjärvi", "Riutula", "Kuttura", "Jukka"]
# names Voikko does not know, in any case (what --suggest-names offers, in base form)
NAMES_FILE = "Aleksandr\nZEYNEP\nÅsa\nMáret\nNiillas\nNäkkäläjärvi\nRiutula\n"
UNKNOWN = {"Åsalle", "Máret", "Niillasille", "Näkkäläjärvi", "Riutulassa"}
OPTIONS = ["--plates", "--client-numbers", "AS-#####"]
# how an item stands in a line where a sentence would hide what it is
CONTEXT = {"jukka:": "\njukka: moikka kaikille,"}
# a lower-case name that is also a noun (a yucca): the replacer knows it from the file's own
# "jukka:" label, but a copy holds no trace of that label, so no check can tell it from the plant
CHECK_BLIND = {"jukalle"}

SENTENCES = [
    "Haastattelija: Kerro ensin, miten päiväsi alkaa.",
    "Asiakas: Soitin {} heti aamulla, ja sitten joimme kahvia.",
    "Asiakas: Valmentajan mielestä työnhaku sujuu nyt paremmin 😊.",
    "Haastattelija: Mitä tapahtui {}?",
    "Asiakas: Minulla oli paperissa {} ja muuta sellaista.",
]


def _interview(items) -> str:
    """One line per planted identifier, neutral lines between them."""
    lines = []
    for i, item in enumerate(items):
        item = CONTEXT.get(item, item)
        lines.append(SENTENCES[i % 5 if i % 5 in (1, 3, 4) else 1].format(item))
        lines.append(SENTENCES[(i * 2) % 3 * 2 % 5 if (i * 2) % 3 * 2 % 5 in (0, 2) else 0])
    return "\n".join(lines) + "\n"


def _plain(text: str) -> str:
    """Text as a reader sees it: composed letters, no soft hyphens, plain spaces and hyphens."""
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "")
    return re.sub("[\u2010-\u2015\u2212]", "-", re.sub("[\u00a0\u202f\u2007]", " ", text))


def _collapse_digits(text: str) -> str:
    return re.sub(r"(?<=\d)[ .\-()/+]+(?=\d)", "", text)


def _leaks(texts) -> list:
    """Planted originals (and base names) still found in any of ``texts``, also decomposed."""
    found = []
    for text in texts:
        low = _plain(text).casefold()
        digits = _collapse_digits(low)
        for item in [*ALL, *BASES]:
            plain = _plain(item).casefold()
            if plain in low or item.casefold() in text.casefold():
                found.append(item)
            d = _collapse_digits(plain)
            if re.search(r"\d{6}", d) and re.sub(r"\D", "", d) in re.sub(r"[^\d]", " ", digits).split():
                found.append(item)
    return found


def _member_texts(path) -> list:
    """Every member of a zip (project or workbook) decoded, its name included."""
    out = []
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            raw = zf.read(info)
            out.append(info.filename)
            try:
                out.append(raw.decode("utf-8"))
            except UnicodeDecodeError:
                out.append(raw.decode("cp1252"))
    return out


def _findings(path, names_file) -> int:
    return len(check.check_file(path, names=names_file.read_text(encoding="utf-8").splitlines(),
                                plates=True, clients=["AS-#####"]))


# --------------------------------------------------------------------- builders


def build_txt(path, items, encoding="utf-8"):
    path.write_bytes(_interview(items).encode(encoding))


def build_csv(path, items):
    """Excel's "CSV UTF-8" (a BOM, semicolons, CRLF); a chat label makes a cell of two lines."""
    rows = ["segment_id;lähde;teksti;koodi"]
    for i, item in enumerate(items, start=1):
        text = SENTENCES[1].format(CONTEXT.get(item, item))
        rows.append(f'{i};Haastattelu {i};"{text}";työnhaku')
    # a planted name in a header cell too
    rows[0] = "segment_id;lähde;teksti;koodi;Virtasen muistiinpanot"
    rows[1:] = [r + ";" for r in rows[1:]]
    path.write_bytes(b"\xef\xbb\xbf" + ("\r\n".join(rows) + "\r\n").encode("utf-8"))


def build_xlsx(path, items):
    """Cells, a formula's strings, a comment and its author, sheet name, header/footer, properties."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Liisa Virtanen"
    ws.append(["id", "teksti"])
    for i, item in enumerate(items[:-6], start=1):
        ws.append([i, SENTENCES[1].format(CONTEXT.get(item, item))])
    r = ws.max_row
    ws.cell(r + 1, 2).value = f'=HYPERLINK("mailto:{items[-1]}","{items[-2]}")'
    text_cell = ws.cell(r + 2, 2)
    text_cell.value = '=HYPERLINK("http://example.org/?q=1","avaa")'
    text_cell.data_type = "s"                      # text that looks like a formula
    ws.cell(2, 2).comment = Comment(f"Muista {items[-3]}", "Pekka Mäkinen")
    ws.oddHeader.center.text = f"Haastattelu {items[-4]}"
    ws.oddFooter.left.text = items[-5]
    book.properties.creator = "Liisa Virtanen"
    book.properties.lastModifiedBy = "mvirtanen"
    book.properties.title = f"Tarina {items[-6]}"
    book.save(path)


def build_qdpx(path, items):
    """An NVivo-style project (UTF-16 positions): source, transcript, representation, note, …"""
    source = _interview(items[:8])
    transcript = _interview(items[8:14])
    representation = _interview(items[14:20])
    note = _interview(items[20:24] + items[34:])
    inline = _interview(items[24:27])
    u16 = lambda text, word: (PositionMap(text, "utf16").from_index(text.index(word)),  # noqa: E731
                              PositionMap(text, "utf16").from_index(text.index(word) + len(word)))

    def sels(text, guid):
        out = []
        for k, word in enumerate(("kahvia", "paremmin 😊", "sellaista")):
            if word in text:
                a, b = u16(text, word)
                out.append(f'<PlainTextSelection guid="{guid}{k:07d}-0000-4000-8000-000000000001" '
                           f'startPosition="{a}" endPosition="{b}" name="{word}">'
                           f'<Coding guid="{guid}{k:07d}-0000-4000-8000-000000000002">'
                           '<CodeRef targetGUID="c0000000-0000-4000-8000-000000000001"/></Coding>'
                           '</PlainTextSelection>')
        return "".join(out)

    sync = "".join(f'<SyncPoint guid="5{k:07d}-0000-4000-8000-000000000000" timeStamp="{k * 1000}" '
                   f'position="{PositionMap(transcript, "utf16").from_index(transcript.index(w))}"/>'
                   for k, w in enumerate(["kahvia", "sellaista"]))
    rest = items[27:34]
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Haastattelut {rest[0]}" origin="NVivo 14"
 basePath="C:\\Users\\liisa.virtanen\\Tutkimus" creatingUserGUID="a0000000-0000-4000-8000-000000000001">
<Users><User guid="a0000000-0000-4000-8000-000000000001" name="Matti Korhonen" id="mkorhonen"/></Users>
<CodeBook><Codes><Code guid="c0000000-0000-4000-8000-000000000001" name="tyonhaku" isCodable="true">
<Description>Koodin kirjoitti {rest[1]}</Description></Code></Codes></CodeBook>
<Variables><Variable guid="d0000000-0000-4000-8000-000000000001" name="osoite" typeOfVariable="Text"/>
</Variables>
<Cases><Case guid="e0000000-0000-4000-8000-000000000001" name="Asiakas {rest[5]}">
<VariableValue><VariableRef targetGUID="d0000000-0000-4000-8000-000000000001"/>
<TextValue>{rest[2]}</TextValue></VariableValue></Case></Cases>
<Sources>
<TextSource guid="b0000000-0000-4000-8000-000000000001" name="Haastattelu Jussi"
 plainTextPath="internal://Haastattelu Liisa Virtanen.txt" richTextPath="internal://rich.docx">
<Description>Haastateltavan numero {rest[3]}</Description>{sels(source, "1")}</TextSource>
<TextSource guid="b0000000-0000-4000-8000-000000000002" name="Muistio">
<PlainTextContent>{inline}</PlainTextContent>{sels(inline, "2")}</TextSource>
<AudioSource guid="b0000000-0000-4000-8000-000000000003" name="Nauhoite {rest[6]}" path="internal://nauha.mp3">
<Transcript guid="b0000000-0000-4000-8000-000000000004" name="Litterointi"
 plainTextPath="internal://transcript.txt">{sync}</Transcript></AudioSource>
<PDFSource guid="b0000000-0000-4000-8000-000000000005" name="Lomake" path="internal://lomake.pdf">
<Representation guid="b0000000-0000-4000-8000-000000000006" name="Lomakkeen teksti"
 plainTextPath="internal://repr.txt">{sels(representation, "3")}</Representation></PDFSource>
</Sources>
<Notes><Note guid="f0000000-0000-4000-8000-000000000001" name="Muistiinpano {rest[4]}"
 plainTextPath="internal://note.txt"/></Notes>
</Project>"""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", qde.encode("utf-8"))
        zf.writestr("Sources/Haastattelu Liisa Virtanen.txt", source.encode("utf-8"))
        zf.writestr("Sources/rich.docx", b"PK docx holding " + source.encode("utf-8"))
        zf.writestr("Sources/transcript.txt", transcript.encode("utf-8"))
        zf.writestr("Sources/repr.txt", representation.encode("utf-8"))
        zf.writestr("Sources/note.txt", note.encode("utf-8"))
        zf.writestr("Sources/nauha.mp3", b"ID3 not really audio")
        zf.writestr("Sources/lomake.pdf", b"%PDF-1.4 not really a pdf")
    return {"source": source, "transcript": transcript, "representation": representation}


BUILDERS = {"txt": build_txt, "csv": build_csv, "xlsx": build_xlsx, "qdpx": build_qdpx}


# ------------------------------------------------------------------------ tests


@NEEDS_VOIKKO
@pytest.mark.parametrize("ext", list(BUILDERS))
def test_no_planted_identifier_remains_anywhere(tmp_path, capsys, ext):
    original = tmp_path / f"haastattelut.{ext}"
    BUILDERS[ext](original, ALL)
    names_file = tmp_path / "nimet.txt"
    names_file.write_text(NAMES_FILE, encoding="utf-8")
    out = tmp_path / f"pseudo.{ext}"
    assert main(["pseudonymise", str(original), "--out", str(out), "--names", str(names_file),
                 *OPTIONS]) == 0
    printed = capsys.readouterr().out
    assert not _leaks([printed, (tmp_path / "pseudo-report.json").read_text()])
    if ext in ("xlsx", "qdpx"):
        before, after = _member_texts(original), _member_texts(out)
        assert _leaks(before)                       # the search does see them
        assert _leaks(after) == []
    else:
        raw = out.read_bytes()
        text = raw.decode("utf-8-sig")
        assert set(_leaks([original.read_bytes().decode("utf-8-sig")])) >= set(ALL)
        assert _leaks([text]) == []
        assert raw.startswith(b"\xef\xbb\xbf") == (ext == "csv") and "ä" in text and "ö" in text
    report = json.loads((tmp_path / "pseudo-report.json").read_text())
    assert report["hetu_invalid_check"] >= 3 and report["voikko"] is True
    assert all(report["replaced"][kind] for kind in PLANTED)
    # the stricter check finds nothing left but the media it cannot read
    left = check.check_file(out, names=NAMES_FILE.splitlines(), plates=True, clients=["AS-#####"])
    assert [f[0] for f in left] == (["not read"] * 2 if ext == "qdpx" else [])


@NEEDS_VOIKKO
@pytest.mark.parametrize("ext", list(BUILDERS))
def test_check_flags_a_copy_that_kept_any_one_planted_identifier(tmp_path, monkeypatch, ext):
    """Take one identifier off the replacer's list at a time: the copy never passes the check.

    Every item in a transcript and a CSV; in the slower workbook and project a third of
    them and those the builders put in special places (properties, names, attributes).
    """
    from coachkit.privacy import replace

    original = tmp_path / f"haastattelut.{ext}"
    BUILDERS[ext](original, ALL)
    names = NAMES_FILE.splitlines()
    real_find = replace.find
    missed = []
    chosen = {"xlsx": {*ALL[::3], *ALL[-6:]}, "qdpx": {*ALL[1::3], *ALL[27:34]}}.get(ext, set(ALL))
    for i, item in enumerate(ALL):
        if item in CHECK_BLIND or item not in chosen:
            continue
        target = _plain(item.split()[0] if item == "Usko Salonen" else item).casefold()

        def leaky(text, *args, target=target, **kwargs):
            return [f for f in real_find(text, *args, **kwargs)
                    if _plain(text[f[0]:f[1]]).casefold() not in target]

        monkeypatch.setattr(replace, "find", leaky)
        out = tmp_path / f"left{i}.{ext}"
        pseudonymise_file(original, out, names=names, key=b"k" * 32, plates=True,
                          clients=["AS-#####"])
        monkeypatch.setattr(replace, "find", real_find)
        kept = _member_texts(out) if ext in ("xlsx", "qdpx") else [out.read_bytes().decode("utf-8-sig")]
        assert _leaks(kept), item                    # the identifier really is left in the copy
        left = [f for f in check.check_file(out, names=names, plates=True, clients=["AS-#####"])
                if f[0] != "not read"]
        if not left:
            missed.append(item)
    assert missed == []


@NEEDS_VOIKKO
def test_one_person_one_pseudonym_with_the_ending_kept(tmp_path):
    original = tmp_path / "h.txt"
    original.write_text("Matti tuli. Matin kanssa puhuttiin. Matille soitettiin. "
                        "Liisallekin kerrottiin, liisa nauroi.\n", encoding="utf-8")
    out = tmp_path / "p.txt"
    assert main(["pseudonymise", str(original), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    tags = re.findall(r"NIMI-[A-Z2-7]{6}", text)
    assert len(tags) == 5 and len(set(tags[:3])) == 1 and len(set(tags[3:])) == 1
    assert f"{tags[0]}:n kanssa" in text and f"{tags[0]}:lle soitettiin" in text
    assert f"{tags[3]}:llekin" in text


@NEEDS_VOIKKO
def test_workbook_text_stays_text_and_formulas_keep_working(tmp_path):
    original = tmp_path / "a.xlsx"
    build_xlsx(original, ALL)
    out = tmp_path / "b.xlsx"
    names_file = tmp_path / "nimet.txt"
    names_file.write_text(NAMES_FILE, encoding="utf-8")
    assert main(["pseudonymise", str(original), "--out", str(out), "--names", str(names_file)]) == 0
    ws = openpyxl.load_workbook(out).worksheets[0]
    kinds = {c.data_type for row in ws.iter_rows() for c in row if isinstance(c.value, str)
             and c.value.startswith("=HYPERLINK")}
    assert kinds == {"s", "f"}              # the text stays text, the real formula a formula
    formula = next(c.value for row in ws.iter_rows() for c in row if c.data_type == "f")
    assert re.fullmatch(r'=HYPERLINK\("mailto:OSOITE-[A-Z2-7]{6}","OSOITE-[A-Z2-7]{6}"\)', formula)
    assert ws.title.startswith("NIMI-")
    with zipfile.ZipFile(out) as zf:
        sheet_xml = zf.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>HYPERLINK(&quot;http" not in sheet_xml and "<f>HYPERLINK(\"http" not in sheet_xml


@NEEDS_VOIKKO
def test_project_codings_cover_the_same_words_in_utf16_units(tmp_path):
    original = tmp_path / "p.qdpx"
    texts = build_qdpx(original, ALL)
    out = tmp_path / "q.qdpx"
    names_file = tmp_path / "nimet.txt"
    names_file.write_text(NAMES_FILE, encoding="utf-8")
    assert main(["pseudonymise", str(original), "--out", str(out), "--names", str(names_file)]) == 0
    ns = {"q": "urn:QDA-XML:project:1.0"}
    with zipfile.ZipFile(out) as zf:
        root = ET.fromstring(zf.read("project.qde"))
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    assert not any(m.endswith(".docx") for m in members)
    assert "Sources/nauha.mp3" in members
    checked = 0
    for el in root.iter():
        ref = el.get("plainTextPath")
        text = None
        if ref:
            text = members["Sources/" + ref.removeprefix("internal://")].decode("utf-8")
        elif el.find("q:PlainTextContent", ns) is not None:
            text = el.find("q:PlainTextContent", ns).text
        if text is None:
            continue
        pm = PositionMap(text, "utf16")
        for sel in el.findall("q:PlainTextSelection", ns):
            a = pm.to_index(int(sel.get("startPosition")))
            b = pm.to_index(int(sel.get("endPosition")), is_end=True)
            assert text[a:b] == sel.get("name")
            checked += 1
        for sp in el.findall("q:SyncPoint", ns):
            assert text[pm.to_index(int(sp.get("position"))):].startswith(("kahvia", "sellaista"))
            checked += 1
    assert checked >= 6 and "😊" in texts["source"]
    from coachkit.formats.qdpx import validate

    validate(zipfile.ZipFile(original).read("project.qde"))
    validate(members["project.qde"])                 # still a valid REFI-QDA project


@NEEDS_VOIKKO
@pytest.mark.parametrize("ext", list(BUILDERS))
def test_check_flags_every_planted_identifier_in_the_original(tmp_path, capsys, ext):
    names_file = tmp_path / "nimet.txt"
    names_file.write_text(NAMES_FILE, encoding="utf-8")
    full = tmp_path / f"full.{ext}"
    BUILDERS[ext](full, ALL)
    n_full = _findings(full, names_file)
    assert main(["pseudonymise", str(full), "--check", "--names", str(names_file), *OPTIONS]) == 1
    out = capsys.readouterr().out
    assert not _leaks([out])                            # samples are masked
    for i, item in enumerate(ALL):
        if item in CHECK_BLIND:
            continue
        fewer = tmp_path / f"minus{i}.{ext}"
        BUILDERS[ext](fewer, [*ALL[:i], "kotona", *ALL[i + 1:]])
        assert _findings(fewer, names_file) < n_full, f"--check does not see {item!r} in .{ext}"


@NEEDS_VOIKKO
@pytest.mark.parametrize("item", [x for x in ALL if x not in CHECK_BLIND])
def test_check_flags_each_form_alone(item):
    plain = "Asiakas kertoi, että hän joi kahvia kotona."
    options = {"plates": True, "clients": shape_pattern(["AS-#####"])}
    assert check.scan_text(plain, "p", ["Aleksandr", "Zeynep"], **options) == []
    found = check.scan_text(plain.replace("kotona", CONTEXT.get(item, item)), "p",
                            ["Aleksandr", "Zeynep"], **options)
    assert found and not _leaks([repr(found)])


@NEEDS_VOIKKO
@pytest.mark.parametrize("ext", list(BUILDERS))
def test_check_offers_the_names_the_dictionary_does_not_know(tmp_path, capsys, ext):
    original = tmp_path / f"haastattelut.{ext}"
    BUILDERS[ext](original, ALL)
    listed = tmp_path / "ehdotus.txt"
    assert main(["pseudonymise", str(original), "--check", "--suggest-names", str(listed)]) == 1
    out = capsys.readouterr().out
    assert f"--names {listed}" in out.splitlines()[-1] and not _leaks([out])
    offered = {ln for ln in listed.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")}
    assert offered >= UNKNOWN
    # what the pseudonymiser keeps of them is counted and pointed to, in one line
    copy = tmp_path / f"copy.{ext}"
    assert main(["pseudonymise", str(original), "--out", str(copy), *OPTIONS]) == 0
    note = [ln for ln in capsys.readouterr().err.splitlines() if "dictionary does not know" in ln]
    assert len(note) == 1 and "--suggest-names" in note[0]


def test_places_of_a_workbook_and_a_project_are_all_read(tmp_path):
    """Without Voikko too: each place of the builders reaches the detector."""
    seen = []
    from coachkit.privacy import files

    for ext in ("xlsx", "qdpx"):
        path = tmp_path / f"x.{ext}"
        BUILDERS[ext](path, ALL)
        files.walk(path, lambda place, text, person: (seen.append(place), (text, []))[1])
    joined = "\n".join(seen)
    for place in ("sheet 1 name", "comment", "comment author", "oddHeader", "oddFooter",
                  "document property creator", "document property title", "formula",
                  "member 2 name", "member 2 text", "Description", "TextValue", "User",
                  "basePath", "inline text", "transcript"):
        assert place.casefold() in joined.casefold(), place


@NEEDS_VOIKKO
def test_workbook_tables_validation_lists_defined_names_and_sheet_references(tmp_path):
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.table import Table

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Liisa Virtanen"
    ws.append(["Matin rivi", "ikä"])
    ws.append(["Matti", 3])
    ws.add_table(Table(displayName="Liisan_taulu", ref="A1:B2"))
    dv = DataValidation(type="list", formula1='"Matti Virtanen,Jussi"')
    ws.add_data_validation(dv)
    dv.add("C1")
    book.create_sheet("yhteenveto")["A1"] = "='Liisa Virtanen'!A2"
    book.defined_names["alue"] = DefinedName("alue", attr_text="'Liisa Virtanen'!$A$1:$B$2")
    original, out = tmp_path / "t.xlsx", tmp_path / "o.xlsx"
    book.save(original)
    assert main(["pseudonymise", str(original), "--out", str(out)]) == 0
    assert _leaks(_member_texts(out)) == []
    again = openpyxl.load_workbook(out)
    title = again.sheetnames[0]
    assert title.startswith("NIMI-") and again["yhteenveto"]["A1"].value == f"='{title}'!A2"
    assert again.defined_names["alue"].attr_text == f"'{title}'!$A$1:$B$2"
    table = next(iter(again[title].tables.values()))
    assert [c.name for c in table.tableColumns] == [again[title]["A1"].value, "ikä"]


@NEEDS_VOIKKO
@pytest.mark.parametrize(("src_ext", "out_ext"), [("csv", "xlsx"), ("xlsx", "csv")])
def test_tables_between_csv_and_workbook(tmp_path, src_ext, out_ext):
    original = tmp_path / f"a.{src_ext}"
    BUILDERS[src_ext](original, ALL)
    names_file = tmp_path / "nimet.txt"
    names_file.write_text(NAMES_FILE, encoding="utf-8")
    out = tmp_path / f"b.{out_ext}"
    args = ["pseudonymise", str(original), "--out", str(out), "--names", str(names_file), *OPTIONS]
    assert main(args + (["--sheet", "Liisa Virtanen"] if src_ext == "xlsx" else [])) == 0
    texts = _member_texts(out) if out_ext == "xlsx" else [out.read_text(encoding="utf-8")]
    assert _leaks(texts) == []
    if out_ext == "xlsx":
        cells = [c for row in openpyxl.load_workbook(out).active.iter_rows() for c in row]
        assert all(c.data_type == "s" for c in cells if isinstance(c.value, str))
