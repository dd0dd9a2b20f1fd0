"""Hostile bundles for `zi-desktop verify`: each is refused (exit 2) by name, with one line saying what
is wrong, quickly and in bounded memory, and nothing is written or changed (the bundle and its folder
stay as they were). The zips are built by hand: zipfile would normalise a hostile name."""

from __future__ import annotations

import hashlib
import json
import stat
import struct
import subprocess
import sys
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from zi_desktop.cli.main import main
from zi_desktop.errors import UserError
from zi_desktop.exchange.bundle import FORMAT, MAX_BUNDLE_ENTRIES, verify_bundle

ROOT = Path(__file__).resolve().parents[3]
TIME_BOUND = 10.0
_LINK = (stat.S_IFLNK | 0o777) << 16
_FILE = (stat.S_IFREG | 0o644) << 16


@dataclass
class M:
    """One member as it goes into the zip, hostile fields and all."""

    name: str
    data: bytes = b""
    attr: int = _FILE
    method: int = 0  # stored
    payload: bytes | None = None  # the bytes in the zip (default: data, or data deflated)
    size: int | None = None  # declared uncompressed size (default: len(data))
    flags: int = 0x800
    offset: int | None = None  # local header offset written in the central directory
    zip64: bool = False  # sizes in the zip64 extra field (as zipfile writes members over 4 GiB)


def _deflate(data: bytes) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def _zip(members: list[M], *, declared_entries: int | None = None) -> bytes:
    out, central = bytearray(), bytearray()
    for m in members:
        n = m.name.encode("utf-8")
        raw = m.payload if m.payload is not None else (_deflate(m.data) if m.method == 8 else m.data)
        size = len(m.data) if m.size is None else m.size
        crc = zlib.crc32(m.data)
        offset = len(out)
        extra = struct.pack("<HHQQ", 1, 16, size, len(raw)) if m.zip64 else b""
        csize32, size32 = (0xFFFFFFFF, 0xFFFFFFFF) if m.zip64 else (len(raw), size)
        out += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 45, m.flags, m.method, 0, 0x21, crc, csize32, size32, len(n), len(extra)
        )
        out += n + extra + raw
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            0x031E,  # made on Unix: the high half of the external attributes is the file mode
            20,
            m.flags,
            m.method,
            0,
            0x21,
            crc,
            csize32,
            size32 & 0xFFFFFFFF,
            len(n),
            len(extra),
            0,
            0,
            0,
            m.attr,
            offset if m.offset is None else m.offset,
        )
        central += n + extra
    count = len(members) if declared_entries is None else declared_entries
    cd_offset = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count & 0xFFFF, count & 0xFFFF, len(central), cd_offset, 0)
    return bytes(out)


def _manifest(files: list[tuple[str, bytes]], **extra: object) -> bytes:
    doc: dict[str, object] = {
        "format": FORMAT,
        "format_version": 1,
        "files": [{"path": p, "size": len(d), "sha256": hashlib.sha256(d).hexdigest()} for p, d in files],
    }
    doc.update(extra)
    return json.dumps(doc).encode()


def _bundle(evidence: list[M], *, listed: list[tuple[str, bytes]] | None = None, first: list[M] = ()) -> bytes:  # type: ignore[assignment]
    """A small bundle whose manifest lists every member given (or `listed`)."""
    base = [M("jawaban-unit.json", b'{"answers": []}'), *evidence]
    files = listed if listed is not None else [(m.name, m.data) for m in base]
    return _zip([*first, *base, M("manifest.json", _manifest(files))])


def _bomb() -> bytes:
    """About 4 MB on disk declaring (nearly) 4 GiB, the most 32 bits hold: a deflate stream of
    4095 blocks of 1 MB of zeros, byte-aligned."""
    bomb = M("bukti/nol.bin", b"", method=8, payload=_deflate_zero_blocks(4095), size=4095 * 1024 * 1024)
    return _zip([bomb, M("manifest.json", _manifest([("bukti/nol.bin", b"")]))])


def _bomb_zip64() -> bytes:
    """4 MB on disk declaring 16 GiB in the zip64 extra field, as zipfile writes large members."""
    zero_mb = _deflate_zero_blocks(4095)
    bomb = M("bukti/nol.bin", b"", method=8, payload=zero_mb, size=16 * 1024**3, zip64=True)
    return _zip([bomb, M("manifest.json", _manifest([("bukti/nol.bin", b"")]))])


def _deflate_zero_blocks(count: int) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(b"\0" * 1024 * 1024) + c.flush(zlib.Z_FULL_FLUSH)
    return block * count + b"\x03\x00"


def _stored_liar() -> bytes:
    """A stored member whose declared size (4 GiB - 1) is far beyond the file."""
    m = M("bukti/besar.pdf", b"%PDF", size=0xFFFFFFFE, payload=b"%PDF")
    return _zip([m, M("manifest.json", _manifest([("bukti/besar.pdf", b"%PDF")]))])


