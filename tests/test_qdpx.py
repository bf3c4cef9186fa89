"""REFI-QDA: a real ATLAS.ti export read as its provenance says; the kit's writes validate."""

import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import coachkit as ck
from coachkit.cli import main
from coachkit.formats import qdpx
from coachkit.unitising import character_agreement, paragraph_coding, paragraphs

REAL = Path(__file__).parent / "data" / "refi" / "atlasti_refi_standard_project.qdpx"
USER = "Friedrich Markgraf"


def test_real_atlasti_export_counts_as_counted_by_hand():
    p = qdpx.read_project(REAL)
    assert p.users and len(p.users) == 3
    assert len(p.codes) == 14
    counts = p.codings.groupby(["source", "code"]).size().to_dict()
    assert counts == {
        ("1994 Diet Coke-Diet Coke Break.docx", "Coke::diet Coke"): 1,
        ("Mabel.txt", "bacon and eggs"): 1, ("Mabel.txt", "cornflakes"): 1,
        ("Mabel.txt", "happiness"): 1,
        ("Simon.docx", "bacon and eggs"): 1, ("Simon.docx", "Feelings"): 1,
        ("Simon.docx", "happiness"): 1,
    }
    assert p.coders() == [USER]
    assert len(p.sources) == 6 and not p.sources["has_text"].any()
    assert len(p.notes) == 2  # non-text sources skipped; texts missing


def test_real_export_through_the_cli(capsys):
    code = main(["themes", "stars", str(REAL), "--codes", "own", "--json"])
    out, err = capsys.readouterr()
    assert code == 0
    records = [r for r in json.loads(out) if r["count"]]
    assert sum(r["count"] for r in records) == 7
    assert {r["source"] for r in records} == {"1994 Diet Coke-Diet Coke Break.docx", "Mabel.txt",
                                              "Simon.docx"}
    assert set(records[0]) == {"source", "category", "count", "stars"}
    assert err.count("coachkit: note:") == 2
    # under the default frame: one line listing the foreign codes, suggesting --codes own
    code = main(["themes", "stars", str(REAL)])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert "'Coke::diet Coke'" in err and "--codes own" in err
    # one coder only: agreement says so in one line
    code = main(["themes", "agreement", str(REAL), "--codes", "own"])
    out, err = capsys.readouterr()
    assert code == 2 and "only one coder ('Friedrich Markgraf')" in err


def _project(tmp_path, qde: str, texts=None, name="p.qdpx"):
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", qde)
        for member, text in (texts or {}).items():
            zf.writestr(member, text)
    return path


G = "00000000-0000-0000-0000-0000000000{:02d}"


def _two_coder_qde():
    def sel(n, start, end, code, user):
        return (f'<PlainTextSelection guid="{G.format(n)}" startPosition="{start}" endPosition="{end}">'
                f'<Coding guid="{G.format(n + 50)}" creatingUser="{user}">'
                f'<CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>')
    a, b = G.format(1), G.format(2)
    c1, c2 = G.format(10), G.format(11)
    text = "Haemme töitä yhdessä.\nHerään aamulla ajoissa.\nKolmas kappale.\n"
    p1, p2, p3 = paragraphs(text)
    selections = "".join([
        sel(20, *p1, c1, a), sel(21, *p1, c1, b),            # both: job search
        sel(22, *p2, c2, a), sel(23, p2[0], p2[0] + 5, c1, b),  # disagree on paragraph 2
        sel(24, *p3, c1, a),                                 # only A coded paragraph 3
    ])
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="t">
 <Users><User guid="{a}" name="Aino"/><User guid="{b}" name="Bertta"/></Users>
 <CodeBook><Codes>
  <Code guid="{G.format(12)}" name="Työllistymisen tukeminen ja ohjaus" isCodable="true">
   <Code guid="{c1}" name="tyonhaku" isCodable="true"/></Code>
  <Code guid="{c2}" name="Daily rhythm and routines" isCodable="true"/>
 </Codes></CodeBook>
 <Sources><TextSource guid="{G.format(30)}" name="Haastattelu 1" plainTextPath="internal://t1.txt">
 {selections}</TextSource>
 <PictureSource guid="{G.format(31)}" name="kuva.jpg" path="internal://k.jpg"/></Sources>
