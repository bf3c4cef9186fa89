import nbformat
import pytest

from coachkit.cli import main
from coachkit.cli.rerun import (
    check_parameters,
    find_notebook,
    notebook_parameters,
    parse_params,
    rerun,
)
from coachkit.teaching.handouts import write_handouts


def _tiny(folder, title):
    folder.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {title}"), nbformat.v4.new_code_cell("2 * 3")]
    nbformat.write(nb, folder / "01_x.ipynb")


def test_handouts_index_has_both_sections(tmp_path):
    _tiny(tmp_path / "nb", "Analyysi")
    _tiny(tmp_path / "ex", "Harjoitus")
    index = write_handouts(tmp_path / "out", notebooks=tmp_path / "nb", exercises=tmp_path / "ex",
                           progress=False)
    text = index.read_text(encoding="utf-8")
    assert "Analyysimuistikirjat" in text and "Harjoitukset opiskelijoille" in text
    assert 'href="muistikirjat/01_x.html"' in text and 'href="harjoitukset/01_x.html"' in text
    assert (tmp_path / "out" / "harjoitukset" / "01_x.html").exists()


def test_every_analysis_notebook_has_parameters():
    for key in ("01", "02", "03", "04", "05", "06", "07"):
        params = notebook_parameters(find_notebook(key))
        assert "LANG" in params, key


def test_parse_params():
    available = {"CORPUS": None, "SEED": 0, "LANG": "fi"}
    assert parse_params(["corpus=my.csv", "Seed=3", "lang=en"], available) == {
        "CORPUS": "my.csv", "SEED": 3, "LANG": "en"}
    with pytest.raises(ValueError, match="unknown parameter 'korpus'"):
        parse_params(["korpus=x"], available)
    with pytest.raises(ValueError, match="name=value"):
        parse_params(["corpus"], available)


def test_find_notebook_errors():
    with pytest.raises(ValueError, match="no notebook starts with '99'"):
        find_notebook("99")
    with pytest.raises(ValueError, match="more than one"):
        find_notebook("0")


def test_rerun_with_a_researchers_corpus(tmp_path, write, capfd):
    corpus = write("oma.csv", "segment_id;source;code\r\n1;Oma lähde;tyonhaku\r\n"
                              "2;Oma lähde;paivarytmi\r\n3;Toinen;jalkituki\r\n")
    result = rerun("01", [f"corpus={corpus}", "lang=en"], out=tmp_path / "out")
    html = (tmp_path / "out" / "01_teema-analyysi.html").read_text(encoding="utf-8")
    assert "Oma lähde" in html
    assert result["parameters"]["LANG"] == "en"
    executed = nbformat.read(result["notebook"], as_version=4)
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in executed.cells)
    out, err = capfd.readouterr()  # file descriptors: what the kernel process itself printed
    assert "without encryption" not in out + err


