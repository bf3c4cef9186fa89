"""Text decoded per file, never guessed silently; tables as the user's language and Excel need.

One stray Windows-1252 byte in an otherwise UTF-8 file used to turn the whole file into
Windows-1252 (``Tekevä`` became ``TekevÃ¤``, names escaped the pseudonymiser).
"""

import json
import zipfile

import pytest

from coachkit.cli import main
from coachkit.formats import qdpx

DASH = b"\x96"  # Windows-1252's en dash, as pasted from an old program


def _stars(capsys, path, *extra):
    code = main(["themes", "stars", str(path), "--codes", "own", "--json", *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_utf8_csv_with_one_stray_byte_is_read_as_utf8_with_the_byte_named(tmp_path, capsys):
    path = tmp_path / "korpus.csv"
    path.write_bytes("segment_id;source;code\n1;Tekevä ry;tyonhaku\n".encode()
                     + b"2;Tekev\xc3\xa4 ry " + DASH + b" Oulu;paivarytmi\n")
    code, out, err = _stars(capsys, path)
    assert code == 0
    assert {r["source"] for r in json.loads(out)} == {"Tekevä ry", "Tekevä ry – Oulu"}
    assert err.count("\n") == 1 and str(path) in err and "line 3" in err and "0x96" in err


def test_a_stray_byte_past_the_first_megabyte(tmp_path, capsys):
    rows = "".join(f"{i};Työpaja Ääni;tyonhaku\n" for i in range(2, 40_000))
    path = tmp_path / "iso.csv"
    path.write_bytes(("segment_id;source;code\n" + rows).encode() + b"40000;Ty" + DASH
                     + "ö;paivarytmi\n".encode())
    assert path.stat().st_size > 1 << 20
    code, out, err = _stars(capsys, path)
    assert code == 0
    assert {r["source"] for r in json.loads(out)} == {"Työpaja Ääni", "Ty–ö"}
    assert "line 40000" in err and err.count("coachkit: note:") == 1


def test_a_file_mixing_encodings_is_refused_in_one_line(tmp_path, capsys):
    path = tmp_path / "sekalainen.csv"
    utf8 = "".join(f"{i};Tekevä;tyonhaku\n" for i in range(1, 20)).encode()
    cp = "".join(f"{i};Tekevä;tyonhaku\n" for i in range(20, 40)).encode("cp1252")
    path.write_bytes(b"segment_id;source;code\n" + utf8 + cp)
    code, out, err = _stars(capsys, path)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert "mixes encodings" in err and "line 21" in err


def test_a_whole_windows_1252_file_is_still_windows_1252():
    from coachkit.formats.text import decode_text

    d = decode_text("Mäkelä – Hämäläinen".encode("cp1252"), "f.txt")
    assert (d.text, d.encoding, d.note) == ("Mäkelä – Hämäläinen", "cp1252", None)


@pytest.mark.parametrize("bom,enc", [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
                                     (b"\xff\xfe\x00\x00", "utf-32-le")])
def test_byte_order_marks_are_read_and_written_back(bom, enc):
    from coachkit.formats.text import decode_text, encode_text

    raw = bom + "Mäkelä 😀".encode(enc)
    d = decode_text(raw, "f.txt")
    assert d.text == "Mäkelä 😀" and encode_text(d.text, d) == raw


def test_pseudonymise_finds_names_next_to_a_stray_byte_and_keeps_the_byte(tmp_path, capsys):
    src = tmp_path / "litterointi.txt"
    src.write_bytes("Haastattelu: Mäkelä ja Hämäläinen ".encode() + DASH + b" 2019\n")
    names = tmp_path / "nimet.txt"
    names.write_text("Mäkelä\nHämäläinen\n", encoding="utf-8")
    out = tmp_path / "pseudo.txt"
    assert main(["pseudonymise", str(src), "--out", str(out), "--names", str(names)]) == 0
    data = out.read_bytes()
    text = data.decode("utf-8", "surrogateescape")
    assert "Mäkelä" not in text and "Hämäläinen" not in text and text.count("NIMI-") == 2
    assert data.startswith(b"Haastattelu: ") and DASH + b" 2019\n" in data
    assert "0x96" in capsys.readouterr().err


def test_pseudonymised_project_copy_has_only_safe_member_names(tmp_path, capsys):
    text = "Tapasin Liisan.\n"
    qde = ('<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" '
           'name="p" origin="MAXQDA 24"><Users><User guid="U1" name="Aino"/></Users>'
           '<CodeBook><Codes><Code guid="C1" name="k" isCodable="true"/></Codes></CodeBook>'
           '<Sources><TextSource guid="S1" name="h" plainTextPath="internal://h.txt">'
           '<PlainTextSelection guid="X1" startPosition="0" endPosition="7"><Coding guid="K1" '
           'creatingUser="U1"><CodeRef targetGUID="C1"/></Coding></PlainTextSelection>'
           '</TextSource></Sources></Project>')
    src = tmp_path / "p.qdpx"
    with zipfile.ZipFile(src, "w") as zf:
        zf.writestr("project.qde", qde)
        zf.writestr("sources/h.txt", text)
        zf.writestr("../../x.txt", "ulos\n")
        zf.writestr("/etc/y.txt", "juureen\n")
    out = tmp_path / "pseudo.qdpx"
    assert main(["pseudonymise", str(src), "--out", str(out)]) == 0
    names = zipfile.ZipFile(out).namelist()
    assert all(not n.startswith("/") and ".." not in n.split("/") for n in names)
    assert {"x.txt", "etc/y.txt", "sources/h.txt", "project.qde"} <= set(names)
    assert "2 member name(s) of the archive were not safe" in capsys.readouterr().err
    assert qdpx.read_project(out).corpus()["text"].tolist() == ["Tapasin"]


# ------------------------------------------------------------------ tables for people

def test_english_output_has_no_finnish_rule_name(tmp_path, capsys):
    path = tmp_path / "k.csv"
    path.write_text("segment_id;source;code\n1;A;tyonhaku\n", encoding="utf-8")
    assert main(["themes", "stars", str(path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "oletus" not in out and "default 1/3/6/10" in out
    assert main(["themes", "stars", str(path)]) == 0
    assert "oletus 1/3/6/10" in capsys.readouterr().out


def test_a_decomposed_macos_name_is_one_source_on_one_aligned_row(tmp_path, capsys):
    path = tmp_path / "k.csv"
    path.write_text("segment_id;source;code\n1;Ma\u0308kela\u0308;tyonhaku\n"
                    "2;M\u00e4kel\u00e4;paivarytmi\n3;Virtanen;tyonhaku\n", encoding="utf-8")
    assert main(["themes", "stars", str(path), "--codes", "own"]) == 0
    rows = capsys.readouterr().out.splitlines()[3:]
    assert [r.split()[0] for r in rows] == ["Mäkelä", "Virtanen"]
    assert rows[0].index("*") == rows[1].index("*")  # both under 'tyonhaku'


def test_import_xlsx_refuses_a_text_longer_than_an_excel_cell(tmp_path, capsys):
    long = ("Pitkä vastaus. " * 2500).strip()          # 37,499 characters
    project = tmp_path / "pitka.qdpx"
    project.write_bytes(qdpx.project_bytes(
        name="p", tree=[{"guid": "C1", "name": "k"}], users=["Aino"], excluded=[],
        origin="coachkit", sources=[{"name": "h", "text": long,
                                     "selections": [(0, len(long), "C1", "Aino", "1")]}]))
    out = tmp_path / "tuonti"
    assert main(["import", str(project), "--out", str(out), "--xlsx"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "37,499 characters" in err
    assert "sheet 'corpus', row 2, column 'text'" in err and not out.exists()
    assert main(["import", str(project), "--out", str(out)]) == 0    # CSV holds it whole
    assert long in (out / "corpus.csv").read_text(encoding="utf-8-sig")
