"""The scoring engine: answers in, a `ScoreResult` out. Pure functions, no I/O.

Rules (shared/LKE-SCORING.md, PermenPANRB 90/2021 Lampiran III):
- a choice answer is worth its option's multiplier (catalog data); a survey score s is worth s/4;
- sub-area = AVERAGE(values of its answered items) x weight; unanswered items are left out, as the
  official sheet does ("Blm Diisi" is text, AVERAGE skips it); nothing answered scores 0;
- the floor figures count unanswered items as 0;
- computed percentages of Reform are items of their sub-area; nested sub-areas add up to their parent;
- area = sum of sub-areas; Pemenuhan / Reform = sum of areas; pengungkit = Pemenuhan + Reform;
- hasil items are value x item weight; total = min(100, pengungkit + hasil);
- the predicate is WBBM if every WBBM condition holds, else WBK if every WBK condition holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from zi_desktop.lke.answers import Value
from zi_desktop.lke.catalog import CHOICE, COUNT, PREDICATES, SURVEY, Catalog, Computed, Node, Thresholds
from zi_desktop.records import dataclass

EPS = 1e-9


@dataclass(frozen=True)
class InputIssue:
    """A problem with an answer that only shows across fields (e.g. numerator above denominator)."""

    ref: str  # soal id as text, or the computed item id
    soal_ids: tuple[int, ...]
    message: str


@dataclass(frozen=True)
class ComputedValue:
    id: str
    value: float | None  # None: an input is missing or wrong
    issue: str | None = None  # an input error: the percentage is not scored
    advisory: str | None = None  # scored, but the counts cannot both be right in the domain


# Where a numerator above its denominator cannot happen in the domain, the advice shown on that
# question (LKE-SCORING.md): the percentage still scores 100 %, as the sheet's IF(x>1,1,x) does, and
# nothing is refused. s89 above s88 (PRA1A) is plausible: one agent can make several changes.
# Keyed by the computed item's id; `plausibility_rules_problems` checks the keys against a catalog.
IMPOSSIBLE_ABOVE: Mapping[str, str] = {
    "PRA1B": "perubahan yang terintegrasi dalam sistem manajemen tidak mungkin lebih banyak dari perubahan yang dibuat",
    "PRD1A": "sasaran yang tercapai 100% tidak mungkin lebih banyak dari jumlah sasaran kinerja",
    "PRE2A": "pengaduan yang selesai ditindaklanjuti tidak mungkin lebih banyak dari pengaduan yang "
    "harus ditindaklanjuti",
    "PRE3A": "yang sudah menyampaikan LHKPN tidak mungkin lebih banyak dari yang wajib melaporkan",
    "PRE3B": "yang sudah menyampaikan laporan non-LHKPN tidak mungkin lebih banyak dari yang wajib melaporkan",
    "PRF1B": "perijinan/pelayanan yang dipermudah tidak mungkin lebih banyak dari yang terdata",
}


def plausibility_rules_problems(catalog: Catalog) -> list[str]:
    """Rules naming a computed item the catalog does not have, or one that is not a ratio."""
    kinds = {c.id: c.kind for c in catalog.computed}
    return [
        f"{cid}: {'tidak ada di katalog' if cid not in kinds else 'bukan rasio'}"
        for cid in IMPOSSIBLE_ABOVE
        if kinds.get(cid) != "ratio"
    ]


@dataclass(frozen=True)
class NodeScore:
    node_id: int
    weight: float
    score: float
    score_floor: float
    items: int  # scored items (choice questions and computed percentages) under this node
    answered: int

    @property
    def fraction(self) -> float:
        return self.score / self.weight if self.weight else 0.0

    @property
    def complete(self) -> bool:
        return self.answered == self.items


@dataclass(frozen=True)
class AreaScore:
    area_no: int
    name: str
    weight: float
    pemenuhan: float
    reform: float

    @property
    def score(self) -> float:
        return self.pemenuhan + self.reform

    @property
    def fraction(self) -> float:
        return self.score / self.weight if self.weight else 0.0


@dataclass(frozen=True)
class Condition:
    predikat: str
    kondisi: str  # key: total, pengungkit, area_1.., bersih_akuntabel, ipak, capaian_kinerja, ipkp
    label: str
    nilai: float
    syarat: float
    satuan: str  # "poin" or "persen"
    poin_kurang: float  # points still needed (0 when met)

    @property
    def met(self) -> bool:
        return self.nilai + EPS >= self.syarat

    @property
    def kekurangan(self) -> float:
        return 0.0 if self.met else self.syarat - self.nilai

    def to_json(self) -> dict[str, Any]:
        return {
            "predikat": self.predikat,
            "kondisi": self.kondisi,
            "label": self.label,
            "nilai": self.nilai,
            "syarat": self.syarat,
            "satuan": self.satuan,
            "kekurangan": self.kekurangan,
            "poin_kurang": self.poin_kurang,
        }


@dataclass(frozen=True)
class Completeness:
    questions: int  # questions the unit answers (choice, count, survey)
    answered: int
    by_area: dict[int, tuple[int, int]]  # area_no -> (answered, questions), Pemenuhan + Reform
    hasil: tuple[int, int]

    @property
    def unanswered(self) -> int:
        return self.questions - self.answered

    def to_json(self) -> dict[str, Any]:
        return {
            "questions": self.questions,
            "answered": self.answered,
            "unanswered": self.unanswered,
            "percent": 100.0 * self.answered / self.questions if self.questions else 0.0,
            "areas": {str(k): {"answered": a, "questions": q} for k, (a, q) in sorted(self.by_area.items())},
            "hasil": {"answered": self.hasil[0], "questions": self.hasil[1]},
        }


@dataclass(frozen=True)
class ScoreResult:
    catalog_id: str
    total: float
    total_floor: float
    pengungkit: float
    pengungkit_floor: float
    pemenuhan: float
    reform: float
    hasil: float
    bersih_akuntabel: float
    pelayanan_prima: float
    ipak: float
    capaian_kinerja: float
    ipkp: float
    areas: dict[int, AreaScore]
    nodes: dict[int, NodeScore]
    values: dict[int, float]  # value 0..1 of every answered choice / survey soal
    computed: dict[str, ComputedValue]
    issues: tuple[InputIssue, ...]
    completeness: Completeness
    conditions: dict[str, tuple[Condition, ...]]
    predicate: str | None
    advisories: tuple[InputIssue, ...] = ()  # counts the domain rules out; scored, never refused

    def shortfalls(self, predikat: str | None = None) -> list[Condition]:
        preds = [predikat] if predikat else list(PREDICATES)
        return [c for p in preds for c in self.conditions[p] if not c.met]

    def meets(self, predikat: str) -> bool:
        return all(c.met for c in self.conditions[predikat])

    def to_json(self, catalog: Catalog) -> dict[str, Any]:
        """The JSON document of `zi-desktop score --json` (plain numbers, never rounded strings)."""
        area_detail = {}
        for no, a in sorted(self.areas.items()):
            subs = []
            for part in ("pemenuhan", "reform"):
                area_node = next(n for n in catalog.areas(part) if n.area_no == no)
                for n in catalog.walk(area_node.node_id):
                    if n.level != "sub_area":
                        continue
                    ns = self.nodes[n.node_id]
                    subs.append(
                        {
                            "node_id": n.node_id,
                            "bagian": part,
                            "nama": n.name,
                            "bobot": n.weight,
                            "nilai": ns.score,
                            "nilai_floor": ns.score_floor,
                            "butir": ns.items,
                            "terjawab": ns.answered,
                        }
                    )
            area_detail[str(no)] = {
                "nama": a.name,
                "bobot": a.weight,
                "pemenuhan": a.pemenuhan,
                "reform": a.reform,
                "nilai": a.score,
                "persen": 100.0 * a.fraction,
                "sub_area": subs,
            }
        return {
            "catalog_id": self.catalog_id,
            "total": self.total,
            "total_floor": self.total_floor,
            "pengungkit": self.pengungkit,
            "pengungkit_floor": self.pengungkit_floor,
            "pemenuhan": self.pemenuhan,
            "reform": self.reform,
            "hasil": self.hasil,
            "bersih_akuntabel": self.bersih_akuntabel,
            "pelayanan_prima": self.pelayanan_prima,
            "ipak": self.ipak,
            "capaian_kinerja": self.capaian_kinerja,
            "ipkp": self.ipkp,
            "areas": {str(no): a.score for no, a in sorted(self.areas.items())},
            "area_detail": area_detail,
            "computed": {
                c.id: {"nilai": c.value, "masalah": c.issue, "saran": c.advisory} for c in self.computed.values()
            },
            "predicate": self.predicate,
            "meets": {p: self.meets(p) for p in PREDICATES},
            "shortfalls": [c.to_json() for c in self.shortfalls()],
            "completeness": self.completeness.to_json(),
            "input_errors": [{"ref": i.ref, "soal_ids": list(i.soal_ids), "pesan": i.message} for i in self.issues],
            "advisories": [{"ref": i.ref, "soal_ids": list(i.soal_ids), "pesan": i.message} for i in self.advisories],
        }


@dataclass(frozen=True)
class ItemShare:
    """What one scored item (a question or a computed percentage) counts for in the total."""

    weight: float | None  # the points it is out of: hasil's own weight, else its share of the sub-area
    points: float | None  # what it earns now (None: not answered, or an input missing or wrong)


def _share(r: ScoreResult, node_id: int) -> float | None:
    """One item's share of its sub-area's weight: the weight over the items scored there."""
    ns = r.nodes.get(node_id)
    return ns.weight / ns.items if ns is not None and ns.items else None


def soal_share(catalog: Catalog, r: ScoreResult, soal_id: int) -> ItemShare:
    """A question's weight and points (a count question scores through its percentage: none)."""
    s = catalog.soal[soal_id]
    if s.kind == COUNT:
        return ItemShare(None, None)
    weight = s.weight if catalog.is_hasil_soal(soal_id) else _share(r, s.node_id)
    v = r.values.get(soal_id)
    return ItemShare(weight, v * weight if v is not None and weight is not None else None)


