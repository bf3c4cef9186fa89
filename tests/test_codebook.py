import pandas as pd

import coachkit as ck


def test_goal_ids_are_the_public_contract():
    assert ck.GOAL_IDS == ("arjenhallinta", "tyokyky", "osaaminen", "tyollistyminen",
                           "tyossajaksaminen")
    assert tuple(ck.load_dataset("goals")["goal_id"]) == ck.GOAL_IDS


def test_hierarchy_is_complete():
    cb = ck.Codebook.load()
    h = cb.hierarchy()
    assert set(h["goal_id"]) == set(ck.GOAL_IDS)
    assert h["subcategory_id"].is_unique
    assert set(h["phase_id"]) == {"kuntoutus", "valmennus", "tyollistaminen"}
    assert h.groupby("goal_id").size().min() >= 3
    assert cb.pole_of("tyossajaksaminen") == "mielekas_tyoelama"
    assert not h.isna().any().any()
    en = cb.hierarchy(lang="en")
    assert en.loc[en["goal_id"] == "tyokyky", "goal"].iloc[0] == "Promoting work and functional capacity"


def test_codebook_rows_have_anchor_examples():
    subs = ck.load_dataset("subcategories")
    for col in ["name_fi", "name_en", "description_fi", "anchor_fi"]:
        assert (subs[col].str.len() > 3).all(), col
    values = ck.load_dataset("values")
    assert values["code_id"].is_unique and len(values) >= 12


def test_every_dataset_loads():
    for name in ck.list_datasets()["name"]:
        df = ck.load_dataset(name)
        assert isinstance(df, pd.DataFrame) and len(df) > 0, name
