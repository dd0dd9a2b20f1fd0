"""Hostile and broken workbooks: each is refused (exit 2) with a message that says what is wrong or
what to do, quickly, without writing anything outside the test folder, and the workspace is left
unchanged. Imported through `zi-desktop import WORKSPACE FILE` and `xlsx_io.read_workbook`.

The big ones are built compressed: the zip bomb is a hand-made deflate stream (a 1 MB block of zeros
repeated) that would inflate to 3 GB; the million-row sheet is streamed through zipfile."""

from __future__ import annotations

import io
import os
import struct
import threading
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from zi_desktop.cli.main import main
from zi_desktop.errors import UserError

TIME_BOUND = 60.0
SHEET = "xl/worksheets/sheet1.xml"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SHEET_HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
SHEET_NS = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def _deflate(data: bytes) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def _raw_zip(members: list[tuple[str, bytes, int, int, int]], attrs: dict[str, int] | None = None) -> bytes:
    """A zip built by hand from (name, stored bytes, method, crc, size): names and sizes exactly as
    given (zipfile would normalise a hostile name); `attrs` sets a member's external attributes."""
    out, central = bytearray(), bytearray()
    for name, raw, method, crc, size in members:
        n = name.encode("utf-8", "surrogatepass")
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x800, method, 0, 0x21, crc, len(raw), size, len(n), 0)
        out += n + raw
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0x800,
            method,
            0,
            0x21,
            crc,
            len(raw),
            size,
            len(n),
            0,
            0,
            0,
            0,
            (attrs or {}).get(name, 0),
            offset,
        )
        central += n
    cd_offset = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), cd_offset, 0)
    return bytes(out)


def _base_parts() -> dict[str, bytes]:
    from openpyxl import Workbook

    buf = io.BytesIO()
    wb = Workbook()
    wb.active["A1"] = "Jawaban"
    wb.save(buf)
    with zipfile.ZipFile(buf) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _workbook(
    replace: dict[str, bytes] | None = None,
    extra: dict[str, bytes] | None = None,
    *,
    first: tuple[tuple[str, bytes], ...] = (),
    attrs: dict[str, int] | None = None,
) -> bytes:
    """A workbook zip; `first` members come before the normal ones (a hostile first copy)."""
    parts = _base_parts()
    parts.update(replace or {})
    parts.update(extra or {})
    items = [*first, *parts.items()]
    return _raw_zip([(n, _deflate(d), 8, zlib.crc32(d), len(d)) for n, d in items], attrs)


def _sheet_named(part: str, sheet: bytes) -> bytes:
    """A workbook whose worksheet lives in `part` (Excel finds it through the relationships, not the
    name): the relationships and content types point there."""
    parts = _base_parts()
    del parts[SHEET]
    parts[part] = sheet
    rels = "xl/_rels/workbook.xml.rels"
    parts[rels] = parts[rels].replace(b"/" + SHEET.encode(), b"/" + part.encode())
    types = "[Content_Types].xml"
    parts[types] = parts[types].replace(b"/" + SHEET.encode(), b"/" + part.encode())
    return _raw_zip([(n, _deflate(d), 8, zlib.crc32(d), len(d)) for n, d in parts.items()])


def _utf7_laughs() -> bytes:
    """The DOCTYPE spelled in UTF-7 (`+ADw-` is `<`): invisible to a byte scan for `<!`."""
    body = _billion_laughs().split(b"?>", 1)[1].decode().replace("<", "+ADw-").replace(">", "+AD4-")
    return b'<?xml version="1.0" encoding="UTF-7"?>' + body.encode()


_LINK_MODE = 0o120777 << 16