def computed_share(catalog: Catalog, r: ScoreResult, cid: str) -> ItemShare:
    """A computed percentage's share of its sub-area's weight and the points it earns."""
    weight = _share(r, catalog.computed_by_id(cid).node_id)
    cv = r.computed.get(cid)
    value = cv.value if cv is not None else None
    return ItemShare(weight, value * weight if value is not None and weight is not None else None)


def tpi_differs(unit: Value | None, tpi: Value | None) -> bool:
    """The TPI has answered, and not as the unit did (the tree's marker, the dashboard's count)."""
    return tpi is not None and tpi != unit


def input_error_ids(catalog: Catalog, r: ScoreResult) -> set[int]:
    """The questions whose counts make a computed percentage contradictory (its inputs)."""
    out: set[int] = set()
    for c in catalog.computed:
        cv = r.computed.get(c.id)
        if cv is not None and cv.issue:
            out.update(c.requires)
    return out


def score_reviewed(catalog: Catalog, unit: Mapping[int, Value | None], tpi: Mapping[int, Value | None]) -> ScoreResult:
    """The score with the TPI's answers in place where it answered (the review's effect)."""
    merged = dict(unit)
    merged.update({sid: v for sid, v in tpi.items() if v is not None})
    return score(catalog, merged)


# -- computed percentages -----------------------------------------------------------------------


