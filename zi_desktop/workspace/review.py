"""The TPI review kept in a workspace: statuses, area notes, recommendations, tiers, responses.

Two kinds of workspace hold review data (tables of schema migration v3_review):

- A **review workspace** (the TPI's, made by `zi-desktop review open` from a unit's bundle): its
  `meta` names the tier, the reviewer and the manifest hash of the bundle reviewed. The unit's
  answers, notes and evidence are the bundle's and read-only (the store's `_Tx.guard_unit` refuses
  them); the TPI's own answer and note are the answers table's `jawaban_tpi` / `catatan_tpi`, its
  status per question is `review_status`, its notes per area and recommendations are kept under its
  tier. Earlier tiers opened "on top" are rows of `review_answers` under their own tier name.
  `review_unit_changes` lists what the unit changed in the latest bundle (`review update`).
- A **unit workspace** that imported review results: every tier's answers, notes and statuses in
  `review_answers` (kept apart per tier), the tier chosen by the setting `tier_jawaban_tpi` (the
  last tier by default) mirrored into `jawaban_tpi` / `catatan_tpi` (what PortalRB takes), the unit's
  response (tanggapan) and revision count per question in `review_responses`.

Every change goes through the store's `_writing()` transaction, so it is logged in the hash chain.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from zi_desktop.errors import UserError
from zi_desktop.lke.answers import Value, format_value, parse_answer, soal_or_error
from zi_desktop.lke.catalog import Catalog
from zi_desktop.lke.scoring import ScoreResult, score
from zi_desktop.records import MutableRecord, dataclass
from zi_desktop.workspace.store import Workspace, _clean_text, _Tx

BELUM = "belum direviu"
SESUAI = "sesuai"
PERBAIKAN = "perlu perbaikan"
STATUSES = (BELUM, SESUAI, PERBAIKAN)
_STATUS_WORDS = {
    "belum": BELUM,
    "belum direviu": BELUM,
    "belum-direviu": BELUM,
    "sesuai": SESUAI,
    "ok": SESUAI,
    "perbaikan": PERBAIKAN,
    "perlu perbaikan": PERBAIKAN,
    "perlu-perbaikan": PERBAIKAN,
    "perlu_perbaikan": PERBAIKAN,
}
TIER_SETTING = "tier_jawaban_tpi"
MAX_NOTE = 5000
MAX_RECOMMENDATIONS = 200
HASIL_AREA = "hasil"


# -- result types -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewInfo:
    """What the meta of a review workspace says about the review."""

    tier: str
    reviewer: str
    bundle_hash: str
    bundle_created_at: str
    opened_at: str
    round: int
    earlier_tiers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Tier:
    tier: str
    position: int
    reviewer: str
    bundle_hash: str
    bundle_created_at: str | None
    packet_hash: str | None
    reviewed_at: str | None
    imported_at: str | None


@dataclass(frozen=True)
class TierAnswer:
    soal_id: int
    jawaban: Value | None
    catatan: str | None
    status: str
    unit_changed: bool = False


@dataclass(frozen=True)
class Response:
    soal_id: int
    tanggapan: str | None
    revisions: int


@dataclass(frozen=True)
class UnitChange:
    soal_id: int
    kind: str  # "jawaban", "catatan", "bukti ditambah", "bukti dihapus", "teks bukti"
    detail: str


@dataclass(frozen=True)
class AreaComparison:
    area: str  # "1".."6" or "hasil"
    name: str
    weight: float
    unit: float
    tiers: dict[str, float]


@dataclass(frozen=True)
class Difference:
    soal_id: int
    tier: str
    unit: Value | None
    tpi: Value | None


class Comparison(MutableRecord):
    """The unit's score beside each tier's (the unit's answers with the tier's in their place).

    A plain class with a dataclass's constructor, repr and `==` (not hashable), so that the app's
    start does not import `dataclasses` (issue 15)."""

    __slots__ = ("unit", "tiers", "areas", "differences", "reviewed")

    def __init__(
        self,
        unit: ScoreResult,
        tiers: dict[str, ScoreResult],
        areas: list[AreaComparison],
        differences: list[Difference] | None = None,
        reviewed: dict[str, int] | None = None,
    ) -> None:
        self.unit = unit
        self.tiers = tiers
        self.areas = areas
        self.differences: list[Difference] = [] if differences is None else differences
        self.reviewed: dict[str, int] = {} if reviewed is None else reviewed


# -- statuses -------------------------------------------------------------------------------------


def parse_status(raw: str) -> str:
    key = " ".join(str(raw).strip().lower().split())
    status = _STATUS_WORDS.get(key)
    if status is None:
        raise UserError(f"status reviu '{raw}' tidak dikenal; pilih: {', '.join(STATUSES)}")
    return status


def review_info(ws: Workspace) -> ReviewInfo | None:
    """The review a workspace is, or None for a unit's own workspace."""
    with ws._reading():
        meta = ws._meta()
    tier = meta.get("review_tier")
    if not tier:
        return None
    earlier = tuple(json.loads(meta.get("review_earlier_tiers") or "[]"))
    return ReviewInfo(
        tier=tier,
        reviewer=meta.get("review_reviewer", ""),
        bundle_hash=meta.get("review_bundle_hash", ""),
        bundle_created_at=meta.get("review_bundle_created_at", ""),
        opened_at=meta.get("review_opened_at", ""),
        round=int(meta.get("review_round") or 1),
        earlier_tiers=earlier,
    )


