"""Every notebook executes headless, top to bottom, and is stored without outputs."""

from pathlib import Path

import nbformat
import pytest

from coachkit.notebooks import execute_notebook, notebooks_dir, run_notebooks

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
def test_notebook_executes(path):
    nb = execute_notebook(path)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert not errors
    images = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if "image/png" in o.get("data", {})]
    assert images, "figures must render headless"


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
