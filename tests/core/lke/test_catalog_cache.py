"""The parsed-catalog cache (issue 15) gives the very catalog the JSON gives, and is never trusted
blindly: a damaged, forged, stale or foreign cache is ignored and the file parsed as before."""

from __future__ import annotations

import marshal
import os
import zlib
from pathlib import Path
from typing import Any

import pytest

from zi_desktop.lke import catalog as cat_mod
from zi_desktop.lke import catalog_cache
from zi_desktop.lke.catalog import load_catalog_file
from zi_desktop.paths import resources_dir

SOURCE = resources_dir() / "catalog" / "lke-zi-2026.json"


@pytest.fixture
def fresh() -> Any:
    return load_catalog_file(SOURCE)  # parsed, no cache involved


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_a: Any, **_k: Any) -> Any:
        raise AssertionError("parsed although the cache is good")

    monkeypatch.setattr(cat_mod, "parse_catalog", refuse)


def _key(path: Path = SOURCE) -> str:
    key = catalog_cache.source_key(path)
    assert key is not None
    return key


def _cache_file(_fresh: Any) -> Path:
    return catalog_cache.cache_path(_key())


def test_the_cached_catalog_is_the_parsed_one(fresh: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_catalog_file(SOURCE, cache=True)  # parses and keeps it
    assert _cache_file(fresh).is_file()
    _no_parsing(monkeypatch)
    again = load_catalog_file(SOURCE, cache=True)  # from the cache
    for got in (first, again):
        assert got == fresh and repr(got) == repr(fresh)
        assert got.soal_area_numbers() == fresh.soal_area_numbers()
        assert [c.id for c in got.computed_using(89)] == [c.id for c in fresh.computed_using(89)]
    # the same objects are shared as a parse shares them, and they stay frozen
    assert again.computed_of(again.computed[0].node_id)[0] is again.computed[0]
    with pytest.raises(AttributeError):
        again.soal[1].text = "ubah"


def test_a_copy_elsewhere_has_a_cache_of_its_own(tmp_path: Path, fresh: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "salinan.json"
    copy.write_bytes(SOURCE.read_bytes())
    load_catalog_file(SOURCE, cache=True)
    got = load_catalog_file(copy, cache=True)  # another file: parsed, and kept under its own key
    assert got.path == str(copy) and got.checksum == fresh.checksum
    assert catalog_cache.cache_path(_key(copy)) != _cache_file(fresh)
    _no_parsing(monkeypatch)
    again = load_catalog_file(copy, cache=True)
    assert again == got and again.path == str(copy) and again.checksum == fresh.checksum


def test_the_checksum_kept_in_the_cache_is_that_of_the_bytes(fresh: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import hashlib

    load_catalog_file(SOURCE, cache=True)
    _no_parsing(monkeypatch)
    got = load_catalog_file(SOURCE, cache=True)
    assert got.checksum == fresh.checksum == hashlib.sha256(SOURCE.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[:-1],  # truncated
        lambda b: b[:-100] + bytes([b[-100] ^ 1]) + b[-99:],  # one bit changed in the contents
        lambda _b: b"",  # empty
        lambda _b: b"sampah" * 100,  # garbage
        lambda b: b.replace(catalog_cache.MAGIC, b"ZI-DESKTOP-CATALOG-CACHE 0\n"),  # another format
    ],
)
def test_a_damaged_cache_is_ignored_and_replaced(fresh: Any, damage: Any) -> None:
    load_catalog_file(SOURCE, cache=True)
    path = _cache_file(fresh)
    path.write_bytes(damage(path.read_bytes()))
    got = load_catalog_file(SOURCE, cache=True)
    assert got == fresh and repr(got) == repr(fresh)
    assert catalog_cache.read(_key(), str(SOURCE)) == fresh  # written again, good


def _forge(fresh: Any, payload: Any, key: str | None = None, checksum: str | None = None) -> None:
    body = marshal.dumps(payload)
    head = catalog_cache.MAGIC + (key or _key()).encode() + b"\n"
    path = _cache_file(fresh)
    path.parent.mkdir(parents=True, exist_ok=True)
    crc = f"{zlib.crc32(body):08x}"
    path.write_bytes(head + f"{checksum or fresh.checksum}\n{crc}\n".encode() + body)


def test_a_well_formed_cache_of_the_wrong_shape_is_ignored(fresh: Any) -> None:
    for payload in ((1, 2, 3), ((), (), (), (), {}, {}, {}), {"soal": []}):
        _forge(fresh, payload)
        assert catalog_cache.read(_key(), str(SOURCE)) is None
        assert load_catalog_file(SOURCE, cache=True) == fresh
    _forge(fresh, marshal.loads(catalog_cache.encode(fresh)), checksum="not-a-sha256-" + "0" * 51)
    assert catalog_cache.read(_key(), str(SOURCE)) is None
    _forge(fresh, marshal.loads(catalog_cache.encode(fresh)))  # the same, well made: taken
    assert catalog_cache.read(_key(), str(SOURCE)) == fresh


def test_a_cache_made_by_other_code_is_not_read(fresh: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    load_catalog_file(SOURCE, cache=True)
    key = _key()
    assert catalog_cache.read(key, str(SOURCE)) is not None
    monkeypatch.setattr(catalog_cache, "__version__", "0.0-lain")  # another version of the app
    other = _key()
    assert other != key and catalog_cache.read(other, str(SOURCE)) is None
    monkeypatch.undo()
    # and what other code kept under the same name is not taken either
    _forge(fresh, marshal.loads(catalog_cache.encode(fresh)), key=key.replace(catalog_cache.__version__, "0.0-lain"))
    assert catalog_cache.read(key, str(SOURCE)) is None


def test_the_same_file_changed_in_place_is_parsed_again(tmp_path: Path) -> None:
    copy = tmp_path / "katalog.json"
    text = SOURCE.read_text(encoding="utf-8")
    copy.write_text(text, encoding="utf-8")
    first = load_catalog_file(copy, cache=True)
    st = copy.stat()
    # changed, and even given back its old modification time: its size tells
    copy.write_text(text.replace('"title": "', '"title": "Diubah: ', 1), encoding="utf-8")
    os.utime(copy, ns=(st.st_atime_ns, st.st_mtime_ns))
    got = load_catalog_file(copy, cache=True)
    assert got.title.startswith("Diubah: ") and got.checksum != first.checksum
    # the same size, a new modification time
    copy.write_text(text[:-1] + (" " if text[-1] != " " else "\n"), encoding="utf-8")
    os.utime(copy, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    again = load_catalog_file(copy, cache=True)
    assert again.checksum not in (first.checksum, got.checksum)


def test_a_changed_catalog_file_never_meets_the_old_cache(tmp_path: Path, fresh: Any) -> None:
    load_catalog_file(SOURCE, cache=True)
    changed = tmp_path / "ubah.json"
    changed.write_text(
        SOURCE.read_text(encoding="utf-8").replace('"title": "', '"title": "Diubah: ', 1), encoding="utf-8"
    )
    got = load_catalog_file(changed, cache=True)
    assert got.title.startswith("Diubah: ") and got.checksum != fresh.checksum
    assert load_catalog_file(SOURCE, cache=True).title == fresh.title


def test_a_folder_that_cannot_be_written_means_no_cache(
    tmp_path: Path, fresh: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "bukan-folder"
    blocker.write_text("x")
    monkeypatch.setenv("ZI_DESKTOP_HOME", str(blocker))  # cache/ cannot be made under a file
    assert load_catalog_file(SOURCE, cache=True) == fresh
    assert load_catalog_file(SOURCE, cache=True) == fresh


def test_a_broken_catalog_is_refused_with_or_without_cache(tmp_path: Path) -> None:
    from zi_desktop.errors import CatalogError

    bad = tmp_path / "rusak.json"
    bad.write_text('{"format": "lain"}', encoding="utf-8")
    for _ in range(2):
        with pytest.raises(CatalogError):
            load_catalog_file(bad, cache=True)
    assert not list((tmp_path).glob("**/katalog-*.bin"))
