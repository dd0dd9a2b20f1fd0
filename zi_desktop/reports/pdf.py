"""A4 PDF pages for the reports, with fpdf2 (pure Python: no display, no Qt).

Readable in black and white: bars are outlined and told apart by fill (white, grey, black) and by
their legend, never by colour alone; thresholds are dashed lines with their names written beside
them. Text is set in the PDF core font Helvetica (Latin-1): characters outside it are replaced by
their nearest plain form, so a note typed with curly quotes or an em dash still prints.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from fpdf import FPDF

MARGIN = 18.0
_REPLACE = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2026": "...",
    "\u2022": "-",
    "\u00a0": " ",
    "\u2265": ">=",
    "\u2264": "<=",
    "\u2192": "->",
}
FILLS = (255, 170, 60, 120)  # grey levels: white, light, dark, middle


def latin1(text: object) -> str:
    """`text` in the characters the core font has."""
    out = []
    for ch in str(text):
        ch = _REPLACE.get(ch, ch)
        try:
            ch.encode("latin-1")
            out.append(ch)
        except UnicodeEncodeError:
            plain = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
            out.append(plain or "?")
    return "".join(out)


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple[float, ...]  # fractions 0..1 (of the area's weight), one per series


class ReportPDF(FPDF):
    """A4 portrait, a running title, "Halaman X dari Y" at the foot of every page."""

    def __init__(self, title: str, subtitle: str = "") -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.report_title = latin1(title)
        self.report_subtitle = latin1(subtitle)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=MARGIN + 4)
        self.alias_nb_pages()
        self.set_title(self.report_title)
        self.set_creator("ZI Desktop")
        self.add_page()

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font("helvetica", "I", 8)
        self.cell(0, 5, self.report_title + (f" - {self.report_subtitle}" if self.report_subtitle else ""), align="L")
        self.ln(7)

    def footer(self) -> None:
        self.set_y(-MARGIN + 4)
        self.set_font("helvetica", "", 8)
        self.cell(0, 5, f"Halaman {self.page_no()} dari {{nb}}", align="C")

    # -- text ---------------------------------------------------------------------------------------
    @property
    def width(self) -> float:
        return float(self.w - self.l_margin - self.r_margin)

    def title_block(self, lines: Sequence[str]) -> None:
        self.set_font("helvetica", "B", 14)
        self.multi_cell(self.width, 7, self.report_title, align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_font("helvetica", "", 10)
        for line in lines:
            self.multi_cell(self.width, 5, latin1(line), align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(3)

    def heading(self, text: str) -> None:
        if self.get_y() > self.h - 50:
            self.add_page()
        self.ln(2)
        self.set_font("helvetica", "B", 11)
        self.multi_cell(self.width, 6, latin1(text), new_x="LMARGIN", new_y="NEXT")
        y = self.get_y()
        self.line(self.l_margin, y, self.w - self.r_margin, y)
        self.ln(1.5)

    def subheading(self, text: str) -> None:
        self.set_font("helvetica", "B", 9.5)
        self.multi_cell(self.width, 5, latin1(text), new_x="LMARGIN", new_y="NEXT")

    def para(self, text: str, *, size: float = 9.5, style: str = "", indent: float = 0.0) -> None:
        self.set_font("helvetica", style, size)
        self.set_x(self.l_margin + indent)
        self.multi_cell(self.width - indent, 4.6, latin1(text), new_x="LMARGIN", new_y="NEXT")

    def bullets(self, items: Sequence[str], *, numbered: bool = False, indent: float = 3.0) -> None:
        self.set_font("helvetica", "", 9.5)
        for i, item in enumerate(items, 1):
            mark = f"{i}." if numbered else "-"
            self.set_x(self.l_margin + indent)
            self.cell(7, 4.6, mark)
            self.multi_cell(self.width - indent - 7, 4.6, latin1(item), new_x="LMARGIN", new_y="NEXT")

    # -- tables -------------------------------------------------------------------------------------
    def grid(
        self,
        head: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        *,
        align: Sequence[str] | None = None,
        bold_rows: Sequence[int] = (),
    ) -> None:
        """A ruled table; text cells wrap; the head is repeated after a page break."""
        total = sum(widths)
        ws = [w * self.width / total for w in widths]
        al = list(align or ["L"] * len(head))

        def line(cells: Sequence[str], style: str, fill: bool) -> None:
            self.set_font("helvetica", style, 8.5)
            heights = [self._lines(w - 1.5, c) for w, c in zip(ws, cells, strict=True)]
            h = max(heights) * 4.2 + 1.6
            if self.get_y() + h > self.h - self.b_margin:
                self.add_page()
                if not fill:
                    line(head, "B", True)
                    self.set_font("helvetica", style, 8.5)  # the head's bold ends with the head
            x0, y0 = self.l_margin, self.get_y()
            x = x0
            for w, c, a in zip(ws, cells, al, strict=True):
                if fill:
                    self.set_fill_color(225)
                    self.rect(x, y0, w, h, style="DF")
                else:
                    self.rect(x, y0, w, h)
                self.set_xy(x + 0.75, y0 + 0.8)
                self.multi_cell(w - 1.5, 4.2, latin1(c), align=a)
                x += w
            self.set_xy(x0, y0 + h)

        line(head, "B", True)
        for i, r in enumerate(rows):
            line(r, "B" if i in bold_rows else "", False)
        self.ln(2)

    def _lines(self, width: float, text: str) -> int:
        got = self.multi_cell(width, 4.2, latin1(text), dry_run=True, output="LINES")
        return max(1, len(got)) if isinstance(got, list) else 1

    # -- chart --------------------------------------------------------------------------------------
    def bar_chart(
        self,
        bars: Sequence[Bar],
        series: Sequence[str],
        marks: Sequence[tuple[str, float]],
        *,
        label_width: float = 52.0,
    ) -> None:
        """Horizontal bars (fraction of each row's maximum, 0..100 %), one per series, with dashed
        vertical threshold lines. Series are told apart by grey level and a legend."""
        bar_h = 3.6
        gap = 2.4
        group_h = bar_h * len(series) + gap
        height = group_h * len(bars) + 14
        if self.get_y() + height > self.h - self.b_margin:
            self.add_page()
        x0 = self.l_margin + label_width
        plot_w = self.width - label_width - 4
        y0 = self.get_y() + 6
        self.set_font("helvetica", "", 7.5)
        # legend
        lx = self.l_margin
        for i, name in enumerate(series):
            self.set_fill_color(FILLS[i % len(FILLS)])
            self.rect(lx, y0 - 5.2, 4, 3, style="DF")
            self.set_xy(lx + 5, y0 - 5.8)
            self.cell(40, 4, latin1(name))
            lx += 6 + self.get_string_width(latin1(name)) + 6
        y = y0
        for b in bars:
            self.set_xy(self.l_margin, y)
            self.multi_cell(label_width - 2, 3.3, latin1(b.label), align="R")
            for i, v in enumerate(b.values):
                frac = max(0.0, min(1.0, v))
                self.set_fill_color(FILLS[i % len(FILLS)])
                self.rect(x0, y + i * bar_h, max(0.3, plot_w * frac), bar_h - 0.6, style="DF")
                self.set_xy(x0 + plot_w * frac + 1, y + i * bar_h - 0.4)
                self.cell(12, bar_h, f"{frac * 100:.0f}%")
            y += group_h
        # axis and thresholds
        self.line(x0, y0 - 1, x0, y)
        for name, frac in marks:
            xm = x0 + plot_w * frac
            self.set_dash_pattern(dash=1.2, gap=1.0)
            self.line(xm, y0 - 1, xm, y)
            self.set_dash_pattern()
            self.set_xy(xm - 12, y + 0.5)
            self.cell(24, 3.5, latin1(f"{name} {frac * 100:.0f}%"), align="C")
        self.set_y(y + 6)

    def signature_block(self, place_date: str, roles: Sequence[tuple[str, str]]) -> None:
        if self.get_y() > self.h - 60:
            self.add_page()
        self.ln(6)
        col = self.width / max(1, len(roles))
        self.set_font("helvetica", "", 9.5)
        self.set_x(self.l_margin + self.width - col)
        self.cell(col, 5, latin1(place_date), align="C")
        self.ln(6)
        y = self.get_y()
        for i, (role, name) in enumerate(roles):
            x = self.l_margin + i * col
            self.set_xy(x, y)
            self.multi_cell(col, 5, latin1(role), align="C")
            self.set_xy(x, y + 26)
            self.set_font("helvetica", "BU", 9.5)
            self.cell(col, 5, latin1(name or "(..............................)"), align="C")
            self.set_font("helvetica", "", 9.5)
        self.set_y(y + 34)

    def to_bytes(self) -> bytes:
        return bytes(self.output())
