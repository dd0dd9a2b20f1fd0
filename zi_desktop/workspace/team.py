"""Team work in a workspace: who is in charge (PIC), work packets, and the merge that loses nothing.

The coordinator's workspace hands a member a packet (the questions of an area, a sub-area or a list,
with their answers, notes and evidence: the *base*). The member's workspace edits only those
questions and sends back what changed since the base. Receiving it runs the pure three-way merge of
`zi_desktop.lke.merge` and applies it here, in ONE write transaction of the store (`_writing`), so
every change lands in the hash-chained change log with the member named as its user and the packet
as its source; a conflict goes to `team_conflicts` with both values, the base, who and when.

Everything here speaks plain data (dicts that are JSON documents of a packet); reading and writing
the zip is `zi_desktop.exchange.packet`.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from zi_desktop.errors import AnswerError, UserError
from zi_desktop.lke.answers import ANSWER_FIELDS, format_value, parse_answer, soal_or_error
from zi_desktop.lke.catalog import Catalog
from zi_desktop.lke.merge import MEMBER_FIELDS, EvidenceKey, MergeResult, QuestionState, merge, same
from zi_desktop.lke.readiness import submission_check, without_evidence
from zi_desktop.records import MutableRecord, dataclass
from zi_desktop.workspace.store import Workspace, _Tx, now

FIELD_LABELS = {
    "jawaban_unit": "jawaban",
    "catatan_unit": "catatan",
    "bukti_dukung_unit": "keterangan bukti",
    "jawaban_tpi": "jawaban TPI",
    "catatan_tpi": "catatan TPI",
}
ITEM_KEYS = ("kind", "name", "sha256", "size", "mime", "url", "text")


# -- small helpers ------------------------------------------------------------------------------


def canonical(doc: Any) -> str:
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _token() -> str:
    import secrets

    return secrets.token_hex(16)


def digest(doc: Any) -> str:
    import hashlib  # where used (as secrets): opening a workspace hashes nothing (issue 15)

    return hashlib.sha256(canonical(doc).encode("utf-8")).hexdigest()


def evidence_key(item: Mapping[str, Any]) -> EvidenceKey:
    kind = str(item.get("kind"))
    if kind == "file":
        return ("file", str(item.get("sha256")))
    if kind == "link":
        return ("link", str(item.get("url")))
    return ("text", str(item.get("text")))


def show(value: Any) -> str:
    """A value as the command line and the app print it."""
    if value is None:
        return "(kosong)"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_value(value)
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


@contextlib.contextmanager
def _as_user(tx: _Tx, user: str) -> Iterator[None]:
    """Log entries written inside name `user` (the member whose work is merged)."""
    before = tx.user
    tx.user = user
    try:
        yield
    finally:
        tx.user = before


def _meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def workspace_uid(ws: Workspace) -> str:
    """The workspace's own identity (made on first use): packets name it, so a packet from another
    workspace is recognised even when the unit's name and id are the same."""
    with ws._reading() as conn:
        uid = _meta(conn, "workspace_uid")
    if uid:
        return uid
    with ws._writing() as tx:
        uid = _meta(tx.conn, "workspace_uid") or _token()
        tx.set_meta("workspace_uid", uid)
    return uid


def identity(ws: Workspace) -> dict[str, Any]:
    return {
        "workspace_uid": workspace_uid(ws),
        "unit_id": ws.unit_id,
        "unit_name": ws.unit_name,
        "year": ws.year,
        "target": ws.target,
        "catalog_id": ws.catalog_id,
        "catalog_checksum": ws.catalog_checksum,
    }


# -- which questions ----------------------------------------------------------------------------


def soal_of_area(catalog: Catalog, area_no: int) -> list[int]:
    out = []
    for s in catalog.soal_in_order():
        a = catalog.area_node(s.soal_id)
        if a is not None and a.area_no == area_no:
            out.append(s.soal_id)
    return out


def select_soal(
    catalog: Catalog, *, area: int | None = None, sub_area: int | None = None, soal: Sequence[int] = ()
) -> tuple[str, list[tuple[int, list[int]]]]:
    """(scope, [(ref, its soal ids)]) for what a command names; UserError for what does not exist."""
    given = [x for x in (area is not None, sub_area is not None, bool(soal)) if x]
    if len(given) != 1:
        raise UserError("sebutkan tepat satu dari --area N, --sub-area NODE, atau --soal ID...")
    if area is not None:
        ids = soal_of_area(catalog, area)
        if not ids:
            known = ", ".join(str(n) for n in catalog.area_numbers())
            raise UserError(f"area {area} tidak ada di katalog {catalog.tahun} (area yang ada: {known})")
        return "area", [(area, ids)]
    if sub_area is not None:
        node = catalog.nodes.get(sub_area)
        if node is None or node.level != "sub_area":
            raise UserError(
                f"sub-area {sub_area} tidak ada di katalog {catalog.tahun}; lihat nomor node dengan: "
                "zi-desktop catalog show"
            )
        return "sub_area", [(sub_area, [s for n in catalog.walk(sub_area) for s in n.soal])]
    out = []
    for sid in soal:
        s = soal_or_error(catalog, sid)
        out.append((s.soal_id, [s.soal_id]))
    return "soal", out