def require_review(ws: Workspace) -> ReviewInfo:
    info = review_info(ws)
    if info is None:
        raise UserError(
            f"{ws.path} bukan workspace reviu TPI; buka paket unit untuk direviu dengan: "
            "zi-desktop review open PAKET.zip FOLDER_REVIU --tier NAMA --reviewer NAMA"
        )
    return info


def require_unit(ws: Workspace) -> None:
    info = review_info(ws)
    if info is not None:
        raise UserError(
            f"{ws.path} adalah workspace reviu TPI (tingkat {info.tier}), bukan workspace unit; "
            "hasil reviu diterima di workspace unit"
        )


@contextlib.contextmanager
def unit_loading(ws: Workspace) -> Iterator[_Tx]:
    """One transaction in which the review may write the unit's data (loading a bundle)."""
    with ws._writing() as tx:
        tx.unit_unlocked = True
        yield tx


def statuses(ws: Workspace) -> dict[int, str]:
    """The own tier's status of every question (unlisted ones are `belum direviu`)."""
    with ws._reading() as conn:
        rows = conn.execute("SELECT soal_id, status FROM review_status").fetchall()
    return {int(s): str(st) for s, st in rows}


def status_of(ws: Workspace, soal_id: int) -> str:
    return statuses(ws).get(int(soal_id), BELUM)


def set_status(ws: Workspace, soal_id: int, raw: str) -> None:
    require_review(ws)
    soal = soal_or_error(ws.catalog, soal_id)
    status = parse_status(raw)
    with ws._writing() as tx:
        old = tx.conn.execute("SELECT status FROM review_status WHERE soal_id = ?", (soal.soal_id,)).fetchone()
        old_status = str(old[0]) if old else BELUM
        if old_status == status:
            return
        tx.conn.execute(
            "INSERT INTO review_status(soal_id, status) VALUES (?, ?) "
            "ON CONFLICT(soal_id) DO UPDATE SET status = excluded.status",
            (soal.soal_id, status),
        )
        tx.log(soal.soal_id, "reviu:status", old_status, status, "reviu")


