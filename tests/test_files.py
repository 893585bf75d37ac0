"""laktasi.files: the one guarded path for reading and writing a user's files (issue 8)."""

from __future__ import annotations

import errno
import os
import stat
import time
from pathlib import Path

import pytest

from laktasi.errors import InputError
from laktasi.files import (
    GuardedSafeLoader,
    OutputGroup,
    atomic_path,
    atomic_write,
    check_input_path,
    check_output_path,
    csv_rows,
    decode,
    decode_file,
    load_yaml,
    parse_yaml,
    read_bytes,
    read_text,
    warnings_to,
    write_text,
)

ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0
BOMB = ('a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n"
                  for i in range(8)))


def _code(exc: pytest.ExceptionInfo[InputError]) -> str:
    return exc.value.problems[0].code


# --- reading ---------------------------------------------------------------------------------

def test_missing_file_and_folder_as_input_are_input_errors_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        read_bytes(tmp_path / "nope.csv")
    assert _code(exc) == "file_not_found" and exc.value.problems[0].file == str(tmp_path / "nope.csv")
    assert "tidak ada" in exc.value.problems[0].message("id")
    with pytest.raises(InputError) as exc:
        read_text(tmp_path)
    assert _code(exc) == "is_directory"
    with pytest.raises(InputError) as exc:
        check_input_path(tmp_path)
    assert _code(exc) == "is_directory"


@pytest.mark.skipif(ROOT_USER, reason="root reads files whatever their mode")
def test_unreadable_file_is_an_input_error(tmp_path: Path) -> None:
    p = tmp_path / "secret.csv"
    p.write_text("a\n")
    p.chmod(0)
    with pytest.raises(InputError) as exc:
        read_bytes(p)
    assert _code(exc) == "permission_denied"


def test_size_limit_is_enforced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "big.csv"
    p.write_bytes(b"x" * 2000)
    with pytest.raises(InputError) as exc:
        read_bytes(p, max_bytes=1000)
    assert _code(exc) == "file_too_large"
    monkeypatch.setenv("LAKTASI_MAX_INPUT_MB", "0.001")  # about 1 KB
    with pytest.raises(InputError):
        read_text(p)
    assert read_bytes(p, max_bytes=5000) == b"x" * 2000


@pytest.mark.parametrize(("data", "text", "encoding", "guessed"), [
    ("a,é\n".encode(), "a,é\n", "utf-8", False),
    (b"\xef\xbb\xbf" + "a,é\r\n".encode(), "a,é\n", "utf-8-sig", False),
    ("a,é\n".encode("utf-16"), "a,é\n", "utf-16", False),
    ("a,é\n".encode("utf-16-le"), "a,é\n", "utf-16-le", True),
    ("a,é\n".encode("cp1252"), "a,é\n", "cp1252", True),
    (b"a,\x81\n", "a,\x81\n", "latin-1", True),  # a byte cp1252 leaves undefined
])
def test_encodings(data: bytes, text: str, encoding: str, guessed: bool) -> None:
    tf = decode_file(data, "x.csv")
    assert (tf.text, tf.encoding, tf.guessed) == (text, encoding, guessed)
    assert bool(tf.warnings) == guessed
    assert decode(data)[0] == text


def test_utf8_bom_file_with_one_latin1_byte_keeps_utf8_and_warns_with_the_line() -> None:
    data = b"\xef\xbb\xbfid;nama\n1;Sri \xc3\xa9\n2;Jos\xe9\n"
    tf = decode_file(data, "mixed.csv")
    assert tf.text == "id;nama\n1;Sri é\n2;José\n" and tf.encoding == "utf-8+cp1252"
    (w,) = tf.warnings
    assert w.code == "mixed_encoding" and w.row == 3 and w.severity == "warning"


def test_odd_length_utf16_is_refused() -> None:
    with pytest.raises(InputError) as exc:
        decode_file("a: 1\n".encode("utf-16") + b"x", "s.yaml")
    assert _code(exc) == "bad_encoding"


def test_guessed_encoding_warnings_reach_the_sink(tmp_path: Path) -> None:
    p = tmp_path / "latin.yaml"
    p.write_bytes("judul: café\n".encode("latin-1"))
    seen = []
    with warnings_to(seen.append):
        assert load_yaml(p) == {"judul": "café"}
    assert [w.code for w in seen] == ["guessed_encoding"]


# --- YAML -------------------------------------------------------------------------------------

def test_billion_laughs_is_refused_in_well_under_a_second_without_echo() -> None:
    start = time.perf_counter()
    with pytest.raises(InputError) as exc:
        parse_yaml(BOMB, name="bomb.yaml")
    assert time.perf_counter() - start < 0.5
    problem = exc.value.problems[0]
    assert problem.code == "yaml_syntax" and problem.row is not None
    assert "lol" not in problem.message("en") and len(problem.message("en")) < 300


@pytest.mark.parametrize("text", [
    "[" * 4000 + "]" * 4000,
    "x: " + "{a: " * 300 + "1" + "}" * 300,
    "".join("  " * i + "-\n" for i in range(200)),
    "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "v",
])
def test_deep_nesting_is_an_input_error_not_a_recursion_error(text: str) -> None:
    start = time.perf_counter()
    with pytest.raises(InputError) as exc:
        parse_yaml(text, name="deep.yaml")
    assert time.perf_counter() - start < 1.0
    assert "nested" in exc.value.problems[0].message("en") or "bersarang" in exc.value.problems[0].message("id")