def scope_label(catalog: Catalog, scope: str, ref: int) -> str:
    if scope == "area":
        try:
            return f"area {ref} ({catalog.area_name(ref)})"
        except KeyError:
            return f"area {ref}"
    if scope == "sub_area":
        node = catalog.nodes.get(ref)
        return f"sub-area {ref} ({node.name})" if node else f"sub-area {ref}"
    return f"soal {ref}"


# -- assignments (PIC) --------------------------------------------------------------------------


@dataclass(frozen=True)
class Assignment:
    scope: str
    ref: int
    pic: str
    set_at: str
    set_by: str
    label: str
    soal: tuple[int, ...]


def assignments(ws: Workspace) -> list[Assignment]:
    order = {"area": 0, "sub_area": 1, "soal": 2}
    with ws._reading() as conn:
        rows = conn.execute("SELECT scope, ref, pic, set_at, set_by FROM team_assignments").fetchall()
    out = []
    for scope, ref, pic, at, by in rows:
        ids = _scope_soal(ws.catalog, str(scope), int(ref))
        out.append(
            Assignment(str(scope), int(ref), str(pic), str(at), str(by), scope_label(ws.catalog, scope, ref), ids)
        )
    return sorted(out, key=lambda a: (order.get(a.scope, 3), a.ref))


def _scope_soal(catalog: Catalog, scope: str, ref: int) -> tuple[int, ...]:
    if scope == "area":
        return tuple(soal_of_area(catalog, ref))
    if scope == "sub_area":
        return tuple(s for n in catalog.walk(ref) for s in n.soal) if ref in catalog.nodes else ()
    return (ref,) if ref in catalog.soal else ()


def set_pic(
    ws: Workspace,
    pic: str | None,
    *,
    area: int | None = None,
    sub_area: int | None = None,
    soal: Sequence[int] = (),
) -> list[Assignment]:
    """Put `pic` in charge (None or empty: remove the assignment). One transaction, logged."""
    name = (pic or "").strip()
    if len(name) > 100:
        raise UserError("nama PIC terlalu panjang (batas 100 karakter)")
    scope, refs = select_soal(ws.catalog, area=area, sub_area=sub_area, soal=soal)
    with ws._writing() as tx:
        for ref, _ids in refs:
            row = tx.conn.execute(
                "SELECT pic FROM team_assignments WHERE scope = ? AND ref = ?", (scope, ref)
            ).fetchone()
            old = None if row is None else str(row[0])
            if (old or "") == name:
                continue
            if name:
                tx.conn.execute(
                    "INSERT INTO team_assignments(scope, ref, pic, set_at, set_by) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT(scope, ref) DO UPDATE SET pic = excluded.pic, set_at = excluded.set_at, "
                    "set_by = excluded.set_by",
                    (scope, ref, name, tx.at, tx.user),
                )
            else:
                tx.conn.execute("DELETE FROM team_assignments WHERE scope = ? AND ref = ?", (scope, ref))
            tx.log(ref if scope == "soal" else None, f"tugas:{scope}:{ref}", old, name or None, "tugas")
    return assignments(ws)


def pic_map(ws: Workspace) -> dict[int, str]:
    """The person in charge of each soal: a soal's own assignment, else its sub-area's, else its area's."""
    out: dict[int, str] = {}
    for a in sorted(assignments(ws), key=lambda a: {"area": 0, "sub_area": 1, "soal": 2}[a.scope]):
        for sid in a.soal:
            out[sid] = a.pic
    return out


@dataclass(frozen=True)
class PicProgress:
    pic: str
    soal: tuple[int, ...]
    answered: int
    with_evidence: int
    advisories: int

    @property
    def total(self) -> int:
        return len(self.soal)


def progress_by_pic(ws: Workspace) -> list[PicProgress]:
    """Per PIC: questions, answered, with evidence (`readiness.lacks_evidence`), and open advisories (the
    readiness check's advisory remarks on their questions: no evidence, a link that is not http(s),
    a file over the size limit). Soal nobody is in charge of come last, as ''."""
    pics = pic_map(ws)
    records = ws.records()
    lacking = set(without_evidence(ws.catalog, records, ws.evidence()))  # the one rule of "has evidence"
    advised: dict[int, int] = {}
    for sid, _text in submission_check(ws).advisory:
        if sid is not None:
            advised[sid] = advised.get(sid, 0) + 1
    groups: dict[str, list[int]] = {}
    for s in ws.catalog.soal_in_order():
        groups.setdefault(pics.get(s.soal_id, ""), []).append(s.soal_id)
    out = []
    for pic in sorted(groups, key=lambda p: (p == "", p.lower())):
        ids = groups[pic]
        answered = sum(1 for i in ids if i in records and records[i].jawaban_unit is not None)
        evidence = sum(1 for i in ids if i not in lacking)
        out.append(PicProgress(pic, tuple(ids), answered, evidence, sum(advised.get(i, 0) for i in ids)))
    return out


