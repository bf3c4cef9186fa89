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
from coachkit.errors import InputError, InputNote
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


# --------------------------------------------------------------------- CSV


def test_cr_only_line_ends_are_read_right(write):
    from coachkit.formats import read_table

    rows = "segment_id;source;code\r1;Lähde A;tyonhaku\r2;Lähde B;paivarytmi\r"
    for encoding in ("utf-8", "cp1252", "utf-16"):
        df = read_table(write(f"mac-{encoding}.csv", rows, encoding=encoding))
        assert df.columns.tolist() == ["segment_id", "source", "code"]
        assert df["source"].tolist() == ["Lähde A", "Lähde B"], encoding


@pytest.mark.parametrize("command", [["themes", "stars"], ["themes", "agreement"],
                                     ["pyramid", "summary"], ["fidelity", "score"],
                                     ["plan", "check"]])
def test_cr_only_file_in_every_reader_is_never_a_traceback(write, capsys, command):
    path = write("mac.csv", "segment_id;coder;code;source\r1;A;x;s\r1;B;x;s\r")
    assert main([*command, str(path)]) in (0, 2)
    err = capsys.readouterr().err
    assert "Traceback" not in err and "new-line character" not in err


def test_a_duplicated_column_is_one_line(write, capsys):
    path = write("dup.csv", "segment_id;source;code;code\n1;A;tyonhaku;paivarytmi\n")
    assert main(["themes", "stars", str(path), "--codes", "own"]) == 2
    assert "column 'code': the column appears twice (columns 3 and 4)" in _error_line(capsys)


def test_a_duplicated_column_in_a_workbook_or_frame(write):
    import io

    import openpyxl
    import pandas as pd

    from coachkit.formats import read_table

    book = openpyxl.Workbook()
    book.active.append(["segment_id", "code", "source", "code"])
    book.active.append(["1", "tyonhaku", "A", "paivarytmi"])
    buf = io.BytesIO()
    book.save(buf)
    with pytest.raises(InputError, match="appears twice"):
        read_table(write("dup.xlsx", buf.getvalue()))
    frame = pd.DataFrame([["1", "x", "y"]], columns=["segment_id", "code", "code"])
    with pytest.raises(InputError, match="appears twice"):
        read_table(frame)


def test_the_kits_own_csv_reads_back_as_written(tmp_path):
    import pandas as pd

    from coachkit.formats import read_table
    from coachkit.formats.csv import csv_bytes

    values = ["=cmd|' /C calc'!A0", "@SUM(1)", "+1+1", "-12,5", "'hello", "Tekevä"]
    df = pd.DataFrame({"segment_id": [str(i) for i in range(len(values))], "text": values})
    path = tmp_path / "kit.csv"
    path.write_bytes(csv_bytes(df, bom=True))
    assert read_table(path)["text"].tolist() == values
    assert read_table(path, category=["text"])["text"].astype(str).tolist() == values


def test_a_users_own_apostrophe_is_kept(write):
    from coachkit.formats import read_table

    path = write("oma.csv", "segment_id;text\n1;'-\n2;'=ei kaava\n3;\"'=lainattu\"x\n")
    assert read_table(path)["text"].tolist() == ["'-", "'=ei kaava", "'=lainattux"]


def test_a_pseudonymised_copy_of_the_kits_csv_reads_back_as_written(tmp_path):
    import pandas as pd

    from coachkit.formats import read_table
    from coachkit.formats.csv import csv_bytes

    df = pd.DataFrame({"segment_id": ["1", "2"], "text": ["=cmd|' /C calc'!A0", "tavallinen"]})
    original = tmp_path / "kit.csv"
    original.write_bytes(csv_bytes(df))
    copy = tmp_path / "copy.csv"
    assert main(["pseudonymise", str(original), "--out", str(copy)]) == 0
    assert read_table(copy)["text"].tolist() == df["text"].tolist()


# --------------------------------------------------------------------- workbooks


def _workbook(*, hidden_first=False, formula=False, edit=None) -> bytes:
    """A small coding workbook; ``edit(name, bytes)`` may change or drop (None) a member."""
    import io
    import zipfile

    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "piilotettu" if hidden_first else "data"
    ws.append(["segment_id", "source", "code"])
    ws.append(["1", "A", "tyonhaku"])
    if formula:
        ws.append(["2", "B", '=IF(A2="1","paivarytmi","")'])
    if hidden_first:
        ws.sheet_state = "hidden"
        shown = book.create_sheet("näkyvä")
        shown.append(["segment_id", "source", "code"])
        shown.append(["1", "A", "paivarytmi"])
    buf = io.BytesIO()
    book.save(buf)
    if edit is None:
        return buf.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = edit(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info.filename, data)
    return out.getvalue()


