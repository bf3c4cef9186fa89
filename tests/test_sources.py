"""Every statement the kit attributes to a source can be found where it says, and is cited as
people cite the work (never by a file name)."""

import json
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from tests.support.claims import chapter_of, locator_problems, seed_dir

from coachkit.reference.sources import CLAIMS, KINDS, SOURCES, Locator, cite

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SEEDS = seed_dir()
needs_seeds = pytest.mark.skipif(SEEDS is None, reason="COACHKIT_SEEDS is not set (the folder "
                                 "holding copies of the sources; .ci/run sets it)")


def test_seed_folder_named_by_the_environment_exists():
    """A COACHKIT_SEEDS that points nowhere is an error, not a quiet skip of every locator."""
    if SEEDS is not None:
        assert SEEDS.is_dir(), f"COACHKIT_SEEDS={SEEDS} is not a folder"
        assert any(SEEDS.glob("*.txt")), f"COACHKIT_SEEDS={SEEDS} holds no copies (*.txt)"

#: data files and their note columns that cite a source (values are claim ids, ";"-separated)
NOTE_COLUMNS = {
    "codebook/values.csv": "source_note", "codebook/goals.csv": "source_note",
    "codebook/client_profiles.csv": "source_note", "published/table1_stars.csv": "citation",
    "reconstructed/ips25_items.csv": "verified",
    "codebook/plan_phases.csv": "source_note", "codebook/plan_activities.csv": "source_note",
    "codebook/orientations.csv": "source_note", "codebook/orientation_ips25.csv": "source_note",
    "codebook/benefit_areas.csv": "source_note", "codebook/benefit_items.csv": "source_note",
}
#: a chapter reference or an author-year citation
CHAPTER = re.compile(r"\b(luku|luvut|ch\.|chs\.) \d|\b[A-ZÄÖ][a-zäö]+ (19|20)\d\d\b")
#: how a source file is named (never shown to people)
FILE_NAME = re.compile(r"seed\s*`*0\d\d|0\d\d_[0-9a-f]{16}\.txt", re.IGNORECASE)


def test_every_claim_is_well_formed():
    for cid, claim in CLAIMS.items():
        assert claim.kind in KINDS, cid
        assert claim.at and claim.fi and claim.en, cid
        for loc in claim.at:
            assert loc.source in SOURCES, cid
            has_copy = SOURCES[loc.source].file is not None
            # a claim on a copied source names its lines; an outside work has none to name
            assert bool(loc.lines) == has_copy, cid
            if claim.kind in ("source", "derived"):
                assert has_copy, f"{cid}: a {claim.kind} claim must point into a copied source"


@needs_seeds
@pytest.mark.parametrize("cid", [c for c, cl in CLAIMS.items() if cl.at[0].lines])
def test_locator_points_at_the_claim(cid):
    for loc in CLAIMS[cid].at:
        assert (SEEDS / SOURCES[loc.source].file).is_file()
        assert locator_problems(loc) == [], cid


@needs_seeds
def test_a_wrong_locator_is_caught():
    right = CLAIMS["te.cap_50h"].at[0]
    assert locator_problems(right) == []
    # the wrong chapter for the K/V codes: ch. 3 instead of ch. 2
    kv = CLAIMS["coaches.codes"].at[0]
    assert locator_problems(Locator(kv.source, "3", kv.lines, kv.keys))
    # a number that is not in the cited lines
    assert locator_problems(Locator(right.source, right.chapter, right.lines, ("60",)))
    # lines past the end of the file
    assert locator_problems(Locator(right.source, right.chapter, (1, 10**6)))


@needs_seeds
def test_chapters_of_the_study_are_found():
    assert chapter_of("pikkusaari2012", 721) == "4.1"
    assert chapter_of("pikkusaari2012", 783) == "4.2"
    assert chapter_of("pikkusaari2012", 970) == "4.3"
    assert chapter_of("opinnaytetyo", 2094) == "6.2"
    assert chapter_of("palvelumuotoilu", 197) == "1"


def test_claims_are_data_and_their_words_are_the_catalogues():
    """The works and the claims' kinds and places come from a data file; the words people read
    are catalogue keys, one per claim in every language (a translation covers them)."""
    from coachkit.i18n import catalogue, languages
    from coachkit.reference.sources import DATA_FILE

    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    assert set(data["claims"]) == set(CLAIMS) and set(data["sources"]) == set(SOURCES)
    assert all(set(fields) == {"kind", "at"} for fields in data["claims"].values())
    for lang in languages():
        keys = {k.removeprefix("claim.") for k in catalogue(lang) if k.startswith("claim.")}
        assert keys == set(CLAIMS), lang
    assert CLAIMS["target.club_81"].text("en") == ("21 people took part in the job-search clubs, "
                                                   "81 % found a job")


