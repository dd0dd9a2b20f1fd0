"""The shared zip gate: names, XML by content, bounded reads (hostile whole files are in tests/core/hostile)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from zi_desktop.errors import UserError
from zi_desktop.exchange.safezip import (
    NotAZip,
    ZipLimits,
    looks_like_xml,
    member_name_problem,
    open_zip,
    xml_content_problem,
)

LIMITS = ZipLimits(max_entries=100, max_total=10 * 1024 * 1024, max_member=10 * 1024 * 1024)


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("../x", "'..'"),
        ("a/../../x", "'..'"),
        ("/etc/passwd", "nama mutlak"),
        ("a\\b", "garis miring terbalik"),
        ("C:/x", "huruf drive"),
        ("c:x", "huruf drive"),
        ("a\x00b", "NUL"),
        ("a\x1b[31mb", "karakter kendali"),
        ("a\u202egpj.exe", "karakter kendali"),
        ("a//b", "tidak wajar"),
        ("./a", "tidak wajar"),
        ("", "tidak bernama"),
    ],
)
def test_member_name_problem(name: str, fragment: str) -> None:
    problem = member_name_problem(name)
    assert problem is not None and fragment in problem


@pytest.mark.parametrize("name", ["xl/workbook.xml", "bukti/1. Area/12 Soal/foto (2).jpg", "dir/", "Ünïcødé.pdf"])
def test_member_name_ok(name: str) -> None:
    assert member_name_problem(name) is None


@pytest.mark.parametrize(
    ("head", "xml"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, False),
        (b"%PDF-1.7\n<</Type/Catalog>>", False),
        (b"PK\x03\x04", False),
        (b'<?xml version="1.0"?><a/>', True),
        (b"\xef\xbb\xbf  \n<a/>", True),
        ("<a/>".encode("utf-16-le"), True),
        ("\ufeff<a/>".encode("utf-16-be"), True),
        ("<a/>".encode("utf-32-le"), True),
        (b"\x4c\x6f\xa7\x94", True),  # EBCDIC "<?xm"
        (b" " * 70_000, True),  # a prolog of only whitespace, longer than allowed
        (b"", False),
    ],
)
def test_looks_like_xml(head: bytes, xml: bool) -> None:
    assert looks_like_xml(head) is xml


def test_xml_content_problem() -> None:
    assert xml_content_problem(b'<?xml version="1.0" encoding="UTF-8"?>\n<!-- c --><a/>') is None
    assert "DOCTYPE" in (xml_content_problem(b"<?xml version='1.0'?><!DOCTYPE a [<!ENTITY x 'y'>]><a/>") or "")
    assert "UTF-16" in (xml_content_problem("<!DOCTYPE a><a/>".encode("utf-16-le")) or "")
    assert "'ISO-8859-7'" in (xml_content_problem(b'<?xml version="1.0" encoding="ISO-8859-7"?><a/>') or "")
    assert "tidak diawali" in (xml_content_problem(b"<?xml version='1.0'?>+ADw-!DOCTYPE") or "")
    assert xml_content_problem(b"\x89PNG\r\n<!DOCTYPE") is None  # not XML: never parsed as XML


def test_bounded_read_and_open(tmp_path: Path) -> None:
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("kecil.txt", b"halo")
        zf.writestr("besar.txt", b"x" * 5000)
        zf.writestr("simpan.bin", b"y" * 3000, compress_type=zipfile.ZIP_STORED)
    with open_zip(path, LIMITS, label="paket a.zip") as sz:
        assert [m.name for m in sz.files()] == ["kecil.txt", "besar.txt", "simpan.bin"]
        assert sz.read("kecil.txt", 10) == b"halo"
        with pytest.raises(UserError, match=r"paket a\.zip: bagian 'besar\.txt' terlalu besar \(batas 4 KB\)"):
            sz.read("besar.txt", 4096)
        with sz.open("simpan.bin", check_crc=False) as fh:
            assert fh.read() == b"y" * 3000
        with sz.open("besar.txt") as fh:
            assert fh.read() == b"x" * 5000


def test_not_a_zip_and_limits(tmp_path: Path) -> None:
    path = tmp_path / "b.zip"
    path.write_bytes(b"bukan zip" * 100)
    with pytest.raises(NotAZip, match="bukan berkas zip"):
        open_zip(path, LIMITS)
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(101):
            zf.writestr(f"f{i}", b"")
    with pytest.raises(UserError, match=r"berkas b\.zip ditolak: memuat terlalu banyak bagian \(101; batas 100\)"):
        open_zip(path, LIMITS)
    with pytest.raises(UserError, match="adalah folder"):
        open_zip(tmp_path, LIMITS)
