"""The report as a PDF without a browser: reportlab (pure Python, from PyPI) lays out the report's own view.

It prints what the HTML prints, from the same :class:`~genesis_dashboard.render.ReportView` (so the same
formatted numbers): the header, the overall score and fidelity, a table and bar chart of every property's
score, then each property's score, reason, details and per-column or per-pair tables. It draws no plotly
figures (column plots, heatmaps, gauge): those need a browser. Text is set in Bitstream Vera, shipped inside
reportlab, which covers Latin, Greek and common symbols; other scripts show as empty boxes.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from genesis_dashboard.render import ReportView
from genesis_dashboard.sections import Section, Table
from genesis_dashboard.style import BANDS

if TYPE_CHECKING:  # reportlab is imported when a PDF is drawn, never at import time
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate

__all__ = ["PLAIN_RENDERER", "view_to_pdf"]

#: How the PDF's metadata and :attr:`QualityDashboard.pdf_renderer` name this renderer.
PLAIN_RENDERER = "reportlab (no browser: numbers and score bars, without the plotly figures)"
_FONT, _BOLD = "GenesisVera", "GenesisVera-Bold"
_BAND_COLOURS = {name: colour for _, name, colour in BANDS} | {"none": "#222222"}
_DIRECTIONS = {"higher": "higher is better", "lower": "lower is better"}


def view_to_pdf(view: ReportView) -> bytes:
    """The PDF (A4) of the report ``view``."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import SimpleDocTemplate

    _register_fonts()
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=1.5 * cm, rightMargin=1.5 * cm, topMargin=1.5 * cm, bottomMargin=1.5 * cm,
        title=view.name, author="Genesis", subject="Synthetic data quality report",
        creator=f"genesis-dashboard, {PLAIN_RENDERER}", invariant=True,
    )  # fmt: skip
    story = [*_overview(view, document.width)]
    for section in view.sections:
        story += _section(section, document.width)
    document.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()


