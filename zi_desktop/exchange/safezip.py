"""Safe reading of zip files made by someone else: the one gate for every reader of a zip.

Threat model
------------
Every zip this app reads was made elsewhere: a TPI's workbook (.xlsx is a zip of XML parts), a
bundle handed back for `verify`, a hub, review or team packet. Assume its author controls every byte
and wants one of these:

1. Exhaust time, memory or disk. A few megabytes that declare gigabytes (a deflate bomb, or stored
   sizes larger than the file); many members sharing one compressed kernel (overlapping entries);
   a central directory of a million entries (zipfile builds an object per entry before anyone can
   count them); XML whose DOCTYPE defines entities that expand a billion times.
2. Confuse what is read with what a person sees. Names with `..`, an absolute path, a backslash or
   a drive letter (they escape the folder when unpacked by another tool); NUL (zipfile cuts the name
   there) and control characters (terminal escapes in our messages); symlink and device members;
   two members with the same name, or names the same to Windows, Excel and macOS (case, Unicode
   normalisation): a lookup reads one copy, Explorer or Excel shows the other (the hostile first
   copy); a file that is also used as a folder; a local header whose name differs from the central
   directory's.
3. Hide an XML attack behind a name. Excel finds parts through relationships, not by extension, so
   a worksheet may be called `sheet3.bin`: every member is inspected by its CONTENT. A member whose
   first bytes are XML (in any encoding) must be UTF-8 with a prolog of only the XML declaration,
   comments, processing instructions and whitespace: no DOCTYPE, no ENTITY, no UTF-16/UTF-32/EBCDIC
   (they hide a declaration from a byte scan), no other declared encoding (UTF-7 can spell `<!` as
   `+ADw-!`).
4. Encryption and compression methods we do not need (only stored and deflate are read).

What `open_zip` guarantees before zipfile parses anything: the file is a regular file within
`max_file` bytes; the end record is found the way zipfile finds it; its entry count and the central
directory's size are within `max_entries`; the central directory is then scanned record by record
from its raw bytes (so NUL and other raw-name tricks are seen) and refused at the first entry over the
limit. zipfile then parses the same bytes and must agree (count, position, names). Member checks:
names (`member_name_problem`), types, duplicates, declared sizes (each, in total, per-member ratio for
members over `ratio_floor`, and the whole archive's ratio), data inside the file and not overlapping.
Reads are bounded by the declared size, which is bounded itself. Every refusal is a `UserError`
naming the file and the member, in words a person can act on.

Not covered here: what non-XML members contain (PDFs, images: never parsed by the core), zips inside
zips (opaque bytes), and the meaning of a format's parts (the reader of each format checks that).

API: `open_zip(path, limits, label=...)` -> `SafeZip` (a context manager): `.members`, `.get(name)`,
`.open(name, check_crc=True)` (a stream capped at the declared size), `.read(name, max_bytes)`,
`.check_xml_parts()`; plus `member_name_problem(name)` for names found elsewhere (a manifest's list),
`xml_content_problem(head)` and `xml_prolog_problem(head)` for XML bytes, and `READ_ERRORS`, what a
damaged member raises while streaming.
"""

from __future__ import annotations

import os
import re
import stat
import struct
import unicodedata
import zipfile
import zlib
from pathlib import Path
from typing import IO, Any, NamedTuple

from zi_desktop.errors import UserError
from zi_desktop.lazy_re import compile_later

MAX_PROLOG = 64 * 1024
MAX_NAME_BYTES = 1024
MAX_EXTRA_BYTES = 1024
MAX_COMMENT_BYTES = 1024
CD_BYTES_PER_ENTRY = 46 + 466  # room for a long UTF-8 name and the usual extra fields, on average
READ_ERRORS: tuple[type[BaseException], ...] = (zipfile.BadZipFile, zlib.error, EOFError, OSError)