def _overlapping() -> bytes:
    """Three central entries sharing one local header and its data (a non-recursive zip bomb)."""
    data = b"%PDF-1.4 isi" * 10
    one = M("bukti/a.pdf", data)
    two = M("bukti/b.pdf", data, offset=0)
    three = M("bukti/c.pdf", data, offset=0)
    files = [(m.name, m.data) for m in (one, two, three)]
    return _zip([one, two, three, M("manifest.json", _manifest(files))])


def _deep_manifest() -> bytes:
    deep = "[" * 50_000 + "]" * 50_000
    doc = '{"format": "' + FORMAT + '", "files": [], "x": ' + deep + "}"
    return _zip([M("manifest.json", doc.encode())])


def _surrogate_manifest() -> bytes:
    doc = '{"format": "' + FORMAT + '", "files": [], "unit": {"name": "Satker \\ud800"}}'
    return _zip([M("manifest.json", doc.encode())])


def _lying_count(real: int = MAX_BUNDLE_ENTRIES + 50_000) -> bytes:
    """An end record declaring one entry over a central directory of many more (all on one header)."""
    members = [M("a")] + [M(f"{i:x}", offset=0) for i in range(1, real)]
    return _zip(members, declared_entries=1)


PDF = b"%PDF-1.4 bukti"

# name -> (builder, fragments of the one-line message)
CASES: dict[str, tuple[Callable[[], bytes], tuple[str, ...]]] = {
    "parent_name": (lambda: _bundle([M("../evil.txt", b"evil")]), ("'../evil.txt'", "menunjuk ke luar berkas")),
    "parent_inside": (
        lambda: _bundle([M("bukti/../../evil.txt", b"evil")]),
        ("'bukti/../../evil.txt'", "memuat '..'"),
    ),
    "absolute_name": (lambda: _bundle([M("/tmp/evil.txt", b"evil")]), ("'/tmp/evil.txt'", "nama mutlak")),
    "backslash_name": (
        lambda: _bundle([M("bukti\\..\\evil.txt", b"evil")]),
        ("garis miring terbalik", "menunjuk ke luar berkas"),
    ),
    "drive_name": (lambda: _bundle([M("C:/Windows/evil.txt", b"evil")]), ("huruf drive",)),
    "nul_name": (lambda: _bundle([M("bukti/a.pdf\x00.txt", PDF)]), ("'bukti/a.pdf?.txt'", "NUL")),
    "escape_name": (lambda: _bundle([M("bukti/\x1b[2Ja.pdf", PDF)]), ("karakter kendali",)),
    "symlink_member": (
        lambda: _bundle([M("bukti/1 Soal/kunci.pdf", b"/home/user/.ssh/id_rsa", attr=_LINK)]),
        ("'bukti/1 Soal/kunci.pdf' adalah tautan simbolik (symlink)",),
    ),
    "device_member": (
        lambda: _bundle([M("bukti/dev.pdf", PDF, attr=(stat.S_IFCHR | 0o644) << 16)]),
        ("'bukti/dev.pdf' bukan berkas biasa",),
    ),
    "duplicate_hostile_first": (
        lambda: _bundle([M("bukti/SK.pdf", PDF)], first=[M("bukti/SK.pdf", b"%PDF palsu")]),
        ("'bukti/SK.pdf' muncul dua kali", "nama ganda"),
    ),
    "duplicate_by_case": (
        lambda: _bundle([M("bukti/SK.pdf", PDF)], first=[M("bukti/sk.PDF", b"%PDF palsu")]),
        ("bernama sama dengan 'bukti/sk.PDF'", "nama ganda"),
    ),
    "file_as_folder": (
        lambda: _bundle([M("bukti/a", b"x"), M("bukti/a/b.pdf", PDF)]),
        ("'bukti/a/b.pdf' berada di bawah 'bukti/a' yang juga berkas",),
    ),
    "manifest_lists_twice": (
        lambda: _bundle([M("bukti/SK.pdf", PDF)], listed=[("bukti/SK.pdf", PDF), ("bukti/SK.pdf", b"lain")]),
        ("manifest.json mencatat berkas 'bukti/SK.pdf' dua kali",),
    ),
    "manifest_lists_escape": (
        lambda: _bundle([], listed=[("../../.bashrc", b"x")]),
        ("manifest.json mencatat berkas '../../.bashrc' yang menunjuk ke luar berkas",),
    ),
    "encrypted_member": (lambda: _bundle([M("bukti/a.pdf", PDF, flags=0x801)]), ("dilindungi kata sandi",)),
    "bomb_4gib": (_bomb, ("'bukti/nol.bin' dimampatkan secara tidak wajar (zip bomb)",)),
    "stored_size_lie": (_stored_liar, ("'bukti/besar.pdf' rusak (ukuran tersimpan dan terurai berbeda)",)),
    "overlapping_members": (_overlapping, ("tumpang tindih", "zip bomb")),
    "lying_entry_count": (_lying_count, (f"memuat terlalu banyak bagian (lebih dari {MAX_BUNDLE_ENTRIES})",)),
    "deep_manifest": (_deep_manifest, ("manifest.json: struktur JSON terlalu dalam",)),
    "surrogate_manifest": (_surrogate_manifest, ("manifest.json: teks di unit.name", "\\ud800 tanpa pasangan")),
}


