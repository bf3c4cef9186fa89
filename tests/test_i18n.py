"""The one language layer (issue 20 §1): whole catalogues, new languages by file, CLDR numbers."""

import shutil

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from coachkit import i18n


def _copy_catalogues(tmp_path):
    folder = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, folder)
    return folder


def _read(folder, lang):
    with (folder / lang / "LC_MESSAGES" / "coachkit.po").open("rb") as fh:
        return read_po(fh)


def _write(folder, lang, catalog):
    path = folder / lang / "LC_MESSAGES" / "coachkit.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalog)


def test_every_key_is_in_every_language_and_none_is_empty():
    assert i18n.languages()[:2] == ("fi", "en")
    assert i18n.problems() == []
    fi, en = i18n.catalogue("fi"), i18n.catalogue("en")
    assert set(fi) == set(en) and len(fi) > 400


def test_problems_name_a_missing_key_an_empty_text_a_copied_text_and_a_lost_placeholder(tmp_path):
    folder = _copy_catalogues(tmp_path)
    en = _read(folder, "en")
    del en["column.source"]
    en["column.rank"].string = ""
    en["column.rule"].string = "Sääntö"  # left in Finnish
    en["value.ci_method.bootstrap"].string = "bootstrap"
    _write(folder, "en", en)
    with i18n.use_catalogues(folder):
        found = i18n.problems()
        with pytest.raises(KeyError, match="'column.source' in language 'en'"):
            i18n.t("column.source", "en")
    assert found == ["en: column.source missing", "en: column.rank is empty",
                     "en: column.rule is the fi text 'Sääntö' (translate it or flag it language-neutral)",
                     "en: value.ci_method.bootstrap has placeholders [], fi has ['{0}']"]


def test_a_swedish_catalogue_is_one_file_and_numbers_follow_it(tmp_path):
    folder = _copy_catalogues(tmp_path)
    assert "sv" not in i18n.languages()
    with pytest.raises(ValueError, match="got 'sv'"):
        i18n.check_lang("sv")
    sv = Catalog(locale="sv", domain="coachkit")
    swedish = {"column.source": "Källa", "bool.true": "ja", "bool.false": "nej"}
    for message in _read(folder, "en"):
        if message.id:
            sv.add(message.id, swedish.get(message.id, message.string), flags=message.flags)
    _write(folder, "sv", sv)
    with i18n.use_catalogues(folder):
        assert i18n.languages() == ("fi", "en", "sv")
        assert i18n.check_lang("sv") == "sv"
        assert i18n.t("column.source", "sv") == "Källa"
        assert i18n.problems() == []
        # CLDR sv: decimal comma, no-break space between thousands and before the percent sign
        assert i18n.format_number(0.25, "sv", 2) == "0,25"
        assert i18n.format_int(1234567, "sv") == "1\xa0234\xa0567"
        assert i18n.format_percent(0.151, "sv") == "15,1\xa0%"
        assert i18n.format_bool(True, "sv") == "ja"
        assert i18n.parse_bool("Nej") is False and i18n.parse_bool("kyllä") is True
        # a key the Swedish file lacks is reported, not filled in from another language
        del sv["column.rank"]
        _write(folder, "sv", sv)
        assert i18n.problems() == ["sv: column.rank missing"]
        with pytest.raises(KeyError):
            i18n.t("column.rank", "sv")


@pytest.mark.parametrize(("value", "lang", "decimals", "shown"), [
    (0.6412, "fi", 2, "0,64"), (0.6412, "en", 2, "0.64"),
    (1200, "fi", None, "1\xa0200"), (1200, "en", None, "1,200"),
    (24898.4, "fi", None, "24\xa0898"), (0.5, "fi", None, "0,5"), (2.0, "en", None, "2"),
    (-2.25, "fi", 1, "-2,3"), (0.125, "en", 2, "0.13"), (None, "fi", None, "–"), (float("nan"), "en", 2, "–"),
])
def test_numbers_are_written_the_languages_way(value, lang, decimals, shown):
    assert i18n.format_number(value, lang, decimals) == shown


def test_halves_are_rounded_away_from_zero_as_people_do():
    """Babel rounds half to even by default (0,05 % would show as 0,0 %); people and the kit's
    earlier formatting round half up, and students type what they see."""
    assert i18n.format_percent(0.0005, "fi", 1) == "0,1\xa0%"
    assert i18n.format_number(2.5, "en", 0) == "3"


def test_percentages_and_counts():
    assert i18n.format_percent(0.151, "fi") == "15,1\xa0%"
    assert i18n.format_percent(0.151, "en") == "15.1%"
    assert i18n.format_percent(1, "fi", 0) == "100\xa0%"
    assert i18n.format_int(2.5, "fi") == "2" and i18n.format_int(10_000, "en") == "10,000"


def test_check_lang_is_the_one_list_of_languages():
    assert i18n.check_lang("fi") == "fi"
    for bad in ("sv", "FI", "", None, "fi_FI"):
        with pytest.raises(ValueError, match="lang must be one of 'fi', 'en'"):
            i18n.check_lang(bad)


def test_parse_bool_accepts_the_words_both_old_vocabularies_accepted():
    # the words of checks' old _TRUE/_FALSE (now deleted: checks uses parse_bool) and rerun's _TRUTH
    old_true = {"true", "1", "yes", "kyllä", "kylla", "k", "x", "tosi"}
    old_false = {"false", "0", "no", "ei", "e", "", "epätosi"}
    for word in old_true:
        assert i18n.parse_bool(word) is True, word
        assert i18n.parse_bool(f" {word.upper()} ") is True, word
    for word in old_false:
        assert i18n.parse_bool(word) is False, word
    for word, value in {"true": True, "false": False, "kyllä": True, "ei": False, "1": True,
                        "0": False}.items():
        assert i18n.parse_bool(word) is value, word
    for bad in ("maybe", "2", "kyllä ei", "yes!"):
        with pytest.raises(ValueError, match="expected a truth value"):
            i18n.parse_bool(bad)


def test_stray_words_find_finnish_left_on_an_english_page():
    page = "<h1>Coach workload</h1><th>Tunteja yhteensä</th>"
    assert i18n.stray_words(page, "en") == ["column.total_hours"]
    assert i18n.stray_words("<th>Total hours</th>", "en") == []
    assert i18n.stray_words(page, "fi") == ["label.hours_title"]


def test_a_default_serves_only_keys_no_language_has(tmp_path):
    assert i18n.t("value.strategy.own_rule", "en", default="own_rule") == "own_rule"
    folder = _copy_catalogues(tmp_path)
    en = _read(folder, "en")
    del en["strategy.open"]
    _write(folder, "en", en)
    with i18n.use_catalogues(folder), pytest.raises(KeyError, match="'strategy.open' in language 'en'"):
        i18n.t("strategy.open", "en", default="open")