def test_citations_name_the_work_not_the_file():
    for cid in CLAIMS:
        for lang in ("fi", "en"):
            text = cite(cid, lang)
            assert not FILE_NAME.search(text) and ".txt" not in text, text
    assert cite("target.hame_25") == "Pikkusaari 2012, luku 4.1"
    assert cite("coaches.codes") == "Pikkusaari 2012, luku 2"


def test_label_catalogue_cites_only_through_claims():
    """A catalogue text that names a work or a chapter is a claim's, keyed by the claim's id."""
    from coachkit.i18n import catalogue, languages, t

    shorts = [s.short for s in SOURCES.values()]
    for lang in languages():
        for key, text in catalogue(lang).items():
            assert not FILE_NAME.search(text), key
            if any(short in text for short in shorts) or CHAPTER.search(text):
                assert key.startswith("claim.") and key.removeprefix("claim.") in CLAIMS, key
    assert all(CLAIMS[c].kind == "derived" for c in CLAIMS if c.startswith("order."))
    assert "Tutkimuksen havainto" not in t("column.claim", "fi")


def test_data_notes_carry_claim_ids():
    found = {}
    for path in DATA.rglob("*.csv"):
        header = pd.read_csv(path, nrows=0).columns
        for column in set(header) & {"source_note", "citation", "verified", "claim"}:
            found[str(path.relative_to(DATA))] = column
        # a column named like a citation but outside the checked set would escape the check
        stray = [c for c in header if re.fullmatch(r"(?i)cite|source_ref|reference|ref", c)]
        assert not stray, f"{path.relative_to(DATA)}: citation column {stray} must be source_note"
    assert found == NOTE_COLUMNS  # a new note column is checked here too, once listed
    for name, column in NOTE_COLUMNS.items():
        notes = pd.read_csv(DATA / name, keep_default_na=False)[column]
        for note in notes:
            ids = [part.strip() for part in note.split(";")]
            assert ids and all(i in CLAIMS for i in ids), f"{name}: {note!r}"
    for meta_path in DATA.glob("**/*.meta.json"):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        assert meta["claim"] in CLAIMS, meta_path
        assert not FILE_NAME.search(meta["citation"]), meta_path
        assert meta["citation"].startswith(cite(meta["claim"]).split(",")[0]), meta_path
    calibration = json.loads((DATA / "calibration" / "selection.json").read_text(encoding="utf-8"))
    for key, target in calibration["targets"].items():
        assert target["claim"] in CLAIMS, key
        assert not FILE_NAME.search(target["source"]), key
        assert f"{round(target['value'] * 100)}" in CLAIMS[target["claim"]].fi, key
        if target["assumption"]:
            # where 25 % and 44 % are shown, they are called the kit's assumption
            assert "Kitin oletus" in target["source"], key


def test_ips_item_list_is_not_filed_as_published():
    assert not (DATA / "published" / "ips25_items.csv").exists()
    from coachkit.datasets import DATASETS

    assert DATASETS["ips25_items"][0] != "published"


def _shown_texts():
    """Text people read: notebooks, exercise masters and copies, course guide, README."""
    paths = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "exercises").rglob("*.ipynb"))
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        for i, cell in enumerate(nb.cells):
            yield f"{path.relative_to(ROOT)} cell {i}", cell.source
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")


def test_no_file_names_as_citations_where_people_read():
    bad = [where for where, text in _shown_texts() if FILE_NAME.search(text)]
    assert bad == []


def test_parameter_table_cites_as_people_do():
    from coachkit.models import selection
    table = selection.params_table(selection.SelectionParams())
    assert not table["source"].str.contains(FILE_NAME).any()
    wbl = table.set_index("parameter").loc["wbl_share", "source"]
    assert "kahdessa" in wbl and "Pikkusaari 2012, luku 4.3" in wbl
    intercept = table.set_index("parameter").loc["employment_intercept", "source"]
    assert "kitin oletus" in intercept


def test_notebook01_names_the_commonest_disagreements():
    """The example of a typical disagreement is the one the shipped data has most."""
    import coachkit as ck

    coding = ck.load_dataset("coach_coding").pivot(index="segment_id", columns="coder",
                                                    values="code")
    differ = coding[coding["A"] != coding["B"]]
    pairs = differ.apply(lambda r: tuple(sorted((r["A"], r["B"]))), axis=1).value_counts()
    top = pairs[pairs == pairs.max()].index
    names = ck.load_dataset("values").set_index("code_id")["name_fi"].str.lower()
    nb = nbformat.read(ROOT / "notebooks" / "01_teema-analyysi.ipynb", as_version=4)
    cell = next(c.source for c in nb.cells if "Diagonaalin ulkopuoliset" in c.source).lower()
    for a, b in top:
        assert names[a] in cell and names[b] in cell, (a, b)
    words = {2: "kaksi", 3: "kolme", 4: "neljä", 5: "viisi"}
    assert words.get(int(pairs.max()), str(pairs.max())) in cell


