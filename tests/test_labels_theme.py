"""The label catalogue and the projector theme."""

import matplotlib.pyplot as plt
import pytest

import coachkit as ck
from coachkit._labels import CATALOGUE, label


def test_every_label_has_both_languages():
    for key, (fi, en) in CATALOGUE.items():
        assert fi and en, key


def test_unknown_label_and_language():
    with pytest.raises(ValueError, match="lang"):
        label("source", lang="sv")
    with pytest.raises(ValueError, match="label"):
        label("no-such-key")


def test_projector_theme_enlarges_fonts():
    ck.set_theme()
    normal = plt.rcParams["font.size"]
    ck.set_theme(projector=True)
    assert plt.rcParams["font.size"] > normal * 1.5
    ck.set_theme()