def _zip_bomb(gigabytes: int = 3) -> bytes:
    """A valid workbook whose sheet part inflates to `gigabytes` GB of zeros (about 3 MB on disk)."""
    mb = 1024 * 1024
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(b"\0" * mb) + c.flush(zlib.Z_FULL_FLUSH)  # byte-aligned, no back-references
    count = gigabytes * 1024
    stream = block * count + b"\x03\x00"  # final empty block
    size = count * mb
    members = [(n, _deflate(d), 8, zlib.crc32(d), len(d)) for n, d in _base_parts().items() if n != SHEET]
    # The CRC need not be right: the importer must refuse before inflating anything.
    members.append((SHEET, stream, 8, 0x12345678, size & 0xFFFFFFFF))
    return _raw_zip(members)


def _billion_laughs(padding: int = 0, encoding: str = "utf-8") -> bytes:
    ents = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    ]
    text = (
        f'<?xml version="1.0" encoding="{encoding.upper()}"?>\n'
        + ("<!--" + "x" * padding + "-->\n" if padding else "")
        + "<!DOCTYPE worksheet ["
        + "".join(ents)
        + "]>\n"
        + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
    )
    return text.encode(encoding)


def _million_rows(rows: int = 1_000_000) -> bytes:
    parts = _base_parts()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for n, d in parts.items():
            if n != SHEET:
                zf.writestr(n, d)
        with zf.open(SHEET, "w", force_zip64=True) as fh:
            fh.write(SHEET_HEAD + SHEET_NS + b"<sheetData>")
            row = '<row r="{0}"><c r="A{0}" t="inlineStr"><is><t>baris</t></is></c></row>'
            for start in range(1, rows + 1, 10_000):
                fh.write("".join(row.format(r) for r in range(start, min(start + 10_000, rows + 1))).encode())
            fh.write(b"</sheetData></worksheet>")
    return buf.getvalue()


def _ole2(encrypted: bool) -> bytes:
    body = bytearray(OLE2_MAGIC + os.urandom(504))
    if encrypted:
        body += "EncryptedPackage".encode("utf-16-le") + os.urandom(1024)
        body += "EncryptionInfo".encode("utf-16-le")
    else:
        body += "Workbook".encode("utf-16-le") + os.urandom(1024)
    return bytes(body)