@pytest.mark.parametrize(("text", "fragment"), [
    ("tanggal: 2025-13-45\n", "month must be in 1..12"),
    ("x: &a [1, *a]\n", "refers to the collection"),
    ("n: " + "9" * 5000 + "\n", "digits"),
    ("a: b\x1bc\n", "control character U+001B"),
    ("a: [1,\n", "line"),
])
def test_impossible_values_are_input_errors_with_the_line(text: str, fragment: str) -> None:
    with pytest.raises(InputError) as exc:
        parse_yaml(text, name="x.yaml")
    problem = exc.value.problems[0]
    assert problem.file == "x.yaml" and problem.row is not None
    assert fragment in problem.message("en")


def test_ordinary_yaml_with_anchors_and_merges_still_loads() -> None:
    text = "base: &b {alpha: 0.05, power: 0.8}\nplan:\n  <<: *b\n  n: 30\nlist: [*b, *b]\n"
    assert parse_yaml(text, name=None) == {"base": {"alpha": 0.05, "power": 0.8},
                                           "plan": {"alpha": 0.05, "power": 0.8, "n": 30},
                                           "list": [{"alpha": 0.05, "power": 0.8}] * 2}


def test_a_loader_subclass_keeps_the_guards() -> None:
    class Strict(GuardedSafeLoader):
        max_depth = 3

    with pytest.raises(InputError):
        parse_yaml("a: {b: {c: {d: 1}}}", name="x", loader=Strict)
    data, node = parse_yaml("- a\n- b\n", name="x", node=True)
    assert data == ["a", "b"] and node.start_mark.line == 0


# --- CSV --------------------------------------------------------------------------------------

def test_a_cell_over_the_default_csv_field_limit_is_read() -> None:
    rows = csv_rows('a,b\n1,"' + "x" * 300_000 + '"\n', name="big.csv")
    assert len(rows[1][1]) == 300_000


def test_malformed_csv_is_an_input_error_with_the_line() -> None:
    with pytest.raises(InputError) as exc:
        csv_rows('a,b\n1,"x"y\n', name="bad.csv", strict=True)
    assert _code(exc) == "unreadable_csv"


# --- writing ----------------------------------------------------------------------------------

def test_output_paths_are_checked_before_the_work(tmp_path: Path) -> None:
    cases = {
        "output_folder_missing": tmp_path / "missing" / "x.csv",
        "is_directory": tmp_path,
    }
    (tmp_path / "file").write_text("")
    cases["not_a_directory"] = tmp_path / "file" / "x.csv"
    for code, path in cases.items():
        with pytest.raises(InputError) as exc:
            check_output_path(path, what="--out")
        assert _code(exc) == code, path
        assert exc.value.problems[0].message("en").startswith("--out: ")
    with pytest.raises(InputError) as exc:
        check_output_path(str(tmp_path) + os.sep)
    assert _code(exc) == "is_directory"
    assert check_output_path(tmp_path / "ok.csv") == tmp_path / "ok.csv"


@pytest.mark.skipif(ROOT_USER, reason="root writes into read-only folders")
def test_read_only_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(InputError) as exc:
            check_output_path(folder / "x.csv")
        assert _code(exc) == "read_only"
    finally:
        folder.chmod(0o755)


def test_atomic_write_replaces_on_success_and_keeps_the_old_file_on_failure(tmp_path: Path) -> None:
    p = tmp_path / "out.csv"
    p.write_text("old\n")
    p.chmod(0o640)
    with pytest.raises(RuntimeError), atomic_write(p) as handle:
        handle.write("half")
        raise RuntimeError("boom")
    assert p.read_text() == "old\n"
    with pytest.raises(KeyboardInterrupt), atomic_write(p, "wb") as bhandle:
        bhandle.write(b"half")
        raise KeyboardInterrupt
    assert p.read_text() == "old\n"
    write_text(p, "new\n")
    assert p.read_text() == "new\n" and stat.S_IMODE(p.stat().st_mode) == 0o640  # mode kept
    assert sorted(x.name for x in tmp_path.iterdir()) == ["out.csv"]  # no temporary files left


def test_a_full_disk_is_an_input_error_and_the_old_file_stays(tmp_path: Path) -> None:
    p = tmp_path / "out.csv"
    p.write_text("old\n")
    with pytest.raises(InputError) as exc, atomic_write(p) as handle:
        handle.write("new")
        raise OSError(errno.ENOSPC, "No space left on device")
    assert _code(exc) == "disk_full" and exc.value.problems[0].file == str(p)
    assert p.read_text() == "old\n" and [x.name for x in tmp_path.iterdir()] == ["out.csv"]


def test_atomic_path_keeps_the_suffix_for_libraries_that_choose_by_it(tmp_path: Path) -> None:
    with atomic_path(tmp_path / "fig.png") as tmp:
        assert tmp.suffix == ".png" and tmp.parent == tmp_path
        tmp.write_bytes(b"png")
    assert (tmp_path / "fig.png").read_bytes() == b"png"


def test_output_group_is_all_or_nothing(tmp_path: Path) -> None:
    a, b = tmp_path / "a.csv", tmp_path / "b.ris"
    a.write_text("old a")
    with pytest.raises(RuntimeError), OutputGroup() as group:
        group.write_text(a, "new a")
        with group.path(b) as tmp:
            tmp.write_text("new b")
        raise RuntimeError("the second step failed")
    assert a.read_text() == "old a" and not b.exists()
    assert sorted(x.name for x in tmp_path.iterdir()) == ["a.csv"]
    with OutputGroup() as group:
        group.write_text(a, "new a")
        group.write_bytes(b, b"new b")
        assert a.read_text() == "old a"  # nothing moves until the group ends
    assert (a.read_text(), b.read_bytes()) == ("new a", b"new b")
