import nbformat
import pytest

from coachkit.cli import main
from coachkit.rerun import find_notebook, notebook_parameters, parse_params, rerun
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
    for key in ("01", "02", "03", "04", "05"):
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