# name -> (file name, builder, fragments expected in the message)
CASES: dict[str, tuple[str, Callable[[], bytes], tuple[str, ...]]] = {
    "random_bytes": ("acak.xlsx", lambda: os.urandom(64 * 1024), ("bukan buku kerja Excel .xlsx",)),
    "empty_file": ("kosong.xlsx", lambda: b"", ("bukan buku kerja Excel .xlsx",)),
    "truncated_zip": ("potong.xlsx", lambda: _workbook()[:-40], ("acak",)),
    "zip_bomb": ("bom.xlsx", _zip_bomb, ("ditolak",)),
    "escaping_parent": ("keluar.xlsx", lambda: _workbook(extra={"../evil.txt": b"evil"}), ("menunjuk ke luar berkas",)),
    "escaping_absolute": ("mutlak.xlsx", lambda: _workbook(extra={"/tmp/x": b"evil"}), ("menunjuk ke luar berkas",)),
    "escaping_backslash": ("bs.xlsx", lambda: _workbook(extra={"..\\evil.txt": b"evil"}), ("menunjuk ke luar berkas",)),
    "billion_laughs": ("tawa.xlsx", lambda: _workbook({SHEET: _billion_laughs()}), ("DOCTYPE/ENTITY",)),
    "billion_laughs_padded": ("tawa2.xlsx", lambda: _workbook({SHEET: _billion_laughs(padding=100_000)}), ("ditolak",)),
    "billion_laughs_utf16": (
        "tawa3.xlsx",
        lambda: _workbook({SHEET: _billion_laughs(encoding="utf-16")}),
        ("ditolak",),
    ),
    "laughs_in_bin_part": (
        "bin.xlsx",
        lambda: _sheet_named("xl/worksheets/sheet3.bin", _billion_laughs()),
        ("bagian 'xl/worksheets/sheet3.bin' memuat deklarasi DOCTYPE/ENTITY", "simpan ulang"),
    ),
    "laughs_in_nameless_part": (
        "tanpa.xlsx",
        lambda: _sheet_named("xl/worksheets/data", _billion_laughs(padding=1000)),
        ("bagian 'xl/worksheets/data' memuat deklarasi DOCTYPE/ENTITY",),
    ),
    "laughs_utf16_in_bin_part": (
        "bin16.xlsx",
        lambda: _sheet_named("xl/worksheets/sheet3.bin", _billion_laughs(encoding="utf-16-le")),
        ("bagian 'xl/worksheets/sheet3.bin' memakai pengodean UTF-16",),
    ),
    "laughs_utf7": (
        "utf7.xlsx",
        lambda: _sheet_named("xl/worksheets/sheet3.bin", _utf7_laughs()),
        ("bagian 'xl/worksheets/sheet3.bin' memakai pengodean 'UTF-7'",),
    ),
    "duplicate_part_hostile_first": (
        "ganda.xlsx",
        lambda: _workbook(first=((SHEET, _billion_laughs()),)),
        (f"bagian '{SHEET}' muncul dua kali", "nama ganda"),
    ),
    "duplicate_part_by_case": (
        "huruf.xlsx",
        lambda: _workbook(first=((SHEET.replace("sheet1", "Sheet1"), _billion_laughs()),)),
        (f"bagian '{SHEET}' bernama sama dengan '{SHEET.replace('sheet1', 'Sheet1')}'", "nama ganda"),
    ),
    "symlink_part": (
        "tautan.xlsx",
        lambda: _workbook(extra={"xl/media/image1.png": b"/etc/passwd"}, attrs={"xl/media/image1.png": _LINK_MODE}),
        ("bagian 'xl/media/image1.png' adalah tautan simbolik (symlink)",),
    ),
    "nul_in_name": (
        "nul.xlsx",
        lambda: _workbook(extra={"xl/a.xml\x00../../evil.txt": b"<a/>"}),
        ("memuat karakter kendali atau NUL", "bagian 'xl/a.xml?../../evil.txt'"),
    ),
    "drive_letter": ("drive.xlsx", lambda: _workbook(extra={"C:/evil.txt": b"evil"}), ("huruf drive",)),
    "million_rows": ("sejuta.xlsx", _million_rows, ("terlalu besar untuk buku kerja LKE",)),
    "old_xls": ("lama.xls", lambda: _ole2(False), ("Excel lama (.xls)", "simpan ulang sebagai .xlsx")),
    "old_xls_named_xlsx": ("lama.xlsx", lambda: _ole2(False), ("Excel lama (.xls)", "simpan ulang sebagai .xlsx")),
    "password_protected": ("sandi.xlsx", lambda: _ole2(True), ("dilindungi kata sandi", "hapus kata sandinya")),
    "no_workbook_part": (
        "bukan.xlsx",
        lambda: _raw_zip([("a.txt", b"a", 0, zlib.crc32(b"a"), 1)]),
        ("xl/workbook.xml",),
    ),
}

# Refusals whose wording is the importer's choice: the message must still say it was refused.
GENERIC_OK = ("ditolak", "tidak dapat dibaca", "rusak", "bukan buku kerja", "tidak ada sheet LKE")


def _build(tmp_path: Path, name: str) -> Path:
    fname, builder, _ = CASES[name]
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    path = folder / fname
    path.write_bytes(builder())
    return path


def _check_message(name: str, message: str) -> None:
    fragments = CASES[name][2]
    assert len(message) < 1000, message[:300]
    if fragments == ("ditolak",) or name == "truncated_zip":
        assert any(g in message for g in GENERIC_OK), message
        return
    for fragment in fragments:
        assert fragment in message, message


