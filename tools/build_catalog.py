"""Build resources/catalog/lke-zi-<year>.json from the PortalRB master list.

Run from the project root:

    python tools/build_catalog.py ../shared/reference resources/catalog/lke-zi-2026.json

Inputs (read, never trusted blindly):
- portalrb-master-soal-2026.json: tree, weights, soal ids, answer types, multipliers, Excel cells.
- lke-zi-catalog-with-evidence-examples.json: option meanings (kriteria per option) and example
  evidence per question, matched by PortalRB soal_id.
- lke-jawaban-layout-esdm-2024.xlsx: the row of every non-soal line of sheet "Jawaban" (headers,
  areas, sub-areas, percentage rows, totals), matched by walking the tree in order.

The computed percentages of Reform and the predicate thresholds are written here as data, from
shared/LKE-SCORING.md; the app reads them from the JSON, never from code.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

TYPE_MAP = {
    "YA_TIDAK": "YA_TIDAK",
    "ABC": "ABC",
    "ABCD": "ABCD",
    "ABCDE": "ABCDE",
    "JUMLAH": "JUMLAH",
    "0-4": "SKOR_0_4",
}

AREA_NAMES = {
    1: "Manajemen Perubahan",
    2: "Penataan Tatalaksana",
    3: "Penataan Sistem Manajemen SDM Aparatur",
    4: "Penguatan Akuntabilitas",
    5: "Penguatan Pengawasan",
    6: "Peningkatan Kualitas Pelayanan Publik",
}

# Computed percentages of Reform (shared/LKE-SCORING.md). kind "ratio": min(1, sum(num)/sum(den)),
# 0 of 0 = 1, num > den is an input error. kind "decrease": 1 if base = 0 and now = 0, else
# max(0, (base - now) / base). "requires" lists the formula's inputs (all must be filled in for the
# percentage to count); "recorded" lists counts the sheet records beside it but does not score.
COMPUTED = [
    {
        "id": "PRA1A",
        "sub_area": 36,
        "nomor": "a.",
        "row": 125,
        "text": "Agen perubahan telah membuat perubahan yang konkret di Instansi (dalam 1 tahun)",
        "kind": "ratio",
        "num": [89],
        "den": [88],
        "requires": [88, 89],
    },
    {
        "id": "PRA1B",
        "sub_area": 36,
        "nomor": "b.",
        "row": 128,
        "text": "Perubahan yang dibuat Agen Perubahan telah terintegrasi dalam sistem manajemen",
        "kind": "ratio",
        "num": [91],
        "den": [90],
        "requires": [90, 91],
    },
    {
        "id": "PRC3A",
        "sub_area": 46,
        "nomor": "a.",
        "row": 151,
        "text": "Penurunan pelanggaran disiplin pegawai",
        "kind": "decrease",
        "base": 102,
        "now": 103,
        "requires": [102, 103],
        "recorded": [104],
    },
    {
        "id": "PRD1A",
        "sub_area": 48,
        "nomor": "-",
        "row": 157,
        "text": "Persentase Sasaran dengan capaian 100% atau lebih",
        "kind": "ratio",
        "num": [106],
        "den": [105],
        "requires": [105, 106],
    },
    {
        "id": "PRE2A",
        "sub_area": 53,
        "nomor": "-",
        "row": 168,
        "text": "Persentase penanganan pengaduan masyarakat",
        "kind": "ratio",
        "num": [112],
        "den": [110],
        "requires": [110, 112],
        "recorded": [111],
    },
    {
        "id": "PRE3A",
        "sub_area": 55,
        "nomor": "-",
        "row": 174,
        "sum_row": 175,
        "text": "Persentase penyampaian LHKPN",
        "kind": "ratio",
        "num": [116],
        "den": [113, 114, 115],
        "requires": [113, 114, 115, 116],
    },
    {
        "id": "PRE3B",
        "sub_area": 56,
        "nomor": "-",
        "row": 181,
        "sum_row": 182,
        "text": "Persentase penyampaian Non LHKPN",
        "kind": "ratio",
        "num": [120],
        "den": [117, 118, 119],
        "requires": [117, 118, 119, 120],
    },
    {
        "id": "PRF1B",
        "sub_area": 58,
        "nomor": "b.",
        "row": 190,
        "text": "Upaya dan/atau inovasi pada perijinan/pelayanan telah dipermudah",
        "kind": "ratio",
        "num": [123],
        "den": [122],
        "requires": [122, 123],
    },
]

THRESHOLDS = {
    "WBK": {
        "total_min": 75.0,
        "pengungkit_min": 40.0,
        "area_min_fraction": 0.60,
        "bersih_akuntabel_min": 18.25,
        "ipak_min": 15.75,
        "capaian_kinerja_min": 2.5,
        "ipkp_min": 14.0,
    },
    "WBBM": {
        "total_min": 85.0,
        "pengungkit_min": 48.0,
        "area_min_fraction": 0.75,
        "bersih_akuntabel_min": 19.5,
        "ipak_min": 15.75,
        "capaian_kinerja_min": 3.75,
        "ipkp_min": 15.75,
    },
}

PRECONDITIONS = {
    "WBK": [
        "Opini BPK atas laporan keuangan instansi Wajar Tanpa Pengecualian (WTP)",
        "Unit kerja merupakan unit penyelenggara pelayanan strategis / unit inti",
        "Tindak lanjut hasil pengawasan APIP dan BPK 100%",
        "Penyampaian LHKASN dan LHKPN 100%",
        "Zona Integritas telah dicanangkan dan dibangun sekurang-kurangnya 1 tahun",
        "Predikat SAKIP instansi minimal B",
        "Indeks Reformasi Birokrasi instansi memenuhi syarat",
        "Maturitas SPIP instansi minimal level 3",
    ],
    "WBBM": [
        "Opini BPK atas laporan keuangan instansi Wajar Tanpa Pengecualian (WTP)",
        "Unit kerja merupakan unit penyelenggara pelayanan strategis / unit inti",
        "Tindak lanjut hasil pengawasan APIP dan BPK 100%",
        "Penyampaian LHKASN dan LHKPN 100%",
        "Unit kerja telah memperoleh predikat Menuju WBK sekurang-kurangnya 1 tahun",
        "Predikat SAKIP instansi minimal BB",
        "Indeks Reformasi Birokrasi instansi memenuhi syarat",
        "Maturitas SPIP instansi minimal level 3",
    ],
}


def clean(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def evidence_index(ref: dict[str, Any]) -> dict[int, dict[str, Any]]:
    found: dict[int, dict[str, Any]] = {}

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            if "portalrb2026" in x and isinstance(x["portalrb2026"], dict):
                found[int(x["portalrb2026"]["soal_id"])] = x
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(ref["components"])
    return found


def computed_evidence(ref: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            if x.get("answer_type") == "percent_computed":
                out[x["code"]] = x
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(ref["components"])
    return out


def layout_rows(xlsx: Path) -> list[tuple[int, str, str]]:
    """(row, kind, label) of the structural rows of the ESDM "Jawaban" sheet."""
    import openpyxl

    ws = openpyxl.load_workbook(xlsx, read_only=True)["Jawaban"]
    rows: list[tuple[int, str, str]] = []
    for r, row in enumerate(ws.iter_rows(min_row=1, max_row=204, max_col=10, values_only=True), 1):
        b, c, d, e, f, g = (str(v).strip() if v is not None else "" for v in row[1:7])
        j = str(row[9]).strip() if row[9] is not None else ""
        if b in ("A.", "B."):
            rows.append((r, "komponen", c))
        elif c in ("I.", "II."):
            rows.append((r, "sub_komponen", d))
        elif re.fullmatch(r"\d\.", d) and e:
            rows.append((r, "area", e))
        elif e and f:
            rows.append((r, "sub_area", f))
        elif j == "%" and g:
            rows.append((r, "percent", g))
        elif b.startswith("TOTAL PENGUNGKIT"):
            rows.append((r, "total_pengungkit", b))
        elif b.startswith("TOTAL HASIL"):
            rows.append((r, "total_hasil", b))
        elif b.startswith("NILAI"):
            rows.append((r, "total", b))
    return rows


def build(ref_dir: Path) -> dict[str, Any]:
    master = json.loads((ref_dir / "portalrb-master-soal-2026.json").read_text("utf-8"))
    ref = json.loads((ref_dir / "lke-zi-catalog-with-evidence-examples.json").read_text("utf-8"))
    ev = evidence_index(ref)
    comp_ev = computed_evidence(ref)
    struct_rows = layout_rows(ref_dir / "lke-jawaban-layout-esdm-2024.xlsx")
    node_rows = [x for x in struct_rows if x[1] in ("komponen", "sub_komponen", "area", "sub_area")]
    node_row_iter = iter(node_rows)

    columns: dict[str, str] | None = None
    soals: list[dict[str, Any]] = []

    def convert_soal(s: dict[str, Any], node_id: int) -> dict[str, Any]:
        nonlocal columns
        typ = TYPE_MAP[s["jenis_jawaban"].upper()]
        e = ev.get(int(s["id"]))
        meanings = {}
        if e and e.get("options"):
            for o in e["options"]:
                meanings[str(o["label"]).upper()] = clean(o.get("meaning"))
        options = [
            {
                "key": o["key"],
                "label": o["label"],
                "multiplier": o["multiplier"],
                "meaning": meanings.get(str(o["key"]).upper(), ""),
            }
            for o in s.get("skema_penilaian") or []
        ]
        cols = {
            "jawaban_unit": s["excel_kolom_jawaban_unit"],
            "catatan_unit": s["excel_kolom_catatan_unit"],
            "bukti_dukung_unit": s["excel_kolom_bukti_dukung_unit"],
            "jawaban_tpi": s["excel_kolom_jawaban_tpi"],
            "catatan_tpi": s["excel_kolom_catatan_tpi"],
        }
        if columns is None:
            columns = cols
        out: dict[str, Any] = {
            "soal_id": int(s["id"]),
            "node_id": node_id,
            "text": clean(s["teks_pertanyaan"]),
            "kriteria": (s.get("kriteria_nilai") or "").strip(),
            "type": typ,
            "weight": s.get("bobot_maksimal") or 0,
            "options": options,
            "evidence_examples": list(e.get("evidence_examples_bps") or []) if e else [],
            "nomor": (e or {}).get("letter", ""),
            "excel": {"sheet": s["excel_sheet"], "row": int(s["excel_baris"])},
        }
        if cols != columns:
            out["excel"]["columns"] = cols
        return out

    def convert_node(n: dict[str, Any], path: list[int]) -> dict[str, Any]:
        level = {
            "komponen": "komponen",
            "sub_komponen": "sub_komponen",
            "area_perubahan": "area",
            "sub_area": "sub_area",
        }[n["level"]]
        row, kind, label = next(node_row_iter)
        if kind != level:
            raise SystemExit(f"layout mismatch at node {n['id']} {n['nama']!r}: row {row} is {kind} {label!r}")
        node: dict[str, Any] = {
            "node_id": int(n["id"]),
            "level": level,
            "name": clean(n["nama"]),
            "weight": n["bobot_maksimal"],
            "excel_row": row,
        }
        if level == "area":
            no = int(clean(n["nama"]).split(".")[0])
            node["area_no"] = no
            node["short_name"] = AREA_NAMES[no]
        node["soal"] = []
        for s in sorted(n.get("soals") or [], key=lambda s: s["id"]):
            soals.append(convert_soal(s, int(n["id"])))
            node["soal"].append(int(s["id"]))
        node["children"] = [
            convert_node(c, path + [int(n["id"])])
            for c in sorted(n.get("children") or [], key=lambda c: c.get("order_index", 0))
        ]
        return node

    tree = [convert_node(n, []) for n in sorted(master["data"], key=lambda n: n.get("order_index", 0))]

    computed = []
    for c in COMPUTED:
        item = dict(c)
        e = comp_ev.get(c["id"], {})
        item["kriteria"] = clean((e.get("computation") or {}).get("kriteria") or e.get("kriteria"))
        item["evidence_examples"] = list(e.get("evidence_examples_bps") or [])
        item["formula_text"] = (e.get("computation") or {}).get("formula", "")
        computed.append(item)

    totals_rows = {k: r for r, k, _ in struct_rows if k.startswith("total")}
    catalog: dict[str, Any] = {
        "format": "zi-desktop-catalog",
        "format_version": 1,
        "catalog_id": f"lke-zi-{master['tahun']}",
        "tahun": master["tahun"],
        "title": "LKE Zona Integritas (PermenPANRB 90/2021), master soal PortalRB " + str(master["tahun"]),
        "source": {"portalrb_generated_at": master["generated_at"], "portalrb_total_soal": master["total_soal"]},
        "answer_types": {
            "YA_TIDAK": {"kind": "choice", "label": "Ya/Tidak"},
            "ABC": {"kind": "choice", "label": "A/B/C"},
            "ABCD": {"kind": "choice", "label": "A/B/C/D"},
            "ABCDE": {"kind": "choice", "label": "A/B/C/D/E"},
            "JUMLAH": {"kind": "count", "label": "Jumlah"},
            "SKOR_0_4": {"kind": "survey", "label": "Nilai (0-4)", "min": 0, "max": 4},
        },
        "excel": {"sheet": "Jawaban", "header_row": 1, "columns": columns, "rows": totals_rows},
        "thresholds": THRESHOLDS,
        "preconditions": PRECONDITIONS,
        "roles": {
            "pengungkit": 1,
            "pemenuhan": 2,
            "reform": 34,
            "hasil": 60,
            "bersih_akuntabel": 61,
            "pelayanan_prima": 62,
            "ipak": 125,
            "capaian_kinerja": 126,
            "ipkp": 127,
        },
        "tree": tree,
        "soal": soals,
        "computed": computed,
    }
    return catalog


def main(argv: list[str]) -> int:
    ref_dir, out = Path(argv[1]), Path(argv[2])
    catalog = build(ref_dir)
    text = json.dumps(catalog, ensure_ascii=False, indent=1) + "\n"
    out.write_text(text, "utf-8")
    print(out, len(catalog["soal"]), "soal", hashlib.sha256(text.encode()).hexdigest()[:12])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