_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"
_EOCD64 = b"PK\x06\x06"
_CENTRAL = b"PK\x01\x02"
_LOCAL = b"PK\x03\x04"
_CENTRAL_FMT = struct.Struct("<4s4B4HL2L5H2L")
_EOCD_FMT = struct.Struct("<4s4H2LH")
_EOCD64_FMT = struct.Struct("<4sQ2H2L4Q")
_LOCATOR_FMT = struct.Struct("<4sLQL")
_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate"}
# C0, DEL, C1 controls and the bidirectional overrides that make "fdp.exe" display as "exe.pdf"
_CONTROL = compile_later("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_DRIVE = compile_later(r"^[A-Za-z]:")


class ZipLimits(NamedTuple):
    """Bounds for one kind of zip. Sizes are bytes as declared in the central directory.
    (NamedTuple, like Member: immutable, and no dataclasses import for `verify`'s start-up.)"""

    max_entries: int
    max_total: int  # all members, uncompressed
    max_member: int  # one member, uncompressed
    max_ratio: int = 200  # uncompressed / compressed, per member over ratio_floor and for the archive
    ratio_floor: int = 1024 * 1024
    max_file: int | None = None  # the zip file itself


class Member(NamedTuple):
    name: str
    size: int  # uncompressed, declared
    compressed_size: int
    method: int
    is_dir: bool
    info: zipfile.ZipInfo


class NotAZip(UserError):
    """The file has no zip end record: it is something else (callers say what was expected)."""


def shown(name: str, limit: int = 80) -> str:
    """A member name fit for a message: control characters as '?', at most `limit` characters."""
    text = _CONTROL.sub("?", name)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def size_text(n: int) -> str:
    mb = 1024 * 1024
    if n >= 1024 * mb:
        return f"{n / (1024 * mb):.1f} GB".replace(".", ",")
    if n >= mb:
        return f"{n // mb} MB"
    return f"{n // 1024} KB" if n >= 1024 else f"{n} bita"


def member_name_problem(name: str) -> str | None:
    """Why a member name is unsafe to look up or unpack, or None. Directory names end with '/'."""
    if not name or name == "/":
        return "tidak bernama"
    if _CONTROL.search(name):
        return "memuat karakter kendali atau NUL pada namanya"
    if "\\" in name:
        return "menunjuk ke luar berkas (memuat garis miring terbalik '\\')"
    if name.startswith("/"):
        return "menunjuk ke luar berkas (nama mutlak)"
    if _DRIVE.match(name):
        return "menunjuk ke luar berkas (memuat huruf drive)"
    parts = name[:-1].split("/") if name.endswith("/") else name.split("/")
    if ".." in parts:
        return "menunjuk ke luar berkas (memuat '..')"
    if any(p in ("", ".") for p in parts):
        return "memiliki nama yang tidak wajar (bagian kosong atau '.')"
    return None


def _key(name: str) -> str:
    """Names that are one file to Windows, macOS and Excel (OPC part names ignore case) share a key."""
    return unicodedata.normalize("NFC", name.rstrip("/")).casefold()


# -- the end record and the raw central directory ---------------------------------------------------


def _end_record(fh: IO[bytes], file_size: int) -> tuple[int, int, int]:
    """(start of central directory, its size, declared entries), found as zipfile finds them."""
    if file_size < _EOCD_FMT.size:
        raise NotAZip("tidak ada catatan akhir zip")
    fh.seek(file_size - _EOCD_FMT.size)
    data = fh.read(_EOCD_FMT.size)
    if data[:4] == _EOCD and data[-2:] == b"\0\0":
        pos = file_size - _EOCD_FMT.size
        rec = data
    else:
        start = max(file_size - (1 << 16) - _EOCD_FMT.size, 0)
        fh.seek(start)
        tail = fh.read()
        at = tail.rfind(_EOCD)
        if at < 0 or len(tail) - at < _EOCD_FMT.size:
            raise NotAZip("tidak ada catatan akhir zip")
        pos = start + at
        rec = tail[at : at + _EOCD_FMT.size]
    _sig, disk, disk_cd, _n_disk, entries, cd_size, cd_offset, _clen = _EOCD_FMT.unpack(rec)
    start_dir = pos - cd_size
    if pos >= _LOCATOR_FMT.size:
        fh.seek(pos - _LOCATOR_FMT.size)
        loc = fh.read(_LOCATOR_FMT.size)
        if len(loc) == _LOCATOR_FMT.size and loc[:4] == _EOCD64_LOCATOR and pos >= _LOCATOR_FMT.size + 56:
            _s, diskno, _reloff, disks = _LOCATOR_FMT.unpack(loc)
            if diskno != 0 or disks > 1:
                raise zipfile.BadZipFile("zip terbagi ke beberapa disk")
            fh.seek(pos - _LOCATOR_FMT.size - _EOCD64_FMT.size)
            rec64 = fh.read(_EOCD64_FMT.size)
            if len(rec64) == _EOCD64_FMT.size and rec64[:4] == _EOCD64:
                fields = _EOCD64_FMT.unpack(rec64)
                disk, disk_cd, entries, cd_size = fields[4], fields[5], fields[7], fields[8]
                start_dir = pos - cd_size - _EOCD64_FMT.size - _LOCATOR_FMT.size
    if disk != 0 or disk_cd != 0:
        raise zipfile.BadZipFile("zip terbagi ke beberapa disk")
    if start_dir < 0:
        raise zipfile.BadZipFile("letak direktori zip tidak sah")
    del cd_offset
    return start_dir, cd_size, entries


class _Raw(NamedTuple):
    """What the raw central directory says of one entry (before zipfile interprets it)."""

    name: str
    name_len: int
    flags: int


def _scan_central(data: bytes, limit: int, fail: Any) -> list[_Raw]:
    """Every central directory record from its raw bytes; at most `limit` of them."""
    out: list[_Raw] = []
    pos = 0
    end = len(data)
    unpack = _CENTRAL_FMT.unpack_from
    fixed = _CENTRAL_FMT.size
    while pos < end:
        if len(out) >= limit:
            raise fail(f"memuat terlalu banyak bagian (lebih dari {limit})")
        if end - pos < fixed:
            raise zipfile.BadZipFile("direktori zip terpotong")
        rec = unpack(data, pos)
        if rec[0] != _CENTRAL:
            raise zipfile.BadZipFile("direktori zip rusak")
        flags, name_len, extra_len, comment_len = rec[5], rec[12], rec[13], rec[14]
        raw_name = data[pos + fixed : pos + fixed + name_len]
        if name_len > MAX_NAME_BYTES or extra_len > MAX_EXTRA_BYTES or comment_len > MAX_COMMENT_BYTES:
            raise fail(f"bagian '{shown(raw_name.decode('utf-8', 'replace'))}' memiliki catatan yang terlalu panjang")
        if flags & 0x800:
            try:
                name = raw_name.decode("utf-8")
            except UnicodeDecodeError:
                raise fail(
                    f"bagian '{shown(raw_name.decode('utf-8', 'replace'))}' bernama bukan UTF-8 yang sah"
                ) from None
        else:
            name = raw_name.decode("cp437")
        out.append(_Raw(name, name_len, flags))
        pos += fixed + name_len + extra_len + comment_len
    return out


# -- XML by content --------------------------------------------------------------------------------

_PROLOG_SKIP = compile_later(rb"\s+|<\?.*?\?>|<!--.*?-->", re.S)
_XML_DECL = compile_later(rb"<\?xml\s[^>]*?\?>", re.S)
_ENCODING = compile_later(rb"""encoding\s*=\s*["']([^"']*)["']""")
_WHITESPACE = b" \t\r\n"
_UTF8_NAMES = {"utf-8", "utf8", "us-ascii", "ascii"}


def xml_prolog_problem(head: bytes) -> str | None:
    """Why an XML part's prolog is unsafe or unusual, or None when it is the plain kind Excel writes.

    Walks the prolog (whitespace, the XML declaration, processing instructions, comments) up to the
    root element: a DOCTYPE or ENTITY there (entity expansion), an encoding other than UTF-8 (UTF-16
    or UTF-7 would hide such a declaration from a byte scan), anything else before the root element,
    or a prolog longer than MAX_PROLOG is refused.
    """
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:512]:
        return "memakai pengodean UTF-16 yang tidak dipakai Excel"
    pos = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    decl = _XML_DECL.match(head, pos)
    if decl is not None:
        enc = _ENCODING.search(decl.group(0))
        if enc is not None and enc.group(1).decode("ascii", "replace").strip().lower() not in _UTF8_NAMES:
            return f"memakai pengodean '{shown(enc.group(1).decode('ascii', 'replace'), 20)}' yang tidak dipakai Excel"
    while pos < len(head):
        m = _PROLOG_SKIP.match(head, pos)
        if m is not None and m.end() > pos:
            pos = m.end()
            continue
        if head.startswith(b"<!", pos):
            return "memuat deklarasi DOCTYPE/ENTITY"
        if head.startswith(b"<", pos):
            return None  # the root element: the prolog is clean
        return "tidak diawali XML yang sah"
    return "memiliki pembuka XML yang terlalu panjang" if len(head) > MAX_PROLOG else None


