"""File formats: Excel workbooks read like CSV, atomic writes, format by extension."""

import pandas as pd
import pytest

import coachkit as ck
from coachkit import InputError
from coachkit.formats import kind_of, write_atomic
from coachkit.formats.xlsx import read_sheet, workbook_bytes


def _xlsx(tmp_path, tables, name="data.xlsx"):
    path = tmp_path / name
    path.write_bytes(workbook_bytes(tables))
    return path


def test_kind_of_and_old_excel():
    assert kind_of("A.QDPX") == "qdpx" and kind_of("b.xlsx") == "xlsx" and kind_of("c.txt") == "csv"
    with pytest.raises(InputError, match="old Excel format"):
        kind_of("old.xls")


def test_xlsx_corpus_gives_the_same_stars_as_csv(tmp_path):
    csv_corpus = ck.load_dataset("source_corpus")
    path = _xlsx(tmp_path, {"Muistiinpanot": pd.DataFrame({"x": [1]}), "korpus": csv_corpus})
    from_csv = ck.star_table(ck.read_corpus(csv_corpus))
    from_xlsx = ck.star_table(ck.read_corpus(path, sheet="korpus"))
    pd.testing.assert_frame_equal(from_csv, from_xlsx)
    with pytest.raises(InputError, match="missing column"):  # the first sheet is the notes
        ck.read_corpus(path)


def test_xlsx_cells_become_text_and_errors_name_the_sheet(tmp_path):
    df = pd.DataFrame({"segment_id": [1, 2, 3], "source": ["A", "A", ""],
                       "code": ["tyonhaku", "paivarytmi", "jalkituki"], "excluded": [False, True, False]})
    path = _xlsx(tmp_path, {"Taul1": df})
    raw = read_sheet(path.read_bytes(), str(path))
    assert raw["segment_id"].tolist() == ["1", "2", "3"]
    assert raw["excluded"].tolist() == ["false", "true", "false"]
    with pytest.raises(InputError, match=r"data.xlsx, sheet 'Taul1', row 4, column 'source': empty cell"):
        ck.read_corpus(path)
    with pytest.raises(InputError, match="no sheet named 'Nope'; the workbook has: Taul1"):
        ck.read_corpus(path, sheet="Nope")


def test_not_a_workbook(tmp_path):
    bad = tmp_path / "fake.xlsx"
    bad.write_text("segment_id,source,code\n")
    with pytest.raises(InputError, match="not a readable Excel workbook"):
        ck.read_corpus(bad)


def test_coding_from_xlsx(tmp_path):
    path = _xlsx(tmp_path, {"koodaus": ck.load_dataset("coach_coding")})
    res = ck.agreement(path, n_boot=20)
    assert res.n_segments == ck.agreement(ck.load_dataset("coach_coding"), n_boot=20).n_segments


def test_write_atomic_refuses_to_overwrite(tmp_path):
    target = tmp_path / "out.bin"
    write_atomic(target, b"first")
    with pytest.raises(InputError, match="use --force"):
        write_atomic(target, b"second", force=False)
    assert target.read_bytes() == b"first"
    write_atomic(target, b"second", force=True)
    assert target.read_bytes() == b"second"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]  # no temporary left behind


def test_own_codes_and_coders_in_a_csv(tmp_path):
    df = pd.DataFrame({"segment_id": ["1", "2", "3", "1", "2"], "source": ["S", "S", "T", "S", "S"],
                       "code": ["Luottamus", "luottamus ", "Raha", "Raha", "Raha"],
                       "coder": ["A", "A", "A", "B", "B"]})
    with pytest.raises(InputError, match="several coders: A, B; choose one with --coder"):
        ck.read_corpus(df, codes="own")
    with pytest.raises(InputError,
                       match="3 code\\(s\\) are not in the kit's frame: 'Luottamus', 'luottamus', 'Raha'"):
        ck.read_corpus(df, coder="A")
    corpus = ck.read_corpus(df, coder="A", codes="own")
    table = ck.star_table(corpus)
    # own codes are kept as written (trimmed): 'Luottamus' and 'luottamus' are two codes
    assert table["category"].unique().tolist() == ["Luottamus", "luottamus", "Raha"]
    assert int(table.query("source == 'T' and category == 'Raha'")["count"].iloc[0]) == 1
    assert list(ck.star_matrix(table).columns) == ["Luottamus", "luottamus", "Raha"]