# -- question states ----------------------------------------------------------------------------


def _items(conn: sqlite3.Connection, soal_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
    wanted = set(soal_ids)
    out: dict[int, list[dict[str, Any]]] = {s: [] for s in wanted}
    rows = conn.execute(
        "SELECT id, soal_id, kind, name, sha256, size, mime, url, text FROM evidence ORDER BY soal_id, id"
    ).fetchall()
    seen: set[tuple[int, EvidenceKey]] = set()
    for r in rows:
        sid = int(r[1])
        if sid not in wanted:
            continue
        item = dict(zip(ITEM_KEYS, r[2:], strict=True))
        key = evidence_key(item)
        if (sid, key) in seen:
            continue
        seen.add((sid, key))
        out[sid].append(item)
    return out


def snapshot(conn: sqlite3.Connection, soal_ids: Iterable[int]) -> dict[str, Any]:
    """The packet document of these soal: every field and the evidence items (JSON-able)."""
    ids = sorted(set(soal_ids))
    items = _items(conn, ids)
    out: dict[str, Any] = {}
    for sid in ids:
        row = conn.execute(f"SELECT {', '.join(ANSWER_FIELDS)} FROM answers WHERE soal_id = ?", (sid,)).fetchone()
        fields = dict(zip(ANSWER_FIELDS, row, strict=True)) if row else dict.fromkeys(ANSWER_FIELDS)
        out[str(sid)] = {"fields": fields, "evidence": items[sid]}
    return out


def states(doc: Mapping[str, Any]) -> dict[int, QuestionState]:
    return {
        int(sid): QuestionState(dict(q["fields"]), frozenset(evidence_key(i) for i in q["evidence"]))
        for sid, q in doc.items()
    }


def _overlay(base: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """The base document with a packet's changes applied: what the member's workspace held."""
    out: dict[str, Any] = json.loads(json.dumps(dict(base)))
    for sid, ch in changes.items():
        q = out.setdefault(sid, {"fields": dict.fromkeys(ANSWER_FIELDS), "evidence": []})
        for f, v in ch.get("fields", {}).items():
            q["fields"][f] = v["value"]
        removed = {tuple(k) for k in ch.get("evidence_removed", [])}
        q["evidence"] = [i for i in q["evidence"] if evidence_key(i) not in removed]
        have = {evidence_key(i) for i in q["evidence"]}
        for item in ch.get("evidence_added", []):
            if evidence_key(item) not in have:
                q["evidence"].append(item)
                have.add(evidence_key(item))
    return out


def _last_change(conn: sqlite3.Connection, soal_id: int, fld: str) -> tuple[str | None, str | None]:
    row = conn.execute(
        "SELECT user, at FROM changelog WHERE soal_id = ? AND field = ? ORDER BY id DESC LIMIT 1", (soal_id, fld)
    ).fetchone()
    return (None, None) if row is None else (str(row[0]), str(row[1]))


# -- packets: the coordinator makes one ----------------------------------------------------------


@dataclass(frozen=True)
class PacketContent:
    packet_id: str
    identity: dict[str, Any]
    pic: str
    soal: list[int]
    base: dict[str, Any]
    base_sha256: str
    made_at: str
    made_by: str


def packet_content(ws: Workspace, pic: str, soal_ids: Sequence[int]) -> PacketContent:
    name = (pic or "").strip()
    if not name:
        raise UserError("sebutkan untuk siapa paketnya: --pic NAMA")
    if not soal_ids:
        raise UserError("paket kosong: tidak ada soal yang dipilih")
    ident = identity(ws)
    with ws._reading() as conn:
        base = snapshot(conn, soal_ids)
    return PacketContent(_token(), ident, name, sorted(set(soal_ids)), base, digest(base), now(), ws.user_name())


def record_made(ws: Workspace, content: PacketContent) -> None:
    with ws._writing() as tx:
        tx.conn.execute(
            "INSERT INTO team_packets(id, kind, packet_id, pic, soal, base, base_sha256, origin, at, by) "
            "VALUES (?, 'dibuat', ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                content.packet_id,
                content.packet_id,
                content.pic,
                json.dumps(content.soal),
                canonical(content.base),
                content.base_sha256,
                content.identity["workspace_uid"],
                tx.at,
                tx.user,
            ),
        )
        tx.log(
            None, "paket:buat", None, f"{content.packet_id[:8]} untuk {content.pic}: {len(content.soal)} soal", "paket"
        )


@dataclass(frozen=True)
class PacketRecord:
    id: str
    kind: str
    packet_id: str
    pic: str
    soal: tuple[int, ...]
    at: str
    by: str
    summary: str | None


def packets(ws: Workspace) -> list[PacketRecord]:
    with ws._reading() as conn:
        rows = conn.execute(
            "SELECT id, kind, packet_id, pic, soal, at, by, summary FROM team_packets ORDER BY at, rowid"
        ).fetchall()
    return [PacketRecord(r[0], r[1], r[2], r[3], tuple(json.loads(r[4])), r[5], r[6], r[7]) for r in rows]


# -- packets: the member opens one ---------------------------------------------------------------


class MergeReport(MutableRecord):
    """What receiving (or opening) a packet does, for the preview and for the summary after.

    A plain class with a dataclass's constructor, repr and `==` (not hashable), so that the app's
    start does not import `dataclasses` (issue 15)."""

    __slots__ = (
        "packet_id",
        "pic",
        "already",
        "note",
        "taken",
        "kept",
        "conflicts",
        "evidence_added",
        "evidence_removed",
    )

    def __init__(
        self,
        packet_id: str,
        pic: str,
        already: bool = False,
        note: str = "",
        taken: list[tuple[int, str, Any, Any]] | None = None,
        kept: list[tuple[int, str]] | None = None,
        conflicts: list[tuple[int, str, Any, Any, Any]] | None = None,
        evidence_added: list[tuple[int, dict[str, Any]]] | None = None,
        evidence_removed: list[tuple[int, EvidenceKey]] | None = None,
    ) -> None:
        self.packet_id = packet_id
        self.pic = pic
        self.already = already
        self.note = note
        self.taken: list[tuple[int, str, Any, Any]] = [] if taken is None else taken  # soal, field, old, new
        self.kept: list[tuple[int, str]] = [] if kept is None else kept  # changed here only, kept
        # soal, field, base, ours, theirs
        self.conflicts: list[tuple[int, str, Any, Any, Any]] = [] if conflicts is None else conflicts
        self.evidence_added: list[tuple[int, dict[str, Any]]] = [] if evidence_added is None else evidence_added
        self.evidence_removed: list[tuple[int, EvidenceKey]] = [] if evidence_removed is None else evidence_removed

    @property
    def changes(self) -> int:
        return len(self.taken) + len(self.evidence_added) + len(self.evidence_removed)


def member_info(ws: Workspace) -> dict[str, Any] | None:
    """The packet a member's workspace works on (None for an ordinary workspace)."""
    with ws._reading() as conn:
        pid = _meta(conn, "team_packet")
        if not pid:
            return None
        row = conn.execute(
            "SELECT packet_id, pic, soal, base, base_sha256, origin FROM team_packets WHERE id = ? AND kind = 'dibuka'",
            (pid,),
        ).fetchone()
    if row is None:
        return None
    return {
        "packet_id": row[0],
        "pic": row[1],
        "soal": json.loads(row[2]),
        "base": json.loads(row[3]),
        "base_sha256": row[4],
        "origin": row[5],
    }


def read_only_reason(ws: Workspace, soal_id: int) -> str | None:
    """Why a soal cannot be edited in this (member's) workspace, or None."""
    info = member_info(ws)
    if info is None or soal_id in info["soal"]:
        return None
    return f"Soal ini bukan bagian paket kerja {info['pic']}; hanya-baca di workspace ini."


def _plan(
    conn: sqlite3.Connection,
    base_doc: Mapping[str, Any],
    theirs_doc: Mapping[str, Any],
    fields: Sequence[str],
) -> tuple[MergeResult, dict[str, Any]]:
    ours_doc = snapshot(conn, [int(s) for s in theirs_doc])
    res = merge(states(base_doc), states(ours_doc), states(theirs_doc), fields)
    return res, ours_doc


def _report(
    res: MergeResult,
    base_doc: Mapping[str, Any],
    ours_doc: Mapping[str, Any],
    theirs_doc: Mapping[str, Any],
    fields: Sequence[str],
    report: MergeReport,
) -> None:
    base_states = states(base_doc)
    ours_states = states(ours_doc)
    for sid, q in res.questions.items():
        ours = ours_states[sid]
        base = base_states.get(sid, QuestionState())
        for f in q.taken:
            report.taken.append((sid, f, ours.get(f), q.result.get(f)))
        clashing = {c.field for c in q.conflicts}
        for f in fields:
            if f not in q.taken and f not in clashing and not same(ours.get(f), base.get(f)):
                report.kept.append((sid, f))
        for c in q.conflicts:
            report.conflicts.append((sid, c.field, c.base, c.ours, c.theirs))
        theirs_items = {evidence_key(i): i for i in theirs_doc[str(sid)]["evidence"]}
        for key in sorted(q.evidence_added):
            report.evidence_added.append((sid, theirs_items[key]))
        for key in sorted(q.evidence_removed):
            report.evidence_removed.append((sid, key))


def _apply(
    tx: _Tx,
    res: MergeResult,
    theirs_doc: Mapping[str, Any],
    *,
    user: str,
    source: str,
    packet_id: str,
    theirs_when: Mapping[tuple[int, str], tuple[str | None, str | None]],
) -> None:
    """Write a merge result in the open transaction: fields taken, evidence added and removed (all
    logged under `user`), conflicts queued."""
    for sid, q in res.questions.items():
        with _as_user(tx, user):
            if q.taken:
                tx.set_fields(sid, {f: q.result.get(f) for f in q.taken}, source)
            items = {evidence_key(i): i for i in theirs_doc[str(sid)]["evidence"]}
            for key in sorted(q.evidence_added):
                item = items[key]
                if item["kind"] == "file":
                    tx.conn.execute(
                        "INSERT OR IGNORE INTO blobs(sha256, size, added_at) VALUES (?, ?, ?)",
                        (item["sha256"], item["size"], tx.at),
                    )
                label = {"file": item["name"], "link": item["url"], "text": item["text"]}[item["kind"]]
                tx.add_evidence(
                    sid,
                    item["kind"],
                    item["name"],
                    sha256=item.get("sha256"),
                    size=item.get("size"),
                    mime=item.get("mime"),
                    url=item.get("url"),
                    text=item.get("text"),
                    label=str(label),
                    source=source,
                )
            for kind, value in sorted(q.evidence_removed):
                col = {"file": "sha256", "link": "url", "text": "text"}[kind]
                for (eid,) in tx.conn.execute(
                    f"SELECT id FROM evidence WHERE soal_id = ? AND kind = ? AND {col} = ?", (sid, kind, value)
                ).fetchall():
                    tx.guard(sid)
                    tx.conn.execute("DELETE FROM evidence WHERE id = ?", (eid,))
                    tx.log(sid, f"bukti:{kind}", f"#{eid} {show(value)}", None, source)
        for c in q.conflicts:
            _queue(tx, c.soal_id, c.field, c.base, c.ours, c.theirs, user, packet_id, theirs_when.get((sid, c.field)))


def _queue(
    tx: _Tx,
    sid: int,
    fld: str,
    base: Any,
    ours: Any,
    theirs: Any,
    user: str,
    packet_id: str,
    when: tuple[str | None, str | None] | None,
) -> None:
    rows = tx.conn.execute(
        "SELECT id, ours, theirs FROM team_conflicts WHERE soal_id = ? AND field = ? AND settled_at IS NULL",
        (sid, fld),
    ).fetchall()
    for cid, o, t in rows:
        if same(_loads(o), ours) and same(_loads(t), theirs):
            return  # the same conflict is already waiting
        # a newer value from the other side replaces the waiting one (its value stays in the log)
        tx.conn.execute(
            "UPDATE team_conflicts SET settled_at = ?, settled_by = ?, settled_how = 'diganti' WHERE id = ?",
            (tx.at, tx.user, cid),
        )
    ours_by, ours_at = _last_change(tx.conn, sid, fld)
    theirs_by, theirs_at = when or (user, tx.at)
    tx.conn.execute(
        "INSERT INTO team_conflicts(soal_id, field, base, ours, theirs, ours_by, ours_at, theirs_by, theirs_at, "
        "packet_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            sid,
            fld,
            json.dumps(base),
            json.dumps(ours),
            json.dumps(theirs),
            ours_by,
            ours_at,
            theirs_by or user,
            theirs_at,
            packet_id,
            tx.at,
        ),
    )
    tx.log(sid, f"konflik:{fld}", show(ours), show(theirs), f"paket:{packet_id[:8]}")


