"""A CSV file read from disk in two passes, never held whole (issue 13): checked as UTF-8
in chunks, then read again line by line through the same descriptor.

Reading a file from its path gives exactly what reading its bytes gives (objects and
problems), whatever the chunk size; a file changed between the passes is refused, not
read as a mix; the descriptor is closed however reading ends."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plut_rules.errors import DataError, Location, Problem
from plut_rules.readers import (
    DataSource,
    files,
    load_roster,
    open_data_file,
    parse_achievements,
    parse_consultants,
    parse_table,
    read_achievements,
    read_consultants,
)
from plut_rules.readers.files import decode_utf8
from plut_rules.readers.schemas import CONSULTANTS
from plut_rules.wording import say

HEADER = "id,name,unit,field,appointed,competence_produksi"
A_HEADER = "consultant,indicator,achievement,target"
CHANGED = say("file.changed")


@pytest.fixture(autouse=True)
def _no_resource_warning(recwarn: pytest.WarningsRecorder) -> Iterator[None]:
    """No test here leaves a file to be closed by the garbage collector."""
    yield
    assert not [w for w in recwarn if issubclass(w.category, ResourceWarning)]


def open_fds() -> int:
    """How many file descriptors this process has open."""
    return len(os.listdir("/proc/self/fd"))


# --------------------------------------------------------------------------- generated files

TEXT = st.sampled_from(["A", "b", "7", " ", ",", ";", '"', "é", "€", "𝄞", "\t", "\n",
                        "\r\n", "\r", "\x00"])
ODD = st.sampled_from([b"\xff", b"\xfe", b"\xc3", b"\xe2\x82", b"\xf0\x9d", b"\x80",
                       b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"\xed\xa0\x80"])


@st.composite
def raw_bytes(draw: st.DrawFn) -> bytes:
    """Bytes that are mostly UTF-8 text, with odd bytes anywhere (at the start too:
    a BOM, a UTF-16 BOM, a character cut short)."""
    parts = draw(st.lists(st.one_of(TEXT.map(str.encode), ODD), max_size=30))
    return b"".join(parts)


NAME = st.text(st.sampled_from('Aé€𝄞 ",;\n\r'), max_size=6)
ENDS = st.sampled_from(["\n", "\r\n", "\r"])


def quoted(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


@st.composite
def consultants_file(draw: st.DrawFn) -> bytes:
    """A consultants CSV file: quoted multi-line names, any line ends, a BOM or not,
    a decimal-comma file or not, now and then an odd byte somewhere."""
    semicolon = draw(st.booleans())
    sep = ";" if semicolon else ","
    lines = [HEADER.replace(",", sep)]
    for n in range(draw(st.integers(0, 6))):
        level = draw(st.sampled_from(["70", "85,5" if semicolon else "85.5", "", "x"]))
        cid = draw(st.sampled_from([f"K{n}", "K0", ""]))
        lines.append(sep.join([cid, quoted(draw(NAME)), "pkp", "produksi", "2016", level]))
    text = "".join(line + draw(ENDS) for line in lines)
    if draw(st.booleans()):
        text = text.rstrip("\r\n")  # no line break at the end
    data = text.encode()
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    if draw(st.integers(0, 3)) == 0:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(ODD) + data[at:]
    return data


def from_path(data: bytes, suffix: str, read: Callable[..., tuple[object, list[Problem]]],
              ) -> tuple[list[object], list[Problem]]:
    """What ``read`` gives for a file of ``data`` on disk, shown as its bytes' name."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"data{suffix}"
        path.write_bytes(data)
        found, problems = read(path, display="c.csv")
    return list(found), problems  # type: ignore[call-overload]


# --------------------------------------------------------------------------- the first pass


