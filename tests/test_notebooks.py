"""Every notebook executes headless, top to bottom, and is stored without outputs."""

import html
import re
from pathlib import Path

import nbformat
import pytest

from coachkit.display.notebooks import (
    execute_notebook,
    notebook_title,
    notebooks_dir,
    run_notebooks,
    write_html,
)
from coachkit.display.pages import WIDGET_VIEW, remote_resources

NOTEBOOKS = sorted(notebooks_dir().glob("*.ipynb"))


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_clean(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, path.name
    first = nb.cells[0].source
    assert "English summary" in first
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_executes_and_its_page_works_offline(path, tmp_path, monkeypatch):
    monkeypatch.setenv("COACHKIT_STRICT_LABELS", "1")  # a table header without a Finnish label fails
    nb = execute_notebook(path)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert not errors
    images = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if "image/png" in o.get("data", {})]
    assert images, "figures must render headless"
    dashboards = sum(WIDGET_VIEW in o.get("data", {}) for c in nb.cells if c.cell_type == "code"
                     for o in c.outputs)
    assert dashboards, "every analysis notebook has a dashboard"
    write_html(nb, tmp_path / "page.html")
    page = (tmp_path / "page.html").read_text(encoding="utf-8")
    _assert_finnish(page)
    assert remote_resources(page) == []  # nothing from the network: works from a USB stick
    assert not re.search(r'<script[^>]*src="http', page)
    assert WIDGET_VIEW not in page  # no widget manager needed
    assert f"<title>{html.escape(notebook_title(nb, ''))}</title>" in page
    statics = page.split('class="coachkit-static"')[1:]
    assert len(statics) == dashboards
    assert all("coachkit classroom" in s.split("</div></div>")[0] or "coachkit classroom" in s
               for s in statics)
    if path.name.startswith(("01", "02", "03")):  # figure dashboards leave their figure
        assert all("<img" in s.split("coachkit classroom")[0] for s in statics)
    write_html(nb, tmp_path / "no_code.html", no_code=True)
    assert "import coachkit" not in (tmp_path / "no_code.html").read_text(encoding="utf-8")


def _assert_finnish(page: str) -> None:
    """A Finnish page stays Finnish: its language, figure descriptions, numbers and every word
    the kit wrote (dashboards included)."""
    from coachkit import i18n

    assert re.search(r"<html[^>]*\slang=\"fi\"", page)
    alts = re.findall(r'<img[^>]*\salt="([^"]*)"', page)
    assert [a for a in alts if not a.startswith("Kuvio: ")] == []
    assert i18n.stray_words("\n".join(alts), "fi", min_length=4) == []
    # a decimal point in a table cell, but for the chapters of a citation ("luku 4.3")
    chapters = re.compile(r"\b(?:luku|luvut)\s[\d.]+(?:\s(?:ja|–)\s[\d.]+)?")
    assert [c for c in _cells(page) if re.search(r"\d\.\d", chapters.sub("", c))] == []
    assert i18n.stray_words(_outputs(page), "fi") == []


def test_run_notebooks_writes_html_and_index(tmp_path):
    src = tmp_path / "nb"
    src.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Testi"), nbformat.v4.new_code_cell("1 + 1")]
    nbformat.write(nb, src / "x.ipynb")
    index = run_notebooks(src, tmp_path / "html", progress=False)
    assert index.name == "index.html"
    assert 'href="x.html"' in index.read_text(encoding="utf-8")
    assert (tmp_path / "html" / "x.html").exists()
    assert Path(index).parent == (tmp_path / "html").resolve()


def test_an_english_build_is_english_and_the_default_finnish(tmp_path):
    """run_notebooks(lang="en") runs each notebook with LANG = "en" (after its parameters cell)
    and writes the index in English; without a language the index stays Finnish."""
    src = tmp_path / "nb"
    src.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Testi"),
                nbformat.v4.new_code_cell('LANG = "fi"', metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell('print("kieli", LANG)')]
    nbformat.write(nb, src / "x.ipynb")
    index = run_notebooks(src, tmp_path / "en", progress=False, lang="en").read_text(encoding="utf-8")
    assert '<html lang="en">' in index and "<title>coachkit – notebooks</title>" in index
    page = (tmp_path / "en" / "x.html").read_text(encoding="utf-8")
    assert re.search(r'<html[^>]*\slang="en"', page) and "kieli en" in page
    from coachkit.cli import main
    from coachkit.display.notebooks import write_index

    assert main(["notebooks", "--src", str(src), "--out", str(tmp_path / "cli"), "--lang", "en",
                 "--quiet"]) == 0
    assert '<html lang="en">' in (tmp_path / "cli" / "index.html").read_text(encoding="utf-8")
    finnish = write_index([("x.html", "Testi")], tmp_path).read_text(encoding="utf-8")
    assert '<html lang="fi">' in finnish and "<title>coachkit – muistikirjat</title>" in finnish