def review_edit(
    ws: Workspace, soal_id: int, *, answer: Any = None, note: Any = None, status: str | None = None
) -> None:
    """The TPI's answer, note and status of one question in one transaction (None leaves a field)."""
    require_review(ws)
    soal = soal_or_error(ws.catalog, soal_id)
    fields: dict[str, Any] = {}
    if answer is not None:
        try:
            fields["jawaban_tpi"] = parse_answer(soal, answer)
        except UserError as exc:
            raise UserError(f"jawaban TPI soal {soal.soal_id}: {exc}") from None
    if note is not None:
        fields["catatan_tpi"] = _clean_text(note)
    new_status = parse_status(status) if status is not None else None
    with ws._writing() as tx:
        if fields:
            tx.set_fields(soal.soal_id, fields, "reviu")
        if new_status is not None:
            old = tx.conn.execute("SELECT status FROM review_status WHERE soal_id = ?", (soal.soal_id,)).fetchone()
            old_status = str(old[0]) if old else BELUM
            if old_status != new_status:
                tx.conn.execute(
                    "INSERT INTO review_status(soal_id, status) VALUES (?, ?) "
                    "ON CONFLICT(soal_id) DO UPDATE SET status = excluded.status",
                    (soal.soal_id, new_status),
                )
                tx.log(soal.soal_id, "reviu:status", old_status, new_status, "reviu")


# -- area notes and recommendations ---------------------------------------------------------------


def area_keys(cat: Catalog) -> list[str]:
    return [str(n) for n in cat.area_numbers()] + [HASIL_AREA]


def area_label(cat: Catalog, key: str) -> str:
    if key == HASIL_AREA:
        return "Hasil"
    return f"Area {key} {cat.area_name(int(key))}"


def area_of(cat: Catalog, soal_id: int) -> str:
    node = cat.area_node(soal_id)
    return str(node.area_no) if node is not None and node.area_no is not None else HASIL_AREA


def _area_key(cat: Catalog, raw: str) -> str:
    key = str(raw).strip().lower().removeprefix("area").strip()
    if key not in area_keys(cat):
        raise UserError(f"area '{raw}' tidak dikenal; pilih {', '.join(area_keys(cat))}")
    return key


def own_tier(ws: Workspace) -> str:
    return require_review(ws).tier


def area_notes(ws: Workspace, tier: str | None = None) -> dict[str, str]:
    t = tier or own_tier(ws)
    with ws._reading() as conn:
        rows = conn.execute("SELECT area, note FROM review_area_notes WHERE tier = ?", (t,)).fetchall()
    order = {k: i for i, k in enumerate(area_keys(ws.catalog))}
    return dict(sorted(((str(a), str(n)) for a, n in rows), key=lambda x: order.get(x[0], 99)))


def set_area_note(ws: Workspace, area: str, text: str | None) -> None:
    tier = own_tier(ws)
    key = _area_key(ws.catalog, area)
    note = _clean_text(text)
    if note is not None and len(note) > MAX_NOTE:
        raise UserError(f"catatan area terlalu panjang ({len(note)} karakter, batas {MAX_NOTE})")
    with ws._writing() as tx:
        old = tx.conn.execute("SELECT note FROM review_area_notes WHERE tier = ? AND area = ?", (tier, key)).fetchone()
        old_note = str(old[0]) if old else None
        if old_note == note:
            return
        tx.conn.execute("DELETE FROM review_area_notes WHERE tier = ? AND area = ?", (tier, key))
        if note is not None:
            tx.conn.execute("INSERT INTO review_area_notes(tier, area, note) VALUES (?, ?, ?)", (tier, key, note))
        tx.log(None, f"reviu:catatan_area:{key}", old_note, note, "reviu")


def recommendations(ws: Workspace, tier: str | None = None) -> list[str]:
    t = tier or own_tier(ws)
    with ws._reading() as conn:
        rows = conn.execute("SELECT text FROM review_recommendations WHERE tier = ? ORDER BY position", (t,)).fetchall()
    return [str(r[0]) for r in rows]


def set_recommendations(ws: Workspace, items: Sequence[str]) -> None:
    """Replace the own tier's recommendations (empty lines dropped) in one logged transaction."""
    tier = own_tier(ws)
    clean = [" ".join(str(i).split()) for i in items]
    clean = [c for c in clean if c]
    if len(clean) > MAX_RECOMMENDATIONS:
        raise UserError(f"terlalu banyak rekomendasi ({len(clean)}, batas {MAX_RECOMMENDATIONS})")
    for c in clean:
        if len(c) > MAX_NOTE:
            raise UserError(f"rekomendasi terlalu panjang ({len(c)} karakter, batas {MAX_NOTE})")
    old = recommendations(ws, tier)
    if old == clean:
        return
    with ws._writing() as tx:
        tx.conn.execute("DELETE FROM review_recommendations WHERE tier = ?", (tier,))
        tx.conn.executemany(
            "INSERT INTO review_recommendations(tier, position, text) VALUES (?, ?, ?)",
            [(tier, i + 1, c) for i, c in enumerate(clean)],
        )
        tx.log(None, "reviu:rekomendasi", "\n".join(old) or None, "\n".join(clean) or None, "reviu")


