"""The LKE ZI catalog: questions, tree, formulas, thresholds and Excel cell map, loaded from data.

One JSON file per evaluation year lives in `resources/catalog/lke-zi-<year>.json` (built by
`tools/build_catalog.py` from PortalRB's master list). Another year is another file, no code change.
The file is validated on load; a broken catalog is refused with a `CatalogError` naming the fault.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from zi_desktop.errors import CatalogError
from zi_desktop.paths import resources_dir
from zi_desktop.records import dataclass, field

FORMAT = "zi-desktop-catalog"
FORMAT_VERSION = 1
WEIGHT_TOLERANCE = 1e-6

CHOICE, COUNT, SURVEY = "choice", "count", "survey"
KNOWN_KINDS = (CHOICE, COUNT, SURVEY)
THRESHOLD_KEYS = (
    "total_min",
    "pengungkit_min",
    "area_min_fraction",
    "bersih_akuntabel_min",
    "ipak_min",
    "capaian_kinerja_min",
    "ipkp_min",
)
ROLE_KEYS = (
    "pengungkit",
    "pemenuhan",
    "reform",
    "hasil",
    "bersih_akuntabel",
    "pelayanan_prima",
    "ipak",
    "capaian_kinerja",
    "ipkp",
)
PREDICATES = ("WBK", "WBBM")


@dataclass(frozen=True)
class Option:
    key: str
    label: str
    multiplier: float
    meaning: str


@dataclass(frozen=True)
class Soal:
    soal_id: int
    node_id: int
    text: str
    kriteria: str
    type: str
    kind: str
    weight: float
    options: tuple[Option, ...]
    evidence_examples: tuple[str, ...]
    nomor: str
    excel_sheet: str
    excel_row: int
    columns: tuple[tuple[str, str], ...]

    def option(self, key: str) -> Option | None:
        for o in self.options:
            if o.key == key:
                return o
        return None

    @property
    def best_multiplier(self) -> float:
        return max((o.multiplier for o in self.options), default=1.0)

    def column(self, field_name: str) -> str:
        return dict(self.columns)[field_name]


@dataclass(frozen=True)
class Computed:
    """A percentage of Reform computed from Jumlah inputs; one item of its sub-area's average."""

    id: str
    node_id: int
    nomor: str
    text: str
    kind: str  # "ratio" or "decrease"
    num: tuple[int, ...] = ()
    den: tuple[int, ...] = ()
    base: int | None = None
    now: int | None = None
    requires: tuple[int, ...] = ()  # the formula's inputs: all filled in, or the item is unanswered
    recorded: tuple[int, ...] = ()  # counts recorded beside it, not scored (s104, s111)
    kriteria: str = ""
    formula_text: str = ""
    evidence_examples: tuple[str, ...] = ()
    excel_row: int = 0
    sum_row: int | None = None

    def describe(self) -> str:
        if self.kind == "decrease":
            return (
                f"1 jika s{self.base}=0 dan s{self.now}=0, selain itu maks(0, (s{self.base}-s{self.now})/s{self.base})"
            )
        num = " + ".join(f"s{i}" for i in self.num)
        den = " + ".join(f"s{i}" for i in self.den)
        return f"min(1, ({num}) / ({den}))"


@dataclass(frozen=True)
class Node:
    node_id: int
    level: str  # komponen, sub_komponen, area, sub_area
    name: str
    weight: float
    excel_row: int
    parent_id: int | None
    soal: tuple[int, ...]
    children: tuple[int, ...]
    area_no: int | None = None
    short_name: str = ""
    part: str | None = None  # "pemenuhan", "reform" or None (hasil)


@dataclass(frozen=True)
class Thresholds:
    total_min: float
    pengungkit_min: float
    area_min_fraction: float
    bersih_akuntabel_min: float
    ipak_min: float
    capaian_kinerja_min: float
    ipkp_min: float


