import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

# Property tests judge rules, not speed: on a loaded 2-core CI machine an example may take
# longer than hypothesis's default 200 ms deadline without anything being wrong.
settings.register_profile("coachkit", deadline=None)
settings.load_profile("coachkit")

#: files whose tests run notebooks, start servers or drive a browser: the whole suite
#: (``make test``) runs them, the fast tier (``make test-fast``) leaves them out
SLOW_FILES = {"test_notebooks.py", "test_browser.py", "test_exercises.py", "test_classroom.py",
              "test_handouts_rerun.py", "test_bench.py", "test_hub.py",
              "test_class_browser.py", "test_pseudonymise_planted.py", "test_wheel.py"}


def pytest_ignore_collect(collection_path, config):
    """In the fast tier (``-m "not slow"``) the slow files are not even imported: their imports
    (nbformat's schema validator, Playwright) cost seconds in every worker."""
    if config.getoption("markexpr", "") == "not slow" and collection_path.name in SLOW_FILES:
        return True
    return None


def pytest_collection_modifyitems(config, items):
    """Mark the slow tests: those in SLOW_FILES and any test that opens Chromium."""
    for item in items:
        if (item.path.name in SLOW_FILES or "chromium" in item.name
                or "chromium" in getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(autouse=True)
def _new_page():
    """Each test is a new student page: no name, forms or answers left from another test
    (a name left behind would make a later test's checks save into its folder)."""
    import sys

    yield
    forms = sys.modules.get("coachkit.teaching.forms")
    if forms is not None:
        forms.reset_page()


@pytest.fixture
def rng():
    return np.random.default_rng(20121)


@pytest.fixture
def small_corpus():
    """Two sources, codes given as subcategory ids and as goal ids."""
    return pd.DataFrame({
        "segment_id": [f"s{i}" for i in range(8)],
        "source": ["A", "A", "A", "A", "B", "B", "B", "C"],
        "text": ["x"] * 8,
        "code": ["tyonhaku", "tyonhaku", "tyollistyminen", "paivarytmi",
                 "osaaminen", "ammattitaito", "jalkituki", "tyokyky"],
        "excluded": ["false"] * 7 + ["true"],
    })


@pytest.fixture
def two_coders():
    """Five segments, coders agree on four."""
    return pd.DataFrame({
        "segment_id": ["u1", "u1", "u2", "u2", "u3", "u3", "u4", "u4", "u5", "u5"],
        "coder": ["A", "B"] * 5,
        "code": ["x", "x", "y", "y", "x", "y", "z", "z", "y", "y"],
    })


@pytest.fixture
def write(tmp_path):
    """Write text (or bytes) to a file in tmp_path and return its path."""

    def _write(name, content, encoding="utf-8"):
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode(encoding))
        return path

    return _write


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium (the Makefile's set-up installs it); skipped, saying why, where absent."""
    pytest.importorskip("playwright", reason="playwright (a test dependency) is not installed")
    from benchmarks import browser as br

    path = br.find_chromium()
    if path is None:
        pytest.skip("no Chromium: the Makefile's set-up installs Debian's 'chromium' (make test)")
    return path


@pytest.fixture(scope="module")
def chrome(chromium):
    """One headless Chromium for a test module (Playwright, ``executable_path``)."""
    from benchmarks import browser as br

    with br.browser(chromium) as b:
        yield b