def compute_percentage(c: Computed, answers: Mapping[int, Value | None]) -> ComputedValue:
    """Value 0..1 of a computed percentage, None when an input is missing or contradictory.

    As the sheet (Lampiran III K128..K193): any input blank, including the recorded-only counts
    (s104 in K154, s111 in K171, which take no part in the value), leaves it unfilled; a ratio above
    1 is capped at 1 (`IF(x>1,1,x)`), with an advisory where the domain rules it out
    (`IMPOSSIBLE_ABOVE`). Where the sheet has no rule: 0 of 0 counts as 1, and a numerator above a
    denominator of 0 is an input error.
    """
    vals: dict[int, int] = {}
    for sid in (*c.requires, *c.recorded):
        v = answers.get(sid)
        if v is None:
            return ComputedValue(c.id, None)
        vals[sid] = int(v)
    if c.kind == "decrease":
        assert c.base is not None and c.now is not None
        base, now = vals[c.base], vals[c.now]
        if base == 0:
            # 0 -> 0 counts as full marks (the sheet's own rule); 0 -> more is no decrease at all.
            return ComputedValue(c.id, 1.0 if now == 0 else 0.0)
        return ComputedValue(c.id, max(0.0, min(1.0, (base - now) / base)))
    num = sum(vals[s] for s in c.num)
    den = sum(vals[s] for s in c.den)
    if den == 0:
        if num == 0:
            return ComputedValue(c.id, 1.0)  # 0 of 0 counts as 1
        return ComputedValue(
            c.id,
            None,
            f"{_names(c.num)} ({num}) lebih besar dari {_names(c.den)} (0); "
            "persentase tidak dapat dihitung dari penyebut 0",
        )
    if num > den:
        rule = IMPOSSIBLE_ABOVE.get(c.id)
        advisory = (
            f"{_names(c.num)} ({num}) lebih besar dari {_names(c.den)} ({den}): {rule}; "
            "periksa kembali angkanya (persentase tetap dihitung 100%, seperti lembar kerja)"
            if rule
            else None
        )
        return ComputedValue(c.id, 1.0, advisory=advisory)
    return ComputedValue(c.id, num / den)


