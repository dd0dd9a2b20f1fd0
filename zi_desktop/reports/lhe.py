"""The two printed reports: the TPI's Laporan Hasil Evaluasi (LHE) and the unit's self-assessment.

    zi-desktop laporan WS --jenis lhe --out LHE.pdf        a review workspace, or a unit workspace that
                                                           imported a review (the tier of --tingkat, or
                                                           the one chosen for jawaban_tpi)
    zi-desktop laporan WS --jenis mandiri --out DIRI.pdf   the unit's own score, conditions, what to
                                                           improve first, questions without evidence,
                                                           the Tabel 5 checklist

`lhe_data` / `mandiri_data` gather the figures from the core (scoring, advice, preconditions, the
review tables); `lhe_pdf` / `mandiri_pdf` only lay them out (reports/pdf.py). The app's print preview
shows these same PDF pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from zi_desktop.errors import UserError
from zi_desktop.lke.advice import advice_target, improvements
from zi_desktop.lke.answers import Value
from zi_desktop.lke.answers import format_decimal as _n
from zi_desktop.lke.catalog import SURVEY, Catalog
from zi_desktop.lke.preconditions import preconditions
from zi_desktop.lke.scoring import ScoreResult, score
from zi_desktop.reports.conditions import ConditionLine, condition_lines
from zi_desktop.reports.pdf import Bar, ReportPDF
from zi_desktop.reports.summary import SummaryRow, summary_rows
from zi_desktop.workspace import review as rv
from zi_desktop.workspace.store import Workspace

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def tanggal(when: datetime | None = None) -> str:
    d = when or datetime.now()
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _v(v: Value | None) -> str:
    return rv.describe_value(v)


@dataclass(frozen=True)
class Finding:
    soal_id: int
    text: str
    unit: Value | None
    tpi: Value | None
    status: str
    note: str | None


@dataclass(frozen=True)
class SubAreaFindings:
    area: str
    name: str
    findings: tuple[Finding, ...]


@dataclass
class LheData:
    unit_name: str
    year: int
    tier: str
    reviewer: str
    date: str
    bundle_hash: str
    round: int
    unit: ScoreResult
    tpi: ScoreResult
    areas: list[rv.AreaComparison]
    other_tiers: dict[str, float]
    counts: dict[str, int]
    findings: list[SubAreaFindings]
    area_notes: dict[str, str]
    recommendations: list[str]
    differences: int = 0
    thresholds: dict[str, float] = field(default_factory=dict)


def _sub_area(cat: Catalog, soal_id: int) -> tuple[str, str]:
    s = cat.soal[soal_id]
    chain = cat.ancestors(s.node_id)
    area = next((n for n in chain if n.level == "area"), None)
    sub = [n for n in chain if n.level in ("sub_area", "sub_komponen")]
    name = sub[-1].name if sub else (area.name if area else "Hasil")
    if area is not None:
        part = (area.part or "").capitalize()
        name = f"{area.area_no}. {area.short_name or area.name} - {part}: {name}" if sub else f"{area.name} ({part})"
    return rv.area_of(cat, soal_id), name


def lhe_data(ws: Workspace, tier: str | None = None) -> LheData:
    """The LHE of the review in `ws`: its own tier (a review workspace) or an imported tier."""
    cat = ws.catalog
    info = rv.review_info(ws)
    unit_answers = ws.answers()
    cmp = rv.compare(ws)
    if info is not None and (tier is None or tier == info.tier):
        t = info.tier
        reviewer = info.reviewer
        recs = ws.records()
        sts = rv.statuses(ws)
        tpi_answers = dict(ws.answers(tpi=True))
        notes = {sid: r.catatan_tpi for sid, r in recs.items() if r.catatan_tpi}
        bundle_hash, round_no = info.bundle_hash, info.round
        date = tanggal()
    else:
        known = {x.tier: x for x in rv.tiers(ws)}
        t = tier or rv.chosen_tier(ws) or ""
        if t not in known:
            raise UserError(
                f"belum ada hasil reviu TPI{' tingkat ' + tier if tier else ''} di {ws.path}; LHE dibuat dari "
                "workspace reviu, atau setelah hasil reviu diterima (zi-desktop review import)"
            )
        row = known[t]
        answers = rv.tier_answers(ws, t)
        reviewer = row.reviewer
        sts = {sid: a.status for sid, a in answers.items()}
        tpi_answers = {sid: a.jawaban for sid, a in answers.items() if a.jawaban is not None}
        notes = {sid: a.catatan for sid, a in answers.items() if a.catatan}
        bundle_hash, round_no = row.bundle_hash, 1
        date = tanggal(_parse_date(row.reviewed_at))
    merged = {**unit_answers, **tpi_answers}
    tpi_res = score(cat, merged)
    groups: dict[tuple[str, str], list[Finding]] = {}
    for s in cat.soal_in_order():
        sid = s.soal_id
        st = sts.get(sid, rv.BELUM)
        differs = sid in tpi_answers and tpi_answers[sid] != unit_answers.get(sid)
        if st != rv.PERBAIKAN and not differs and not notes.get(sid):
            continue
        key = _sub_area(cat, sid)
        groups.setdefault(key, []).append(
            Finding(sid, s.text, unit_answers.get(sid), tpi_answers.get(sid), st, notes.get(sid))
        )
    findings = [SubAreaFindings(a, n, tuple(f)) for (a, n), f in groups.items()]
    counts = {x: 0 for x in rv.STATUSES}
    for s in cat.soal_in_order():
        counts[sts.get(s.soal_id, rv.BELUM)] += 1
    th = {p: cat.thresholds[p].area_min_fraction for p in ("WBK", "WBBM")}
    return LheData(
        unit_name=ws.unit_name,
        year=ws.year,
        tier=t,
        reviewer=reviewer,
        date=date,
        bundle_hash=bundle_hash,
        round=round_no,
        unit=cmp.unit,
        tpi=tpi_res,
        areas=cmp.areas,
        other_tiers={k: r.total for k, r in cmp.tiers.items() if k != t},
        counts=counts,
        findings=findings,
        area_notes=rv.area_notes(ws, t),
        recommendations=rv.recommendations(ws, t),
        differences=sum(1 for sid, v in tpi_answers.items() if v != unit_answers.get(sid)),
        thresholds=th,
    )


def _parse_date(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _pred(r: ScoreResult) -> str:
    return f"Menuju {r.predicate}" if r.predicate else "belum memenuhi syarat predikat"


def lhe_pdf(ws: Workspace, tier: str | None = None) -> bytes:
    d = lhe_data(ws, tier)
    cat = ws.catalog
    pdf = ReportPDF("LAPORAN HASIL EVALUASI ZONA INTEGRITAS", f"{d.unit_name} ({d.year})")
    pdf.title_block(
        [
            f"Unit kerja: {d.unit_name}",
            f"Tahun evaluasi: {d.year}  |  Tingkat reviu: {d.tier}  |  Putaran: {d.round}",
            f"Reviewer: {d.reviewer}  |  Tanggal: {d.date}",
            f"Paket yang direviu (sha256 manifest): {d.bundle_hash[:16]}",
        ]
    )
    pdf.heading("1. Ringkasan nilai")
    rows = [
        ["Nilai total", _n(d.unit.total), _n(d.tpi.total)],
        ["Pengungkit", _n(d.unit.pengungkit), _n(d.tpi.pengungkit)],
        ["Hasil", _n(d.unit.hasil), _n(d.tpi.hasil)],
        ["Predikat yang terpenuhi", _pred(d.unit), _pred(d.tpi)],
    ]
    pdf.grid(["", "Penilaian mandiri unit", f"Hasil reviu {d.tier}"], rows, [50, 35, 35], align=["L", "R", "R"])
    pdf.para(
        f"Soal direviu: {d.counts[rv.SESUAI] + d.counts[rv.PERBAIKAN]} dari {len(cat.soal)} "
        f"(sesuai {d.counts[rv.SESUAI]}, perlu perbaikan {d.counts[rv.PERBAIKAN]}, belum direviu "
        f"{d.counts[rv.BELUM]}); jawaban TPI berbeda dari jawaban unit pada {d.differences} soal."
    )
    for name, total in d.other_tiers.items():
        pdf.para(f"Nilai total menurut tingkat reviu {name}: {_n(total)}")
    pdf.heading("2. Nilai per area terhadap batas WBK dan WBBM")
    wbk, wbbm = d.thresholds["WBK"], d.thresholds["WBBM"]
    trows = []
    for a in d.areas:
        tpi_v = a.tiers.get(d.tier, a.unit)
        trows.append(
            [
                rv.area_label(cat, a.area) if a.area != rv.HASIL_AREA else "Hasil",
                _n(a.weight),
                _n(a.unit),
                _n(tpi_v),
                _n(a.weight * wbk) if a.area != rv.HASIL_AREA else "-",
                _n(a.weight * wbbm) if a.area != rv.HASIL_AREA else "-",
            ]
        )
    pdf.grid(
        ["Area", "Bobot", "Unit", d.tier, "Batas WBK", "Batas WBBM"],
        trows,
        [60, 14, 16, 18, 18, 18],
        align=["L", "R", "R", "R", "R", "R"],
    )
    bars = [
        Bar(
            f"Area {a.area}" if a.area != rv.HASIL_AREA else "Hasil",
            (a.unit / a.weight if a.weight else 0.0, a.tiers.get(d.tier, a.unit) / a.weight if a.weight else 0.0),
        )
        for a in d.areas
    ]
    pdf.para("Capaian per area (persen dari bobot area):", size=8.5, style="I")
    pdf.bar_chart(bars, ["Unit (penilaian mandiri)", f"TPI ({d.tier})"], [("WBK", wbk), ("WBBM", wbbm)], label_width=22)
    pdf.heading("3. Temuan per sub-area")
    if not d.findings:
        pdf.para("Tidak ada temuan: tidak ada soal yang perlu perbaikan atau dinilai berbeda.")
    for group in d.findings:
        pdf.subheading(group.name)
        for f in group.findings:
            line = f"Soal {f.soal_id}: {f.text[:160]}"
            pdf.para(line, indent=3)
            detail = f"Jawaban unit: {_v(f.unit)}; jawaban TPI: {_v(f.tpi)}; status: {f.status}."
            if f.note:
                detail += f" Catatan TPI: {f.note}"
            pdf.para(detail, indent=8, size=8.8)
        pdf.ln(1)
    pdf.heading("4. Catatan per area")
    if d.area_notes:
        for key, note in d.area_notes.items():
            pdf.subheading(rv.area_label(cat, key))
            pdf.para(note, indent=3)
    else:
        pdf.para("Tidak ada catatan per area.")
    pdf.heading("5. Rekomendasi")
    if d.recommendations:
        pdf.bullets(d.recommendations, numbered=True)
    else:
        pdf.para("Tidak ada rekomendasi.")
    pdf.signature_block(f"Tanggal {d.date}", [("Pimpinan unit kerja,", ""), (f"Reviewer ({d.tier}),", d.reviewer)])
    return pdf.to_bytes()


# -- the unit's self-assessment ------------------------------------------------------------------------


@dataclass
class MandiriData:
    unit_name: str
    year: int
    target: str
    date: str
    result: ScoreResult
    summary: list[SummaryRow]
    conditions: list[ConditionLine]
    plan: list[tuple[str, str]]
    no_evidence: list[tuple[int, str]]
    checklist: list[tuple[int, str, bool]]


def mandiri_data(ws: Workspace) -> MandiriData:
    cat = ws.catalog
    answers = ws.answers()
    res = score(cat, answers)
    target = advice_target(res.predicate, ws.target)
    plan = []
    for u in improvements(cat, answers, target=target, limit=10):
        where = f"area {u.area_no}" if u.area_no else "hasil"
        dari = _v(u.dari) if u.dari is not None else "belum diisi"
        plan.append((f"Soal {u.soal_id} ({where}): {dari} -> {_v(u.ke)}, +{_n(u.gain_total)} poin", u.text))
    with_evidence = {e.soal_id for e in ws.evidence()}
    recs = ws.records()
    no_ev = [
        (s.soal_id, s.text)
        for s in cat.soal_in_order()
        if s.kind != SURVEY
        and s.soal_id not in with_evidence
        and not (recs.get(s.soal_id) and recs[s.soal_id].bukti_dukung_unit)
    ]
    checklist = [(p.number, p.text, p.confirmed) for p in preconditions(ws, target)]
    return MandiriData(
        unit_name=ws.unit_name,
        year=ws.year,
        target=target,
        date=tanggal(),
        result=res,
        summary=summary_rows(cat, res),
        conditions=condition_lines(cat, res),
        plan=plan,
        no_evidence=no_ev,
        checklist=checklist,
    )


def mandiri_pdf(ws: Workspace) -> bytes:
    d = mandiri_data(ws)
    r = d.result
    pdf = ReportPDF("LAPORAN PENILAIAN MANDIRI ZONA INTEGRITAS", f"{d.unit_name} ({d.year})")
    pdf.title_block(
        [
            f"Unit kerja: {d.unit_name}",
            f"Tahun evaluasi: {d.year}  |  Sasaran: Menuju {d.target}  |  Tanggal: {d.date}",
        ]
    )
    pdf.heading("1. Nilai")
    rows = [["   " * row.depth + row.label, _n(row.score), _n(row.weight)] for row in d.summary]
    bold = [i for i, row in enumerate(d.summary) if row.key == "total"]
    pdf.grid(["Komponen", "Nilai", "Bobot"], rows, [70, 15, 15], align=["L", "R", "R"], bold_rows=bold)
    c = r.completeness
    pdf.para(f"Kelengkapan: {c.answered} dari {c.questions} soal terjawab ({c.unanswered} belum).")
    pdf.para(f"Predikat yang terpenuhi: {_pred(r)}.", style="B")
    bars = [Bar(f"Area {no}", (a.fraction,)) for no, a in sorted(r.areas.items())]
    wbk = ws.catalog.thresholds["WBK"].area_min_fraction
    wbbm = ws.catalog.thresholds["WBBM"].area_min_fraction
    pdf.para("Capaian per area (persen dari bobot area):", size=8.5, style="I")
    pdf.bar_chart(bars, ["Penilaian mandiri unit"], [("WBK", wbk), ("WBBM", wbbm)], label_width=22)
    pdf.heading("2. Syarat predikat")
    crow = []
    for line in d.conditions:
        pct = "%" if line.satuan == "persen" else ""
        crow.append(
            [
                line.label,
                f"{_n(line.nilai)}{pct}",
                f"{_n(line.wbk.syarat)}{pct}",
                "terpenuhi" if line.wbk.met else f"BELUM (kurang {_n(line.wbk.kekurangan)}{pct})",
                f"{_n(line.wbbm.syarat)}{pct}",
                "terpenuhi" if line.wbbm.met else f"BELUM (kurang {_n(line.wbbm.kekurangan)}{pct})",
            ]
        )
    pdf.subheading("Syarat Menuju WBK dan Menuju WBBM")
    pdf.grid(
        ["Syarat", "Nilai", "Batas WBK", "WBK", "Batas WBBM", "WBBM"],
        crow,
        [44, 12, 12, 19, 12, 19],
        align=["L", "R", "R", "L", "R", "L"],
    )
    pdf.heading(f"3. Perbaiki lebih dulu (menuju {d.target})")
    if d.plan:
        pdf.bullets([f"{a}. {b[:150]}" for a, b in d.plan], numbered=True)
    else:
        pdf.para(f"Tidak ada saran: syarat Menuju {d.target} sudah terpenuhi atau tidak dapat didekati lagi.")
    pdf.heading(f"4. Soal tanpa bukti dukung ({len(d.no_evidence)})")
    if d.no_evidence:
        pdf.bullets([f"Soal {sid}: {text[:140]}" for sid, text in d.no_evidence])
    else:
        pdf.para("Semua soal memiliki bukti dukung.")
    pdf.heading(f"5. Syarat pengusulan (Tabel 5) Menuju {d.target}")
    done = sum(1 for _, _, ok in d.checklist if ok)
    pdf.para(f"Dikonfirmasi tim: {done} dari {len(d.checklist)}.")
    pdf.grid(
        ["No", "Syarat", "Status"],
        [[str(n), t, "[x] dikonfirmasi" if ok else "[ ] belum"] for n, t, ok in d.checklist],
        [8, 70, 22],
    )
    pdf.signature_block(f"Tanggal {d.date}", [("Ketua Tim Kerja ZI,", ""), ("Pimpinan unit kerja,", "")])
    return pdf.to_bytes()
