"""An independent implementation of shared/LKE-SCORING.md, to check zi_desktop.lke.scoring against.

It reads the PortalRB master list (`portalrb-master-soal-2026.json`) directly, never the app's
catalog, and re-types the formulas and the predicate thresholds of LKE-SCORING.md below. It computes
with exact fractions (a multiplier 0.67 is 67/100, a survey score 3.60 is 18/5), so a condition that
is met exactly is met here without any epsilon; the engine's floats must agree with it.

As the sheet (Lampiran III K128..K193):
- a ratio above 1 is 1 (`IF(x>1,1,x)`): a numerator above its denominator is never an input error;
  where the domain rules it out (IMPOSSIBLE below) the numerator soal is reported in `advisories`;
- the recorded-only counts s104 (K154) and s111 (K171) take no part in the value, but while one is
  blank its percentage is unfilled ("Blm Diisi").

Choices made where the sheet has no rule (the same as the engine's, stated here on purpose):
- 0 of 0 is 1 (the sheet divides by zero);
- a numerator above a denominator of 0 is an input error: the item is left unanswered and its
  numerator soal is reported in `issues`;
- "penurunan pelanggaran" with s102 = 0 and s103 > 0 (violations rose from none) scores 0.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

Answer = str | int | float | None

# -- LKE-SCORING.md, re-typed -------------------------------------------------------------------

# area -> (Pemenuhan weight, Reform weight)
AREA_WEIGHTS = {
    1: (Fraction(4), Fraction(4)),
    2: (Fraction("3.5"), Fraction("3.5")),
    3: (Fraction(5), Fraction(5)),
    4: (Fraction(5), Fraction(5)),
    5: (Fraction("7.5"), Fraction("7.5")),
    6: (Fraction(5), Fraction(5)),
}

# Computed percentages of Reform: (id, kind, numerator ids, denominator ids). For "decrease" the
# numerator slot holds (base,) = s102 and the denominator slot (now,) = s103.
FORMULAS = (
    ("perubahan konkret agen", "ratio", (89,), (88,)),
    ("perubahan terintegrasi", "ratio", (91,), (90,)),
    ("penurunan pelanggaran", "decrease", (102,), (103,)),
    ("sasaran tercapai", "ratio", (106,), (105,)),
    ("penanganan pengaduan", "ratio", (112,), (110,)),
    ("penyampaian LHKPN", "ratio", (116,), (113, 114, 115)),
    ("penyampaian non-LHKPN", "ratio", (120,), (117, 118, 119)),
    ("perijinan dipermudah", "ratio", (123,), (122,)),
)
RECORDED_ONLY = (104, 111)
# formula -> the recorded-only count that must be filled in for it to count (K154, K171)
RECORDED_OF = {"penurunan pelanggaran": (104,), "penanganan pengaduan": (111,)}
# formulas whose numerator cannot exceed its denominator in the domain: an advisory, not an error
# (one change agent can make several changes, so "perubahan konkret agen" is not one of them)
IMPOSSIBLE = {
    "perubahan terintegrasi",
    "sasaran tercapai",
    "penanganan pengaduan",
    "penyampaian LHKPN",
    "penyampaian non-LHKPN",
    "perijinan dipermudah",
}

HASIL_WEIGHTS = {"ipak": Fraction("17.5"), "capaian_kinerja": Fraction(5), "ipkp": Fraction("17.5")}

THRESHOLDS = {
    "WBK": {
        "total": Fraction(75),
        "pengungkit": Fraction(40),
        "area_fraction": Fraction(60, 100),
        "bersih_akuntabel": Fraction("18.25"),
        "ipak": Fraction("15.75"),
        "capaian_kinerja": Fraction("2.50"),
        "ipkp": Fraction("14.00"),
    },
    "WBBM": {
        "total": Fraction(85),
        "pengungkit": Fraction(48),
        "area_fraction": Fraction(75, 100),
        "bersih_akuntabel": Fraction("19.50"),
        "ipak": Fraction("15.75"),
        "capaian_kinerja": Fraction("3.75"),
        "ipkp": Fraction("15.75"),
    },
}

CHOICE_TYPES = {"YA_TIDAK", "ABC", "ABCD", "ABCDE"}
COUNT_TYPES = {"JUMLAH"}
SURVEY_TYPES = {"0-4"}


def exact(x: float | int | str) -> Fraction:
    """The decimal a person wrote (0.67, 3.60), as an exact fraction."""
    return Fraction(str(x))


# -- the master list ----------------------------------------------------------------------------


@dataclass
class RefSoal:
    soal_id: int
    kind: str  # "choice" | "count" | "survey"
    jenis: str
    weight: Fraction  # bobot_maksimal (used for Hasil items only)
    options: dict[str, Fraction]  # option key -> multiplier


@dataclass
class RefSubArea:
    node_id: int
    part: str  # "pemenuhan" | "reform"
    area: int
    weight: Fraction
    soal: list[int]
    children: list[RefSubArea]
    formulas: list[int]  # indexes into FORMULAS


class Reference:
    def __init__(self, master_path: Path | str) -> None:
        data = json.loads(Path(master_path).read_text("utf-8"))
        self.soal: dict[int, RefSoal] = {}
        self.sub_areas: list[RefSubArea] = []  # top-level sub-areas (nested ones inside)
        self.hasil: dict[str, int] = {}
        self.area_weight_seen: dict[tuple[str, int], Fraction] = {}
        for komponen in data["data"]:
            name = komponen["nama"].upper()
            if "PENGUNGKIT" in name:
                for sub in komponen["children"]:
                    part = "pemenuhan" if "PEMENUHAN" in sub["nama"].upper() else "reform"
                    for area in sub["children"]:
                        no = int(area["nama"].strip().split(".")[0])
                        self.area_weight_seen[(part, no)] = exact(area["bobot_maksimal"])
                        for sa in area["children"]:
                            self.sub_areas.append(self._sub_area(sa, part, no))
            elif "HASIL" in name:
                for sub in komponen["children"]:
                    for s in sub["soals"]:
                        rs = self._soal(s)
                        if rs.kind == "survey":
                            key = "ipak" if "BERSIH" in sub["nama"].upper() else "ipkp"
                        else:
                            key = "capaian_kinerja"
                        self.hasil[key] = rs.soal_id
            else:
                raise ValueError(f"unknown komponen {komponen['nama']!r}")
        assert set(self.hasil) == set(HASIL_WEIGHTS), self.hasil
        for (part, no), w in self.area_weight_seen.items():
            assert w == AREA_WEIGHTS[no][0 if part == "pemenuhan" else 1], (part, no, w)
        # each formula belongs to the sub-area holding its inputs
        for i, (_, _, num, den) in enumerate(FORMULAS):
            homes = {self._home(s).node_id for s in (*num, *den)}
            assert len(homes) == 1, (FORMULAS[i], homes)
            self._home(num[0]).formulas.append(i)

    def _soal(self, s: dict[str, Any]) -> RefSoal:
        jenis = str(s["jenis_jawaban"]).strip().upper()
        if jenis in CHOICE_TYPES:
            kind = "choice"
        elif jenis in COUNT_TYPES:
            kind = "count"
        elif jenis in SURVEY_TYPES:
            kind = "survey"
        else:
            raise ValueError(f"soal {s['id']}: unknown jenis_jawaban {jenis!r}")
        opts = {str(o["key"]): exact(o["multiplier"]) for o in s.get("skema_penilaian") or []}
        rs = RefSoal(int(s["id"]), kind, jenis, exact(s.get("bobot_maksimal") or 0), opts)
        self.soal[rs.soal_id] = rs
        return rs

    def _sub_area(self, raw: dict[str, Any], part: str, area: int) -> RefSubArea:
        node = RefSubArea(int(raw["id"]), part, area, exact(raw["bobot_maksimal"]), [], [], [])
        for s in raw.get("soals") or []:
            node.soal.append(self._soal(s).soal_id)
        for c in raw.get("children") or []:
            node.children.append(self._sub_area(c, part, area))
        return node

    def _all_sub_areas(self) -> list[RefSubArea]:
        out: list[RefSubArea] = []
        stack = list(self.sub_areas)
        while stack:
            n = stack.pop()
            out.append(n)
            stack.extend(n.children)
        return out

    def _home(self, soal_id: int) -> RefSubArea:
        for n in self._all_sub_areas():
            if soal_id in n.soal:
                return n
        raise KeyError(soal_id)

    # -- generators' helpers -------------------------------------------------------------------
    def ids(self, kind: str) -> list[int]:
        return sorted(s.soal_id for s in self.soal.values() if s.kind == kind)

    # -- scoring -------------------------------------------------------------------------------
    def formula_value(self, i: int, answers: Mapping[int, Answer]) -> tuple[Fraction | None, bool]:
        """(value, input error). None: unanswered (an input missing) or an input error."""
        name, kind, num_ids, den_ids = FORMULAS[i]
        vals = [answers.get(s) for s in (*num_ids, *den_ids, *RECORDED_OF.get(name, ()))]
        if any(v is None for v in vals):
            return None, False
        if kind == "decrease":
            base, now = int(answers[num_ids[0]]), int(answers[den_ids[0]])  # type: ignore[arg-type]
            if base == 0 and now == 0:
                return Fraction(1), False
            if base == 0:
                return Fraction(0), False  # rose from none: no decrease (our stated choice)
            return max(Fraction(0), Fraction(base - now, base)), False
        num = sum(int(answers[s]) for s in num_ids)  # type: ignore[arg-type]
        den = sum(int(answers[s]) for s in den_ids)  # type: ignore[arg-type]
        if den == 0:
            return (Fraction(1), False) if num == 0 else (None, True)  # 0 of 0 counts as 1
        return min(Fraction(1), Fraction(num, den)), False

    def advisory(self, i: int, answers: Mapping[int, Answer]) -> bool:
        """The domain rules this formula's counts out (numerator above a non-zero denominator)."""
        name, kind, num_ids, den_ids = FORMULAS[i]
        value, _ = self.formula_value(i, answers)
        if name not in IMPOSSIBLE or value is None:
            return False
        num = sum(int(answers[s]) for s in num_ids)  # type: ignore[arg-type]
        return num > sum(int(answers[s]) for s in den_ids)  # type: ignore[arg-type]

    def choice_value(self, soal_id: int, answer: Answer) -> Fraction | None:
        if answer is None:
            return None
        return self.soal[soal_id].options[str(answer)]

    def _sub_area_score(self, n: RefSubArea, answers: Mapping[int, Answer]) -> tuple[Fraction, Fraction]:
        """(official, floor) score of a sub-area."""
        if n.children:
            parts = [self._sub_area_score(c, answers) for c in n.children]
            return sum((p[0] for p in parts), Fraction(0)), sum((p[1] for p in parts), Fraction(0))
        items: list[Fraction | None] = [
            self.choice_value(s, answers.get(s)) for s in n.soal if self.soal[s].kind == "choice"
        ]
        items += [self.formula_value(i, answers)[0] for i in n.formulas]
        got = [v for v in items if v is not None]
        if not items:
            raise AssertionError(f"sub-area {n.node_id} has no scored item")
        official = sum(got, Fraction(0)) / len(got) * n.weight if got else Fraction(0)
        floor = sum(got, Fraction(0)) / len(items) * n.weight
        return official, floor

    def score_exact(self, answers: Mapping[int, Answer]) -> dict[str, Any]:
        pem = {no: [Fraction(0), Fraction(0)] for no in AREA_WEIGHTS}
        ref = {no: [Fraction(0), Fraction(0)] for no in AREA_WEIGHTS}
        for n in self.sub_areas:
            off, floor = self._sub_area_score(n, answers)
            slot = (pem if n.part == "pemenuhan" else ref)[n.area]
            slot[0] += off
            slot[1] += floor
        pemenuhan = sum(v[0] for v in pem.values())
        reform = sum(v[0] for v in ref.values())
        pengungkit = pemenuhan + reform
        pengungkit_floor = sum(v[1] for v in pem.values()) + sum(v[1] for v in ref.values())

        def hasil_part(key: str) -> Fraction:
            sid = self.hasil[key]
            a = answers.get(sid)
            if a is None:
                return Fraction(0)
            survey = self.soal[sid].kind == "survey"
            value = exact(a) / 4 if survey else self.soal[sid].options[str(a)]
            return value * HASIL_WEIGHTS[key]

        ipak, capaian, ipkp = hasil_part("ipak"), hasil_part("capaian_kinerja"), hasil_part("ipkp")
        hasil = ipak + capaian + ipkp
        areas = {no: pem[no][0] + ref[no][0] for no in AREA_WEIGHTS}
        out: dict[str, Any] = {
            "total": min(Fraction(100), pengungkit + hasil),
            "total_floor": min(Fraction(100), pengungkit_floor + hasil),
            "pengungkit": pengungkit,
            "pemenuhan": pemenuhan,
            "reform": reform,
            "hasil": hasil,
            "ipak": ipak,
            "capaian_kinerja": capaian,
            "ipkp": ipkp,
            "bersih_akuntabel": ipak + capaian,
            "pelayanan_prima": ipkp,
            "areas": areas,
        }
        out["meets"] = {p: self._meets(p, out) for p in THRESHOLDS}
        out["predicate"] = "WBBM" if out["meets"]["WBBM"] else "WBK" if out["meets"]["WBK"] else None
        # an input error is reported on the formula's numerator soal
        out["issues"] = {FORMULAS[i][2][0] for i in range(len(FORMULAS)) if self.formula_value(i, answers)[1]}
        out["advisories"] = {FORMULAS[i][2][0] for i in range(len(FORMULAS)) if self.advisory(i, answers)}
        out["answered"] = sum(1 for s in self.soal if answers.get(s) is not None)
        return out

    def _meets(self, predikat: str, f: Mapping[str, Any]) -> bool:
        t = THRESHOLDS[predikat]
        if any(f[k] < t[k] for k in ("total", "pengungkit", "bersih_akuntabel", "ipak", "capaian_kinerja", "ipkp")):
            return False
        return all(f["areas"][no] >= t["area_fraction"] * sum(AREA_WEIGHTS[no]) for no in AREA_WEIGHTS)

    def score(self, answers: Mapping[int, Answer]) -> dict[str, Any]:
        """Figures as floats (areas keyed "1".."6"), predicate, issues, answered count."""
        ex = self.score_exact(answers)
        out = {k: float(v) for k, v in ex.items() if isinstance(v, Fraction)}
        out["areas"] = {str(no): float(v) for no, v in ex["areas"].items()}
        out["predicate"] = ex["predicate"]
        out["meets"] = ex["meets"]
        out["issues"] = ex["issues"]
        out["advisories"] = ex["advisories"]
        out["answered"] = ex["answered"]
        return out