def looks_like_xml(head: bytes) -> bool:
    """Whether an XML parser would take these first bytes as XML, whatever the member is named:
    `<` after an optional BOM and whitespace in UTF-8, UTF-16 or UTF-32 (with or without a BOM), or
    EBCDIC's `<?xm`; or nothing but whitespace for longer than a prolog may be."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00", b"\x4c\x6f\xa7\x94")):
        return True
    body = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    stripped = body.lstrip(_WHITESPACE)
    if stripped.startswith(b"<"):
        return True
    if not stripped:
        return len(head) > MAX_PROLOG
    for codec in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        width = 4 if "32" in codec else 2
        sample = head[: (min(len(head), 4096) // width) * width]
        text = sample.decode(codec, "ignore")
        if text.lstrip(" \t\r\n").startswith("<") and "\x00" in sample.decode("latin-1"):
            return True
    return False


def xml_content_problem(head: bytes) -> str | None:
    """The refusal for a member whose first bytes (at least MAX_PROLOG + 1 of them, or all) are
    XML with an unsafe prolog; None for safe XML and for what is not XML at all."""
    if not looks_like_xml(head):
        return None
    return xml_prolog_problem(head)


# -- the archive -----------------------------------------------------------------------------------


class _StoredReader:
    """The raw bytes of a stored member without the CRC-32 zipfile computes on every chunk (callers
    that hash the content with sha256 skip it). Reads with os.pread on the archive's own descriptor
    (no shared file position, so threads read in parallel and nothing is reopened); where there is
    no pread (Windows), through a handle of its own."""

    def __init__(self, path: Path, fd: int, member: Member) -> None:
        self._fh: Any = None
        if hasattr(os, "pread"):
            self._fd = fd
        else:
            self._fh = path.open("rb", buffering=0)
            self._fd = self._fh.fileno()
        try:
            info = member.info
            header = self._pread(30, info.header_offset)
            if len(header) != 30 or header[:4] != _LOCAL:
                raise zipfile.BadZipFile(f"kepala lokal {shown(member.name)} rusak")
            name_len = int.from_bytes(header[26:28], "little")
            extra_len = int.from_bytes(header[28:30], "little")
            local_name = self._pread(name_len, info.header_offset + 30)
            if local_name.decode("utf-8" if info.flag_bits & 0x800 else "cp437", "replace") != member.name:
                raise zipfile.BadZipFile(f"nama {shown(member.name)} di kepala lokal berbeda")
        except BaseException:
            self.close()
            raise
        self._pos = info.header_offset + 30 + name_len + extra_len
        self._left = member.compressed_size

    def _pread(self, n: int, offset: int) -> bytes:
        if self._fh is None:
            return os.pread(self._fd, n, offset)
        self._fh.seek(offset)
        return bytes(self._fh.read(n))

    def read(self, n: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        chunk = self._pread(self._left if n < 0 else min(n, self._left), self._pos)
        if not chunk:
            raise EOFError("paket terpotong")
        self._left -= len(chunk)
        self._pos += len(chunk)
        return chunk

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()

    def __enter__(self) -> _StoredReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SafeZip:
    """A zip that passed `open_zip`'s checks. Use as a context manager (or call close())."""

    def __init__(self, path: Path, label: str, zf: zipfile.ZipFile, fh: IO[bytes], members: list[Member]) -> None:
        self.path = path
        self.label = label
        self.zipfile = zf
        self._fh = fh
        self.members: tuple[Member, ...] = tuple(members)
        self._by_name = {m.name: m for m in members}

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.zipfile.close()
        finally:
            self._fh.close()

    def refuse(self, reason: str) -> UserError:
        return UserError(f"{self.label} ditolak: {reason}")

    def get(self, name: str) -> Member | None:
        return self._by_name.get(name)

    def files(self) -> list[Member]:
        return [m for m in self.members if not m.is_dir]

    def open(self, name: str | Member, *, check_crc: bool = True) -> Any:
        """A binary stream of the member's content, never longer than its declared size.
        With check_crc=False a stored member is read raw (the caller checks a stronger hash)."""
        m = name if isinstance(name, Member) else self._by_name[name]
        if not check_crc and m.method == zipfile.ZIP_STORED:
            return _StoredReader(self.path, self._fh.fileno(), m)
        return self.zipfile.open(m.info)

    def read(self, name: str | Member, max_bytes: int) -> bytes:
        """The whole content of a member of at most `max_bytes`; a UserError if larger or damaged."""
        m = name if isinstance(name, Member) else self._by_name[name]
        if m.size > max_bytes:
            raise UserError(f"{self.label}: bagian '{shown(m.name)}' terlalu besar (batas {size_text(max_bytes)})")
        try:
            with self.zipfile.open(m.info) as fh:
                data = fh.read(max_bytes + 1)
        except READ_ERRORS as exc:
            raise UserError(f"{self.label}: bagian '{shown(m.name)}' rusak ({exc})") from None
        if len(data) > max_bytes:
            raise UserError(f"{self.label}: bagian '{shown(m.name)}' terlalu besar (batas {size_text(max_bytes)})")
        return data

    def head(self, name: str | Member, n: int) -> bytes:
        m = name if isinstance(name, Member) else self._by_name[name]
        try:
            with self.zipfile.open(m.info) as fh:
                return fh.read(n)
        except READ_ERRORS as exc:
            raise UserError(f"{self.label}: bagian '{shown(m.name)}' rusak ({exc})") from None

    def check_xml_parts(self, *, advice: str = "") -> None:
        """Refuse the zip if any member is XML by its content (whatever its name) with an unsafe prolog."""
        for m in self.files():
            problem = xml_content_problem(self.head(m, MAX_PROLOG + 1))
            if problem:
                raise self.refuse(f"bagian '{shown(m.name)}' {problem}{advice}")


