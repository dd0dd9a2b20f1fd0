"""Every workspace setting in one table: its default, its limits and what it means.

The store answers `Workspace.settings()` through `effective()`: every setting of the table is there,
a stored value where it is usable and the default otherwise (a hand-edited database cannot hand a
string or a negative size to the code that reads it). `zi-desktop setelan` lists the table and
changes one setting through `Setting.parse`, which refuses what the limits do not allow.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from zi_desktop.errors import UserError
from zi_desktop.lke.answers import MAX_ANSWERS, MAX_DOCUMENT_BYTES, MAX_JSON_ITEMS, MAX_TEXT, JsonLimits
from zi_desktop.records import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any  # None: worked out where it is used (user_name: the system's user name)
    help: str
    number: bool = True  # a number (else text)
    integer: bool = False  # a whole number
    zero_off: bool = False  # 0 is allowed and turns the feature off; else the number must be above 0

    @property
    def limits(self) -> str:
        """The limits in words, as `setelan` and its messages say them."""
        if not self.number:
            return "teks, tidak kosong"
        low = ">= 0 (0: mati)" if self.zero_off else "> 0"
        return f"bilangan bulat {low}" if self.integer else f"angka {low}"

    def usable(self, value: Any) -> bool:
        if not self.number:
            return isinstance(value, str) and bool(value.strip())
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        if self.integer and value != int(value):
            return False
        return value >= 0 if self.zero_off else value > 0

    def parse(self, raw: str) -> Any:
        """The value typed on the command line, or a UserError naming the setting and its limits."""
        text = raw.strip()
        if not self.number:
            if not text:
                raise UserError(f"setelan {self.key} tidak boleh kosong")
            return text
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            raise UserError(f"setelan {self.key} harus angka, bukan '{raw}'") from None
        whole = value == int(value) if value == value and abs(value) != float("inf") else False
        if not self.usable(int(value) if whole else value):
            raise UserError(f"setelan {self.key} harus {self.limits}, bukan '{raw}'")
        return int(value) if whole else value


SETTINGS: tuple[Setting, ...] = (
    Setting("user_name", None, "nama yang tercatat di riwayat perubahan (default: nama pengguna sistem)", number=False),
    Setting("max_file_mb", 10, "ukuran berkas bukti (MB) di atas mana check memberi saran"),
    Setting("max_attach_mb", 1024, "ukuran berkas bukti (MB) terbesar yang boleh dilampirkan"),
    Setting("backup_every_minutes", 10, "jarak cadangan otomatis database (menit; 0: tanpa cadangan)", zero_off=True),
    Setting("backup_keep", 5, "jumlah cadangan otomatis yang disimpan", integer=True, zero_off=True),
    Setting("max_json_mb", MAX_DOCUMENT_BYTES // MB, "ukuran berkas JSON (MB) terbesar yang diimpor"),
    Setting("max_json_items", MAX_JSON_ITEMS, "jumlah nilai terbanyak dalam berkas JSON yang diimpor", integer=True),
    Setting("max_answers", MAX_ANSWERS, "jumlah jawaban terbanyak dalam satu dokumen JSON", integer=True),
    Setting("max_text_chars", MAX_TEXT, "panjang teks terpanjang (karakter) per catatan atau bukti", integer=True),
)
BY_KEY: dict[str, Setting] = {s.key: s for s in SETTINGS}


def setting(key: str) -> Setting:
    """The setting named `key`, or a UserError listing the known ones."""
    s = BY_KEY.get(key)
    if s is None:
        raise UserError(f"setelan '{key}' tidak dikenal; pilih salah satu: {', '.join(BY_KEY)}")
    return s


def effective(stored: Mapping[str, Any]) -> dict[str, Any]:
    """Every setting of the table (the stored value where usable, else its default) and the other
    stored keys (the preconditions' ticks) as they are."""
    out = dict(stored)
    for s in SETTINGS:
        value = stored.get(s.key)
        out[s.key] = value if value is not None and s.usable(value) else s.default
    return out


def json_limits(settings: Mapping[str, Any]) -> JsonLimits:
    """The bounds on an imported JSON document that a workspace's settings set."""
    s = effective(settings)
    return JsonLimits(
        max_bytes=int(s["max_json_mb"] * MB),
        max_items=int(s["max_json_items"]),
        max_answers=int(s["max_answers"]),
        max_text=int(s["max_text_chars"]),
    )