@settings(max_examples=300)
@given(raw_bytes(), st.integers(1, 9))
def test_chunked_check_is_the_whole_decode(data: bytes, chunk: int) -> None:
    """Checked in chunks of any size (cut inside a character, a BOM, a line break),
    a file gives exactly the problem decoding it whole gives: same line, column, byte,
    UTF-16 hint, NUL line."""
    whole: list[Problem] = []
    text = decode_utf8(data, "c.csv", whole)
    chunked: list[Problem] = []
    with mock.patch.object(files, "CHECK_CHUNK_BYTES", chunk), \
            DataSource.of_bytes(data) as source:
        ok = source.check_utf8("c.csv", chunked)
    assert ok == (text is not None)
    assert chunked == whole


def test_a_character_cut_by_a_chunk_is_read_whole() -> None:
    """A four-byte character across two chunks is not taken for a bad byte, and a bad
    byte after it is located by its column in bytes."""
    data = "id,𝄞𝄞\n𝄞x".encode() + b"\xff\n"
    for chunk in range(1, 12):
        problems: list[Problem] = []
        with mock.patch.object(files, "CHECK_CHUNK_BYTES", chunk), \
                DataSource.of_bytes(data) as source:
            assert not source.check_utf8("c.csv", problems)
        assert [p.location for p in problems] == [Location("c.csv", 2, 6)], chunk
        assert "0xff" in problems[0].message


# --------------------------------------------------------------------------- path == bytes


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(consultants_file(), st.integers(1, 9))
def test_reading_a_path_is_reading_its_bytes(data: bytes, chunk: int) -> None:
    """A consultants file read from disk gives the consultants and problems its bytes
    give, for BOMs, bad bytes and NULs anywhere, every line end, quoted multi-line
    cells, and chunks that cut characters."""
    expected = parse_consultants(data, "c.csv", "csv")
    with mock.patch.object(files, "CHECK_CHUNK_BYTES", chunk):
        found = from_path(data, ".csv", read_consultants)
    assert found == (list(expected[0]), expected[1])


@settings(max_examples=60)
@given(st.lists(st.tuples(st.sampled_from(["K1", "K2", "é"]), st.sampled_from(["a", "b"]),
                          st.sampled_from(["1", "2.5", "-1", ""])), max_size=5),
       st.sampled_from(["\n", "\r\n"]), st.booleans(), st.integers(1, 9))
def test_achievements_from_a_path_are_those_of_its_bytes(
        rows: list[tuple[str, str, str]], end: str, bom: bool, chunk: int) -> None:
    """The same for an achievements file (duplicates and bad values included)."""
    text = end.join([A_HEADER, *(f"{c},{i},{v}," for c, i, v in rows)]) + end
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode()
    expected = parse_achievements(data, "c.csv", "csv")
    with mock.patch.object(files, "CHECK_CHUNK_BYTES", chunk):
        found = from_path(data, ".csv", read_achievements)
    assert found == (list(expected[0]), expected[1])


# --------------------------------------------------------------------------- a changed file


GOOD = f"{HEADER}\nK1,Ani,pkp,produksi,2016,70\nK2,Budi,pkp,produksi,2017,80\n".encode()