def open_zip(path: Path | str, limits: ZipLimits, *, label: str | None = None) -> SafeZip:
    """Open and check a zip made by someone else. Raises NotAZip when it is not a zip at all and
    UserError (message starting with `label`) for everything refused; see the module's threat model."""
    p = Path(path)
    label = label or f"berkas {p.name}"
    try:
        # O_NONBLOCK: opening a FIFO put in the file's place must not wait for a writer (fstat refuses it)
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        fh: IO[bytes] = os.fdopen(fd, "rb")
    except FileNotFoundError:
        raise UserError(f"{label} tidak ditemukan") from None
    except IsADirectoryError:
        raise UserError(f"{label} adalah folder, bukan berkas") from None
    except OSError as exc:
        raise UserError(f"{label} tidak dapat dibaca ({exc.strerror})") from None
    try:
        return _check(p, fh, limits, label)
    except BaseException:
        fh.close()
        raise


def _check(p: Path, fh: IO[bytes], limits: ZipLimits, label: str) -> SafeZip:
    def refuse(reason: str) -> UserError:
        return UserError(f"{label} ditolak: {reason}")

    try:
        st = os.fstat(fh.fileno())
        if stat.S_ISDIR(st.st_mode):
            raise UserError(f"{label} adalah folder, bukan berkas")
        if not stat.S_ISREG(st.st_mode):
            raise UserError(f"{label} bukan berkas biasa (pipa atau perangkat)")
        file_size = st.st_size
        if limits.max_file is not None and file_size > limits.max_file:
            raise UserError(f"{label} terlalu besar ({size_text(file_size)}; batas {size_text(limits.max_file)})")
        try:
            start_dir, cd_size, declared = _end_record(fh, file_size)
        except NotAZip:
            raise NotAZip(f"{label} bukan berkas zip") from None
        if declared > limits.max_entries:
            raise refuse(f"memuat terlalu banyak bagian ({declared}; batas {limits.max_entries})")
        if cd_size > limits.max_entries * CD_BYTES_PER_ENTRY + 64 * 1024:
            raise refuse(f"direktori zip terlalu besar ({size_text(cd_size)})")
        if start_dir + cd_size > file_size:
            raise zipfile.BadZipFile("direktori zip melampaui akhir berkas")
        fh.seek(start_dir)
        raw = _scan_central(fh.read(cd_size), limits.max_entries, refuse)
        fh.seek(0)
        zf = zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, struct.error) as exc:
        raise UserError(f"{label} rusak atau tidak dapat dibuka ({exc})") from None
    except OSError as exc:
        raise UserError(f"{label} tidak dapat dibaca ({exc.strerror})") from None
    try:
        members = _check_members(zf, raw, start_dir, file_size, limits, label)
    except BaseException:
        zf.close()
        raise
    return SafeZip(p, label, zf, fh, members)