def test_rerun_bad_file_stops_before_execution(tmp_path, write, capsys):
    bad = write("bad.csv", "segment_id,source,code\n1,A,lottery\n")
    out = tmp_path / "never"
    code = main(["rerun", "01", "--param", f"corpus={bad}", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and "row 2, column 'code'" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()
    code = main(["rerun", "02", "--param", f"survey={tmp_path / 'missing.csv'}"])
    assert code == 2 and "not found" in capsys.readouterr().err


def test_rerun_with_a_refi_qda_project_and_a_coder(tmp_path):
    from coachkit.cli import main

    project = tmp_path / "oma.qdpx"
    assert main(["export", "qdpx", "--out", str(project)]) == 0
    result = rerun("01", [f"corpus={project}", "coder=coachkit"], out=tmp_path / "out")
    html = (tmp_path / "out" / "01_teema-analyysi.html").read_text(encoding="utf-8")
    assert "Tekevä" in html and result["parameters"]["CODER"] == "coachkit"
    with pytest.raises(ValueError, match="no codings by coder 'Nobody'"):
        rerun("01", [f"corpus={project}", "coder=Nobody"], out=tmp_path / "out2")


def test_rerun_benefit_ratings_bad_file_is_one_line(tmp_path, write, capsys):
    bad = write("arviot.csv", "client_id,employed,item,before,after\nA,1,T1,2,3\nA,1,Z9,2,3\n")
    out = tmp_path / "never"
    code = main(["rerun", "07", "--param", f"ratings={bad}", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and "row 3, column 'item'" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


class _LiveMarkup(__import__("html.parser").parser.HTMLParser):
    """Collects what a browser would run: script bodies and event-handler attributes."""

    def __init__(self):
        super().__init__()
        self.scripts, self.handlers, self.text, self._in_script = [], [], [], False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        self.handlers += [(tag, k, v) for k, v in attrs if k.startswith("on")]

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.text).append(data)


def live_markup(page: str) -> _LiveMarkup:
    parser = _LiveMarkup()
    parser.feed(page)
    return parser


HOSTILE_SOURCE = "<script>alert('lähde')</script>"
HOSTILE_TEXT = "<img src=x onerror=alert('teksti')>"


def test_rerun_page_escapes_values_from_the_corpus(tmp_path, write):
    corpus = write("paha.csv", "segment_id;source;code;text\r\n"
                               f"1;{HOSTILE_SOURCE};tyonhaku;{HOSTILE_TEXT}\r\n"
                               f"2;{HOSTILE_SOURCE};paivarytmi;ok\r\n3;Toinen;jalkituki;ok\r\n")
    assert main(["rerun", "01", "--param", f"corpus={corpus}", "--out", str(tmp_path / "o")]) == 0
    page = (tmp_path / "o" / "01_teema-analyysi.html").read_text(encoding="utf-8")
    found = live_markup(page)
    assert not [s for s in found.scripts if "alert(" in s]
    assert not [h for h in found.handlers if "alert(" in (h[2] or "")]
    # the values are on the page, as text
    shown = "".join(found.text)
    assert HOSTILE_SOURCE in shown and HOSTILE_TEXT in shown


# --- every parameter checked before anything runs; nothing replaced without --force --------



def test_check_parameters_types_choices_and_ranges():
    available = {"SEED": 0, "THRESHOLD": 4.0, "PROJECTOR": False, "LANG": "fi", "CODER": None,
                 "CODES": "frame", "REPS": 500}
    assert check_parameters({"SEED": 3, "THRESHOLD": "3,5", "PROJECTOR": "kyllä", "CODER": 12,
                             "CODES": "own", "REPS": "200"}, available) == {
        "SEED": 3, "THRESHOLD": 3.5, "PROJECTOR": True, "CODER": "12", "CODES": "own", "REPS": 200}
    bad = [({"SEED": "abc"}, "seed=abc: expected a whole number"),
           ({"SEED": 2.5}, "expected a whole number"),
           ({"SEED": -1}, "at least 0"),
           ({"THRESHOLD": 7}, "between 1 and 5"),
           ({"PROJECTOR": "maybe"}, "expected true or false"),
           ({"LANG": "sv"}, "expected one of fi, en"),
           ({"CODES": "omat"}, "expected one of frame, own"),
           ({"REPS": True}, "expected a whole number")]
    for params, message in bad:
        with pytest.raises(ValueError, match=message):
            check_parameters(params, available)


@pytest.mark.parametrize("param, fragment", [("seed=abc", "expected a whole number"),
                                             ("lang=sv", "expected one of fi, en"),
                                             ("projector=ehkä", "true or false"),
                                             ("codes=omat", "one of frame, own")])
def test_rerun_bad_value_is_one_line_before_anything_runs(tmp_path, capsys, param, fragment):
    out = tmp_path / "never"
    code = main(["rerun", "01", "--param", param, "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and fragment in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_rerun_does_not_replace_results_without_force(tmp_path, capsys):
    out = tmp_path / "o"
    out.mkdir()
    earlier = out / "01_teema-analyysi.html"
    earlier.write_text("aiempi ajo")
    code = main(["rerun", "01", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and "use --force" in err and len(err.strip().splitlines()) == 1
    assert earlier.read_text() == "aiempi ajo"


def test_a_failure_inside_the_notebook_is_one_line(tmp_path):
    folder = tmp_path / "nb"
    folder.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "Python 3"}
    nb.metadata["language_info"] = {"name": "python"}
    params = nbformat.v4.new_code_cell("LIMIT = 1")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell("raise ValueError(f'liian suuri: {LIMIT}')")]
    nbformat.write(nb, folder / "09_x.ipynb")
    with pytest.raises(ValueError) as info:
        rerun("09", ["limit=5"], out=tmp_path / "o", folder=folder)
    message = str(info.value)
    assert "09_x.ipynb: the run stopped in cell" in message and "liian suuri: 5" in message
    assert "\n" not in message


HOSTILE_CODE = "<b onmouseover=alert('koodi')>oma</b>"


def test_rerun_with_a_project_in_own_codes(tmp_path, write, capsys):
    corpus = write("omat.csv", "segment_id;source;code;text\r\n"
                               f"1;Haastattelu 1;{HOSTILE_CODE};ensimmäinen\r\n"
                               "2;Haastattelu 1;arjen rytmi;toinen\r\n"
                               "3;Haastattelu 2;arjen rytmi;kolmas\r\n")
    project = tmp_path / "omat.qdpx"
    assert main(["export", "qdpx", "--corpus", str(corpus), "--codes", "own",
                 "--out", str(project)]) == 0
    capsys.readouterr()
    # without codes=own: one line that says exactly what works here
    code = main(["rerun", "01", "--param", f"corpus={project}", "--out", str(tmp_path / "x")])
    err = capsys.readouterr().err
    assert code == 2 and "--param codes=own" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x").exists()
    code = main(["rerun", "01", "--param", f"corpus={project}", "--param", "codes=own",
                 "--out", str(tmp_path / "o")])
    assert code == 0, capsys.readouterr().err
    page = (tmp_path / "o" / "01_teema-analyysi.html").read_text(encoding="utf-8")
    found = live_markup(page)
    assert not [h for h in found.handlers if "alert(" in (h[2] or "")]
    assert HOSTILE_CODE in "".join(found.text) and "arjen rytmi" in page
    executed = nbformat.read(tmp_path / "o" / "01_teema-analyysi.ipynb", as_version=4)
    assert not [o for c in executed.cells for o in c.get("outputs", [])
                if o.get("output_type") == "error"]

