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
