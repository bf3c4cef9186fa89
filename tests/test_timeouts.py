"""A cell that gets no answer (a kernel left idle by a lost message) is run again once with a
fresh kernel, in both ways the kit executes notebooks; a failing cell is never retried."""

import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

from coachkit.cli.rerun import rerun
from coachkit.display import notebooks


def _tiny(tmp_path):
    path = tmp_path / "pieni.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")]), path)
    return path


def test_execute_notebook_runs_again_after_a_timeout_once(tmp_path, monkeypatch):
    calls = []

    def execute(self, **kw):
        calls.append(1)
        if len(calls) == 1:
            raise CellTimeoutError("no answer")
        return self.nb

    monkeypatch.setattr(NotebookClient, "execute", execute)
    nb = notebooks.execute_notebook(_tiny(tmp_path))
    assert len(calls) == 2 and nb.cells[0].source == "1 + 1"


def test_execute_notebook_gives_up_after_the_second_timeout_and_never_retries_a_failure(
        tmp_path, monkeypatch):
    calls = []

    def always_late(self, **kw):
        calls.append(1)
        raise CellTimeoutError("no answer")

    monkeypatch.setattr(NotebookClient, "execute", always_late)
    with pytest.raises(TimeoutError):
        notebooks.execute_notebook(_tiny(tmp_path))
    assert len(calls) == notebooks.RUNS
    calls.clear()

    def fails(self, **kw):
        calls.append(1)
        raise CellExecutionError("traceback", "ValueError", "huono")

    monkeypatch.setattr(NotebookClient, "execute", fails)
    with pytest.raises(CellExecutionError):
        notebooks.execute_notebook(_tiny(tmp_path))
    assert len(calls) == 1


def test_rerun_runs_again_after_a_timeout_once(tmp_path, monkeypatch):
    import papermill as pm

    calls = []

    def execute_notebook(source, done, **kw):
        calls.append(kw.get("execution_timeout"))
        if len(calls) == 1:
            raise CellTimeoutError("no answer")
        shutil.copy(source, done)

    monkeypatch.setattr(pm, "execute_notebook", execute_notebook)
    result = rerun("02", out=tmp_path / "out")
    assert calls == [notebooks.CELL_TIMEOUT] * 2
    assert Path(result["html"]).is_file() and Path(result["notebook"]).is_file()
