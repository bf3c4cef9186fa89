"""The classroom's door without a server: codes, Host and Origin rules, pages per client.

The same rules over HTTP, against a running classroom, are in ``test_classroom.py``.
"""

import pytest

from coachkit.teaching.access import Gate, PageCount, TooManyPages, check_code, host_name


def test_on_this_machine_only_no_class_code_but_foreign_names_refused():
    gate = Gate(ip="127.0.0.1", port=8866)
    assert gate.class_code is None
    assert gate.host_allowed("localhost:8866") and gate.host_allowed("[::1]:8866")
    assert not gate.host_allowed("evil.example:8866")
    assert not gate.host_allowed("192.0.2.7:8866")  # not this classroom's address
    assert Gate(ip="127.0.0.1", port=8866, code="oma-koodi").class_code == "oma-koodi"
    wide = Gate(ip="0.0.0.0", port=8866)
    assert wide.class_code and len(wide.class_code) == 8
    assert wide.host_allowed("192.0.2.7:8866") and not wide.host_allowed("evil.example")
    assert Gate(ip="0.0.0.0", port=8866).class_code != wide.class_code


@pytest.mark.parametrize(("origin", "ok"), [(None, True), ("http://127.0.0.1:8866", True),
                                           ("http://evil.example", False), ("null", False),
                                           ("https://127.0.0.1:8866.evil.example", False),
                                           ("file://", False)])
def test_only_the_pages_own_origin_passes(origin, ok):
    assert Gate(ip="127.0.0.1", port=8866).origin_allowed(origin, "127.0.0.1:8866") is ok


@pytest.mark.parametrize("code", ["", "abc", "a b c d e f", "koodi&x=1", "ä" * 8, "x" * 65])
def test_a_code_that_cannot_go_into_an_address_is_refused(code):
    with pytest.raises(ValueError, match="--code"):
        check_code(code)


def test_host_names_are_compared_without_port_case_or_final_dot():
    assert host_name("LUOKKA.example.:8866") == "luokka.example"
    assert Gate(ip="127.0.0.1", port=1, allow_hosts=["Luokka.Example"]).host_allowed(
        "luokka.example.:1")


def test_a_closed_pages_kernel_frees_its_place():
    count = PageCount(1)
    alive = {"k1"}
    count.noted(count.admit("192.0.2.7", alive), "k1")
    with pytest.raises(TooManyPages):
        count.admit("192.0.2.7", alive)
    count.admit("192.0.2.8", alive)  # another student's machine has its own places
    alive.clear()  # the kernel was culled
    assert count.admit("192.0.2.7", alive)


def test_a_restart_keeps_the_codes_and_the_file_is_the_trainers_only(tmp_path):
    """A classroom restarted on the same folder keeps its class and trainer codes (the QR code on
    the projector and the students' cookies still work); the file holding them is mode 0600."""
    import json
    import stat

    from coachkit.teaching.access import CODES_FILE, class_gate

    first = class_gate(tmp_path, ip="0.0.0.0", port=8866)
    path = tmp_path / CODES_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = class_gate(tmp_path, ip="0.0.0.0", port=8866)
    assert (again.class_code, again.trainer_code) == (first.class_code, first.trainer_code)
    assert again._class_value == first._class_value          # a student's cookie still opens it
    # on this machine only: no class code asked, but the trainer's code and the kept class code stay
    local = class_gate(tmp_path, ip="127.0.0.1", port=8866)
    assert local.class_code is None and local.trainer_code == first.trainer_code
    assert class_gate(tmp_path, ip="0.0.0.0", port=8866).class_code == first.class_code
    # --code replaces the kept class code
    chosen = class_gate(tmp_path, ip="0.0.0.0", port=8866, code="kerta2-syksy")
    assert chosen.class_code == "kerta2-syksy"
    assert json.loads(path.read_text())["class"] == "kerta2-syksy"
    # a damaged file or one deleted gives new codes, never an error
    path.write_text("{ei jsonia")
    fresh = class_gate(tmp_path, ip="0.0.0.0", port=8866)
    assert fresh.class_code and fresh.trainer_code != first.trainer_code
    path.unlink()
    assert class_gate(tmp_path, ip="0.0.0.0", port=8866).trainer_code != fresh.trainer_code
