"""A realistic, partly filled demo workspace (for first start, screenshots and manual testing).

About 70% of the questions answered with a mix of options, consistent counts, some notes in
Indonesian, TPI answers on a handful, a few link and text evidence items and three small generated
files (a text note, a PDF-like report and a CSV list). Deterministic: the same every time.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path
from typing import Any

from zi_desktop.lke.answers import AnswerRow, Value
from zi_desktop.lke.catalog import CHOICE
from zi_desktop.lke.preconditions import set_confirmed
from zi_desktop.paths import demo_workspace_dir
from zi_desktop.workspace.store import create_workspace

DEMO_UNIT = "Kantor Pelayanan Contoh Kota Harapan"
DEMO_UNIT_ID = "contoh-001"
SEED = 2026
NOTES = (
    "SK Tim Kerja Zona Integritas sudah ditetapkan kepala kantor.",
    "Dokumen masih dalam proses tanda tangan; menyusul minggu depan.",
    "Monitoring dilakukan tiap triwulan, laporan terlampir.",
    "Sosialisasi lewat media sosial dan papan pengumuman.",
    "Perlu konfirmasi ke bagian kepegawaian.",
    "Sudah dilaksanakan, notulen rapat tersedia.",
)
TPI_NOTES = ("Bukti sudah sesuai.", "Bukti kurang lengkap, lengkapi laporan monitoring.", "Belum ada evaluasi berkala.")


def _pdf(title: str, lines: list[str]) -> bytes:
    """A tiny but well-formed one-page PDF with a few lines of text."""
    text = " ".join(f"({s.replace('(', '[').replace(')', ']')}) Tj T*" for s in [title, *lines])
    stream = f"BT /F1 12 Tf 14 TL 72 760 Td {text} ET".encode("latin-1", "replace")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def _answers(catalog: Any, rnd: random.Random) -> dict[int, Value]:
    answers: dict[int, Value] = {}
    for s in catalog.soal_in_order():
        if s.kind != CHOICE or rnd.random() > 0.7:
            continue
        # Mostly good answers, some middling, a few poor: a unit part-way through its work.
        keys = [o.key for o in sorted(s.options, key=lambda o: -o.multiplier)]
        weights = [6, 3, 2, 1, 1][: len(keys)]
        answers[s.soal_id] = rnd.choices(keys, weights=weights)[0]
    for c in catalog.computed:
        if rnd.random() > 0.75:
            continue
        if c.kind == "decrease":
            base = rnd.randint(4, 20)
            answers[c.base] = base
            answers[c.now] = rnd.randint(0, base)
        else:
            total = 0
            for sid in c.den:
                v = rnd.randint(3, 25)  # a unit has a handful of agents, targets, officials
                answers[sid] = v
                total += v
            share = int(total * rnd.uniform(0.55, 1.0))
            for i, sid in enumerate(c.num):
                answers[sid] = share if i == 0 else 0
        for sid in (*c.requires, *c.recorded):
            answers.setdefault(sid, rnd.randint(0, 10))
    # Survey results as a unit might have them from last year's survey: IPKP meets the WBK mark,
    # IPAK falls just short, so the dashboard shows both cases.
    answers[catalog.roles["ipak"]] = 3.45
    answers[catalog.roles["ipkp"]] = 3.3
    return answers


def create_demo_workspace(path: Path | str | None = None) -> Path:
    """Build the demo workspace at `path` (default: the per-user demo folder); returns its path."""
    root = Path(path) if path is not None else demo_workspace_dir()
    rnd = random.Random(SEED)
    with create_workspace(root, unit_name=DEMO_UNIT, year=2026, target="WBK", unit_id=DEMO_UNIT_ID) as ws:
        ws.set_setting("user_name", "Admin ZI (contoh)")
        set_confirmed(ws, [1, 2, 4, 5], True)  # the team has checked half of the proposal preconditions
        cat = ws.catalog
        answers = _answers(cat, rnd)
        answered = sorted(answers)
        tpi_ids = set(rnd.sample([s for s in answered if cat.soal[s].kind == CHOICE], 6))
        # The TPI agrees on most, and marks two down one step: what a real review looks like.
        stricter = set(sorted(tpi_ids)[:2])
        rows = []
        for sid in answered:
            tpi = answers[sid] if sid in tpi_ids else None
            if sid in stricter:
                keys = [o.key for o in sorted(cat.soal[sid].options, key=lambda o: -o.multiplier)]
                tpi = keys[min(keys.index(str(answers[sid])) + 1, len(keys) - 1)]
            rows.append(
                AnswerRow(
                    soal_id=sid,
                    jawaban_unit=answers[sid],
                    jawaban_tpi=tpi,
                    catatan_unit=rnd.choice(NOTES) if rnd.random() < 0.25 else None,
                    bukti_dukung_unit=None,
                    catatan_tpi=(TPI_NOTES[1] if sid in stricter else rnd.choice(TPI_NOTES))
                    if sid in tpi_ids
                    else None,
                )
            )
        ws.apply_import(rows, source="contoh")
        choice_ids = [s for s in answered if cat.soal[s].kind == CHOICE]
        for i, sid in enumerate(choice_ids[:4]):
            ws.attach_link(sid, f"https://drive.example.go.id/zi-2026/bukti-{sid}", f"Folder bukti soal {sid}")
            if i % 2 == 0:
                ws.attach_text(sid, f"SK Kepala Kantor Nomor {100 + sid}/KP/2026 tanggal 5 Januari 2026")
        with tempfile.TemporaryDirectory(prefix="zi-demo-") as tmp:
            t = Path(tmp)
            notulen = t / "Notulen Rapat Tim ZI.txt"
            notulen.write_text(
                "NOTULEN RAPAT TIM KERJA ZONA INTEGRITAS\n"
                "Hari/tanggal: Senin, 12 Januari 2026\n"
                "Agenda: penyusunan rencana kerja pembangunan ZI\n"
                "Hasil: rencana kerja disepakati; monitoring tiap triwulan.\n",
                encoding="utf-8",
            )
            laporan = t / "Laporan Monitoring Triwulan I.pdf"
            laporan.write_bytes(
                _pdf(
                    "Laporan Monitoring Pembangunan ZI - Triwulan I 2026",
                    [
                        "Capaian rencana kerja: 68 persen",
                        "Kendala: jadwal sosialisasi bergeser",
                        "Tindak lanjut: rapat evaluasi bulanan",
                    ],
                )
            )
            daftar = t / "Daftar Hadir Sosialisasi.csv"
            daftar.write_text("no;nama;unit\n1;Ani;Pelayanan\n2;Budi;Umum\n3;Citra;Keuangan\n", encoding="utf-8")
            first = choice_ids[0]
            ws.attach_files(first, [notulen, laporan])
            ws.attach_files(choice_ids[5], [laporan])  # the same report backs another question: stored once
            ws.attach_files(choice_ids[6], [daftar])
    return root


def is_demo(unit_id: str) -> bool:
    """Is this the demo workspace (by the unit id the demo is created with)?"""
    return unit_id == DEMO_UNIT_ID