def test_a_hidden_first_sheet_is_skipped_with_a_note(write, capsys):
    from coachkit.formats import read_table

    path = write("piilo.xlsx", _workbook(hidden_first=True))
    assert main(["themes", "stars", str(path), "--codes", "own", "--json"]) == 0
    captured = capsys.readouterr()
    assert "paivarytmi" in captured.out and "tyonhaku" not in captured.out
    assert "hidden sheet(s) before it (piilotettu) were not read" in captured.err
    with pytest.warns(InputNote, match="hidden sheet"):
        assert read_table(path).attrs["notes"]


def test_a_formula_without_a_saved_value_is_named_as_such(write, capsys):
    path = write("kaava.xlsx", _workbook(formula=True))   # openpyxl saves no computed values
    assert main(["themes", "stars", str(path), "--codes", "own"]) == 2
    err = _error_line(capsys)
    assert "row 3, column 'code': a formula without a saved value" in err
    assert "empty cell" not in err


def test_a_workbook_without_its_sheet_part_is_one_line(write, capsys):
    path = write("rikki.xlsx", _workbook(edit=lambda n, d: None if n.startswith("xl/worksheets/")
                                          else d))
    assert main(["themes", "stars", str(path), "--codes", "own"]) == 2
    assert "no readable sheet" in _error_line(capsys)


def test_a_sheet_declaring_the_whole_grid_is_read_in_little_memory(write):
    """Excel's whole grid declared, one cell at its far column: once 3.9–7.5 GB, now megabytes."""
    import resource

    far = (b'<row r="100000"><c r="XFD100000" t="inlineStr"><is><t>x</t></is></c></row>'
           b"</sheetData>")

    def edit(name, data):
        if name != "xl/worksheets/sheet1.xml":
            return data
        return data.replace(b'<dimension ref="A1:C2" />', b'<dimension ref="A1:XFD1048576" />') \
            .replace(b"</sheetData>", far)

    path = write("koko.xlsx", _workbook(edit=edit))
    script = ("import sys; from coachkit.cli import main; "
              f"sys.exit(main(['themes', 'stars', {str(path)!r}, '--codes', 'own', '--json']))")

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, 1536 * 2**20))

    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          preexec_fn=limit, timeout=300,
                          env=os.environ | {"PYTHONPATH": str(Path(coachkit.__file__).parents[1])})
    assert proc.returncode == 0, proc.stderr[-500:]
    assert '"category": "tyonhaku"' in proc.stdout


# --------------------------------------------------------------------- rerun


def _failing_notebook(folder, code="raise ValueError(f'ei käy: {SEED}')"):
    import nbformat

    folder.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "Python 3"}
    nb.metadata["language_info"] = {"name": "python"}
    params = nbformat.v4.new_code_cell("SEED = None        # None = the kit's data")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(code)]
    nbformat.write(nb, folder / "09_x.ipynb")


@pytest.mark.slow
def test_a_failed_forced_rerun_leaves_the_earlier_results_alone(tmp_path, capfd):
    from coachkit.cli.rerun import rerun

    _failing_notebook(tmp_path / "nb")
    out = tmp_path / "o"
    out.mkdir()
    (out / "09_x.ipynb").write_text("aiempi muistikirja")
    (out / "09_x.html").write_text("aiempi sivu")
    with pytest.raises(ValueError) as info:
        rerun("09", ["seed=5"], out=out, folder=tmp_path / "nb", force=True)
    assert "ei käy: 5" in str(info.value) and "earlier results are unchanged" in str(info.value)
    assert sorted(p.name for p in out.iterdir()) == ["09_x.html", "09_x.ipynb"]
    assert (out / "09_x.ipynb").read_text() == "aiempi muistikirja"
    assert capfd.readouterr().err == ""   # no kernel chatter, no papermill warnings


@pytest.mark.slow
def test_a_kernel_that_dies_is_one_line_and_leaves_nothing(tmp_path, capfd):
    _failing_notebook(tmp_path / "nb", code="import os\nos._exit(1)")
    out = tmp_path / "o"
    with pytest.raises(ValueError, match="the notebook's kernel stopped .*nothing was written"):
        from coachkit.cli.rerun import rerun

        rerun("09", [], out=out, folder=tmp_path / "nb")
    assert list(out.iterdir()) == []
    assert capfd.readouterr().err == ""


def test_seed_of_a_notebook_whose_default_is_none_is_checked():
    from coachkit.cli.rerun import check_parameters

    assert check_parameters({"SEED": "7"}, {"SEED": None}) == {"SEED": 7}
    with pytest.raises(ValueError, match="seed=abc: expected a whole number"):
        check_parameters({"SEED": "abc"}, {"SEED": None})