def _check_catalog(ws: Workspace, ident: Mapping[str, Any], what: str) -> None:
    if int(ident.get("year") or 0) != ws.year:
        raise UserError(f"{what} untuk LKE tahun {ident.get('year')}, workspace ini tahun {ws.year}; tidak diterima")


def open_packet(ws: Workspace, content: PacketContent, *, fresh: bool) -> MergeReport:
    """Put a packet into a member's workspace: a fresh workspace takes its base; a workspace that
    already works on an earlier packet of the same workspace rebases its unsent work on it."""
    ident = content.identity
    _check_catalog(ws, ident, "paket")
    report = MergeReport(content.packet_id, content.pic)
    info = member_info(ws)
    if not fresh:
        if info is None:
            raise UserError(
                f"{ws.path} adalah workspace biasa, bukan workspace anggota; buka paket ke folder baru "
                "(zi-desktop paket buka PAKET.zip FOLDER_BARU)"
            )
        if info["origin"] != ident["workspace_uid"]:
            raise UserError(
                f"paket ini dari workspace lain ({ident.get('unit_name')}), bukan dari workspace koordinator "
                f"tempat workspace anggota {ws.path} berasal; tidak dibuka"
            )
    with ws._reading() as conn:
        known = conn.execute(
            "SELECT 1 FROM team_packets WHERE id = ? AND kind = 'dibuka'", (content.packet_id,)
        ).fetchone()
    if known:
        report.already = True
        report.note = f"paket {content.packet_id[:8]} sudah dibuka di workspace ini; tidak ada yang berubah"
        return report
    source = f"paket:{content.packet_id[:8]}"
    with ws._writing() as tx:
        tx.editable = None  # the packet itself writes every soal it carries
        theirs_doc = content.base
        old_base: Mapping[str, Any] = info["base"] if info else {}
        # the member's unsent work (member fields) against the coordinator's newer state
        res, ours_doc = _plan(tx.conn, old_base, theirs_doc, MEMBER_FIELDS)
        _report(res, old_base, ours_doc, theirs_doc, MEMBER_FIELDS, report)
        _apply(tx, res, theirs_doc, user=content.made_by, source=source, packet_id=content.packet_id, theirs_when={})
        # the TPI's fields are the coordinator's: taken as they are
        with _as_user(tx, content.made_by):
            for sid, q in theirs_doc.items():
                tpi = {f: q["fields"].get(f) for f in ANSWER_FIELDS if f not in MEMBER_FIELDS}
                tx.set_fields(int(sid), tpi, source)
        tx.conn.execute(
            "INSERT INTO team_packets(id, kind, packet_id, pic, soal, base, base_sha256, origin, at, by) "
            "VALUES (?, 'dibuka', ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                content.packet_id,
                content.packet_id,
                content.pic,
                json.dumps(content.soal),
                canonical(theirs_doc),
                content.base_sha256,
                ident["workspace_uid"],
                tx.at,
                tx.user,
            ),
        )
        tx.set_meta("team_packet", content.packet_id)
        tx.set_meta("team_editable", json.dumps(content.soal))
        tx.set_meta("team_pic", content.pic)
        tx.set_meta("team_origin", ident["workspace_uid"])
        if tx.conn.execute("SELECT 1 FROM settings WHERE key = 'user_name'").fetchone() is None:
            # the member's own changes carry their name in the log from the start
            tx.conn.execute("INSERT INTO settings(key, value) VALUES ('user_name', ?)", (json.dumps(content.pic),))
            tx.log(None, "setelan:user_name", None, content.pic, "setelan")
        tx.log(
            None, "paket:buka", None, f"{content.packet_id[:8]} untuk {content.pic}: {len(content.soal)} soal", source
        )
    return report


