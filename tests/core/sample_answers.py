"""Valid answers for every soal, varied by a number: the one generator the store, CLI and kill tests share."""

from __future__ import annotations

from typing import Any


def sample_value(catalog: Any, index: int, soal: Any, variant: int, survey: float) -> Any:
    """A valid answer for `soal` (the `index`-th in catalog order): options rotate with the variant,
    denominators are 100 + variant so every numerator (below 50) stays below them."""
    if soal.kind == "choice":
        return soal.options[(index + variant) % len(soal.options)].key
    if soal.kind == "count":
        dens = {s for c in catalog.computed for s in c.den}
        return 100 + variant if soal.soal_id in dens else (index + variant) % 50
    return survey


def best_answers(catalog: Any, capaian: str = "A") -> dict[int, Any]:
    """Every question at its best (WBBM); capaian kinerja at `capaian` ("C": WBK reached, not WBBM)."""
    out: dict[int, Any] = {}
    for s in catalog.soal.values():
        if s.kind == "choice":
            out[s.soal_id] = max(s.options, key=lambda o: o.multiplier).key
        elif s.kind == "count":
            out[s.soal_id] = 10
        else:
            out[s.soal_id] = 4.0
    out[catalog.roles["capaian_kinerja"]] = capaian
    return out
