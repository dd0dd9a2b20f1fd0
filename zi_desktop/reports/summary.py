"""The score summary every report shows: pengungkit, its two parts and six areas, hasil and its
three measured parts, the total and the floor total; each row its score and the weight it is out of."""

from __future__ import annotations

from zi_desktop.lke.catalog import Catalog
from zi_desktop.lke.scoring import ScoreResult
from zi_desktop.records import dataclass


@dataclass(frozen=True)
class SummaryRow:
    key: str  # pengungkit, pemenuhan, reform, area_1..area_6, hasil, ipak, capaian_kinerja, ipkp, total, total_floor
    depth: int  # 0 a component or a total, 1 a part of the component above it
    label: str
    score: float
    weight: float


def role_weight(catalog: Catalog, role: str) -> float:
    """The weight of a named place of the LKE (a node, or one of hasil's three single questions)."""
    if role in ("ipak", "capaian_kinerja", "ipkp"):
        return catalog.soal[catalog.roles[role]].weight
    return catalog.nodes[catalog.roles[role]].weight


def summary_rows(catalog: Catalog, r: ScoreResult, *, totals: bool = True) -> list[SummaryRow]:
    """The rows of the score summary, weights from the catalog; `totals` adds the two total rows."""

    def w(role: str) -> float:
        return role_weight(catalog, role)

    rows = [
        SummaryRow("pengungkit", 0, "A. Pengungkit", r.pengungkit, w("pengungkit")),
        SummaryRow("pemenuhan", 1, "I. Pemenuhan", r.pemenuhan, w("pemenuhan")),
        SummaryRow("reform", 1, "II. Reform", r.reform, w("reform")),
    ]
    rows += [SummaryRow(f"area_{no}", 1, f"{no}. {a.name}", a.score, a.weight) for no, a in sorted(r.areas.items())]
    rows += [
        SummaryRow("hasil", 0, "B. Hasil", r.hasil, w("hasil")),
        SummaryRow("ipak", 1, "IPAK (survei persepsi anti korupsi)", r.ipak, w("ipak")),
        SummaryRow("capaian_kinerja", 1, "Capaian kinerja lebih baik", r.capaian_kinerja, w("capaian_kinerja")),
        SummaryRow("ipkp", 1, "IPKP (survei kualitas pelayanan)", r.ipkp, w("ipkp")),
    ]
    if totals:
        rows += [
            SummaryRow("total", 0, "Nilai total (aturan resmi)", r.total, 100.0),
            SummaryRow("total_floor", 0, "Nilai jika yang belum diisi dihitung 0", r.total_floor, 100.0),
        ]
    return rows