@cache
def _register_fonts() -> None:
    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    fonts = Path(reportlab.__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont(_FONT, str(fonts / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(_BOLD, str(fonts / "VeraBd.ttf")))
    pdfmetrics.registerFontFamily(_FONT, normal=_FONT, bold=_BOLD, italic=_FONT, boldItalic=_BOLD)


@cache
def _styles() -> dict[str, ParagraphStyle]:
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("body", fontName=_FONT, fontSize=9, leading=12, textColor="#222222")
    return {
        "body": base,
        "title": ParagraphStyle("title", base, fontName=_BOLD, fontSize=18, leading=22, spaceAfter=4),
        "meta": ParagraphStyle("meta", base, fontSize=8.5, textColor="#555555", spaceAfter=8),
        "h2": ParagraphStyle("h2", base, fontName=_BOLD, fontSize=13, leading=16, spaceBefore=12, spaceAfter=4),
        "caption": ParagraphStyle("caption", base, fontName=_BOLD, fontSize=8.5, spaceBefore=6, spaceAfter=2),
        "reason": ParagraphStyle("reason", base, textColor="#8a5a00"),
        "cell": ParagraphStyle("cell", base, fontSize=8, leading=10),
        "overall": ParagraphStyle("overall", base, fontName=_BOLD, fontSize=26, leading=30),
    }


def _text(text: str, style: str, colour: str | None = None) -> Paragraph:
    from reportlab.platypus import Paragraph

    body = escape(text)
    if colour is not None:
        body = f'<font color="{colour}">{body}</font>'
    return Paragraph(body, _styles()[style])


def _overview(view: ReportView, width: float) -> list[Flowable]:
    from reportlab.platypus import Spacer

    rows = view.metrics["rows"]
    meta = f"Real rows: {rows['real']} · synthetic rows: {rows['synthetic']}"
    if rows.get("holdout") is not None:
        meta += f" · holdout rows: {rows['holdout']}"
    meta += f" · every score is on a {view.metrics['scale']} scale"
    scores = [(s.title, s.score, s.band, s.reason or "") for s in view.sections]
    return [
        _text(view.name, "title"),
        _text(meta, "meta"),
        _text("Overall score", "caption"),
        _text(view.overall, "overall", _BAND_COLOURS[view.overall_band]),
        _text(f"mean of the scored metrics · fidelity {view.fidelity}", "body"),
        Spacer(1, 8),
        _grid(("property", "score", "note"), [(t, s, n) for t, s, _, n in scores], [b for _, _, b, _ in scores], 1,
              width, (0.3, 0.12, 0.58)),
        Spacer(1, 6),
        _score_bars(view.sections, width),
    ]  # fmt: skip


def _score_bars(sections: Sequence[Section], width: float) -> Drawing:
    """A horizontal bar per scored property on a 0-1 axis, coloured by band."""
    from reportlab.graphics.shapes import Drawing, Line, Rect, String

    label_width, bar_height, gap = 150.0, 12.0, 6.0
    scored = [s for s in sections if _is_number(s.score)]
    height = len(scored) * (bar_height + gap) + 20
    drawing = Drawing(width, height)
    span = width - label_width - 40
    for i, section in enumerate(scored):
        y = height - 20 - i * (bar_height + gap)
        value = float(section.score)
        drawing.add(String(0, y + 3, section.title, fontName=_FONT, fontSize=8))
        drawing.add(Rect(label_width, y, span, bar_height, fillColor="#f0f1f4", strokeColor=None))
        drawing.add(Rect(label_width, y, span * value, bar_height, fillColor=_BAND_COLOURS[section.band],
                         strokeColor=None))  # fmt: skip
        drawing.add(String(label_width + span + 4, y + 3, section.score, fontName=_FONT, fontSize=8))
    for tick in (0.0, 0.5, 1.0):
        x = label_width + span * tick
        drawing.add(Line(x, 10, x, height - 4, strokeColor="#bbbbbb", strokeWidth=0.5))
        drawing.add(String(x - 6, 0, f"{tick:g}", fontName=_FONT, fontSize=7, fillColor="#555555"))
    return drawing


def _is_number(text: str) -> bool:
    """Whether a formatted score is a number (not "—" or "not scored")."""
    try:
        float(text)
    except ValueError:
        return False
    return True


def _section(section: Section, width: float) -> list[Flowable]:
    from reportlab.platypus import Paragraph

    score = f'<font color="{_BAND_COLOURS[section.band]}">{escape(section.score)}</font>'
    story: list[Flowable] = [
        Paragraph(f"{escape(section.title)} &nbsp; {score}", _styles()["h2"]),
        _text(section.description, "body"),
    ]
    if section.reason:
        story.append(_text(section.reason, "reason"))
    if section.details:
        rows = [(d.key, d.value, _DIRECTIONS.get(d.direction or "", "")) for d in section.details]
        story += [_text("details", "caption"),
                  _grid(("detail", "value", "better"), rows, [d.band for d in section.details], 1, width,
                        (0.45, 0.3, 0.25))]  # fmt: skip
    for table in section.tables:
        story += [_text(f"{table.caption} ({len(table.rows)} rows)", "caption"), _table(table, width)]
    return story


def _table(table: Table, width: float) -> Flowable:
    shares = (1.0 / len(table.headings),) * len(table.headings)
    return _grid(table.headings, table.rows, table.bands, table.score_index, width, shares)


def _grid(
    headings: Sequence[str], rows: Sequence[Sequence[str]], bands: Sequence[str], score_index: int, width: float,
    shares: Sequence[float],
) -> Flowable:  # fmt: skip
    """A table with a repeated heading row; the score column coloured by each row's band."""
    from reportlab.platypus import Table as PdfTable
    from reportlab.platypus import TableStyle

    cells = [[_text(h, "cell") for h in headings]]
    for row, row_band in zip(rows, bands or ["none"] * len(rows), strict=True):
        cells.append([
            _text(cell, "cell", _BAND_COLOURS.get(row_band) if i == score_index else None) for i, cell in enumerate(row)
        ])  # fmt: skip
    grid = PdfTable(cells, colWidths=[width * share for share in shares], repeatRows=1)
    grid.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), "#e8eaef"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, "#d0d3da"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))  # fmt: skip
    return grid


def _footer(canvas: Canvas, document: SimpleDocTemplate) -> None:
    """Page number and the renderer at the foot of every page."""
    from reportlab.lib.units import cm

    canvas.saveState()
    canvas.setFont(_FONT, 7)
    canvas.setFillColor("#777777")
    text = f"page {document.page} · drawn by {PLAIN_RENDERER}"
    canvas.drawString(1.5 * cm, 0.8 * cm, text)
    canvas.restoreState()