@dataclass(frozen=True)
class Catalog:
    catalog_id: str
    tahun: int
    title: str
    checksum: str
    path: str
    nodes: dict[int, Node]
    roots: tuple[int, ...]
    soal: dict[int, Soal]
    computed: tuple[Computed, ...]
    thresholds: dict[str, Thresholds]
    preconditions: dict[str, tuple[str, ...]]
    roles: dict[str, int]
    excel_sheet: str
    excel_header_row: int
    excel_columns: dict[str, str]
    excel_rows: dict[str, int]
    answer_type_labels: dict[str, str]
    _computed_by_node: dict[int, tuple[Computed, ...]] = field(default_factory=dict, repr=False)
    _input_of: dict[int, tuple[Computed, ...]] = field(default_factory=dict, repr=False)
    _area_no_of_soal: dict[int, int | None] = field(default_factory=dict, repr=False)

    # -- navigation -------------------------------------------------------------------------
    def walk(self, node_id: int | None = None) -> Iterator[Node]:
        """Every node in document order (pre-order), from `node_id` or from the roots."""
        stack = [node_id] if node_id is not None else list(self.roots)
        stack.reverse()
        while stack:
            n = self.nodes[stack.pop()]
            yield n
            stack.extend(reversed(n.children))

    def soal_in_order(self) -> list[Soal]:
        return [self.soal[s] for n in self.walk() for s in n.soal]

    def computed_of(self, node_id: int) -> tuple[Computed, ...]:
        return self._computed_by_node.get(node_id, ())

    def computed_using(self, soal_id: int) -> tuple[Computed, ...]:
        """The computed percentages that take this Jumlah soal as an input."""
        return self._input_of.get(soal_id, ())

    def computed_inputs(self, c: Computed) -> list[int]:
        """The count questions of a computed percentage, in the catalog's order: its formula's
        inputs and the counts only recorded beside it (what the tree and the page show under it)."""
        node = self.nodes[c.node_id]
        ids = set(c.requires) | {s for s in node.soal if c in self.computed_using(s)}
        order = {s: i for i, s in enumerate(node.soal)}
        return sorted(ids, key=lambda s: (order.get(s, 10**6), s))

    def computed_by_id(self, cid: str) -> Computed:
        for c in self.computed:
            if c.id == cid:
                return c
        raise KeyError(cid)

    def areas(self, part: str) -> list[Node]:
        return [self.nodes[c] for c in self.nodes[self.roles[part]].children]

    def area_numbers(self) -> list[int]:
        return sorted({n.area_no for n in self.nodes.values() if n.area_no is not None})

    def area_node(self, soal_or_node: int, *, is_soal: bool = True) -> Node | None:
        nid: int | None = self.soal[soal_or_node].node_id if is_soal else soal_or_node
        while nid is not None:
            n = self.nodes[nid]
            if n.level == "area":
                return n
            nid = n.parent_id
        return None

    def soal_area_numbers(self) -> dict[int, int | None]:
        """Each question's area number (None: a hasil question), in the order of `soal`."""
        return self._area_no_of_soal

    def ancestors(self, node_id: int) -> list[Node]:
        out: list[Node] = []
        nid: int | None = node_id
        while nid is not None:
            n = self.nodes[nid]
            out.append(n)
            nid = n.parent_id
        return list(reversed(out))

    def area_name(self, area_no: int) -> str:
        for n in self.nodes.values():
            if n.area_no == area_no:
                return n.short_name
        raise KeyError(area_no)

    def is_hasil_soal(self, soal_id: int) -> bool:
        return self.nodes[self.soal[soal_id].node_id].part is None


