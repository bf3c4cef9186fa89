import pandas as pd
import pytest

from coachkit.checks import (
    InputError,
    check_number,
    parse_bool_column,
    parse_number_column,
    require_in,
    require_unique,
)
from coachkit.formats import read_table

CSV = "segment_id,source,code\ns1,Lähde Ä,tyonhaku\ns2,Lähde Ö,osaaminen\n"


@pytest.mark.parametrize("variant", ["plain", "bom", "semicolon", "crlf", "cp1252", "tab"])
def test_read_table_accepts_what_finnish_users_save(write, variant):
    text, enc = CSV, "utf-8"
    if variant == "bom":
        path = write("f.csv", b"\xef\xbb\xbf" + CSV.encode())
    else:
        if variant == "semicolon":
            text = CSV.replace(",", ";")
        elif variant == "crlf":
            text = CSV.replace("\n", "\r\n")
        elif variant == "tab":
            text = CSV.replace(",", "\t")
        elif variant == "cp1252":
            enc = "cp1252"
        path = write("f.csv", text, encoding=enc)
    df = read_table(path, required=["segment_id", "source", "code"])
    assert list(df.columns) == ["segment_id", "source", "code"]
    assert df["source"].tolist() == ["Lähde Ä", "Lähde Ö"]
    assert df.attrs["file"] == str(path)


def test_read_table_refuses_binary(write):
    path = write("f.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(InputError, match="not a text file"):
        read_table(path)


def test_read_table_refuses_undecodable(write):
    # 0x81 is undefined in cp1252 and invalid in UTF-8.
    path = write("f.csv", b"a,b\n\x81\x81,1\n")
    with pytest.raises(InputError, match="UTF-8"):
        read_table(path)


@pytest.mark.parametrize("content,msg", [("", "empty"), ("   \n", "empty"),
                                         ("segment_id,source,code\n", "no data rows")])
def test_read_table_empty(write, content, msg):
    with pytest.raises(InputError, match=msg):
        read_table(write("f.csv", content))


def test_missing_column_names_file_and_column(write):
    path = write("f.csv", "segment_id,source\ns1,A\n")
    with pytest.raises(InputError) as err:
        read_table(path, required=["segment_id", "source", "code"])
    assert err.value.column == "code"
    assert str(err.value).startswith(str(path))
    assert "\n" not in str(err.value)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match="not found"):
        read_table(tmp_path / "nope.csv")
    with pytest.raises(InputError, match="folder"):
        read_table(tmp_path)


def test_input_error_is_value_error():
    assert issubclass(InputError, ValueError)
    e = InputError("bad", file="x.csv", row=3, column="c")
    assert str(e) == "x.csv, row 3, column 'c': bad"


def test_require_unique_reports_both_rows():
    df = read_table(pd.DataFrame({"id": ["a", "b", "a"]}), name="t.csv")
    expected = r"t.csv, row 4, column 'id': duplicate id 'a' \(first seen on row 2\)"
    with pytest.raises(InputError, match=expected):
        require_unique(df, ["id"], "id")


def test_require_in_row_number():
    df = read_table(pd.DataFrame({"c": ["x", "y", "zz"]}), name="t.csv")
    with pytest.raises(InputError, match="row 4, column 'c': unknown code 'zz'"):
        require_in(df, "c", ["x", "y"], "code")


def test_parse_bool_and_number_columns():
    df = read_table(pd.DataFrame({"b": ["true", "EI", "1", ""], "n": ["1,5", "2", "3", "4"]}))
    assert parse_bool_column(df, "b").tolist() == [True, False, True, False]
    assert parse_number_column(df, "n").tolist() == [1.5, 2, 3, 4]
    bad = read_table(pd.DataFrame({"n": ["1", "seven"]}), name="t.csv")
    with pytest.raises(InputError, match="row 3, column 'n': 'seven' is not a number"):
        parse_number_column(bad, "n")
    out = read_table(pd.DataFrame({"n": ["1", "9"]}), name="t.csv")
    with pytest.raises(InputError, match="row 3.*out of range"):
        parse_number_column(out, "n", low=1, high=5)


def test_check_number():
    assert check_number("x", "3", low=0, integer=True) == 3
    with pytest.raises(TypeError):
        check_number("x", "abc")
    with pytest.raises(ValueError, match="whole number"):
        check_number("x", 2.5, integer=True)
    with pytest.raises(ValueError, match="at least 0"):
        check_number("x", -1, low=0)