def test_file_names_live_only_in_the_registry():
    """Docstrings, help texts, parameter notes and dataset descriptions cite works, not files;
    the copies' file names are kept in the claims' data file alone."""
    package = ROOT / "src" / "coachkit"
    bad = [str(p.relative_to(ROOT)) for p in package.rglob("*") if p.is_file()
           and p.suffix in (".py", ".po", ".csv") and FILE_NAME.search(p.read_text(encoding="utf-8"))]
    assert bad == []
    from coachkit.datasets import list_datasets
    from coachkit.models.selection import SelectionParams, params_table

    assert not list_datasets()["description"].str.contains(FILE_NAME).any()
    for lang in ("fi", "en"):
        notes = params_table(SelectionParams(), lang)[["meaning", "source"]]
        assert not notes.stack().str.contains(FILE_NAME).any(), lang


def test_44_percent_is_shown_with_the_kits_assumption():
    """Where a notebook cell shows the 44 % target it says the tie to strategy A is assumed."""
    shown = [(where, text) for where, text in _shown_texts()
             if where.startswith("notebooks") and re.search(r"\b44 %", text)]
    assert shown
    for where, text in shown:
        assert re.search(r"(?i)oletus|assumption", text), where


def test_a_data_note_is_cited_once_per_work():
    from coachkit.reference.sources import cite_note

    note = "cooperation.two_thirds; assumption.followup_counts; ips.follow_up"
    assert cite_note(note) == "Pikkusaari 2012, luvut 3.1 ja 4.2"
    assert cite_note(note, lang="en") == "Pikkusaari 2012, chs. 3.1 and 4.2"
    with pytest.raises(ValueError, match="claim"):
        cite_note("cooperation.two_thirds; no.such.claim")
    with pytest.raises(ValueError):
        cite_note(" ; ")


def test_the_coaching_parts_cite_through_claims():
    """Orientations, service benefit and the coaching year show citations made from claims."""
    from coachkit.analyses import benefit
    from coachkit.models import orientations, planning
    from coachkit.reference.sources import cite_note

    for table, note in ((planning.phases(), "source_note"), (planning.activities(), "source_note")):
        assert (table["cite"] == table[note].map(cite_note)).all()
    cov = orientations.ips_coverage()
    described = cov[cov["claim"] != ""]
    assert (described["cite"] == described["claim"].map(cite_note)).all()
    assert not benefit.instrument()["cite"].str.contains(FILE_NAME).any()
    assert planning.SOURCES and all(cid in CLAIMS for cid in planning.SOURCES.values())


# --- issue 18 §5: what the class is taught is exactly as strong as the source -----------------

def test_claims_keep_the_sources_hedges_and_chapters():
    from coachkit.reference.sources import cite_note

    # the coaches' descriptions: active search without a client "is not typical" — not "never"
    contacts = CLAIMS["orient.coach.employer_contacts"]
    assert "ei ole heidän työssään tavallista" in contacts.fi and "not typical" in contacts.en
    assert "eikä työpaikkoja etsitä" not in contacts.fi
    # the thesis: phases in ch. 6.3, the poles of the continuum in ch. 5.2 and 6.4
    assert cite("thesis.phases") == "Opinnäytetyö työvalmennuksen käsitteestä, luvut 5.2, 6.3 ja 6.4"
    assert [loc.chapter for loc in CLAIMS["thesis.phases"].at] == ["5.2", "6.3", "6.4"]
    # the qualification: a demonstration has been possible since 2012, not "it is done so"
    assert "on voinut suorittaa" in CLAIMS["qualification.demonstration"].fi
    guide = (ROOT / "docs" / "kurssiopas.md").read_text(encoding="utf-8")
    assert "Tutkinto suoritetaan näyttönä" not in guide
    assert "tutkinnon on voinut suorittaa näytöllä" in " ".join(guide.split())
    # the values frame: workload from ch. 4.3, documentation from ch. 3.1 (step 8)
    notes = pd.read_csv(DATA / "codebook" / "values.csv").set_index("code_id")["source_note"]
    assert cite_note(notes["kuormitus"]) == "Pikkusaari 2012, luku 4.3"
    assert notes["dokumentointi"] == "cooperation.documenting_step8"
    assert cite_note(notes["dokumentointi"]) == "Pikkusaari 2012, luku 3.1"


