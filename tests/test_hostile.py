"""Hostile inputs (issue 19 §4): each is read right or refused in one line with exit 2."""

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import coachkit
from coachkit.cli import main
from coachkit.errors import InputError
from coachkit.formats import write_atomic

REFI = Path(__file__).parent / "data" / "refi" / "atlasti_refi_standard_project.qdpx"


def _error_line(capsys):
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    return err


# --------------------------------------------------------------------- writes


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_force_never_replaces_what_is_not_an_ordinary_file(tmp_path, kind):
    target = tmp_path / "out.qdc"
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target.mkdir()
    with pytest.raises(InputError, match="not an ordinary file"):
        write_atomic(target, b"x", force=True)
    assert stat.S_ISFIFO(target.stat().st_mode) if kind == "fifo" else target.is_dir()


def test_cli_force_onto_a_pipe_is_one_line(tmp_path, capsys):
    target = tmp_path / "codebook.qdc"
    os.mkfifo(target)
    assert main(["export", "qdc", "--out", str(target), "--force"]) == 2
    assert "a named pipe, not an ordinary file" in _error_line(capsys)
    assert stat.S_ISFIFO(target.stat().st_mode)


def test_outputs_follow_the_umask_and_a_replaced_file_keeps_its_mode(tmp_path):
    old = os.umask(0o022)
    try:
        new = write_atomic(tmp_path / "a.csv", b"x")
        assert stat.S_IMODE(new.stat().st_mode) == 0o644
        os.umask(0o077)
        assert stat.S_IMODE(write_atomic(tmp_path / "b.csv", b"x").stat().st_mode) == 0o600
        os.chmod(new, 0o640)
        write_atomic(new, b"y", force=True)
        assert stat.S_IMODE(new.stat().st_mode) == 0o640
    finally:
        os.umask(old)


def test_write_all_is_all_or_nothing(tmp_path):
    from coachkit.formats import write_all

    (tmp_path / "b.csv").write_bytes(b"old")
    with pytest.raises(InputError, match="exists"):
        write_all({tmp_path / "a.csv": b"1", tmp_path / "b.csv": b"2"}, force=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.csv"]


def test_sigterm_during_import_leaves_nothing(tmp_path):
    """SIGTERM while the tables are written: no table and no hidden temporary file remain."""
    out = tmp_path / "tables"
    script = textwrap.dedent(f"""
        import os, signal, sys, tempfile
        real, calls = tempfile.mkstemp, []
        def mkstemp(*a, **k):
            made = real(*a, **k)
            calls.append(made)
            if len(calls) == 2:
                os.kill(os.getpid(), signal.SIGTERM)
            return made
        tempfile.mkstemp = mkstemp
        from coachkit.cli import main
        sys.exit(main(["import", {str(REFI)!r}, "--out", {str(out)!r}]))
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=os.environ | {"PYTHONPATH": str(Path(coachkit.__file__).parents[1])})
    assert proc.returncode != 0
    assert not out.exists() or list(out.iterdir()) == [], list(out.iterdir())