def _names(ids: tuple[int, ...]) -> str:
    return "soal " + " + ".join(str(i) for i in ids)


# -- the engine ---------------------------------------------------------------------------------


def answer_value(catalog: Catalog, soal_id: int, value: Value | None) -> float | None:
    """Value 0..1 of one choice or survey answer (None: unanswered or not a scored type)."""
    if value is None:
        return None
    s = catalog.soal[soal_id]
    if s.kind == CHOICE:
        o = s.option(str(value))
        return o.multiplier if o else None
    if s.kind == SURVEY:
        return float(value) / 4.0
    return None


class _Engine:
    def __init__(self, catalog: Catalog, answers: Mapping[int, Value | None], *, empty: bool = False) -> None:
        self.cat = catalog
        self.answers = answers
        self.values: dict[int, float] = {}
        self.computed: dict[str, ComputedValue] = {}
        self.nodes: dict[int, NodeScore] = {}
        if empty:
            return
        for sid, v in answers.items():
            if sid in catalog.soal:
                val = answer_value(catalog, sid, v)
                if val is not None:
                    self.values[sid] = val
        self.computed = {c.id: compute_percentage(c, answers) for c in catalog.computed}

    def item_values(self, n: Node) -> list[float | None]:
        out: list[float | None] = [self.values.get(s) for s in n.soal if self.cat.soal[s].kind == CHOICE]
        out.extend(self.computed[c.id].value for c in self.cat.computed_of(n.node_id))
        return out

    def one(self, nid: int) -> NodeScore:
        """One node's score from its children's scores already in `nodes` (as `node` sums them)."""
        n = self.cat.nodes[nid]
        if n.children:
            kids = [self.nodes[c] for c in n.children]
            return NodeScore(
                nid,
                n.weight,
                sum(k.score for k in kids),
                sum(k.score_floor for k in kids),
                sum(k.items for k in kids),
                sum(k.answered for k in kids),
            )
        return self._leaf(n)

    def _leaf(self, n: Node) -> NodeScore:
        nid = n.node_id
        if n.part is None:  # hasil: value x item weight
            items = [s for s in n.soal if self.cat.soal[s].kind in (CHOICE, SURVEY)]
            score = sum(self.values.get(s, 0.0) * self.cat.soal[s].weight for s in items)
            answered = sum(1 for s in items if s in self.values)
            return NodeScore(nid, n.weight, score, score, len(items), answered)
        vals = self.item_values(n)
        got = [v for v in vals if v is not None]
        score = sum(got) / len(got) * n.weight if got else 0.0
        floor = sum(got) / len(vals) * n.weight if vals else 0.0
        return NodeScore(nid, n.weight, score, floor, len(vals), len(got))

    def node(self, nid: int) -> NodeScore:
        n = self.cat.nodes[nid]
        if n.children:
            for c in n.children:
                self.node(c)
            ns = self.one(nid)
        else:
            ns = self._leaf(n)
        self.nodes[nid] = ns
        return ns


def score(catalog: Catalog, answers: Mapping[int, Value | None]) -> ScoreResult:
    """Score a set of (already validated) answers keyed by soal_id."""
    e = _Engine(catalog, answers)
    for r in catalog.roots:
        e.node(r)
    return _result(catalog, answers, e)