def test_the_job_clubs_81_percent_is_an_outcome_not_an_effect():
    shown = " ".join(text for _, text in _shown_texts())
    assert "converts 81" not in shown
    assert CLAIMS["assumption.club_effect"].kind == "assumption"
    calibration = json.loads((DATA / "calibration" / "selection.json").read_text(encoding="utf-8"))
    club = calibration["targets"]["club_conversion"]
    assert club["assumption"] == "assumption.club_effect" and "Kitin oletus" in club["source"]


def _cells(path):
    return [c.source for c in nbformat.read(ROOT / path, as_version=4).cells]


def test_orientation_texts_are_as_strong_as_the_study():
    """Coaching-centred support ends *at the latest* when work starts; the model's job search
    starts *mainly within a month*; the assessing coach *may* suggest what follows."""
    from coachkit.i18n import t

    table = pd.read_csv(DATA / "codebook" / "orientations.csv").set_index("orientation_id")
    assessing = " ".join(t(f"orientation.arvioiva.{k}", "fi") for k in ("stops", "follow_up", "ends_in"))
    assert "arvio on valmis" not in assessing and "siirtyy toiselle palvelulle" not in assessing
    assert "voi ehdottaa" in assessing and "auttaa hakemaan työtä" in assessing
    assessing_en = " ".join(t(f"orientation.arvioiva.{k}", "en") for k in ("stops", "follow_up", "ends_in"))
    assert "may suggest" in assessing_en and "help to look for work" in assessing_en
    assert "orient.assess.may_continue" in table.loc["arvioiva", "source_note"]
    assert "viimeistään" in t("orientation.valmennuskeskeinen.stops", "fi")
    assert "at the latest" in t("orientation.valmennuskeskeinen.stops", "en")
    cells = _cells("notebooks/06_orientaatiot.ipynb")
    text = " ".join(" ".join(c.split()) for c in cells)
    assert "juuri kun työ alkaa" not in text and "työnhaku alkaa heti" not in text
    assert "one check 3–6 months later" not in text and "ending in a statement and a referral" not in text
    lesson = next(c for c in cells if "Mitä tämä tarkoittaa valmentajalle?" in c)
    lesson = " ".join(lesson.split())
    assert "viimeistään" in lesson and "pääosin kuukauden sisällä" in lesson
    assert "voi ehdottaa" in lesson


def test_lessons_from_synthetic_data_say_the_data_were_built_so():
    for path in ("notebooks/06_orientaatiot.ipynb", "notebooks/08_valmennusvuosi.ipynb"):
        lessons = [" ".join(c.split()) for c in _cells(path)
                   if "Mitä tämä tarkoittaa valmentajalle?" in c]
        assert lessons, path
        for lesson in lessons:  # at the lesson itself, not only at the top of the notebook
            assert "synteettis" in lesson and "kitti on rakentanut" in lesson, path
    cells = _cells("exercises/source/08_palvelun-hyoty.ipynb")
    before_8b = cells[:next(i for i, c in enumerate(cells) if 'tehtava("8b")' in c)]
    caveat = " ".join(" ".join(c.split()) for c in before_8b)
    assert "Aineiston on tehnyt kitti" in caveat and "kitin oletuksia" in caveat


def test_the_two_thirds_and_the_rhythm_are_credited_alike_in_9a_and_notebook_08():
    """Task 9a sets the study's two-thirds advice as the exercise's own target and credits the
    follow-up rhythm to the IPS model; notebook 08 says the kit's check never enforces it."""
    from coachkit.teaching.tasks import TASKS

    q = TASKS["9a"].question
    assert "neuvona" in q and "harjoituksessa se on tavoite" in q
    assert "(IPS)" in q and "ei TE-palvelun vaatimus" in q and cite("ips.follow_up") in q
    notebook = " ".join(" ".join(c.split()) for c in _cells("notebooks/08_valmennusvuosi.ipynb"))
    assert "harjoituksessa 9 neuvo on harjoituksen oma tavoite" in notebook
    assert "exercise 9 asks students to reach it as the exercise's own target" in notebook
    assert "Rytmi on IPS-mallin, ei TE-palvelun sääntö" in notebook


def test_7b_keeps_the_kits_counting_apart_from_the_rule_credited_to_the_study():
    from coachkit.teaching.tasks import TASKS

    q = TASKS["7b"].question
    credited, counting = q.split("tässä tehtävässä käytetään", 1)
    assert cite("ips.follow_up") in credited
    assert "neljä" not in credited and "2–12" not in credited
    assert "kitin laskutapaa" in counting and "neljä" in counting and "2–12" in counting