def test_frame_accepts_names_in_both_languages():
    df = pd.DataFrame({"segment_id": ["1", "2", "3"], "source": ["S"] * 3,
                       "code": ["Osaamisen lisääminen", "increasing competence", "TYONHAKU"]})
    corpus = ck.read_corpus(df)
    assert corpus["category"].tolist() == ["osaaminen", "osaaminen", "tyollistyminen"]


# ------------------------------------------------------------------ CSV as real files come

def test_a_row_with_one_field_too_many_is_named(tmp_path):
    for body, row in [("segment_id,source,code\n1,A,tyonhaku,extra\n2,A,paivarytmi\n", 2),
                      ("segment_id,source,code\n1,A,tyonhaku\n2,A,paivarytmi\n3,B,x,y\n", 4)]:
        path = tmp_path / "korpus.csv"
        path.write_text(body, encoding="utf-8")
        with pytest.raises(InputError) as err:
            ck.read_corpus(path)
        assert str(err.value) == (f"{path}, row {row}: the row has 4 fields, the header has 3: a "
                                  "comma too many, or a value holding a separator without quotes "
                                  "around it")


def test_a_quoted_separator_is_a_value_not_an_extra_field(tmp_path):
    path = tmp_path / "korpus.csv"
    path.write_text('segment_id;source;code;text\n1;A;tyonhaku;"hei; moi"\n', encoding="utf-8")
    assert ck.read_corpus(path)["text"].tolist() == ["hei; moi"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_unicode_text_from_excel_is_read(tmp_path, encoding):
    # Excel's "Unicode text": UTF-16 (little-endian with a byte-order mark), tab-separated
    body = "segment_id\tsource\tcode\ttext\r\n1\tTyöpaja\ttyonhaku\tHän hakee töitä 👍\r\n"
    path = tmp_path / "korpus.txt"
    path.write_bytes(body.encode(encoding))
    corpus = ck.read_corpus(path)
    assert corpus["source"].tolist() == ["Työpaja"] and corpus["text"].tolist() == [
        "Hän hakee töitä 👍"]


def test_binary_and_windows_1252_files(tmp_path):
    path = tmp_path / "korpus.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InputError, match="not a text file"):
        ck.read_corpus(path)
    # Windows-1252 whose first non-ASCII byte comes late (past the sample checked for UTF-8)
    path.write_bytes(("segment_id,source,code\n" + "1,A,tyonhaku\n"
                      + "".join(f"{i},A,tyonhaku\n" for i in range(2, 8000))
                      + "8000,Työpaja,paivarytmi\n").encode("cp1252"))
    corpus = ck.read_corpus(path)
    assert corpus["source"].iloc[-1] == "Työpaja" and len(corpus) == 8000


def test_spaces_and_blanks_are_found_in_large_columns():
    n = 5000
    df = pd.DataFrame({"segment_id": [f"s{i}" for i in range(n)], "source": ["A"] * n,
                       "code": ["tyonhaku"] * n})
    df.loc[4000, "segment_id"] = " s3 "  # a duplicate once trimmed
    with pytest.raises(InputError, match=r"row 4002, column 'segment_id': duplicate segment_id 's3' "
                                         r"\(first seen on row 5\)"):
        ck.read_corpus(df)
    df.loc[4000, "segment_id"] = "  "
    with pytest.raises(InputError, match=r"row 4002, column 'segment_id': empty cell"):
        ck.read_corpus(df)
    df.loc[4000, "segment_id"] = "s4000"
    df.loc[10, "source"] = " A "
    df.loc[11, "excluded"] = "joo"
    df["excluded"] = df["excluded"].fillna("ei")
    with pytest.raises(InputError, match=r"row 13, column 'excluded': 'joo' is not true/false"):
        ck.read_corpus(df)
    df.loc[11, ["source", "excluded"]] = ["B", "Kyllä "]  # a source is excluded as a whole
    corpus = ck.read_corpus(df)
    assert corpus["source"].unique().tolist() == ["A", "B"] and corpus["excluded"].sum() == 1


def test_a_workbook_is_held_to_the_archive_limits(tmp_path):
    import struct
    import zipfile

    path = _xlsx(tmp_path, {"korpus": ck.load_dataset("source_corpus").head(3)})
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
    # declare 3.5 GB for the sheet, as a bomb would (central directory: size at offset 24)
    at = raw.find(b"PK\x01\x02")
    while at >= 0:
        name_len = struct.unpack("<H", raw[at + 28:at + 30])[0]
        if raw[at + 46:at + 46 + name_len] == b"xl/worksheets/sheet1.xml":
            raw[at + 24:at + 28] = struct.pack("<I", 3_500_000_000)
        at = raw.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(raw))
    assert "xl/worksheets/sheet1.xml" in names
    with pytest.raises(InputError, match=r"data.xlsx, member xl/worksheets/sheet1.xml: the member "
                                         r"would unpack to 3,338 MB"):
        ck.read_corpus(path)