def _num(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise CatalogError(f"{where}: bobot/angka tidak sah ({value!r})")
    return float(value)


def parse_catalog(data: Any, *, checksum: str = "", path: str = "") -> Catalog:
    """Build and validate a Catalog from decoded JSON. Raises CatalogError naming the fault."""
    if not isinstance(data, dict):
        raise CatalogError("berkas katalog bukan objek JSON")
    if data.get("format") != FORMAT or data.get("format_version") != FORMAT_VERSION:
        raise CatalogError(
            f"format katalog tidak dikenal ({data.get('format')!r} versi {data.get('format_version')!r}); "
            f"diharapkan {FORMAT} versi {FORMAT_VERSION}"
        )
    try:
        answer_types = data["answer_types"]
        kinds = {k: v["kind"] for k, v in answer_types.items()}
        labels = {k: v.get("label", k) for k, v in answer_types.items()}
    except (KeyError, TypeError, AttributeError) as exc:
        raise CatalogError(f"daftar jenis jawaban rusak ({exc})") from None
    for k, kind in kinds.items():
        if kind not in KNOWN_KINDS:
            raise CatalogError(f"jenis jawaban {k}: jenis '{kind}' tidak dikenal")

    # soal
    soal: dict[int, Soal] = {}
    default_cols = data.get("excel", {}).get("columns") or {}
    for raw in data.get("soal") or []:
        try:
            sid = int(raw["soal_id"])
            typ = raw["type"]
        except (KeyError, TypeError, ValueError):
            raise CatalogError(f"entri soal tanpa soal_id/jenis: {str(raw)[:80]}") from None
        where = f"soal {sid}"
        if sid in soal:
            raise CatalogError(f"{where}: soal_id ganda")
        if typ not in kinds:
            raise CatalogError(f"{where}: jenis jawaban '{typ}' tidak dikenal")
        kind = kinds[typ]
        options = []
        for o in raw.get("options") or []:
            m = _num(o.get("multiplier"), f"{where} pilihan {o.get('key')}")
            if not 0 <= m <= 1:
                raise CatalogError(f"{where}: pengali pilihan {o.get('key')} di luar 0..1 ({m})")
            options.append(Option(str(o["key"]), str(o.get("label", o["key"])), m, str(o.get("meaning") or "")))
        if kind == CHOICE:
            if len(options) < 2:
                raise CatalogError(f"{where}: soal pilihan tanpa daftar pilihan")
            keys = [o.key.upper() for o in options]
            if len(set(keys)) != len(keys):
                raise CatalogError(f"{where}: kunci pilihan ganda {keys}")
        elif options:
            raise CatalogError(f"{where}: jenis {typ} tidak boleh memiliki pilihan")
        excel = raw.get("excel") or {}
        cols = dict(default_cols)
        cols.update(excel.get("columns") or {})
        soal[sid] = Soal(
            soal_id=sid,
            node_id=int(raw["node_id"]),
            text=str(raw.get("text") or ""),
            kriteria=str(raw.get("kriteria") or ""),
            type=typ,
            kind=kind,
            weight=_num(raw.get("weight", 0), where),
            options=tuple(options),
            evidence_examples=tuple(str(e) for e in raw.get("evidence_examples") or []),
            nomor=str(raw.get("nomor") or ""),
            excel_sheet=str(excel.get("sheet") or data.get("excel", {}).get("sheet") or ""),
            excel_row=int(excel.get("row") or 0),
            columns=tuple(sorted(cols.items())),
        )
    if not soal:
        raise CatalogError("katalog tidak memuat soal")

    # tree
    nodes: dict[int, Node] = {}
    seen_soal: dict[int, int] = {}

    def add(raw: dict[str, Any], parent: int | None, part: str | None) -> int:
        try:
            nid = int(raw["node_id"])
        except (KeyError, TypeError, ValueError):
            raise CatalogError(f"simpul pohon tanpa node_id: {str(raw)[:80]}") from None
        if nid in nodes:
            raise CatalogError(f"simpul {nid}: node_id ganda")
        for s in raw.get("soal") or []:
            if s not in soal:
                raise CatalogError(f"simpul {nid}: soal {s} tidak ada di daftar soal")
            if s in seen_soal:
                raise CatalogError(f"soal {s} muncul di dua simpul ({seen_soal[s]} dan {nid})")
            if soal[s].node_id != nid:
                raise CatalogError(f"soal {s}: node_id {soal[s].node_id} tidak cocok dengan simpulnya {nid}")
            seen_soal[s] = nid
        nodes[nid] = Node(nid, "", "", 0, 0, None, (), ())  # placeholder, reserves the id
        kids = tuple(add(c, nid, part) for c in raw.get("children") or [])
        nodes[nid] = Node(
            node_id=nid,
            level=str(raw.get("level")),
            name=str(raw.get("name") or ""),
            weight=_num(raw.get("weight"), f"simpul {nid}"),
            excel_row=int(raw.get("excel_row") or 0),
            parent_id=parent,
            soal=tuple(int(s) for s in raw.get("soal") or []),
            children=kids,
            area_no=raw.get("area_no"),
            short_name=str(raw.get("short_name") or ""),
            part=part,
        )
        return nid

    roles = data.get("roles") or {}
    for k in ROLE_KEYS:
        if k not in roles:
            raise CatalogError(f"peran '{k}' tidak ditetapkan di katalog")
    part_of = {int(roles["pemenuhan"]): "pemenuhan", int(roles["reform"]): "reform"}

    roots: list[int] = []
    for raw_root in data.get("tree") or []:
        # parts are assigned per sub_komponen of the pengungkit
        rid = int(raw_root["node_id"])
        kids_raw = raw_root.get("children") or []
        raw_root = dict(raw_root)
        raw_root["children"] = []
        add(raw_root, None, None)
        kid_ids = tuple(add(c, rid, part_of.get(int(c["node_id"]))) for c in kids_raw)
        nodes[rid] = Node(**{**nodes[rid].__dict__, "children": kid_ids})
        roots.append(rid)

    missing = sorted(set(soal) - set(seen_soal))
    if missing:
        raise CatalogError(f"soal tanpa tempat di pohon: {missing[:10]}")
    for k in ROLE_KEYS:
        rid = int(roles[k])
        if k in ("ipak", "capaian_kinerja", "ipkp"):
            if rid not in soal:
                raise CatalogError(f"peran '{k}' menunjuk soal {rid} yang tidak ada")
        elif rid not in nodes:
            raise CatalogError(f"peran '{k}' menunjuk simpul {rid} yang tidak ada")

    # computed percentages
    computed: list[Computed] = []
    for raw in data.get("computed") or []:
        cid = str(raw.get("id"))
        where = f"rumus {cid}"
        nid = int(raw.get("sub_area", 0))
        if nid not in nodes or nodes[nid].level != "sub_area":
            raise CatalogError(f"{where}: sub-area {nid} tidak ada")
        kind = raw.get("kind")
        refs: list[int] = []
        if kind == "ratio":
            num, den = tuple(raw.get("num") or ()), tuple(raw.get("den") or ())
            if not num or not den:
                raise CatalogError(f"{where}: pembilang atau penyebut kosong")
            refs = [*num, *den]
        elif kind == "decrease":
            if raw.get("base") is None or raw.get("now") is None:
                raise CatalogError(f"{where}: butuh 'base' dan 'now'")
            num, den = (), ()
            refs = [int(raw["base"]), int(raw["now"])]
        else:
            raise CatalogError(f"{where}: jenis rumus '{kind}' tidak dikenal")
        requires = tuple(int(x) for x in raw.get("requires") or refs)
        recorded = tuple(int(x) for x in raw.get("recorded") or ())
        for r in [*refs, *requires, *recorded]:
            if r not in soal:
                raise CatalogError(f"{where}: menyebut soal {r} yang tidak ada")
            if soal[r].kind != COUNT:
                raise CatalogError(f"{where}: soal {r} bukan isian jumlah")
        if set(refs) != set(requires):
            raise CatalogError(f"{where}: 'requires' harus tepat masukan rumusnya ({sorted(refs)})")
        computed.append(
            Computed(
                id=cid,
                node_id=nid,
                nomor=str(raw.get("nomor") or ""),
                text=str(raw.get("text") or ""),
                kind=kind,
                num=tuple(int(x) for x in num),
                den=tuple(int(x) for x in den),
                base=int(raw["base"]) if kind == "decrease" else None,
                now=int(raw["now"]) if kind == "decrease" else None,
                requires=requires,
                recorded=recorded,
                kriteria=str(raw.get("kriteria") or ""),
                formula_text=str(raw.get("formula_text") or ""),
                evidence_examples=tuple(str(e) for e in raw.get("evidence_examples") or []),
                excel_row=int(raw.get("row") or 0),
                sum_row=raw.get("sum_row"),
            )
        )
    if len({c.id for c in computed}) != len(computed):
        raise CatalogError("id rumus ganda")
    by_node: dict[int, list[Computed]] = {}
    input_of: dict[int, list[Computed]] = {}
    for c in computed:
        by_node.setdefault(c.node_id, []).append(c)
        for r in (*c.requires, *c.recorded):
            input_of.setdefault(r, []).append(c)

    # weights add up; every sub-area can be scored
    def check_weights(nid: int) -> None:
        n = nodes[nid]
        if n.children:
            total = sum(nodes[c].weight for c in n.children)
            if abs(total - n.weight) > WEIGHT_TOLERANCE:
                raise CatalogError(
                    f"bobot '{n.name}' ({n.weight:g}) tidak sama dengan jumlah bobot bagiannya ({total:g})"
                )
            for c in n.children:
                check_weights(c)
            if n.soal:
                raise CatalogError(f"simpul '{n.name}' memiliki bagian sekaligus soal")
        elif n.part is None:  # hasil: weighted items
            total = sum(soal[s].weight for s in n.soal)
            if abs(total - n.weight) > WEIGHT_TOLERANCE:
                raise CatalogError(
                    f"bobot hasil '{n.name}' ({n.weight:g}) tidak sama dengan jumlah bobot soalnya ({total:g})"
                )
        else:
            scored = [s for s in n.soal if soal[s].kind == CHOICE] + list(by_node.get(nid, []))
            if not scored:
                raise CatalogError(f"sub-area '{n.name}' tidak memiliki butir yang dinilai")

    total_weight = 0.0
    for r in roots:
        check_weights(r)
        total_weight += nodes[r].weight
    if abs(total_weight - 100) > WEIGHT_TOLERANCE:
        raise CatalogError(f"jumlah bobot komponen {total_weight:g}, seharusnya 100")

    # thresholds
    thresholds: dict[str, Thresholds] = {}
    raw_th = data.get("thresholds") or {}
    for p in PREDICATES:
        t = raw_th.get(p)
        if not isinstance(t, dict):
            raise CatalogError(f"ambang predikat {p} tidak ada")
        for k in THRESHOLD_KEYS:
            if k not in t:
                raise CatalogError(f"ambang predikat {p}: '{k}' tidak ada")
        thresholds[p] = Thresholds(**{k: _num(t[k], f"ambang {p}.{k}") for k in THRESHOLD_KEYS})

    def area_no(nid: int | None) -> int | None:
        while nid is not None:
            if nodes[nid].level == "area":
                return nodes[nid].area_no
            nid = nodes[nid].parent_id
        return None

    ordered = sorted(soal.values(), key=lambda s: s.soal_id)
    excel = data.get("excel") or {}
    return Catalog(
        catalog_id=str(data.get("catalog_id") or ""),
        tahun=int(data.get("tahun") or 0),
        title=str(data.get("title") or ""),
        checksum=checksum,
        path=path,
        nodes=nodes,
        roots=tuple(roots),
        soal={s.soal_id: s for s in ordered},
        computed=tuple(computed),
        thresholds=thresholds,
        preconditions={k: tuple(v) for k, v in (data.get("preconditions") or {}).items()},
        roles={k: int(v) for k, v in roles.items()},
        excel_sheet=str(excel.get("sheet") or "Jawaban"),
        excel_header_row=int(excel.get("header_row") or 1),
        excel_columns=dict(excel.get("columns") or {}),
        excel_rows={k: int(v) for k, v in (excel.get("rows") or {}).items()},
        answer_type_labels=labels,
        _computed_by_node={k: tuple(v) for k, v in by_node.items()},
        _input_of={k: tuple(v) for k, v in input_of.items()},
        _area_no_of_soal={s.soal_id: area_no(s.node_id) for s in ordered},
    )


def load_catalog_file(path: Path | str, *, cache: bool = False) -> Catalog:
    """Read, decode and check a catalog file. With `cache`, a catalog parsed from this very file
    (same path, size and modification time) by the same code is taken from the user's cache
    instead (`catalog_cache`: checked, never trusted blindly), and a freshly parsed one is kept
    there."""
    p = Path(path)
    key: str | None = None
    if cache:
        from zi_desktop.lke import catalog_cache

        key = catalog_cache.source_key(p)  # before reading: a file changed meanwhile is a new key
        kept: Catalog | None = catalog_cache.read(key, str(p)) if key is not None else None
        if kept is not None:
            return kept
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise CatalogError(f"berkas katalog {p} tidak dapat dibaca ({exc.strerror})") from None
    import hashlib  # here, not at the top: a start that meets its cache never loads OpenSSL

    checksum = hashlib.sha256(raw).hexdigest()
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogError(f"berkas katalog {p} bukan JSON yang sah ({exc})") from None
    cat = parse_catalog(data, checksum=checksum, path=str(p))
    if key is not None:
        catalog_cache.write(cat, key)
    return cat


def available_years() -> list[int]:
    out = []
    for f in (resources_dir() / "catalog").glob("lke-zi-*.json"):
        try:
            out.append(int(f.stem.rsplit("-", 1)[1]))
        except ValueError:
            continue
    return sorted(out)


@lru_cache(maxsize=8)
def load_catalog(year: int = 2026) -> Catalog:
    """The catalog of an evaluation year, from `resources/catalog/lke-zi-<year>.json` (cached)."""
    path = resources_dir() / "catalog" / f"lke-zi-{year}.json"
    if not path.exists():
        years = ", ".join(str(y) for y in available_years()) or "tidak ada"
        raise CatalogError(f"katalog tahun {year} tidak tersedia (tersedia: {years})")
    return load_catalog_file(path, cache=True)