def add_recommendation(ws: Workspace, text: str) -> None:
    set_recommendations(ws, [*recommendations(ws), text])


# -- tiers ------------------------------------------------------------------------------------------


def tiers(ws: Workspace) -> list[Tier]:
    """Tiers whose results this workspace holds apart (earlier tiers, or every imported tier)."""
    with ws._reading() as conn:
        rows = conn.execute(
            "SELECT tier, position, reviewer, bundle_hash, bundle_created_at, packet_hash, reviewed_at, imported_at "
            "FROM review_tiers ORDER BY position, tier"
        ).fetchall()
    return [Tier(*r) for r in rows]


def tier_answers(ws: Workspace, tier: str) -> dict[int, TierAnswer]:
    with ws._reading() as conn:
        rows = conn.execute(
            "SELECT soal_id, jawaban, catatan, status, unit_changed FROM review_answers WHERE tier = ? ORDER BY soal_id",
            (tier,),
        ).fetchall()
    return {int(r[0]): TierAnswer(int(r[0]), r[1], r[2], str(r[3]), bool(r[4])) for r in rows}


def chosen_tier(ws: Workspace) -> str | None:
    """The tier whose answers become `jawaban_tpi` (setting tier_jawaban_tpi; default the last)."""
    known = [t.tier for t in tiers(ws)]
    if not known:
        return None
    wanted = ws.settings().get(TIER_SETTING)
    if isinstance(wanted, str) and wanted in known:
        return wanted
    return known[-1]


def write_tier(tx: _Tx, tier: Tier, answers: Mapping[int, TierAnswer]) -> None:
    """Replace one tier's results inside an open transaction (used by packet import and open)."""
    tx.conn.execute("DELETE FROM review_answers WHERE tier = ?", (tier.tier,))
    tx.conn.execute(
        "INSERT INTO review_tiers(tier, position, reviewer, bundle_hash, bundle_created_at, packet_hash, "
        "reviewed_at, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(tier) DO UPDATE SET "
        "reviewer = excluded.reviewer, bundle_hash = excluded.bundle_hash, "
        "bundle_created_at = excluded.bundle_created_at, packet_hash = excluded.packet_hash, "
        "reviewed_at = excluded.reviewed_at, imported_at = excluded.imported_at",
        (
            tier.tier,
            tier.position,
            tier.reviewer,
            tier.bundle_hash,
            tier.bundle_created_at,
            tier.packet_hash,
            tier.reviewed_at,
            tier.imported_at,
        ),
    )
    tx.conn.executemany(
        "INSERT INTO review_answers(tier, soal_id, jawaban, catatan, status, unit_changed) VALUES (?, ?, ?, ?, ?, ?)",
        [(tier.tier, a.soal_id, a.jawaban, a.catatan, a.status, int(a.unit_changed)) for a in answers.values()],
    )


def write_tier_notes(tx: _Tx, tier: str, notes: Mapping[str, str], recs: Sequence[str]) -> None:
    tx.conn.execute("DELETE FROM review_area_notes WHERE tier = ?", (tier,))
    tx.conn.executemany(
        "INSERT INTO review_area_notes(tier, area, note) VALUES (?, ?, ?)", [(tier, a, n) for a, n in notes.items()]
    )
    tx.conn.execute("DELETE FROM review_recommendations WHERE tier = ?", (tier,))
    tx.conn.executemany(
        "INSERT INTO review_recommendations(tier, position, text) VALUES (?, ?, ?)",
        [(tier, i + 1, r) for i, r in enumerate(recs)],
    )