def test_run_notebooks_empty_folder(tmp_path):
    with pytest.raises(ValueError, match="no notebooks"):
        run_notebooks(tmp_path, tmp_path / "out", progress=False)


# -- the "done": an English rerun is English, a Finnish page Finnish (issue 20 §1) --------

def _rerun(key, out, *params):
    """``coachkit rerun <key> [--param …]`` as a user types it; the page it wrote."""
    import subprocess
    import sys

    subprocess.run([sys.executable, "-m", "coachkit", "rerun", key, *params, "--out", str(out)],
                   check=True, capture_output=True, text=True)
    return next(out.glob(f"{key}_*.html")).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pages_02(tmp_path_factory):
    root = tmp_path_factory.mktemp("rerun")
    return {"en": _rerun("02", root / "en", "--param", "lang=en"), "fi": _rerun("02", root / "fi")}


def _outputs(page: str, *, dashboards: bool = True) -> str:
    """What the kit wrote on a page: its cells' outputs, without the notebook's own prose
    (markdown cells and the page title, Finnish by design with an English summary), code and
    the figures' image data."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    drop = ".jp-MarkdownCell, .jp-InputArea, head, style, script"
    drop += "" if dashboards else ", .coachkit-static"
    for element in soup.select(drop):
        element.decompose()
    for image in soup.select("img[src]"):
        image["src"] = ""
    return str(soup)


def _cells(page: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", page, re.S)]


#: a decimal comma: a comma between digits that is not a thousands separator (3 digits, then no digit)
DECIMAL_COMMA = re.compile(r"\d,(?!\d{3}(?!\d))\d")


def test_rerun_with_lang_en_writes_an_english_page(pages_02):
    from coachkit import i18n

    page = pages_02["en"]
    assert re.search(r"<html[^>]*\slang=\"en\"", page)
    cells = _cells(page)
    assert len(cells) > 100 and not [c for c in cells if DECIMAL_COMMA.search(c)]
    assert any(re.search(r"\d\.\d", c) for c in cells)  # the numbers are there, with points
    alts = re.findall(r'<img[^>]*\salt="([^"]*)"', page)
    assert len(alts) >= 4 and all(a.startswith("Figure: ") for a in alts), alts
    assert not [a for a in alts if i18n.stray_words(a, "en", min_length=4)], alts
    # tables, figures, printed lines and the page's own notes: no Finnish catalogue text
    assert i18n.stray_words(_outputs(page, dashboards=False), "en") == []


def test_rerun_with_lang_en_has_english_dashboards(pages_02):
    from coachkit import i18n

    assert i18n.stray_words(_outputs(pages_02["en"]), "en") == []


def test_the_finnish_page_stays_finnish(pages_02):
    from coachkit import i18n

    page = pages_02["fi"]
    assert re.search(r"<html[^>]*\slang=\"fi\"", page)
    cells = _cells(page)
    assert len(cells) > 100 and not [c for c in cells if re.search(r"\d\.\d", c)]
    alts = re.findall(r'<img[^>]*\salt="([^"]*)"', page)
    assert len(alts) >= 4 and all(a.startswith("Kuvio: ") for a in alts), alts
    assert i18n.stray_words(_outputs(page), "fi") == []


#: Finnish catalogue texts an English rerun shows because they are words in the research data
#: the notebook reads (Finnish by nature), not the kit's: by notebook, key and where they are
_DATA_WORDS = {
    "01": {"label.with_coach": "'valmentaja' in the excerpts' respondent roles (synthetic "
                               "data, 'hankkeen työhönvalmentaja')",
           "dashboard.coachee": "'Valmentautuja' in the coach interview excerpts' texts (synthetic "
                                "data)"},
    "04": {"label.with_coach": "'valmentaja' in the published visit topics ('Opiskelua "
                               "valmentajan tiloissa', Pikkusaari 2012, ch. 4.1)"},
}


@pytest.mark.parametrize("key", [p.name[:2] for p in NOTEBOOKS if not p.name.startswith("02")])
def test_every_notebook_reruns_in_english(key, tmp_path):
    """Page language, numbers in tables, the figures' alt texts, the tables' headers and the
    kit's words in every output of every English rerun (notebook 02 is checked above, with its
    dashboards)."""
    from coachkit import i18n

    page = _rerun(key, tmp_path, "--param", "lang=en")
    assert re.search(r"<html[^>]*\slang=\"en\"", page)
    assert [c for c in _cells(page) if DECIMAL_COMMA.search(c)] == []
    alts = re.findall(r'<img[^>]*\salt="([^"]*)"', page)
    assert alts and [a for a in alts if not a.startswith("Figure")] == []
    assert i18n.stray_words("\n".join(alts), "en", min_length=4) == []
    outputs = _outputs(page, dashboards=False)
    headers = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<th[^>]*>(.*?)</th>", outputs, re.S)]
    assert headers and i18n.stray_words("\n".join(headers), "en", min_length=4) == []
    assert set(i18n.stray_words(outputs, "en")) - set(_DATA_WORDS.get(key, {})) == set()
