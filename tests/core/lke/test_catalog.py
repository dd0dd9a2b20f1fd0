"""The shipped catalog loads, matches the PortalRB master list, and broken catalogs are refused."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from zi_desktop.errors import CatalogError
from zi_desktop.lke.catalog import load_catalog_file, parse_catalog
from zi_desktop.paths import resources_dir

CATALOG_FILE = resources_dir() / "catalog" / "lke-zi-2026.json"


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(CATALOG_FILE.read_text("utf-8"))
    return data


def test_shipped_catalog_loads(catalog: Any) -> None:
    assert catalog.tahun == 2026 and catalog.catalog_id == "lke-zi-2026"
    assert len(catalog.soal) == 127
    assert len(catalog.computed) == 8
    assert sum(catalog.nodes[r].weight for r in catalog.roots) == 100
    assert [a.area_no for a in catalog.areas("pemenuhan")] == [1, 2, 3, 4, 5, 6]
    assert [a.weight for a in catalog.areas("reform")] == [4, 3.5, 5, 5, 7.5, 5]
    assert catalog.thresholds["WBK"].total_min == 75 and catalog.thresholds["WBBM"].total_min == 85
    assert catalog.thresholds["WBK"].area_min_fraction == 0.6
    assert {s.kind for s in catalog.soal.values()} == {"choice", "count", "survey"}
    assert len(catalog.checksum) == 64


def _walk(tree: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for n in tree:
        out.append(n)
        out.extend(_walk(n.get("children") or []))
    return out


def _node(data: dict[str, Any], node_id: int) -> dict[str, Any]:
    return next(n for n in _walk(data["tree"]) if n["node_id"] == node_id)


def _soal(data: dict[str, Any], soal_id: int) -> dict[str, Any]:
    return next(s for s in data["soal"] if s["soal_id"] == soal_id)


def _computed(data: dict[str, Any], cid: str) -> dict[str, Any]:
    return next(c for c in data["computed"] if c["id"] == cid)


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def f(d: dict[str, Any]) -> None:
        keys = path.split(".")
        for k in keys[:-1]:
            d = d[k]
        d[keys[-1]] = value

    return f


def _del_threshold(d: dict[str, Any]) -> None:
    del d["thresholds"]["WBK"]["ipkp_min"]


def _remove_soal_from_tree(d: dict[str, Any]) -> None:
    _node(d, 6)["soal"].remove(7)


BROKEN: dict[str, tuple[Callable[[dict[str, Any]], None], list[str]]] = {
    "sub-area weights do not add up": (
        lambda d: _node(d, 4).__setitem__("weight", 0.75),
        ["bobot", "1. MANAJEMEN PERUBAHAN"],
    ),
    "area weight changed": (lambda d: _node(d, 3).__setitem__("weight", 5), ["bobot", "PEMENUHAN"]),
    "hasil items do not add up": (lambda d: _soal(d, 126).__setitem__("weight", 4), ["bobot hasil"]),
    "unknown answer type on a soal": (lambda d: _soal(d, 12).__setitem__("type", "ABCDEF"), ["soal 12", "'ABCDEF'"]),
    "unknown answer kind": (lambda d: d["answer_types"]["ABC"].__setitem__("kind", "slider"), ["ABC", "'slider'"]),
    "formula names a missing soal": (lambda d: _computed(d, "PRA1A").__setitem__("num", [999]), ["PRA1A", "999"]),
    "formula names a non-count soal": (
        lambda d: _computed(d, "PRD1A").__setitem__("den", [12]),
        ["PRD1A", "soal 12", "bukan isian jumlah"],
    ),
    "formula of an unknown kind": (lambda d: _computed(d, "PRC3A").__setitem__("kind", "log"), ["PRC3A", "'log'"]),
    "soal missing from the tree": (_remove_soal_from_tree, ["soal tanpa tempat di pohon", "7"]),
    "missing threshold": (_del_threshold, ["WBK", "ipkp_min"]),
    "missing predicate thresholds": (lambda d: d["thresholds"].pop("WBBM"), ["WBBM"]),
    "multiplier out of range": (
        lambda d: _soal(d, 12)["options"][0].__setitem__("multiplier", 1.5),
        ["soal 12", "1.5"],
    ),
    "duplicate soal": (lambda d: d["soal"].append(copy.deepcopy(_soal(d, 12))), ["soal 12", "ganda"]),
    "unknown format": (_set("format_version", 99), ["format katalog", "99"]),
    "role pointing nowhere": (_set("roles.ipak", 500), ["ipak", "500"]),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_catalog_is_refused_naming_the_fault(raw: dict[str, Any], case: str) -> None:
    mutate, words = BROKEN[case]
    data = copy.deepcopy(raw)
    mutate(data)
    with pytest.raises(CatalogError) as ei:
        parse_catalog(data)
    for w in words:
        assert w in str(ei.value), (case, str(ei.value))


def test_unbroken_copy_parses(raw: dict[str, Any]) -> None:
    assert len(parse_catalog(copy.deepcopy(raw)).soal) == 127  # the variants above fail for their fault only


def test_non_json_and_non_object_catalog_files(tmp_path: Path) -> None:
    bad = tmp_path / "lke-zi-2026.json"
    bad.write_text("{ bukan json", "utf-8")
    with pytest.raises(CatalogError, match="bukan JSON yang sah"):
        load_catalog_file(bad)
    bad.write_text("[1, 2]", "utf-8")
    with pytest.raises(CatalogError, match="bukan objek JSON"):
        load_catalog_file(bad)
    with pytest.raises(CatalogError, match="tidak dapat dibaca"):
        load_catalog_file(tmp_path / "tidak-ada.json")


# -- the catalog against the PortalRB master list -----------------------------------------------


def _master_nodes(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for n in nodes:
        out.append(n)
        out.extend(_master_nodes(n.get("children") or []))
    return out


TYPES = {"YA_TIDAK": "YA_TIDAK", "ABC": "ABC", "ABCD": "ABCD", "ABCDE": "ABCDE", "JUMLAH": "JUMLAH", "0-4": "SKOR_0_4"}


def test_catalog_matches_portalrb_master_list(catalog: Any, reference_dir: Path) -> None:
    master = json.loads((reference_dir / "portalrb-master-soal-2026.json").read_text("utf-8"))
    nodes = _master_nodes(master["data"])
    assert {n["id"] for n in nodes} == set(catalog.nodes)
    master_soal = {int(s["id"]): (s, n) for n in nodes for s in n.get("soals") or []}
    assert set(master_soal) == set(catalog.soal)
    assert len(master_soal) == master["total_soal"]
    for n in nodes:
        c = catalog.nodes[n["id"]]
        assert c.weight == n["bobot_maksimal"], n["id"]
        assert [k for k in c.children] == [
            k["id"] for k in sorted(n.get("children") or [], key=lambda k: k.get("order_index", 0))
        ]
    for sid, (s, n) in master_soal.items():
        c = catalog.soal[sid]
        assert c.node_id == n["id"], sid
        assert c.type == TYPES[s["jenis_jawaban"].upper()], sid
        assert [(o.key, o.multiplier) for o in c.options] == [
            (o["key"], o["multiplier"]) for o in s.get("skema_penilaian") or []
        ], sid
        assert c.weight == (s.get("bobot_maksimal") or 0), sid
        assert c.excel_row == s["excel_baris"] and c.excel_sheet == s["excel_sheet"], sid
        assert c.column("jawaban_unit") == s["excel_kolom_jawaban_unit"], sid
        assert c.column("jawaban_tpi") == s["excel_kolom_jawaban_tpi"], sid
        assert c.column("catatan_tpi") == s["excel_kolom_catatan_tpi"], sid


def test_formulas_match_lke_scoring(catalog: Any) -> None:
    """The formulas table of LKE-SCORING.md, re-typed (sub-area node, inputs)."""
    got = {
        c.id: (c.node_id, c.kind, c.num, c.den) if c.kind == "ratio" else (c.node_id, c.kind, c.base, c.now)
        for c in catalog.computed
    }
    assert got == {
        "PRA1A": (36, "ratio", (89,), (88,)),
        "PRA1B": (36, "ratio", (91,), (90,)),
        "PRC3A": (46, "decrease", 102, 103),
        "PRD1A": (48, "ratio", (106,), (105,)),
        "PRE2A": (53, "ratio", (112,), (110,)),
        "PRE3A": (55, "ratio", (116,), (113, 114, 115)),
        "PRE3B": (56, "ratio", (120,), (117, 118, 119)),
        "PRF1B": (58, "ratio", (123,), (122,)),
    }
    for cid, weight in {"PRA1A": 2, "PRC3A": 2, "PRD1A": 2, "PRE2A": 3, "PRE3A": 1, "PRE3B": 1, "PRF1B": 2.5}.items():
        assert catalog.nodes[catalog.computed_by_id(cid).node_id].weight == weight
