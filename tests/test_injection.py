"""Nothing from a researcher's file runs: HTML escaped, spreadsheet formulas written as text."""

import csv
import io
import re

import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachkit.cli import main
from coachkit.display.tables import show_table
from coachkit.formats.csv import FORMULA_START, csv_bytes, safe_cell
from coachkit.formats.xlsx import workbook_bytes

FORMULAS = ['=HYPERLINK("http://evil.example","klikkaa")', "=cmd|' /C calc'!A0", "+1+1",
            "@SUM(1)", "-2+3", "\t=1", "\r=1"]
NUMBERS = ["-3", "-12,5", "+4", "-0.25", "1 000"]


@pytest.mark.parametrize("value", FORMULAS)
def test_formula_text_gets_a_quote(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", [*NUMBERS, "Tekevä", "", "a=b", "'=x", 5, -3, 2.5, None])
def test_numbers_and_plain_text_stay(value):
    assert safe_cell(value) == value


@given(st.text(max_size=20))
def test_safe_cell_never_leaves_a_formula_and_keeps_the_text(text):
    safe = safe_cell(text)
    assert safe in (text, "'" + text)
    if safe.startswith(FORMULA_START):  # only numbers may start so
        assert re.fullmatch(r"[+-][\d ., \u00a0eE%+-]*", safe) and any(c.isdigit() for c in safe)


def test_csv_bytes_neutralises_text_cells_and_headers():
    df = pd.DataFrame({"=head": FORMULAS, "n": range(-3, -3 + len(FORMULAS))})
    rows = list(csv.reader(io.StringIO(csv_bytes(df, bom=True).decode("utf-8-sig"))))
    assert rows[0] == ["'=head", "n"]
    assert [r[0] for r in rows[1:]] == ["'" + f for f in FORMULAS]
    assert [r[1] for r in rows[1:]] == [str(i) for i in range(-3, -3 + len(FORMULAS))]


def test_workbook_cells_are_text_never_formulas():
    df = pd.DataFrame({"=head": FORMULAS, "n": range(-3, -3 + len(FORMULAS)),
                       "x": [0.5] * len(FORMULAS)})
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes({"data": df})))
    cells = [c for row in book["data"].iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    # (XML reads a carriage return back as a line feed)
    assert [c.value for c in book["data"]["A"]] == ["=head", *(f.replace("\r", "\n") for f in FORMULAS)]
    assert [c.value for c in book["data"]["B"]][1:] == list(range(-3, -3 + len(FORMULAS)))
    assert all(c.data_type == "n" for c in book["data"]["C"][1:])


def test_workbook_takes_control_characters():
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes({"d": pd.DataFrame({"t": ["a\x01b"]})})))
    assert book["d"]["A2"].value == "a\ufffdb"


def test_import_writes_project_text_as_text(tmp_path, write):
    corpus = write("paha.csv", "segment_id;source;code;text\r\n"
                               "1;=HYPERLINK(\"http://x\",\"y\");tyonhaku;=cmd|' /C calc'!A0\r\n"
                               "2;@SUM(1);paivarytmi;+1+1\r\n")
    project = tmp_path / "paha.qdpx"
    assert main(["export", "qdpx", "--corpus", str(corpus), "--out", str(project)]) == 0
    out = tmp_path / "out"
    assert main(["import", str(project), "--out", str(out), "--xlsx"]) == 0
    text = (out / "corpus.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["source"] for r in rows} == {"'=HYPERLINK(\"http://x\",\"y\")", "'@SUM(1)"}
    assert {r["text"] for r in rows} == {"'=cmd|' /C calc'!A0", "'+1+1"}
    book = openpyxl.load_workbook(out / "paha.xlsx")
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not [(c.parent.title, c.coordinate) for c in cells if c.data_type == "f"]
    assert "=cmd|' /C calc'!A0" in {c.value for c in cells}
    numbers = [c for c in book["coding"][1] if c.value == "paragraph"]
    assert numbers and book["coding"].cell(2, numbers[0].column).data_type == "n"


def test_show_table_escapes_cells_headers_and_names():
    df = pd.DataFrame({"<b>x</b>": ["<script>alert(1)</script>"], "count": [1]},
                      index=pd.Index(["<img src=x onerror=alert(2)>"], name="<i>n</i>"))
    page = show_table(df).to_html()
    assert "<script>" not in page and "<img" not in page and "<b>" not in page
    assert "<i>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;b&gt;x&lt;/b&gt;" in page


def test_show_table_escapes_a_transposed_table():
    wide = pd.DataFrame({"source": ["<script>x()</script>"], **{f"c{i}": [i] for i in range(10)}})
    page = show_table(wide).to_html()
    assert "<script>" not in page and "&lt;script&gt;x()&lt;/script&gt;" in page


def test_page_runs_nothing_from_the_data_in_chromium(tmp_path):
    """The page a rerun writes, opened in headless Chromium: no script from the data runs."""
    pytest.importorskip("playwright", reason="playwright (a test dependency) is not installed")
    import nbformat
    from benchmarks import browser as br

    from coachkit.display.notebooks import write_html

    chromium = br.find_chromium()
    if chromium is None:
        pytest.skip("no Chromium here")
    hostile = pd.DataFrame({"source": ["<img src=x onerror=\"window.pwned='kuva'\">",
                                       "<script>window.pwned='skripti'</script>"],
                            "count": [1, 2]})

    def page_of(table_html, name):
        nb = nbformat.v4.new_notebook()
        cell = nbformat.v4.new_code_cell("ck.show_table(data)")
        cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": table_html,
                                                                      "text/plain": "table"})]
        nb.cells = [cell]
        write_html(nb, tmp_path / name)
        return (tmp_path / name).as_uri()

    safe = page_of(show_table(hostile).to_html(), "safe.html")
    # the same table without escaping: shows that the browser check can see a script run
    unsafe = page_of(hostile.style.to_html(), "unsafe.html")
    with br.browser(chromium) as b:
        seen = {}
        for name, url in (("safe", safe), ("unsafe", unsafe)):
            page = br.new_page(b)
            page.goto(url)
            page.wait_for_load_state("load")
            seen[name] = (page.evaluate("() => window.pwned || null"), page.inner_text("table"))
    assert seen["unsafe"][0] is not None
    assert seen["safe"][0] is None
    assert "<script>window.pwned='skripti'</script>" in seen["safe"][1]
