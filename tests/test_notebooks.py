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


def test_run_notebooks_empty_folder(tmp_path):
    with pytest.raises(ValueError, match="no notebooks"):
        run_notebooks(tmp_path, tmp_path / "out", progress=False)