_DEPENDENTS: list[tuple[Catalog, dict[int, list[int]]]] = []  # the last few catalogs (usually one)


def _dependents(catalog: Catalog) -> dict[int, list[int]]:
    """For each question, the nodes whose score reads its answer, children before their parents
    (in the order `score` fills `ScoreResult.nodes`)."""
    for cat, found in _DEPENDENTS:
        if cat is catalog:
            return found
    order: list[int] = []

    def post(nid: int) -> None:
        for c in catalog.nodes[nid].children:
            post(c)
        order.append(nid)

    for r in catalog.roots:
        post(r)
    position = {nid: i for i, nid in enumerate(order)}
    found = {}
    for sid in catalog.soal:
        leaves = {catalog.soal[sid].node_id} | {c.node_id for c in catalog.computed_using(sid)}
        hit: set[int] = set()
        for leaf in leaves:
            hit.update(n.node_id for n in catalog.ancestors(leaf))
        found[sid] = sorted(hit, key=position.__getitem__)
    _DEPENDENTS.insert(0, (catalog, found))
    del _DEPENDENTS[4:]
    return found


def rescore(
    catalog: Catalog,
    before: ScoreResult,
    answers: Mapping[int, Value | None],
    changed: int,
    previous: Value | None = None,
) -> ScoreResult:
    """`score(catalog, answers)` when `before` is the score of the same answers except question
    `changed`'s, which was `previous`: only what reads that answer is worked out again (its
    sub-area and their parents, the percentages it is an input of, its area's count of answers),
    with the same sums in the same order, so the result is equal to a full score, field by field
    (tests/core/lke/test_scoring.py checks it)."""
    e = _Engine(catalog, answers, empty=True)
    e.values = dict(before.values)
    val = answer_value(catalog, changed, answers.get(changed)) if changed in catalog.soal else None
    if val is None:
        e.values.pop(changed, None)
    elif changed in e.values:
        e.values[changed] = val
    else:  # a new entry: in the answers' order, as score() makes it
        e.values[changed] = val
        e.values = {sid: e.values[sid] for sid in answers if sid in e.values}
    e.computed = dict(before.computed)
    for c in catalog.computed_using(changed):
        e.computed[c.id] = compute_percentage(c, answers)
    e.nodes = dict(before.nodes)
    for nid in _dependents(catalog).get(changed, ()):
        e.nodes[nid] = e.one(nid)
    return _result(catalog, answers, e, _recount(catalog, before.completeness, changed, previous, answers))


def _recount(
    catalog: Catalog, c: Completeness, changed: int, previous: Value | None, answers: Mapping[int, Value | None]
) -> Completeness:
    """`_completeness` after one answer changed from `previous`."""
    step = (answers.get(changed) is not None) - (previous is not None)
    if not step or changed not in catalog.soal:
        return c
    area_no = catalog.soal_area_numbers()[changed]
    by_area, hasil = dict(c.by_area), c.hasil
    if area_no is None:
        hasil = (hasil[0] + step, hasil[1])
    else:
        got, of = by_area[area_no]
        by_area[area_no] = (got + step, of)
    return Completeness(questions=c.questions, answered=c.answered + step, by_area=by_area, hasil=hasil)