# -- packets: the member sends back ------------------------------------------------------------


@dataclass(frozen=True)
class Outgoing:
    return_id: str
    packet_id: str
    base_sha256: str
    origin: str
    member: str
    seq: int
    changes: dict[
        str, Any
    ]  # soal -> {"fields": {f: {value, by, at}}, "evidence_added": [...], "evidence_removed": [...]}

    @property
    def files(self) -> list[str]:
        return sorted(
            {str(i["sha256"]) for c in self.changes.values() for i in c["evidence_added"] if i["kind"] == "file"}
        )


def outgoing(ws: Workspace) -> Outgoing:
    """What changed in a member's workspace since the base of its packet (member fields, evidence)."""
    info = member_info(ws)
    if info is None:
        raise UserError(
            f"{ws.path} bukan workspace anggota (tidak dibuka dari paket kerja); yang dikirim balik hanya "
            "workspace hasil: zi-desktop paket buka"
        )
    base = info["base"]
    changes: dict[str, Any] = {}
    with ws._reading() as conn:
        now_doc = snapshot(conn, info["soal"])
        seq = int(_meta(conn, "team_sent_seq") or 0) + 1
        for sid, q in now_doc.items():
            b = base.get(sid, {"fields": {}, "evidence": []})
            ch: dict[str, Any] = {"fields": {}, "evidence_added": [], "evidence_removed": []}
            for f in MEMBER_FIELDS:
                if not same(q["fields"].get(f), b["fields"].get(f)):
                    by, at = _last_change(conn, int(sid), f)
                    ch["fields"][f] = {"value": q["fields"].get(f), "by": by, "at": at}
            bkeys = {evidence_key(i) for i in b["evidence"]}
            nkeys = {evidence_key(i) for i in q["evidence"]}
            ch["evidence_added"] = [i for i in q["evidence"] if evidence_key(i) not in bkeys]
            ch["evidence_removed"] = [list(k) for k in sorted(bkeys - nkeys)]
            if ch["fields"] or ch["evidence_added"] or ch["evidence_removed"]:
                changes[sid] = ch
    return Outgoing(_token(), info["packet_id"], info["base_sha256"], info["origin"], info["pic"], seq, changes)


