"""Is the workspace ready to submit? Blocking faults and advisory remarks, per soal.

Blocking: unanswered questions and input errors (the scoring engine's `issues`). Advisory: counts the
domain rules out but the sheet scores (the engine's `advisories`, e.g. more targets met than targets),
questions without any evidence (`lacks_evidence`: neither an evidence item nor the bukti dukung text;
the survey scores IPAK and IPKP need none, the national team measures them), links that are not
http(s) URLs (PortalRB evaluators cannot open them), and files larger than the workspace setting
`max_file_mb` (default 10), and proposal preconditions (Tabel 5) the team has not confirmed yet.
A workspace without the unit id the instansi gave it is blocked: PortalRB fetches the unit's answers
by that id, and the instansi hub refuses a bundle without one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol
from urllib.parse import urlparse

from zi_desktop.lazy_re import compile_later
from zi_desktop.lke.answers import Value, format_value
from zi_desktop.lke.catalog import SURVEY, Catalog
from zi_desktop.lke.preconditions import SettingsWorkspace, preconditions
from zi_desktop.lke.scoring import ScoreResult
from zi_desktop.records import dataclass, field


class ReadinessWorkspace(SettingsWorkspace, Protocol):
    """What the check reads of a workspace (the store's `Workspace` is one)."""

    def answers(self) -> Mapping[int, Value | None]: ...
    def records(self) -> Mapping[int, Any]: ...
    def evidence(self) -> Sequence[Any]: ...
    def score(self) -> ScoreResult: ...


Finding = tuple[int | None, str]

UNIT_ID_RE = compile_later(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
UNIT_ID_HELP = "huruf, angka, titik, garis bawah atau tanda hubung, paling banyak 100 karakter, mis. UNIT-BKD-001"


def unit_id_problem(unit_id: str | None) -> str | None:
    """Why `unit_id` cannot be a PortalRB unit id (it is a URL path segment), or None when it can."""
    text = (unit_id or "").strip()
    if not text:
        return "ID unit dari instansi belum diisi"
    if not UNIT_ID_RE.fullmatch(text):
        return f"ID unit '{text[:120]}' tidak sah: {UNIT_ID_HELP}"
    return None


@dataclass(frozen=True)
class SubmissionCheck:
    blocking: list[Finding] = field(default_factory=list)
    advisory: list[Finding] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.blocking

    @property
    def ok(self) -> bool:
        return not self.blocking and not self.advisory


def lacks_evidence(catalog: Catalog, soal_id: int, items: int, bukti_dukung: str | None) -> bool:
    """The question needs evidence and has none: no evidence item (`items` counts them) and no
    bukti dukung text. A survey score (IPAK, IPKP) needs none: the national team measures it.
    The one rule of the submission check, ringkasan.html and the tree's "tanpa bukti" marker."""
    if catalog.soal[soal_id].kind == SURVEY:
        return False
    return items == 0 and not (bukti_dukung and bukti_dukung.strip())


def without_evidence(catalog: Catalog, records: Mapping[int, Any], evidence: Iterable[Any]) -> list[int]:
    """The questions, in catalog order, that `lacks_evidence` (records: soal id -> its answers,
    evidence: the evidence items, each with its `soal_id`)."""
    items = Counter(e.soal_id for e in evidence)
    return [
        s.soal_id
        for s in catalog.soal_in_order()
        if lacks_evidence(
            catalog, s.soal_id, items[s.soal_id], getattr(records.get(s.soal_id), "bukti_dukung_unit", None)
        )
    ]


def link_is_web(url: str | None) -> bool:
    """An http(s) address with a host: what PortalRB's evaluators can open."""
    if not url:
        return False
    p = urlparse(url)
    return p.scheme in ("http", "https") and bool(p.netloc)


def large_file_note(item: Any, max_mb: float) -> str | None:
    """The advice for an evidence file over `max_file_mb`, or None: PortalRB's evaluators open
    evidence over the network, and a large video or scan slows or stops them."""
    if item.size is None or item.size <= max_mb * 1024 * 1024:
        return None
    mb = format_value(item.size / 1024 / 1024)
    return (
        f"berkas bukti #{item.id} soal {item.soal_id} ({item.name}) {mb} MB, melebihi batas saran {max_mb:g} MB "
        "(setelan max_file_mb); perkecil atau bagi berkasnya bila bisa"
    )


def max_file_mb(settings: Mapping[str, Any]) -> float:
    """The workspace's advice limit for one evidence file, in MB (its default and limits:
    `workspace.settings`, which fills in every setting of `Workspace.settings()`)."""
    return float(settings["max_file_mb"])


def submission_check(ws: ReadinessWorkspace) -> SubmissionCheck:
    cat = ws.catalog
    answers = ws.answers()
    records = ws.records()
    evidence = ws.evidence()
    max_mb = max_file_mb(ws.settings())
    blocking: list[Finding] = []
    advisory: list[Finding] = []
    order = [s.soal_id for s in cat.soal_in_order()]
    problem = unit_id_problem(getattr(ws, "unit_id", None))
    if problem is not None:
        blocking.append(
            (None, f"{problem} (isi di aplikasi: Sunting > ID unit, atau: zi-desktop setelan WS unit_id ID)")
        )
    for sid in order:
        if answers.get(sid) is None:
            blocking.append((sid, f"soal {sid} belum dijawab"))
    result = ws.score()
    for issue in result.issues:
        first = issue.soal_ids[0] if issue.soal_ids else None
        blocking.append((first, f"isian salah ({issue.ref}): {issue.message}"))
    for adv in result.advisories:
        first = adv.soal_ids[0] if adv.soal_ids else None
        advisory.append((first, f"periksa isian ({adv.ref}): {adv.message}"))
    for sid in without_evidence(cat, records, evidence):
        advisory.append((sid, f"soal {sid} belum punya bukti dukung"))
    for e in evidence:
        if e.kind == "link" and not link_is_web(e.url):
            advisory.append((e.soal_id, f"tautan bukti #{e.id} soal {e.soal_id} bukan alamat http(s): {e.url}"))
        note = large_file_note(e, max_mb) if e.kind == "file" else None
        if note:
            advisory.append((e.soal_id, note))
    for pre in preconditions(ws):
        if not pre.confirmed:
            advisory.append(
                (None, f"syarat pengusulan Menuju {ws.target} no. {pre.number} belum dikonfirmasi: {pre.text}")
            )
    return SubmissionCheck(blocking, advisory)