def _result(
    catalog: Catalog, answers: Mapping[int, Value | None], e: _Engine, completeness: Completeness | None = None
) -> ScoreResult:
    roles = catalog.roles
    pem = e.nodes[roles["pemenuhan"]]
    ref = e.nodes[roles["reform"]]
    pengungkit = pem.score + ref.score
    pengungkit_floor = pem.score_floor + ref.score_floor
    bersih = e.nodes[roles["bersih_akuntabel"]].score
    prima = e.nodes[roles["pelayanan_prima"]].score
    hasil = e.nodes[roles["hasil"]].score

    def part(sid: int) -> float:
        return e.values.get(sid, 0.0) * catalog.soal[sid].weight

    ipak, capaian, ipkp = part(roles["ipak"]), part(roles["capaian_kinerja"]), part(roles["ipkp"])

    areas: dict[int, AreaScore] = {}
    for p_node, r_node in zip(catalog.areas("pemenuhan"), catalog.areas("reform"), strict=True):
        assert p_node.area_no == r_node.area_no and p_node.area_no is not None
        areas[p_node.area_no] = AreaScore(
            p_node.area_no,
            p_node.short_name,
            p_node.weight + r_node.weight,
            e.nodes[p_node.node_id].score,
            e.nodes[r_node.node_id].score,
        )

    issues = tuple(
        InputIssue(c.id, catalog.computed_by_id(c.id).num or catalog.computed_by_id(c.id).requires, c.issue)
        for c in e.computed.values()
        if c.issue
    )
    advisories = tuple(
        InputIssue(c.id, catalog.computed_by_id(c.id).num, c.advisory) for c in e.computed.values() if c.advisory
    )
    if completeness is None:
        completeness = _completeness(catalog, answers)
    total = min(100.0, pengungkit + hasil)
    total_floor = min(100.0, pengungkit_floor + hasil)
    figures = {
        "total": total,
        "pengungkit": pengungkit,
        "bersih_akuntabel": bersih,
        "ipak": ipak,
        "capaian_kinerja": capaian,
        "ipkp": ipkp,
    }
    conditions = {p: _conditions(p, catalog.thresholds[p], figures, areas) for p in PREDICATES}
    predicate = None
    for p in ("WBBM", "WBK"):
        if all(c.met for c in conditions[p]):
            predicate = p
            break
    return ScoreResult(
        catalog_id=catalog.catalog_id,
        total=total,
        total_floor=total_floor,
        pengungkit=pengungkit,
        pengungkit_floor=pengungkit_floor,
        pemenuhan=pem.score,
        reform=ref.score,
        hasil=hasil,
        bersih_akuntabel=bersih,
        pelayanan_prima=prima,
        ipak=ipak,
        capaian_kinerja=capaian,
        ipkp=ipkp,
        areas=areas,
        nodes=e.nodes,
        values=e.values,
        computed=e.computed,
        issues=issues,
        completeness=completeness,
        conditions=conditions,
        predicate=predicate,
        advisories=advisories,
    )


def _conditions(
    predikat: str, t: Thresholds, f: Mapping[str, float], areas: Mapping[int, AreaScore]
) -> tuple[Condition, ...]:
    out = [
        Condition(
            predikat,
            "total",
            "Nilai total (pengungkit + hasil)",
            f["total"],
            t.total_min,
            "poin",
            max(0.0, t.total_min - f["total"]),
        ),
        Condition(
            predikat,
            "pengungkit",
            "Total pengungkit",
            f["pengungkit"],
            t.pengungkit_min,
            "poin",
            max(0.0, t.pengungkit_min - f["pengungkit"]),
        ),
    ]
    for no, a in sorted(areas.items()):
        need = t.area_min_fraction * a.weight
        out.append(
            Condition(
                predikat,
                f"area_{no}",
                f"Area {no}. {a.name} (% dari bobot {a.weight:g})",
                100.0 * a.fraction,
                100.0 * t.area_min_fraction,
                "persen",
                max(0.0, need - a.score),
            )
        )
    for key, label, minimum in (
        ("bersih_akuntabel", "Birokrasi bersih dan akuntabel", t.bersih_akuntabel_min),
        ("ipak", "IPAK (survei persepsi anti korupsi)", t.ipak_min),
        ("capaian_kinerja", "Capaian kinerja lebih baik", t.capaian_kinerja_min),
        ("ipkp", "Pelayanan publik prima (IPKP)", t.ipkp_min),
    ):
        out.append(Condition(predikat, key, label, f[key], minimum, "poin", max(0.0, minimum - f[key])))
    return tuple(out)


def _completeness(catalog: Catalog, answers: Mapping[int, Value | None]) -> Completeness:
    by_area: dict[int, list[int]] = {}
    hasil = [0, 0]
    answered = 0
    for sid, area_no in catalog.soal_area_numbers().items():
        got = answers.get(sid) is not None
        answered += got
        if area_no is None:
            hasil[0] += got
            hasil[1] += 1
        else:
            slot = by_area.setdefault(area_no, [0, 0])
            slot[0] += got
            slot[1] += 1
    return Completeness(
        questions=len(catalog.soal),
        answered=answered,
        by_area={k: (v[0], v[1]) for k, v in by_area.items()},
        hasil=(hasil[0], hasil[1]),
    )