def _check_members(
    zf: zipfile.ZipFile, raw: list[_Raw], start_dir: int, file_size: int, limits: ZipLimits, label: str
) -> list[Member]:
    def refuse(reason: str) -> UserError:
        return UserError(f"{label} ditolak: {reason}")

    infos = zf.infolist()
    if zf.start_dir != start_dir or len(infos) != len(raw):
        raise refuse("direktori zip tidak dapat dibaca dengan pasti (catatan akhir ganda atau rusak)")
    members: list[Member] = []
    seen: dict[str, str] = {}
    files: set[str] = set()
    total = 0
    for info, r in zip(infos, raw, strict=True):
        name = r.name
        problem = member_name_problem(name)
        if problem:
            raise refuse(f"bagian '{shown(name)}' {problem}")
        if info.filename != name:
            raise refuse(f"bagian '{shown(name)}' bernama ganda (nama tambahan berbeda dari nama utama)")
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise refuse(f"bagian '{shown(name)}' adalah tautan simbolik (symlink)")
        if stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise refuse(f"bagian '{shown(name)}' bukan berkas biasa")
        key = _key(name)
        if key in seen:
            other = seen[key]
            same = "muncul dua kali" if other == name else f"bernama sama dengan '{shown(other)}'"
            raise refuse(
                f"bagian '{shown(name)}' {same} (nama ganda: program lain bisa menampilkan salinan yang berbeda)"
            )
        seen[key] = name
        is_dir = name.endswith("/")
        if not is_dir:
            files.add(key)
        if r.flags & 0x1:
            raise UserError(f"{label} dilindungi kata sandi; hapus kata sandinya lalu coba lagi")
        if info.compress_type not in _METHODS:
            raise refuse(f"bagian '{shown(name)}' memakai metode pemampatan yang tidak didukung ({info.compress_type})")
        size, csize = info.file_size, info.compress_size
        if size > limits.max_member:
            raise refuse(
                f"bagian '{shown(name)}' terurai {size_text(size)}, melebihi batas {size_text(limits.max_member)}"
            )
        total += size
        if total > limits.max_total:
            raise refuse(f"isi terurai lebih dari {size_text(limits.max_total)}")
        if info.compress_type == zipfile.ZIP_STORED and csize != size:
            raise refuse(f"bagian '{shown(name)}' rusak (ukuran tersimpan dan terurai berbeda)")
        if size > limits.ratio_floor and size > limits.max_ratio * max(csize, 1):
            raise refuse(f"bagian '{shown(name)}' dimampatkan secara tidak wajar (zip bomb)")
        if info.header_offset + 30 + csize > start_dir:
            raise refuse(f"bagian '{shown(name)}' melampaui isi berkas (ukuran tercatat tidak sesuai)")
        members.append(Member(name, size, csize, info.compress_type, is_dir, info))
    if total > max(limits.ratio_floor, limits.max_ratio * file_size):
        raise refuse(
            f"isi terurai {size_text(total)} dari berkas {size_text(file_size)} "
            f"(lebih dari {limits.max_ratio} kali; zip bomb)"
        )
    for key in files:
        cut = key.rfind("/")
        while cut > 0:
            if key[:cut] in files:
                raise refuse(f"bagian '{shown(seen[key])}' berada di bawah '{shown(seen[key[:cut]])}' yang juga berkas")
            cut = key.rfind("/", 0, cut)
    ordered = sorted(zip(members, raw, strict=True), key=lambda mr: mr[0].info.header_offset)
    for (a, ra), (b, _rb) in zip(ordered, ordered[1:], strict=False):
        if b.info.header_offset < a.info.header_offset + 30 + ra.name_len + a.compressed_size:
            raise refuse(f"bagian '{shown(b.name)}' tumpang tindih dengan '{shown(a.name)}' (zip bomb)")
    return members
