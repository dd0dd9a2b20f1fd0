"""The parsed-catalog cache (issue 15) gives the very catalog the JSON gives, and is never trusted
blindly: a damaged, forged, stale or foreign cache is ignored and the file parsed as before."""

from __future__ import annotations

import hashlib
import marshal
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


def _cache_file(fresh: Any) -> Path:
    return catalog_cache.cache_path(fresh.checksum)


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


def test_a_copy_elsewhere_is_named_by_its_own_path(tmp_path: Path, fresh: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "salinan.json"
    copy.write_bytes(SOURCE.read_bytes())
    load_catalog_file(SOURCE, cache=True)
    _no_parsing(monkeypatch)
    got = load_catalog_file(copy, cache=True)
    assert got.path == str(copy) and got.checksum == fresh.checksum


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
    assert catalog_cache.read(fresh.checksum, str(SOURCE)) == fresh  # written again, good


def _forge(fresh: Any, payload: Any, key: str | None = None) -> None:
    body = marshal.dumps(payload)
    head = catalog_cache.MAGIC + f"{fresh.checksum}\n{key or catalog_cache.code_key()}\n".encode()
    path = _cache_file(fresh)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(head + hashlib.sha256(body).hexdigest().encode() + b"\n" + body)


def test_a_well_formed_cache_of_the_wrong_shape_is_ignored(fresh: Any) -> None:
    for payload in ((1, 2, 3), ((), (), (), (), {}, {}, {}), {"soal": []}):
        _forge(fresh, payload)
        assert catalog_cache.read(fresh.checksum, str(SOURCE)) is None
        assert load_catalog_file(SOURCE, cache=True) == fresh


def test_a_cache_made_by_other_code_is_not_read(fresh: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    load_catalog_file(SOURCE, cache=True)
    assert catalog_cache.read(fresh.checksum, str(SOURCE)) is not None
    monkeypatch.setattr(catalog_cache, "_code_key", "0" * 64)  # the parser changed
    assert catalog_cache.read(fresh.checksum, str(SOURCE)) is None
    # and what the other code kept under the same name is not taken either
    monkeypatch.setattr(catalog_cache, "_code_key", None)
    _forge(fresh, marshal.loads(catalog_cache.encode(fresh)), key="f" * 64)
    assert catalog_cache.read(fresh.checksum, str(SOURCE)) is None


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