@pytest.mark.parametrize("later", [
    pytest.param(GOOD.replace(b"70", b"90"), id="same-size"),
    pytest.param(GOOD + b"K3,Citra,pkp,produksi,2018,60\n", id="grown"),
    pytest.param(GOOD[: GOOD.index(b"K2")], id="shrunk"),
    pytest.param(GOOD.replace(b"Budi", b"B\xffdi"), id="not-utf8-now"),
    pytest.param(b"\xef\xbb\xbf" + GOOD[3:], id="bom-now"),
    pytest.param(b"", id="emptied"),
])
def test_a_file_changed_between_the_passes_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, later: bytes) -> None:
    """A file rewritten after it was checked and before it is read again gives one
    problem naming the file, and no consultant: nothing of a mix is kept."""
    path = tmp_path / "konsultan.csv"
    path.write_bytes(GOOD)
    check = DataSource.check_utf8

    def check_then_save(self: DataSource, file: str, problems: list[Problem]) -> bool:
        ok = check(self, file, problems)
        path.write_bytes(later)  # the same file (inode) the descriptor reads
        return ok

    monkeypatch.setattr(DataSource, "check_utf8", check_then_save)
    before = open_fds()
    consultants, problems = read_consultants(path, display="konsultan.csv")
    assert open_fds() == before
    assert list(consultants) == []
    assert [(p.code, p.location, p.message, p.text("id")) for p in problems] == [
        ("file-unreadable", Location("konsultan.csv"), CHANGED.english, CHANGED.indonesian)]
    path.write_bytes(GOOD)
    with pytest.raises(DataError) as raised:
        load_roster(path, tmp_path / "none.csv")
    assert [p.code for p in raised.value.problems] == ["file-unreadable", "file-not-found"]


def test_a_file_unchanged_is_read(tmp_path: Path) -> None:
    """The same file left alone is read (the check above is no refusal of everything)."""
    path = tmp_path / "konsultan.csv"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.replace(b"\n", b"\r\n"))
    consultants, problems = read_consultants(path)
    assert problems == [] and [c.id for c in consultants] == ["K1", "K2"]


def test_a_file_grown_past_the_limit_while_read_is_too_large(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The size limit is enforced while reading, not only from the size seen before."""
    path = tmp_path / "konsultan.csv"
    path.write_bytes(GOOD)
    source, fmt, file, problems = open_data_file(path, None)
    assert source is not None and fmt == "csv" and problems == []
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 40)  # as if it grew past it since
    monkeypatch.setattr(files, "CHECK_CHUNK_BYTES", 7)
    with source:
        consultants, problems = parse_consultants(source, file, fmt)
    assert list(consultants) == []
    assert [p.code for p in problems] == ["file-too-large"]
    assert "41 bytes" in problems[0].message


# --------------------------------------------------------------------------- closed


@pytest.mark.parametrize("data", [
    pytest.param(GOOD, id="read"),
    pytest.param(GOOD + b"K3,Jos\xe9,pkp,produksi,2016,\n", id="not-utf8"),
    pytest.param(b"id\x00,name\n", id="nul"),
    pytest.param(b"id\tname\n", id="tab-separated"),
    pytest.param(b"sep=|\n" + GOOD, id="bad-separator"),
    pytest.param(b"\n\n", id="empty"),
])
def test_the_descriptor_is_closed_however_reading_ends(tmp_path: Path, data: bytes) -> None:
    """Read through, refused in the first pass, or refused at the header: no descriptor
    is left open."""
    path = tmp_path / "konsultan.csv"
    path.write_bytes(data)
    before = open_fds()
    read_consultants(path)
    read_achievements(path)
    assert open_fds() == before


def test_the_descriptor_is_closed_when_a_caller_fails(tmp_path: Path) -> None:
    """An exception while the rows are read (here from ``keep_row``) closes it too."""
    path = tmp_path / "konsultan.csv"
    path.write_bytes(GOOD)

    def fail(_row: object) -> bool:
        raise KeyError("stop")

    before = open_fds()
    with pytest.raises(KeyError):
        read_consultants(path, keep_row=fail)
    assert open_fds() == before


def test_an_abandoned_table_leaves_the_descriptor_to_its_source(tmp_path: Path) -> None:
    """A table whose rows are not all read closes nothing of the source before it is
    left, and leaving the source closes the file."""
    path = tmp_path / "konsultan.csv"
    path.write_bytes(GOOD)
    before = open_fds()
    source, fmt, file, _ = open_data_file(path, None)
    assert source is not None and fmt is not None
    with source:
        assert open_fds() == before + 1
        table = parse_table(source, file, fmt, CONSULTANTS, [])
        assert table is not None
        next(iter(table.rows))
        del table
    assert open_fds() == before
