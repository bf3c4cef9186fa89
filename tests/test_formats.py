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