def _listing(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("name", sorted(CASES))
def test_verify_refuses_by_name(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    builder, fragments = CASES[name]
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / f"{name}.zip"
    path.write_bytes(builder())
    before = _listing(tmp_path)
    start = time.monotonic()
    code = main(["verify", str(path)])
    elapsed = time.monotonic() - start
    err = capsys.readouterr().err
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Galat: "), err[:2000]
    assert len(lines[0]) < 600, lines[0][:300]
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    assert "\x1b" not in lines[0] and "\x00" not in lines[0]
    assert elapsed < TIME_BOUND, f"{name}: {elapsed:.1f} s"
    assert _listing(tmp_path) == before  # nothing written, nothing unpacked, the bundle untouched


def test_bomb_is_small_and_declares_4_gib() -> None:
    import io
    import zipfile

    data = _bomb()
    assert len(data) < 6 * 1024 * 1024
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.getinfo("bukti/nol.bin").file_size == 4095 * 1024 * 1024


def test_zip64_bomb_refused_fast(tmp_path: Path) -> None:
    """A zip64 member declaring 16 GiB (4 MB on disk): refused before any byte is inflated."""
    import zipfile

    path = tmp_path / "bom64.zip"
    path.write_bytes(_bomb_zip64())
    assert path.stat().st_size < 8 * 1024 * 1024
    with zipfile.ZipFile(path) as zf:
        assert zf.getinfo("bukti/nol.bin").file_size == 16 * 1024**3
    start = time.monotonic()
    with pytest.raises(UserError, match=r"'bukti/nol\.bin' dimampatkan secara tidak wajar \(zip bomb\)"):
        verify_bundle(path)
    assert time.monotonic() - start < 2


# The child's own peak: VmHWM belongs to the new address space (ru_maxrss would carry the parent's
# peak across fork and exec on Linux).
_CHILD = """
import sys, time
from zi_desktop.cli.main import main
start = time.monotonic()
code = main(["verify", sys.argv[1]])
print(time.monotonic() - start)
with open("/proc/self/status") as fh:
    print(next(line.split()[1] for line in fh if line.startswith("VmHWM:")))
sys.exit(code)
"""


def _million(n: int = 1_000_000) -> bytes:
    """A real million-member zip (every member empty, all sharing one local header: 60 MB)."""
    head = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x800, 0, 0, 0x21, 0, 0, 0, 1, 0) + b"a"
    rec = struct.Struct("<IHHHHHHIIIHHHHHII")
    parts = [head]
    for i in range(n):
        name = f"{i:x}".encode()
        parts.append(rec.pack(0x02014B50, 20, 20, 0x800, 0, 0, 0x21, 0, 0, 0, len(name), 0, 0, 0, 0, 0, 0) + name)
    central = b"".join(parts[1:])
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, len(central), len(head), 0)
    # zip64 end record and locator: the true count of a million
    z64 = struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, n, n, len(central), len(head))
    loc = struct.pack("<IIQI", 0x07064B50, 0, len(head) + len(central), 1)
    return head + central + z64 + loc + eocd


needs_proc = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc (Linux)")


@needs_proc
def test_million_members_refused_in_bounded_memory(tmp_path: Path) -> None:
    """1M members once took 740 MB: now refused from the end record, in a child so its peak is its own."""
    path = tmp_path / "sejuta.zip"
    path.write_bytes(_million())
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert proc.returncode == 2, proc.stderr
    assert f"memuat terlalu banyak bagian (1000000; batas {MAX_BUNDLE_ENTRIES})" in proc.stderr
    elapsed, peak_kb = proc.stdout.split()
    assert float(elapsed) < TIME_BOUND
    assert int(peak_kb) / 1024 < 150, f"peak {int(peak_kb) / 1024:.0f} MB"


@needs_proc
def test_lying_count_bounded_memory(tmp_path: Path) -> None:
    """The end record says 1 but the central directory holds 250 000: counted while scanning the raw
    records, refused before zipfile builds an object for each."""
    path = tmp_path / "bohong.zip"
    path.write_bytes(_lying_count())
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert proc.returncode == 2, proc.stderr
    assert "terlalu banyak bagian (lebih dari" in proc.stderr
    elapsed, peak_kb = proc.stdout.split()
    assert float(elapsed) < TIME_BOUND
    assert int(peak_kb) / 1024 < 200, f"peak {int(peak_kb) / 1024:.0f} MB"