@pytest.mark.parametrize("sheet_xml", [b"<worksheet><sheetData><row><c", b"\x00\xff garbage"])
def test_a_damaged_sheet_is_one_line(tmp_path, sheet_xml):
    import zipfile

    good = _xlsx(tmp_path, {"korpus": ck.load_dataset("source_corpus").head(3)})
    bad = tmp_path / "rikki.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            out.writestr(info, sheet_xml if info.filename == "xl/worksheets/sheet1.xml" else data)
    with pytest.raises(InputError) as err:
        ck.read_corpus(bad)
    assert str(err.value).startswith(f"{bad}") and "\n" not in str(err.value)


def test_rows_of_empty_cells_excel_saves_at_the_end_of_a_csv_are_dropped(tmp_path):
    """Excel writes `;;;;` lines for rows that were once formatted: the file is read as a
    workbook is (trailing empty rows dropped), not refused at the first `;;;;` row."""
    body = ("segment_id;source;code;text\r\n1;Tekevä;tyonhaku;Hakemukset\r\n"
            "2;Tekevä;paivarytmi;Aamut\r\n3;Räsänen;jalkituki;\r\n")
    (tmp_path / "clean.csv").write_bytes(("\ufeff" + body).encode("utf-8"))
    (tmp_path / "excel.csv").write_bytes(("\ufeff" + body + ";;;\r\n" * 40).encode("utf-8"))
    want = ck.star_table(ck.read_corpus(tmp_path / "clean.csv"))
    got = ck.star_table(ck.read_corpus(tmp_path / "excel.csv"))
    pd.testing.assert_frame_equal(got, want)
    only = tmp_path / "only.csv"
    only.write_text("segment_id;source;code\n;;\n", encoding="utf-8")
    with pytest.raises(ck.InputError, match="header but no data rows"):
        ck.read_corpus(only)


def test_two_csv_exports_joined_one_after_the_other_are_refused_at_the_second_header(tmp_path):
    """`cat a.csv b.csv`: the second header read as data made a third coder named `coder`
    (Fleiss' κ, undefined, instead of Cohen's κ) or a source named `source`."""
    a = "segment_id,coder,code\n1,A,x\n1,B,x\n2,A,y\n2,B,x\n"
    b = "segment_id,coder,code\n3,A,y\n3,B,y\n4,A,x\n4,B,x\n"
    path = tmp_path / "joined.csv"
    path.write_text(a + b, encoding="utf-8")
    with pytest.raises(InputError, match=r"joined.csv, row 6: the row repeats the header") as err:
        ck.agreement(path)
    assert "\n" not in str(err.value)
    path.write_text(a + b.split("\n", 1)[1], encoding="utf-8")
    assert ck.agreement(path).coders == ["A", "B"]


def test_two_tables_pasted_one_under_the_other_in_a_workbook_are_refused(tmp_path):
    book = workbook_bytes({"Koodaus": pd.DataFrame(
        {"segment_id": ["1", "1", "segment_id", "2", "2"], "coder": ["A", "B", "coder", "A", "B"],
         "code": ["x", "x", "code", "y", "x"]})})
    (tmp_path / "k.xlsx").write_bytes(book)
    with pytest.raises(InputError, match=r"k.xlsx, sheet 'Koodaus', row 4: the row repeats"):
        ck.agreement(tmp_path / "k.xlsx")


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_a_csv_from_excel_for_the_mac_with_a_line_break_in_a_cell(tmp_path, encoding):
    """Excel for the Mac ends rows with CR alone and writes a line break inside a cell as LF
    (quoted): read right, not a traceback from the header line."""
    rows = ['segment_id;source;text;code', '1;Tekevä;"Rivi yksi\nrivi kaksi";tyonhaku',
            '2;Tekevä;Aamut;paivarytmi', '3;Räsänen;"Kolmas\nrivi";jalkituki']
    path = tmp_path / "mac.csv"
    path.write_bytes(("\r".join(rows) + "\r").encode(encoding))
    corpus = ck.read_corpus(path)
    assert corpus["text"].tolist() == ["Rivi yksi\nrivi kaksi", "Aamut", "Kolmas\nrivi"]
    assert corpus["source"].tolist() == ["Tekevä", "Tekevä", "Räsänen"]