</Project>"""
    return qde, text


def test_two_coder_project_agreement_paragraphs_and_characters(tmp_path):
    qde, text = _two_coder_qde()
    path = _project(tmp_path, qde, {"Sources/t1.txt": text})
    res = ck.agreement(path, n_boot=20)
    assert res.coders == ["Aino", "Bertta"] and res.units == "paragraphs"
    assert res.n_segments == 3  # three coded paragraphs
    pa = res.overall.set_index("metric").loc["percent_agreement", "estimate"]
    assert pa == pytest.approx(1 / 3)  # paragraph 2 differs, paragraph 3 is (uncoded) for Bertta
    wide = res.disagreements.set_index("segment_id")
    assert wide.loc["Haastattelu 1 ¶3", "Bertta"] == "(uncoded)"
    assert wide.loc["Haastattelu 1 ¶2", "Aino"] == "paivarytmi"  # English name → kit id
    chars = res.characters.set_index("code")
    p1, p2, p3 = paragraphs(text)
    row = chars.loc["tyonhaku"]
    assert row["both"] == (p1[1] - p1[0]) + 0
    assert row["b_only"] == 5 and row["a_only"] == p3[1] - p3[0]
    assert row["both"] + row["a_only"] + row["b_only"] + row["neither"] == len(text)
    d = res.to_dict()
    assert d["units"] == "paragraphs" and {"both", "kappa"} <= set(d["characters"][0])


def test_read_coding_gives_the_paragraph_units_of_a_project(tmp_path):
    qde, text = _two_coder_qde()
    path = _project(tmp_path, qde, {"Sources/t1.txt": text})
    coding = ck.read_coding(path)
    assert list(coding.columns) == ["segment_id", "coder", "code"]
    assert len(coding) == 3 * 2 and set(coding["coder"]) == {"Aino", "Bertta"}


def test_several_codes_in_one_paragraph_the_longest_wins():
    spans = pd.DataFrame({"source": ["s"] * 3, "coder": ["A", "A", "B"], "code": ["x", "y", "y"],
                          "start": [0, 3, 0], "end": [3, 10, 10]})
    coding = paragraph_coding(spans, {"s": "0123456789"})
    assert coding.set_index("coder")["code"].to_dict() == {"A": "y", "B": "y"}
    ca = character_agreement(spans, {"s": "0123456789"}).set_index("code")
    assert ca.loc["y", "kappa"] == pytest.approx((0.7 + 0 - (0.7 * 1 + 0.3 * 0)) / (1 - 0.7))


def test_several_coders_need_coder_for_stars(tmp_path, capsys):
    qde, text = _two_coder_qde()
    path = _project(tmp_path, qde, {"Sources/t1.txt": text})
    code = main(["themes", "stars", str(path), "--json"])
    _, err = capsys.readouterr()
    assert code == 2 and "several coders: Aino, Bertta" in err
    code = main(["themes", "stars", str(path), "--coder", "Bertta", "--json"])
    out, _ = capsys.readouterr()
    counts = {r["category"]: r["count"] for r in json.loads(out)}
    assert counts["tyollistyminen"] == 2 and sum(counts.values()) == 2


@pytest.mark.parametrize("content,fragment", [
    (b"not a zip", "not a REFI-QDA project"),
    ("zip-without-qde", "has no project.qde"),
    ("<Project", "not well-formed XML (line 1"),
    ('<Project xmlns="urn:QDA-XML:project:1.0" name="x"><CodeBook><Codes/></CodeBook><Sources>'
     '<TextSource guid="{0}"><PlainTextSelection guid="{0}" endPosition="4"/></TextSource>'
     '</Sources></Project>', "element PlainTextSelection guid="),
    ('<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Sources><TextSource guid="{0}">'
     '<PlainTextSelection guid="{0}" startPosition="0" endPosition="4"><Coding guid="{0}">'
     '<CodeRef targetGUID="{0}"/></Coding></PlainTextSelection></TextSource></Sources></Project>',
     "which the codebook does not have"),
])
def test_bad_projects_are_one_line_exit_2(tmp_path, capsys, content, fragment):
    if content == "zip-without-qde":
        path = _project(tmp_path, "", name="x.qdpx")
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("other.txt", "x")
    elif isinstance(content, bytes):
        path = tmp_path / "x.qdpx"
        path.write_bytes(content)
    else:
        path = _project(tmp_path, content.format(G.format(1)), name="x.qdpx")
    code = main(["themes", "stars", str(path), "--codes", "own"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and fragment in err and "x.qdpx" in err


def test_export_validates_and_reads_back_to_the_same_star_table(tmp_path, capsys):
    target = tmp_path / "kit.qdpx"
    assert main(["export", "qdpx", "--out", str(target)]) == 0
    qde = zipfile.ZipFile(target).read("project.qde")
    qdpx.validate(qde)  # the official QDA-XML 1.0 schema
    original = ck.star_table(ck.read_corpus(ck.load_dataset("source_corpus")))
    back = ck.star_table(ck.read_corpus(target))
    cols = ["source", "category", "count", "stars"]
    pd.testing.assert_frame_equal(original[cols], back[cols])
    first = target.read_bytes()
    assert main(["export", "qdpx", "--out", str(target)]) == 2  # exists, no --force
    assert target.read_bytes() == first
    assert main(["export", "qdpx", "--out", str(target), "--force"]) == 0
    assert target.read_bytes() == first  # deterministic: same corpus, same bytes


def test_validation_catches_a_broken_project():
    bad = b'<?xml version="1.0"?><Project xmlns="urn:QDA-XML:project:1.0"><Users/></Project>'
    with pytest.raises(ValueError, match="does not validate"):
        qdpx.validate(bad)


def test_export_qdc_is_a_valid_codebook_with_the_hierarchy(tmp_path):
    target = tmp_path / "kit.qdc"
    assert main(["export", "qdc", "--out", str(target)]) == 0
    xml = target.read_bytes()
    qdpx.validate(xml, codebook=True)
    import xml.etree.ElementTree as ET

    root = ET.fromstring(xml)
    assert root.tag == "{urn:QDA-XML:codebook:1.0}CodeBook"
    goals = root.find("{*}Codes").findall("{*}Code")
    cb = ck.Codebook.load()
    assert [g.get("name") for g in goals] == list(cb.names("goal", "fi").values())
    assert sum(len(g.findall("{*}Code")) for g in goals) == len(cb.subcategories)


def test_import_writes_tables_and_a_workbook(tmp_path, capsys):
    out = tmp_path / "tuonti"
    assert main(["import", str(REAL), "--out", str(out), "--xlsx"]) == 0
    corpus = pd.read_csv(out / "corpus.csv", encoding="utf-8-sig")
    assert len(corpus) == 7 and set(corpus["coder"]) == {USER}
    book = pd.read_excel(out / "atlasti_refi_standard_project.xlsx", sheet_name=None)
    assert set(book) == {"corpus", "coding", "codebook", "sources"}
    # the imported CSV is a corpus the kit reads, with the same star table as the project
    again = ck.star_table(ck.read_corpus(out / "corpus.csv", codes="own"))
    direct = ck.star_table(ck.read_corpus(REAL, codes="own"))
    assert again["count"].sum() == direct["count"].sum() == 7
    capsys.readouterr()
    before = (out / "corpus.csv").read_bytes()
    assert main(["import", str(REAL), "--out", str(out)]) == 2
    assert (out / "corpus.csv").read_bytes() == before


def test_saturation_command_for_csv_xlsx_and_qdpx(tmp_path, capsys):
    corpus = ck.data_dir() / "synthetic" / "source_corpus.csv"
    assert main(["themes", "saturation", str(corpus), "--json", "--orders", "50"]) == 0
    res = json.loads(capsys.readouterr().out)
    assert res["documents"] == 6 and res["curve"][-1]["observed"] == res["total_codes"]
    assert {"saturated", "n_documents", "base_codes", "runs"} <= set(res)
    target = tmp_path / "kit.qdpx"
    main(["export", "qdpx", "--out", str(target)])
    capsys.readouterr()
    assert main(["themes", "saturation", str(target), "--json", "--orders", "50"]) == 0
    assert json.loads(capsys.readouterr().out)["total_codes"] == res["total_codes"]
    assert main(["themes", "saturation", str(corpus), "--base", "6"]) == 2
    err = capsys.readouterr().err
    assert "needs more documents" in err and "source_corpus.csv" in err