def mirror_chosen_tier(ws: Workspace, tx: _Tx, source: str) -> None:
    """Put the chosen tier's answers and notes into jawaban_tpi / catatan_tpi (PortalRB's one TPI)."""
    chosen = chosen_tier(ws)
    if chosen is None:
        return
    rows = tx.conn.execute("SELECT soal_id, jawaban, catatan FROM review_answers WHERE tier = ?", (chosen,)).fetchall()
    given = {int(r[0]): (r[1], r[2]) for r in rows}
    current = tx.conn.execute(
        "SELECT soal_id FROM answers WHERE jawaban_tpi IS NOT NULL OR catatan_tpi IS NOT NULL"
    ).fetchall()
    for (sid,) in current:
        if int(sid) not in given:
            tx.set_fields(int(sid), {"jawaban_tpi": None, "catatan_tpi": None}, source)
    for sid, (jaw, cat) in sorted(given.items()):
        tx.set_fields(sid, {"jawaban_tpi": jaw, "catatan_tpi": cat}, source)


def set_chosen_tier(ws: Workspace, tier: str) -> None:
    known = [t.tier for t in tiers(ws)]
    if tier not in known:
        raise UserError(f"tingkat reviu '{tier}' belum ada di workspace ini; yang ada: {', '.join(known) or '-'}")
    with ws._writing() as tx:
        old = ws.settings().get(TIER_SETTING)
        tx.conn.execute(
            "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (TIER_SETTING, json.dumps(tier, ensure_ascii=False)),
        )
        if old != tier:
            tx.log(None, f"setelan:{TIER_SETTING}", old, tier, "setelan")
        mirror_chosen_tier(ws, tx, f"reviu:tingkat {tier}")


# -- the unit's responses -------------------------------------------------------------------------


def responses(ws: Workspace) -> dict[int, Response]:
    with ws._reading() as conn:
        rows = conn.execute("SELECT soal_id, tanggapan, revisions FROM review_responses ORDER BY soal_id").fetchall()
    return {int(r[0]): Response(int(r[0]), r[1], int(r[2])) for r in rows}


def set_response(ws: Workspace, soal_id: int, text: str | None) -> None:
    """The unit's tanggapan to the TPI's finding on one question."""
    require_unit(ws)
    soal = soal_or_error(ws.catalog, soal_id)
    note = _clean_text(text)
    if note is not None and len(note) > MAX_NOTE:
        raise UserError(f"tanggapan terlalu panjang ({len(note)} karakter, batas {MAX_NOTE})")
    with ws._writing() as tx:
        old = tx.conn.execute("SELECT tanggapan FROM review_responses WHERE soal_id = ?", (soal.soal_id,)).fetchone()
        old_text = old[0] if old else None
        if old_text == note:
            return
        tx.conn.execute(
            "INSERT INTO review_responses(soal_id, tanggapan) VALUES (?, ?) "
            "ON CONFLICT(soal_id) DO UPDATE SET tanggapan = excluded.tanggapan",
            (soal.soal_id, note),
        )
        tx.log(soal.soal_id, "reviu:tanggapan", old_text, note, "isian")


def needs_fixing(ws: Workspace) -> list[int]:
    """Questions marked `perlu perbaikan`: by the own tier (a review workspace) or by any tier."""
    if review_info(ws) is not None:
        return sorted(s for s, st in statuses(ws).items() if st == PERBAIKAN)
    with ws._reading() as conn:
        rows = conn.execute("SELECT DISTINCT soal_id FROM review_answers WHERE status = ?", (PERBAIKAN,)).fetchall()
    return sorted(int(r[0]) for r in rows)


def unit_changes(ws: Workspace) -> dict[int, list[UnitChange]]:
    """What the unit changed in the bundle of the latest `review update`, per question."""
    with ws._reading() as conn:
        rows = conn.execute("SELECT soal_id, kind, detail FROM review_unit_changes ORDER BY rowid").fetchall()
    out: dict[int, list[UnitChange]] = {}
    for sid, kind, detail in rows:
        out.setdefault(int(sid), []).append(UnitChange(int(sid), str(kind), str(detail or "")))
    return dict(sorted(out.items()))