def record_sent(ws: Workspace, out: Outgoing) -> None:
    with ws._writing() as tx:
        tx.conn.execute(
            "INSERT INTO team_packets(id, kind, packet_id, pic, soal, seq, at, by, summary) "
            "VALUES (?, 'dikirim', ?, ?, ?, ?, ?, ?, ?)",
            (
                out.return_id,
                out.packet_id,
                out.member,
                json.dumps(sorted(int(s) for s in out.changes)),
                out.seq,
                tx.at,
                tx.user,
                f"{len(out.changes)} soal berubah",
            ),
        )
        tx.set_meta("team_sent_seq", str(out.seq))
        tx.log(None, "paket:kirim", None, f"{out.return_id[:8]}: {len(out.changes)} soal berubah", "paket")


# -- packets: the coordinator receives -----------------------------------------------------------


def _issued(
    conn: sqlite3.Connection, packet_id: str
) -> tuple[str, dict[str, Any], str, dict[str, Any] | None, list[int]]:
    row = conn.execute(
        "SELECT pic, base, base_sha256, last_theirs, soal FROM team_packets WHERE id = ? AND kind = 'dibuat'",
        (packet_id,),
    ).fetchone()
    if row is None:
        raise UserError(
            f"paket balik {packet_id[:8]} tidak cocok dengan paket mana pun yang dibuat workspace ini; tidak diterima"
        )
    return str(row[0]), json.loads(row[1]), str(row[2]), _loads(row[3]), json.loads(row[4])