# --------------------------------------------------------------------- exercises build


def test_exercises_build_keeps_an_edited_student_notebook_without_force(tmp_path, capsys):
    import json

    assert main(["exercises", "build", "--out", str(tmp_path)]) == 0
    assert main(["exercises", "build", "--out", str(tmp_path)]) == 0   # as built: rebuilt freely
    capsys.readouterr()
    student = sorted(tmp_path.glob("*.ipynb"))[0]
    data = json.loads(student.read_text())
    answer = next(c for c in data["cells"] if "answer" in c["metadata"].get("tags", []))
    answer["source"] = "vastaus_1a = 'tyonhaku'  # opiskelijan vastaus"
    student.write_text(json.dumps(data))
    assert main(["exercises", "build", "--out", str(tmp_path)]) == 2
    assert "was changed after it was built" in _error_line(capsys)
    assert "opiskelijan vastaus" in student.read_text()
    assert main(["exercises", "build", "--out", str(tmp_path), "--force"]) == 0
    assert "opiskelijan vastaus" not in student.read_text()


# --------------------------------------------------------------------- messages


def test_a_newline_in_a_file_name_stays_one_line(tmp_path, capsys):
    assert main(["themes", "stars", str(tmp_path / "kaksi\nriviä.csv")]) == 2
    assert "kaksi\\nriviä.csv: file not found" in _error_line(capsys)


def test_values_from_a_file_are_one_short_line_without_terminal_escapes(write, capsys):
    huge = "x" * 2**20
    path = write("koodit.csv", 'segment_id;source;code\n1;A;"rivi\nja \x1b[2Jtoinen"\n'
                               f"2;A;{huge}\n")
    assert main(["themes", "stars", str(path)]) == 2
    err = _error_line(capsys)
    assert "\x1b" not in err and "rivi\\nja \\e[2Jtoinen" in err and len(err) < 1200


def test_a_megabyte_value_is_shortened(write, capsys):
    path = write("iso.csv", f"segment_id;source;code\n1;A;{'y' * 2**20}\n")
    assert main(["themes", "stars", str(path)]) == 2
    err = _error_line(capsys)
    assert len(err) < 1200 and "yyy…" in err


def test_terminal_escapes_in_the_data_never_reach_the_terminal_raw(write, capsys):
    path = write("lähteet.csv", "segment_id;source;code\n1;\x1b[2J\x1b[31mLähde\x07;tyonhaku\n")
    assert main(["themes", "stars", str(path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\\e[2J\\e[31mLähde\\x07" in out


def test_a_selection_position_of_ten_to_the_thirtieth_is_one_line(tmp_path, capsys):
    import re
    import zipfile

    project = tmp_path / "k.qdpx"
    assert main(["export", "qdpx", "--out", str(project)]) == 0
    with zipfile.ZipFile(project) as z:
        members = {n: z.read(n) for n in z.namelist()}
    members["project.qde"] = re.sub(rb'endPosition="\d+"', b'endPosition="' + b"1" + b"0" * 30
                                    + b'"', members["project.qde"], count=1)
    hostile = tmp_path / "iso.qdpx"
    with zipfile.ZipFile(hostile, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    capsys.readouterr()
    for command in (["themes", "stars"], ["themes", "agreement"]):
        assert main([*command, str(hostile)]) == 2
        assert "attribute endPosition is '1000000000000000000000000000000'" in _error_line(capsys)


# --------------------------------------------------------------------- bounds


@pytest.mark.parametrize("args, fragment", [
    (["themes", "agreement", "COACH", "--boot", "100000000"], "n_boot must be between 10 and 100000"),
    (["selection", "compare", "--applicants", str(10**9), "--places", "10"],
     "applicants must be between 1 and 100000"),
    (["selection", "compare", "--applicants", "100000", "--places", "10", "--reps", "100000"],
     "over the kit's limit"),
    (["plan", "check", "--client", "A01", "--meeting-hours", "inf"],
     "meeting_hours must be a finite number"),
])
def test_what_a_user_may_ask_for_is_bounded_with_one_line(capsys, args, fragment):
    from coachkit.datasets import dataset_path

    args = [str(dataset_path("coach_coding")) if a == "COACH" else a for a in args]
    assert main(args) == 2
    assert fragment in _error_line(capsys)


def test_json_output_with_control_characters_stays_json(write, capsys):
    import json

    path = write("c1.csv", "segment_id;source;code\n1;A\x9b31m\x7f\u202eB;tyonhaku\n")
    assert main(["themes", "stars", str(path), "--json"]) == 0
    out = capsys.readouterr().out
    assert "\x9b" not in out and "\u202e" not in out
    assert json.loads(out)[0]["source"] == "A\x9b31m\x7f\u202eB"
