"""The condition lines: each condition of the predicates (scoring's `Condition`, thresholds from the
catalog) as one line with its WBK and WBBM thresholds side by side, the figure in points and the
weight it is out of. The workbook's summary sheet, the dashboard's bars and the reports render these.
"""

from __future__ import annotations

from dataclasses import dataclass

from zi_desktop.lke.catalog import Catalog
from zi_desktop.lke.scoring import Condition, ScoreResult
from zi_desktop.reports.summary import role_weight


@dataclass(frozen=True)
class ConditionLine:
    key: str  # total, pengungkit, area_1..area_6, bersih_akuntabel, ipak, capaian_kinerja, ipkp
    name: str  # short name ("Nilai total", "1. Manajemen Perubahan")
    wbk: Condition
    wbbm: Condition
    score: float  # the figure in points
    weight: float  # the points it is out of

    @property
    def label(self) -> str:
        return self.wbk.label

    @property
    def satuan(self) -> str:
        return self.wbk.satuan

    @property
    def nilai(self) -> float:
        """The figure in the condition's own unit (points, or percent of the weight for an area)."""
        return self.wbk.nilai

    def condition(self, predikat: str) -> Condition:
        return self.wbbm if predikat == "WBBM" else self.wbk

    def threshold_points(self, predikat: str) -> float:
        """The threshold of `predikat` in points (an area's percentage taken of its weight)."""
        c = self.condition(predikat)
        return c.syarat / 100.0 * self.weight if c.satuan == "persen" else c.syarat


def condition_lines(catalog: Catalog, r: ScoreResult) -> list[ConditionLine]:
    """Every condition, in the order scoring lists them, WBK and WBBM side by side."""
    figures = {
        "total": (r.total, 100.0, "Nilai total"),
        "pengungkit": (r.pengungkit, role_weight(catalog, "pengungkit"), "A. Pengungkit"),
        "bersih_akuntabel": (r.bersih_akuntabel, role_weight(catalog, "bersih_akuntabel"), ""),
        "ipak": (r.ipak, role_weight(catalog, "ipak"), ""),
        "capaian_kinerja": (r.capaian_kinerja, role_weight(catalog, "capaian_kinerja"), ""),
        "ipkp": (r.ipkp, role_weight(catalog, "ipkp"), ""),
    }
    for no, a in r.areas.items():
        figures[f"area_{no}"] = (a.score, a.weight, f"{no}. {a.name}")
    wbbm = {c.kondisi: c for c in r.conditions["WBBM"]}
    out = []
    for c in r.conditions["WBK"]:
        score, weight, name = figures[c.kondisi]
        out.append(ConditionLine(c.kondisi, name or c.label, c, wbbm[c.kondisi], score, weight))
    return out