def receive(ws: Workspace, out: Outgoing, *, dry_run: bool) -> MergeReport:
    """Merge a member's packet: preview (`dry_run`) or apply in one transaction."""
    uid = workspace_uid(ws)
    if out.origin != uid:
        raise UserError(
            f"paket balik dari {out.member} dibuat untuk workspace lain, bukan workspace {ws.unit_name} di "
            f"{ws.path}; tidak diterima"
        )
    with ws._reading() as conn:
        pic, base, base_sha, last_theirs, soal = _issued(conn, out.packet_id)
    if base_sha != out.base_sha256:
        raise UserError(f"paket balik dari {out.member}: dasar paketnya tidak cocok dengan yang dibuat; tidak diterima")
    outside = sorted(int(s) for s in out.changes if int(s) not in soal)
    if outside:
        raise UserError(
            f"paket balik dari {out.member} mengubah soal di luar paketnya ({', '.join(map(str, outside[:10]))}); "
            "tidak diterima"
        )
    report = MergeReport(out.packet_id, pic)

    def plan(conn: sqlite3.Connection) -> tuple[MergeResult, dict[str, Any], dict[str, Any]] | None:
        row = conn.execute(
            "SELECT at FROM team_packets WHERE kind = 'diterima' AND (id = ? OR (packet_id = ? AND seq >= ?))",
            (out.return_id, out.packet_id, out.seq),
        ).fetchone()
        if row is not None:
            report.already = True
            report.note = (
                f"paket balik ini (atau yang lebih baru dari {out.member}) sudah diterima pada {row[0]}; "
                "tidak ada yang berubah"
            )
            return None
        current = conn.execute(
            "SELECT last_theirs FROM team_packets WHERE id = ? AND kind = 'dibuat'", (out.packet_id,)
        ).fetchone()
        merge_base = _loads(current[0]) or base
        theirs_full = _overlay(base, out.changes)
        theirs_doc = {sid: theirs_full[sid] for sid in theirs_full if sid in out.changes or sid in merge_base}
        res, ours_doc = _plan(conn, merge_base, theirs_doc, MEMBER_FIELDS)
        _report(res, merge_base, ours_doc, theirs_doc, MEMBER_FIELDS, report)
        return res, theirs_doc, theirs_full

    if dry_run:
        with ws._reading() as conn:
            plan(conn)
        return report
    when = {
        (int(sid), f): (v.get("by") or out.member, v.get("at"))
        for sid, ch in out.changes.items()
        for f, v in ch["fields"].items()
    }
    with ws._writing() as tx:
        planned = plan(tx.conn)  # inside the write lock: nobody changes the workspace meanwhile
        if planned is None:
            return report
        res, theirs_doc, theirs_full = planned
        source = f"paket:{out.packet_id[:8]}"
        _apply(tx, res, theirs_doc, user=out.member, source=source, packet_id=out.packet_id, theirs_when=when)
        tx.conn.execute(
            "UPDATE team_packets SET last_theirs = ? WHERE id = ? AND kind = 'dibuat'",
            (canonical(theirs_full), out.packet_id),
        )
        summary = f"{report.changes} perubahan diambil, {len(report.conflicts)} konflik"
        tx.conn.execute(
            "INSERT INTO team_packets(id, kind, packet_id, pic, soal, seq, origin, at, by, summary) "
            "VALUES (?, 'diterima', ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                out.return_id,
                out.packet_id,
                out.member,
                json.dumps(sorted(int(s) for s in out.changes)),
                out.seq,
                out.origin,
                tx.at,
                tx.user,
                summary,
            ),
        )
        tx.log(None, "paket:terima", None, f"{out.return_id[:8]} dari {out.member}: {summary}", source)
    return report


# -- the conflict queue --------------------------------------------------------------------------