def test_a_header_with_an_invisible_character_pasted_into_it_is_read(tmp_path):
    """`source` + a zero-width space (pasted from a web page) was refused as 'missing column
    source; the file has: …, source, …' — a message showing both names alike."""
    path = tmp_path / "c.csv"
    path.write_text("segment_id;source\u200b;\u2060code\n1;Tekevä;tyonhaku\n", encoding="utf-8")
    assert ck.read_corpus(path)["source"].tolist() == ["Tekevä"]
    path.write_text("segment_id;source;source\u200b;code\n1;A;B;tyonhaku\n", encoding="utf-8")
    with pytest.raises(InputError, match="source"):
        ck.read_corpus(path)


_HINTED = [("segment_id", "source", "code", "text"), ("1", "Tekevä", "tyonhaku", "a, b; c"),
           ("2", "Räsänen", "paivarytmi", "Aamut 👍")]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
@pytest.mark.parametrize("sep", [";", ",", "\t", "|"])
def test_excels_separator_hint_line_names_the_separator_and_is_not_a_row(tmp_path, sep,
                                                                          encoding):
    """`sep=;` on the first line (Excel reads it, some tools write it): it was read as the
    header, and the first data row was 'the row has 4 fields, the header has 2'."""
    rows = [r if encoding != "cp1252" else (*r[:3], r[3].replace(" 👍", "")) for r in _HINTED]
    body = f"sep={sep}\r\n" + "".join(
        sep.join(f'"{v}"' if any(c in v for c in ",;|\t") else v for v in r) + "\r\n"
        for r in rows)
    path = tmp_path / "korpus.csv"
    path.write_bytes(body.encode(encoding))
    corpus = ck.read_corpus(path)
    assert corpus["segment_id"].tolist() == ["1", "2"]
    assert corpus["source"].tolist() == ["Tekevä", "Räsänen"]
    assert corpus["text"].tolist() == [r[3] for r in rows[1:]]


@pytest.mark.parametrize("streamed", [False, True])
def test_row_numbers_after_a_separator_hint_are_the_rows_excel_shows(tmp_path, monkeypatch,
                                                                     streamed):
    """Excel hides the hint line, so the header stays row 1: an error names the same row
    with and without the hint (also for a file parsed straight from disk, BOM first)."""
    if streamed:
        monkeypatch.setattr("coachkit.formats._HEAD", 40)
    table = "segment_id;source;code\r\n1;A;tyonhaku\r\n2;A;paivarytmi;x\r\n"
    path = tmp_path / "korpus.csv"
    for head in ("", "\ufeffsep=;\r\n", '"sep=;"\r\n'):
        path.write_bytes((head + table).encode("utf-8"))
        with pytest.raises(InputError) as err:
            ck.read_corpus(path)
        assert str(err.value).startswith(f"{path}, row 3: the row has 4 fields, the header has 3")
    empty = "segment_id,source,code\n1,A,tyonhaku\n2,,paivarytmi\n"
    for head in ("", "\ufeffSEP=,\n"):
        path.write_bytes((head + empty).encode("utf-8"))
        with pytest.raises(InputError, match=r"korpus.csv, row 3, column 'source': empty cell"):
            ck.read_corpus(path)
    path.write_bytes(b"sep=:\nsegment_id:source:code\n1:A:tyonhaku\n")
    with pytest.raises(InputError, match=r"row 1: the first line 'sep=:' names ':' as the sep"):
        ck.read_corpus(path)
    path.write_bytes(b"sep=;\r\n")
    with pytest.raises(InputError, match="the file is empty"):
        ck.read_corpus(path)


def test_a_pseudonymised_copy_keeps_the_separator_hint_and_its_separator():
    from coachkit.formats.csv import csv_text, split_rows

    text = "sep=|\r\nsource|text\r\nA|a, b; c\r\n"
    rows, sep = split_rows(text, "f.csv")
    assert sep == "|" and rows[1:] == [["source", "text"], ["A", "a, b; c"]]
    assert csv_text(rows, sep=sep) == text


# ------------------------------------------------------------------ the registry of readers


def test_an_unknown_suffix_is_one_line_naming_the_file_and_the_formats(tmp_path):
    """No silent CSV: a `.dat` table is refused by every way in, naming what the kit reads."""
    from coachkit.formats import read_table

    path = tmp_path / "korpus.dat"
    path.write_text("segment_id,source,code\n1,A,tyonhaku\n", encoding="utf-8")
    for attempt in (lambda: kind_of(path), lambda: read_table(path), lambda: ck.read_corpus(path),
                    lambda: ck.read_coding(path)):
        with pytest.raises(InputError) as err:
            attempt()
        assert str(err.value).startswith(f"{path}: the kit does not read '.dat' files")
        assert "CSV table (.csv, .tsv, .txt), Excel workbook (.xlsx, .xlsm)" in str(err.value)
    with pytest.raises(InputError, match=r"a table is expected here, and a REFI-QDA project "
                       r"\(\.qdpx\) is not one; expected CSV table"):
        (tmp_path / "p.qdpx").write_bytes(b"PK")
        read_table(tmp_path / "p.qdpx")