# -- undo of an import -----------------------------------------------------------------------------

_SNAPSHOT_TABLES = {
    "review_tiers": "tier, position, reviewer, bundle_hash, bundle_created_at, packet_hash, reviewed_at, imported_at",
    "review_answers": "tier, soal_id, jawaban, catatan, status, unit_changed",
    "review_area_notes": "tier, area, note",
    "review_recommendations": "tier, position, text",
    "review_responses": "soal_id, tanggapan, revisions",
}


def snapshot(ws: Workspace) -> dict[str, Any]:
    """Everything a review import may change (review tables, jawaban_tpi, catatan_tpi), to undo it."""
    out: dict[str, Any] = {}
    with ws._reading() as conn:
        for table, cols in _SNAPSHOT_TABLES.items():
            out[table] = [tuple(r) for r in conn.execute(f"SELECT {cols} FROM {table}").fetchall()]
        out["tpi"] = {
            int(r[0]): (r[1], r[2])
            for r in conn.execute("SELECT soal_id, jawaban_tpi, catatan_tpi FROM answers").fetchall()
        }
    return out


def restore(ws: Workspace, snap: Mapping[str, Any], label: str = "batal impor reviu") -> None:
    """Put the review data back as `snapshot` saw it, in one logged transaction (the app's undo)."""
    with ws._writing() as tx:
        for table, cols in _SNAPSHOT_TABLES.items():
            tx.conn.execute(f"DELETE FROM {table}")
            marks = ", ".join("?" for _ in cols.split(","))
            tx.conn.executemany(f"INSERT INTO {table}({cols}) VALUES ({marks})", snap[table])
        tpi: Mapping[int, tuple[Any, Any]] = snap["tpi"]
        rows = tx.conn.execute("SELECT soal_id FROM answers").fetchall()
        for (sid,) in rows:
            jaw, cat = tpi.get(int(sid), (None, None))
            tx.set_fields(int(sid), {"jawaban_tpi": jaw, "catatan_tpi": cat}, label)
        tx.log(None, "reviu:pulihkan", None, label, "urung")


# -- scores -----------------------------------------------------------------------------------------


def tier_answer_sets(ws: Workspace) -> dict[str, dict[int, Value | None]]:
    """Each tier's own answers, in order: earlier/imported tiers, then this review's own tier."""
    out: dict[str, dict[int, Value | None]] = {}
    for t in tiers(ws):
        out[t.tier] = {sid: a.jawaban for sid, a in tier_answers(ws, t.tier).items() if a.jawaban is not None}
    info = review_info(ws)
    if info is not None:
        out[info.tier] = dict(ws.answers(tpi=True))
    return out


def compare(ws: Workspace) -> Comparison:
    """The unit's score and each tier's (unit's answers with the tier's in their place), per area,
    with every question where a tier's answer differs from the unit's."""
    cat = ws.catalog
    unit_answers = ws.answers()
    unit_res = score(cat, unit_answers)
    sets = tier_answer_sets(ws)
    tier_res = {t: score(cat, {**unit_answers, **a}) for t, a in sets.items()}
    areas: list[AreaComparison] = []
    for no in cat.area_numbers():
        area = unit_res.areas[no]
        areas.append(
            AreaComparison(
                str(no), area.name, area.weight, area.score, {t: r.areas[no].score for t, r in tier_res.items()}
            )
        )
    hasil_w = cat.nodes[cat.roles["hasil"]].weight
    areas.append(
        AreaComparison(HASIL_AREA, "Hasil", hasil_w, unit_res.hasil, {t: r.hasil for t, r in tier_res.items()})
    )
    diffs: list[Difference] = []
    for t, a in sets.items():
        for sid in sorted(a):
            if a[sid] is not None and a[sid] != unit_answers.get(sid):
                diffs.append(Difference(sid, t, unit_answers.get(sid), a[sid]))
    return Comparison(unit_res, tier_res, areas, diffs, {t: len(a) for t, a in sets.items()})


def describe_value(v: Value | None) -> str:
    return format_value(v) or "(kosong)"