@dataclass(frozen=True)
class ConflictEntry:
    id: int
    soal_id: int
    field: str
    base: Any
    ours: Any
    theirs: Any
    ours_by: str | None
    ours_at: str | None
    theirs_by: str
    theirs_at: str | None
    packet_id: str
    created_at: str
    settled_at: str | None
    settled_how: str | None
    settled_value: Any

    @property
    def label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field)


def conflicts(ws: Workspace, *, include_settled: bool = False) -> list[ConflictEntry]:
    where = "" if include_settled else "WHERE settled_at IS NULL"
    with ws._reading() as conn:
        rows = conn.execute(
            "SELECT id, soal_id, field, base, ours, theirs, ours_by, ours_at, theirs_by, theirs_at, packet_id, "
            f"created_at, settled_at, settled_how, settled_value FROM team_conflicts {where} ORDER BY soal_id, id"
        ).fetchall()
    return [
        ConflictEntry(
            int(r[0]),
            int(r[1]),
            str(r[2]),
            _loads(r[3]),
            _loads(r[4]),
            _loads(r[5]),
            r[6],
            r[7],
            str(r[8]),
            r[9],
            str(r[10]),
            str(r[11]),
            r[12],
            r[13],
            _loads(r[14]),
        )
        for r in rows
    ]


def settle(ws: Workspace, soal_id: int, fld: str, choice: Any) -> ConflictEntry:
    """Settle the open conflict of one soal field: "mine" keeps this workspace's value, "theirs" takes
    the other side's, anything else is the value to write (read like an answer typed in)."""
    soal = soal_or_error(ws.catalog, soal_id)
    if fld not in MEMBER_FIELDS:
        known = ", ".join(MEMBER_FIELDS)
        raise UserError(f"bidang '{fld}' tidak dikenal untuk konflik (pilih: {known})")
    with ws._reading() as conn:
        row = conn.execute(
            "SELECT id FROM team_conflicts WHERE soal_id = ? AND field = ? AND settled_at IS NULL ORDER BY id DESC",
            (soal.soal_id, fld),
        ).fetchone()
    if row is None:
        raise UserError(
            f"tidak ada konflik terbuka pada soal {soal.soal_id} bidang {fld}; lihat: zi-desktop konflik WS"
        )
    return settle_by_id(ws, int(row[0]), choice)


def settle_by_id(ws: Workspace, conflict_id: int, choice: Any) -> ConflictEntry:
    entry = next((c for c in conflicts(ws) if c.id == conflict_id), None)
    if entry is None:
        raise UserError(f"konflik {conflict_id} tidak ada atau sudah diselesaikan")
    soal = soal_or_error(ws.catalog, entry.soal_id)
    current = ws.record(entry.soal_id).get(entry.field)
    how: str
    if choice == "mine":
        value, how = current, "mine"
    elif choice == "theirs":
        value, how = entry.theirs, "theirs"
    else:
        how = "edit"
        if entry.field == "jawaban_unit":
            try:
                value = parse_answer(soal, choice)
            except AnswerError as exc:
                raise UserError(f"soal {soal.soal_id}: {exc.message}") from None
        else:
            value = str(choice).strip() or None
    with ws._writing() as tx:
        still = tx.conn.execute("SELECT settled_at FROM team_conflicts WHERE id = ?", (conflict_id,)).fetchone()
        if still is None or still[0] is not None:
            raise UserError(f"konflik {conflict_id} sudah diselesaikan")
        tx.set_fields(entry.soal_id, {entry.field: value}, "konflik")
        tx.conn.execute(
            "UPDATE team_conflicts SET settled_at = ?, settled_by = ?, settled_how = ?, settled_value = ? WHERE id = ?",
            (tx.at, tx.user, how, json.dumps({"value": value, "before": current}), conflict_id),
        )
        tx.log(entry.soal_id, f"konflik:{entry.field}", None, f"diselesaikan ({how}): {show(value)}", "konflik")
    return next(c for c in conflicts(ws, include_settled=True) if c.id == conflict_id)


def reopen(ws: Workspace, conflict_id: int) -> None:
    """Undo a settlement: the value before it comes back and the conflict waits again."""
    with ws._writing() as tx:
        row = tx.conn.execute(
            "SELECT soal_id, field, settled_at, settled_how, settled_value FROM team_conflicts WHERE id = ?",
            (conflict_id,),
        ).fetchone()
        if row is None or row[2] is None or row[3] == "diganti":
            raise UserError(f"konflik {conflict_id} tidak dapat dibuka kembali")
        before = (_loads(row[4]) or {}).get("before")
        tx.set_fields(int(row[0]), {str(row[1]): before}, "konflik")
        tx.conn.execute(
            "UPDATE team_conflicts SET settled_at = NULL, settled_by = NULL, settled_how = NULL, settled_value = NULL "
            "WHERE id = ?",
            (conflict_id,),
        )
        tx.log(int(row[0]), f"konflik:{row[1]}", None, "dibuka kembali", "konflik")