def test_txt_is_a_table_or_a_transcript_as_the_caller_asks(tmp_path):
    from coachkit import formats

    path = tmp_path / "haastattelu.txt"
    path.write_bytes("segment_id;source;code\n1;Mäkelä;tyonhaku\n".encode("cp1252"))
    table = formats.read(path, holds="table")
    assert table["source"].tolist() == ["Mäkelä"]
    text = formats.read(path, holds="text")
    assert text.encoding == "cp1252" and text.text.startswith("segment_id;source")
    assert kind_of(path) == "csv" and kind_of(path, holds="text") == "text"
    assert kind_of(path, holds=("text", "table")) == "text"
    with pytest.raises(InputError, match="a project is expected here"):
        formats.read(path, holds="project")
    with pytest.raises(InputError, match="file not found"):
        formats.read(tmp_path / "puuttuu.txt", holds="text")


def test_a_new_format_is_one_module_and_its_catalogue_keys(tmp_path, monkeypatch):
    """What the formats docstring promises for `.docx`: a module in the formats folder that
    registers its reader, and `format.docx` in each catalogue; `read`, `kind_of` and the
    help line then know it, nothing else changed (the folder here is a temporary one added
    to the package's path)."""
    import shutil
    import sys

    from coachkit import formats, i18n
    from coachkit.formats import Reader

    module = tmp_path / "plugins" / "docx.py"
    module.parent.mkdir()
    module.write_text("from pathlib import Path\n\nfrom . import Reader, register\n\n\n"
                      "def read_docx(path, *, name=None):\n"
                      "    return Path(path).read_bytes().decode() + '!'\n\n\n"
                      "register(Reader('docx', ('.docx',), frozenset({'text'}), read_docx))\n",
                      encoding="utf-8")
    folder = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, folder)
    for lang, word in (("fi", "Word-asiakirja"), ("en", "Word document")):
        po = folder / lang / "LC_MESSAGES" / "coachkit.po"
        po.write_text(po.read_text(encoding="utf-8")
                      + f'\nmsgid "format.docx"\nmsgstr "{word}"\n', encoding="utf-8")
    doc = tmp_path / "haastattelu.docx"
    doc.write_bytes(b"Hei")
    with pytest.raises(InputError, match="does not read '.docx' files"):
        formats.read(doc, holds="text")
    monkeypatch.setattr(formats, "__path__", [*formats.__path__, str(module.parent)])
    try:
        with i18n.use_catalogues(folder):
            assert formats.read(doc, holds="text") == "Hei!"
            assert kind_of(doc) == "docx" and i18n.problems() == []
            assert formats.formats_line("text", "fi").endswith("Word-asiakirja (.docx)")
            assert "Word document (.docx)" in formats.formats_line(None, "en")
    finally:
        formats.READERS.pop("docx", None)
        sys.modules.pop("coachkit.formats.docx", None)
        vars(formats).pop("docx", None)
    with pytest.raises(ValueError, match="holds must be some of"):
        Reader("pdf", (".pdf",), frozenset({"pages"}), print)


def test_the_kits_own_headers_read_in_every_catalogue_language(tmp_path):
    """A week a student saved from the Finnish or the English form reads as the contract."""
    from coachkit.formats import read_table

    for header in ("Aihe;Käyntejä", "Topic;Visits"):
        path = tmp_path / "viikko.csv"
        path.write_text(f"{header}\nCV;3\n", encoding="utf-8")
        table = read_table(path, required=["topic", "visits"])
        assert table[["topic", "visits"]].values.tolist() == [["CV", "3"]]


def test_every_reader_has_its_name_in_every_language():
    from coachkit import formats, i18n

    for lang in i18n.languages():
        line = formats.formats_line(None, lang)
        for reader in formats.READERS.values():
            assert f"{i18n.t(f'format.{reader.kind}', lang)} (" in line
    assert formats.formats_line("table", "fi") == ("CSV-taulukko (.csv, .tsv, .txt), "
                                                   "Excel-työkirja (.xlsx, .xlsm)")
