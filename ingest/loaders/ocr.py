"""Text from page images with Tesseract, for scans that have no text layer.

Tesseract runs as its own process per page (the `tesseract` command, Debian's
`tesseract-ocr`): a page that hangs or crashes it is stopped at the page's time limit and
reported, and the ingest goes on. pytesseract would call the same command; ocrmypdf would
rewrite whole PDFs and bring Ghostscript, when we need only the text of a few pages.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

INSTALL_HINT = (
    "install Tesseract to read them (Debian: apt-get install tesseract-ocr tesseract-ocr-eng)"
)
RENDER_DPI = 300


@dataclass(frozen=True)
class OcrOptions:
    languages: str = "eng"
    page_seconds: float = 60.0  # a page taking longer is given up and reported
    document_seconds: float = 900.0  # the pages left when a document reaches this are reported
    min_confidence: float = 60.0  # pages below this mean word confidence are flagged


@dataclass(frozen=True)
class OcrPage:
    text: str
    confidence: float  # mean word confidence, 0-100


@dataclass
class OcrReport:
    """What OCR did to one document, for its line in the ingest summary."""

    pages: dict[int, float]  # page -> mean confidence, for pages read by OCR
    unread: list[int]  # scanned pages left unread (no Tesseract, time limit, failure)
    why_unread: str = ""
    what: tuple[str, str] = ("pages", "p.")  # a DOCX's scans are its images: "images", "image"

    def low_confidence(self, floor: float) -> list[int]:
        return sorted(p for p, c in self.pages.items() if c < floor)

    def summary(self, floor: float) -> str:
        bits = []
        if self.pages:
            mean = sum(self.pages.values()) / len(self.pages)
            plural, one = self.what
            bits.append(f"{len(self.pages)} scanned {plural} read by OCR (confidence {mean:.0f})")
            low = self.low_confidence(floor)
            if low:
                bits.append(f"low OCR confidence on {one} {', '.join(map(str, low))}")
        if self.unread:
            pages = ", ".join(map(str, self.unread))
            bits.append(f"scanned {self.what[1]} {pages} not read: {self.why_unread}")
        return "; ".join(bits)


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


def read_image(png: bytes, options: OcrOptions) -> OcrPage:
    """The words Tesseract finds on one image, line by line, with their mean confidence.
    Raises TimeoutError past the page's time limit and RuntimeError when Tesseract fails."""
    try:
        done = subprocess.run(
            ["tesseract", "stdin", "stdout", "-l", options.languages, "--psm", "3", "tsv"],
            input=png,
            capture_output=True,
            timeout=options.page_seconds,
            check=False,
            # one thread a page, pages side by side: with Tesseract's own threads a page took
            # 3.96 s here against 1.55 s (`make bench-ocr`)
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
    except subprocess.TimeoutExpired as exc:
        raise TimeoutError(f"OCR took over {options.page_seconds:.0f} s") from exc
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip().splitlines()
        raise RuntimeError(f"Tesseract failed: {message[-1] if message else done.returncode}")
    return parse_tsv(done.stdout.decode("utf-8", errors="replace"))


def parse_tsv(tsv: str) -> OcrPage:
    """Tesseract's TSV (one row per word, with its block, paragraph and line) as text: words
    joined into lines, a blank line between paragraphs, in Tesseract's reading order."""
    lines: dict[tuple[int, int, int], list[str]] = {}
    confidences = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        block, paragraph, line = int(cells[2]), int(cells[3]), int(cells[4])
        lines.setdefault((block, paragraph, line), []).append(cells[11].strip())
        confidences.append(float(cells[10]))
    out, previous = [], None
    for block, paragraph, line in lines:  # in the order Tesseract wrote them
        if previous is not None and (block, paragraph) != previous:
            out.append("")
        out.append(" ".join(lines[(block, paragraph, line)]))
        previous = (block, paragraph)
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return OcrPage("\n".join(out).strip(), mean)


def read_pages(
    numbers: list[int], image_of: Callable[[int], bytes], options: OcrOptions, name: str
) -> tuple[dict[int, OcrPage], OcrReport]:
    """OCR of the given pages (``image_of`` renders one as PNG), with progress on the console
    for long scans, within the document's time limit."""
    report = OcrReport({}, [])
    found: dict[int, OcrPage] = {}
    if not numbers:
        return found, report
    if not tesseract_available():
        report.unread, report.why_unread = list(numbers), INSTALL_HINT
        return found, report
    started = time.monotonic()
    workers = os.cpu_count() or 1
    waiting = list(numbers)
    pending: dict[Future, int] = {}
    done = 0
    with ThreadPoolExecutor(max_workers=workers) as pool:
        while waiting or pending:
            # a page is rendered when a worker is free for it, and one more ahead so that no
            # worker waits for a rendering: memory stays at a few pages, and the document's
            # time limit counts the reading, not just the rendering
            while waiting and len(pending) < workers + 1:
                number = waiting.pop(0)
                if time.monotonic() - started > options.document_seconds:
                    report.unread += [number, *waiting]
                    report.why_unread = (
                        f"the document's OCR time limit ({options.document_seconds:.0f} s)"
                    )
                    waiting = []
                    break
                pending[pool.submit(read_image, image_of(number), options)] = number
            if not pending:
                break
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for job in finished:
                number = pending.pop(job)
                done += 1
                if len(numbers) > 2:
                    progress = f"  OCR {name}: page {number} ({done} of {len(numbers)})"
                    print(progress, file=sys.stderr)
                _take(job, number, found, report)
    report.unread.sort()
    return found, report


def _take(job: Future, number: int, found: dict[int, OcrPage], report: OcrReport) -> None:
    """A finished page into ``found``, or into the report's unread pages with the reason."""
    try:
        page = job.result()
    except (TimeoutError, RuntimeError, OSError) as exc:
        report.unread.append(number)
        report.why_unread = str(exc)
        return
    found[number] = page
    report.pages[number] = page.confidence


def pdf_page_image(data: bytes) -> Callable[[int], bytes]:
    """A function giving a PDF page (1-based) as a grayscale PNG at RENDER_DPI; the PDF is
    opened for rendering on the first call."""
    opened = []

    def image_of(number: int) -> bytes:
        if not opened:
            import pypdfium2

            opened.append(pypdfium2.PdfDocument(data))
        bitmap = opened[0][number - 1].render(scale=RENDER_DPI / 72, grayscale=True)
        buffer = io.BytesIO()
        bitmap.to_pil().save(buffer, format="PNG")
        return buffer.getvalue()

    return image_of


def load_image(path: Path, data: bytes, ocr: OcrOptions | None = None):
    """A scanned image (PNG, JPEG, TIFF; each frame of a TIFF a page) read by OCR."""
    from ingest.model import Block

    frames = image_as_png(data)
    found, report = read_pages(
        list(range(1, len(frames) + 1)), lambda n: frames[n - 1], ocr or OcrOptions(), path.name
    )
    blocks = [
        Block(kind="page", text=page.text, page=n, ocr_confidence=page.confidence)
        for n, page in sorted(found.items())
    ]
    return blocks, "", report


# An image in a DOCX at least this big on both sides is taken for a scanned page (an A4 page
# scanned at 100 dpi is 827 x 1169); logos, signatures and photos of a few inches are smaller.
MIN_SCAN_PIXELS = 800


def looks_scanned(data: bytes) -> bool:
    """An embedded image as big as a scanned page, in a format PIL reads."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            return min(image.size) >= MIN_SCAN_PIXELS
    except Exception:  # a format PIL does not read (EMF, WMF): a drawing, not a scan
        return False


def image_as_png(data: bytes) -> list[bytes]:
    """Each frame of an image file (a multi-page TIFF has several) as a PNG."""
    from PIL import Image, ImageSequence

    with Image.open(io.BytesIO(data)) as image:
        frames = []
        for frame in ImageSequence.Iterator(image):
            buffer = io.BytesIO()
            frame.convert("L").save(buffer, format="PNG")
            frames.append(buffer.getvalue())
    return frames
