"""For the review tests: a unit workspace with answers and evidence, its bundle, and a review of it with a few findings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sample_answers import sample_value

from zi_desktop.exchange.bundle import export_bundle
from zi_desktop.exchange.review_packet import export_review, open_review
from zi_desktop.lke.catalog import CHOICE
from zi_desktop.workspace import review as rv
from zi_desktop.workspace.store import create_workspace, open_workspace


@dataclass
class Setup:
    root: Path
    unit: Path
    bundle: Path
    review: Path
    packet: Path
    findings: dict[int, tuple[str, str]]  # soal -> (TPI answer, TPI note)


def other_option(soal: Any, value: Any) -> str:
    return next(o.key for o in soal.options if o.key != value)


def make_unit(path: Path, catalog: Any, *, name: str = "Kantor Contoh", unit_id: str = "KC-01") -> Path:
    with create_workspace(path, unit_name=name, unit_id=unit_id) as ws:
        for i, s in enumerate(catalog.soal_in_order()):
            ws.edit(s.soal_id, sample_value(catalog, i, s, 2, 3.0), note=f"catatan unit {s.soal_id}")
        f = path.parent / f"bukti-{unit_id}.txt"
        f.write_text("surat keputusan")
        ws.attach_files(1, [f])
    return path


def review_some(review: Path, catalog: Any, *, reviewer_note: str = "temuan") -> dict[int, tuple[str, str]]:
    findings: dict[int, tuple[str, str]] = {}
    choice = [s for s in catalog.soal_in_order() if s.kind == CHOICE]
    with open_workspace(review) as ws:
        for s in choice[:12]:
            unit_value = ws.record(s.soal_id).jawaban_unit
            if s.soal_id % 4 == 0:
                answer = other_option(s, unit_value)
                note = f"{reviewer_note} soal {s.soal_id}: bukti belum lengkap"
                rv.review_edit(ws, s.soal_id, answer=answer, note=note, status=rv.PERBAIKAN)
                findings[s.soal_id] = (answer, note)
            else:
                rv.review_edit(ws, s.soal_id, answer=unit_value, status=rv.SESUAI)
        rv.set_area_note(ws, "2", "Tata laksana belum didukung SOP yang disahkan")
        rv.set_recommendations(ws, ["Sahkan SOP layanan", "Lengkapi SK tim"])
    return findings


def make_setup(tmp_path: Path, catalog: Any) -> Setup:
    unit = make_unit(tmp_path / "unit", catalog)
    bundle = tmp_path / "paket.zip"
    with open_workspace(unit) as ws:
        export_bundle(ws, bundle)
    review = tmp_path / "reviu"
    open_review(bundle, review, tier="TPI Unit", reviewer="Budi")
    findings = review_some(review, catalog)
    packet = tmp_path / "hasil.zip"
    with open_workspace(review) as ws:
        export_review(ws, packet)
    return Setup(tmp_path, unit, bundle, review, packet, findings)


def state(path: Path) -> tuple[Any, ...]:
    """Everything saved in a workspace that an import could change."""
    with open_workspace(path) as ws:
        return (
            ws.records(),
            [(e.soal_id, e.sha256, e.kind) for e in ws.evidence()],
            len(ws.history()),
            rv.snapshot(ws),
        )
