"""Build real PDF, DOCX, XLSX and HTML files for tests (reportlab, python-docx, openpyxl)."""

from __future__ import annotations

from pathlib import Path


def make_pdf(path: Path, pages: list[list[str]], title: str | None = None) -> Path:
    """One PDF page per list of lines, drawn top to bottom."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    if title:
        pdf.setTitle(title)
    width, height = A4
    for lines in pages:
        y = height - 60
        pdf.setFont("Helvetica", 10)
        for line in lines:
            if y < 60:
                raise ValueError("too many lines for one test page")
            pdf.drawString(50, y, line)
            y -= 14
        pdf.showPage()
    pdf.save()
    return path


def make_pdf_with_table(
    path: Path, before: list[str], table: list[list[str]], repeat_headings: bool = False
) -> Path:
    """A PDF of paragraphs, then a table ruled on every cell, as word processors export them;
    a table too long for the page runs on to the next, its heading row repeated at the top
    or not."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    style = getSampleStyleSheet()["BodyText"]
    grid = Table(table, repeatRows=1 if repeat_headings else 0)
    grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    flow = [Paragraph(text, style) for text in before] + [grid]
    SimpleDocTemplate(str(path), pagesize=A4).build(flow)
    return path


def make_pdf_with_forms(path: Path, forms: list[list[list[str]]], between: str) -> Path:
    """A PDF of ruled forms, each on a page of its own with a page of ``between`` after it, as a
    decision record prints one form for each decision."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    style = getSampleStyleSheet()["BodyText"]
    flow: list = []
    for form in forms:
        grid = Table(form)
        grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
        flow += [grid, PageBreak(), Paragraph(between, style), PageBreak()]
    SimpleDocTemplate(str(path), pagesize=A4).build(flow)
    return path


def make_pdf_with_record_tables(
    path: Path, title: str, records: list[tuple[str, list[str], list[str]]]
) -> Path:
    """A plan that sets each strategy in a ruled box of its own: the strategy's text across the
    box, then a row of column headings over one row of values; (text, headings, values) each."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    style = getSampleStyleSheet()["BodyText"]
    flow = [Paragraph(title, style)]
    for text, headings, values in records:
        width = len(headings)
        grid = Table(
            [
                ["Strategy", Paragraph(text, style), *[""] * (width - 2)],
                headings,
                [Paragraph(value, style) for value in values],
            ],
            colWidths=[90] * width,
        )
        grid.setStyle(
            TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("SPAN", (1, 0), (-1, 0))])
        )
        flow += [grid, Spacer(1, 12)]
    SimpleDocTemplate(str(path), pagesize=A4).build(flow)
    return path


def make_blank_pdf(path: Path, pages: int = 1) -> Path:
    """A PDF whose pages hold only drawings, like a scan: no extractable text."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(pages):
        pdf.rect(100, 100, 300, 400, fill=1)
        pdf.showPage()
    pdf.save()
    return path


def make_encrypted_pdf(source: Path, path: Path, password: str = "secret") -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(str(source)).pages:
        writer.add_page(page)
    writer.encrypt(password)
    with open(path, "wb") as f:
        writer.write(f)
    return path


def make_docx(path: Path, items: list[tuple[str, object]]) -> Path:
    """Items in order: ("h1"/"h2", text), ("p", text), ("table", list of rows)."""
    import docx

    document = docx.Document()
    for kind, value in items:
        if kind.startswith("h"):
            document.add_heading(str(value), level=int(kind[1:]))
        elif kind == "p":
            document.add_paragraph(str(value))
        elif kind == "table":
            rows = list(value)  # type: ignore[arg-type]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
        else:
            raise ValueError(kind)
    document.save(str(path))
    return path


def make_xlsx(path: Path, sheets: dict[str, list[list[object]]], merges=None) -> Path:
    """Sheets of rows; ``merges`` maps a sheet name to ranges such as "A1:F1"."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cells in (merges or {}).get(name, []):
            sheet.merge_cells(cells)
    book.save(str(path))
    return path


def scan_image(lines: list[str], dpi: int = 300, angle: float = 1.0, seed: int = 0):
    """An A4 page as a scanner gives it: the lines printed in black, turned by ``angle``
    degrees, with speckle noise; a grayscale PIL image."""
    import random

    from PIL import Image, ImageDraw, ImageFont

    width, height = int(8.27 * dpi), int(11.69 * dpi)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    import reportlab

    vera = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"  # shipped with reportlab
    font = ImageFont.truetype(str(vera), int(dpi * 0.13))  # about 9.5 pt
    for n, line in enumerate(lines):
        draw.text((int(dpi * 0.6), dpi + n * int(dpi * 0.3)), line, fill=0, font=font)
    page = page.rotate(angle, fillcolor=255, resample=Image.Resampling.BICUBIC)
    noise, pixels = random.Random(seed), page.load()
    for _ in range(width * height // 300):
        pixels[noise.randrange(width), noise.randrange(height)] = noise.choice((0, 100, 200))
    return page


def make_scanned_pdf(path: Path, pages: list[list[str]], dpi: int = 300) -> Path:
    """A PDF of page images and no text layer, as a scanner writes it; an empty list of lines
    is a blank page."""
    images = [scan_image(lines, dpi, seed=n) for n, lines in enumerate(pages)]
    images[0].save(path, save_all=True, append_images=images[1:], resolution=dpi)
    return path


def make_mixed_pdf(path: Path, typed: list[str], scanned: list[str], dpi: int = 300) -> Path:
    """Page 1 typed (a text layer), page 2 a scan."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for part in (
        make_pdf(path.with_suffix(".typed.pdf"), [typed]),
        make_scanned_pdf(path.with_suffix(".scan.pdf"), [scanned], dpi),
    ):
        for page in PdfReader(part).pages:
            writer.add_page(page)
    with open(path, "wb") as out:
        writer.write(out)
    return path


def make_docx_with_scan(path: Path, before: str, scanned: list[str], after: str) -> Path:
    """A DOCX with a typed paragraph, a logo too small to be a scan, a page-sized figure with
    a caption's few words, a scanned page pasted in as a picture (200 dpi), and another typed
    paragraph."""
    import io

    import docx
    from docx.shared import Inches
    from PIL import Image

    document = docx.Document()
    document.add_paragraph(before)
    logo = io.BytesIO()
    Image.new("L", (120, 60), 128).save(logo, format="PNG")
    document.add_picture(io.BytesIO(logo.getvalue()), width=Inches(1))
    figure = io.BytesIO()
    scan_image(["Figure 1: energy use by year"], dpi=150).save(figure, format="PNG")
    document.add_picture(io.BytesIO(figure.getvalue()), width=Inches(6))
    page = io.BytesIO()
    scan_image(scanned, dpi=200).save(page, format="PNG")
    document.add_picture(io.BytesIO(page.getvalue()), width=Inches(6))
    document.add_paragraph(after)
    document.save(path)
    return path