def _listing(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


# The million-row sheet is read once, through the command line (openpyxl scans a sheet without a
# <dimension> to its end: seconds, not minutes, since the importer bounds the uncompressed size).
@pytest.mark.parametrize("name", sorted(set(CASES) - {"million_rows"}))
def test_read_workbook_refuses(name: str, tmp_path: Path, catalog: Any) -> None:
    xlsx_io = pytest.importorskip("zi_desktop.exchange.xlsx_io")
    path = _build(tmp_path, name)
    start = time.monotonic()
    with pytest.raises(UserError) as err:
        xlsx_io.read_workbook(catalog, path)
    assert time.monotonic() - start < TIME_BOUND
    _check_message(name, str(err.value))
    assert not (tmp_path / "evil.txt").exists() and not (tmp_path / "in" / "evil.txt").exists()


def _snapshot(ws_path: Path) -> dict[str, Any]:
    from zi_desktop.workspace.store import open_workspace

    with open_workspace(ws_path, read_only=True) as ws:
        return {"records": ws.records(), "history": ws.history(), "evidence": ws.evidence(), "settings": ws.settings()}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = pytest.importorskip("zi_desktop.workspace.store")
    path = tmp_path_factory.mktemp("hostile-xlsx") / "ws"
    with store.create_workspace(path, unit_name="Satker Uji") as ws:
        ws.set_answer(1, "Ya")
        ws.set_note(2, "catatan awal")
    return path


@pytest.mark.parametrize("name", sorted(CASES))
def test_import_refuses_and_changes_nothing(
    name: str, workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("zi_desktop.exchange.xlsx_io")
    pytest.importorskip("zi_desktop.cli.workspace")
    path = _build(tmp_path, name)
    before = _snapshot(workspace)
    ws_files = _listing(workspace)
    start = time.monotonic()
    code = main(["import", str(workspace), str(path)])
    assert time.monotonic() - start < TIME_BOUND
    err = capsys.readouterr().err
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Galat: "), err[:2000]
    _check_message(name, lines[0])
    assert _snapshot(workspace) == before
    new_files = {f for f in _listing(workspace) - ws_files if not f.endswith(("-wal", "-shm"))}
    assert not new_files, new_files
    assert _listing(tmp_path) == {"in", f"in/{path.name}"}


def test_zip_bomb_is_small_on_disk() -> None:
    data = _zip_bomb()
    assert len(data) < 20 * 1024 * 1024
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.getinfo(SHEET).file_size == 3 * 1024**3


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a POSIX FIFO")
def test_fifo_named_xlsx_does_not_hang(tmp_path: Path, catalog: Any) -> None:
    xlsx_io = pytest.importorskip("zi_desktop.exchange.xlsx_io")
    fifo = tmp_path / "pipa.xlsx"
    os.mkfifo(fifo)
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            xlsx_io.read_workbook(catalog, fifo)
            outcome.append(None)
        except BaseException as exc:  # noqa: BLE001 - whatever the reader raised is the outcome under test
            outcome.append(exc)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(3)
    hung = t.is_alive()
    for _ in range(50):  # release the reader (each open of the FIFO blocks until a writer comes)
        if not t.is_alive():
            break
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass
        t.join(0.1)
    assert not hung, "read_workbook blocked on a FIFO"
    assert outcome and isinstance(outcome[0], UserError)


def test_entity_expansion_in_bin_part_refused_fast(tmp_path: Path, catalog: Any) -> None:
    """The worksheet named sheet3.bin (found by openpyxl through the relationships) once took 167 s
    and 4.6 GB: every part is inspected by its content, so it is refused before openpyxl opens it."""
    from openpyxl import load_workbook

    from zi_desktop.exchange.xlsx_import import check_workbook_file

    plain = tmp_path / "biasa.xlsx"
    plain.write_bytes(_sheet_named("xl/worksheets/sheet3.bin", _base_parts()[SHEET]))
    wb = load_workbook(plain, read_only=True)  # the renamed part really is the worksheet
    assert wb.active["A1"].value == "Jawaban"
    wb.close()
    check_workbook_file(plain)  # a clean part under any name passes
    path = _build(tmp_path, "laughs_in_bin_part")
    start = time.monotonic()
    with pytest.raises(UserError, match=r"sheet3\.bin' memuat deklarasi DOCTYPE/ENTITY"):
        check_workbook_file(path)
    assert time.monotonic() - start < 5
