"""OCR figures: seconds per page, character accuracy and the ingest of a 20-page scan.

    python -m eval.bench_ocr --out artifacts/bench-ocr

The scans are made here (as the tests make theirs): minutes-like lines printed on A4 at
300 dpi, turned a degree, with speckle noise; the text printed is the reference.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

SENTENCES = [
    "Minutes of the meeting of the Parish Council held on Tuesday 4 May 2021 at 7.30pm.",
    "Present: Cllr A. Smith (Chair), Cllr B. Jones, Cllr C. Patel and the Clerk.",
    "Apologies were received from Cllr D. Evans, who was on holiday.",
    "RESOLVED: That the quotation of £4,500 from Smith Roofing be accepted.",
    "The Clerk reported that the play area inspection found two swings needing new chains.",
    "Members noted the County Council's consultation on the Local Transport Plan.",
    "It was proposed by Cllr Jones, seconded by Cllr Patel and agreed unanimously.",
    "Planning application 21/00456/FUL: single storey rear extension, 12 Church Lane.",
    "The Council raised no objection, subject to the neighbours' comments being considered.",
    "Accounts for payment totalling £1,236.40 were approved and signed by two members.",
]


def page_lines(number: int, lines: int = 24) -> list[str]:
    return [SENTENCES[(number * 7 + n) % len(SENTENCES)] for n in range(lines)]


def char_accuracy(reference: str, found: str) -> float:
    """1 - character error rate: the edit distance (insertions, deletions, substitutions)
    between the texts, whitespace runs as one space, over the reference's length."""
    a, b = " ".join(reference.split()), " ".join(found.split())
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, start=1):
        current = [i]
        for j, other in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other))
            )
        previous = current
    return 1 - previous[-1] / max(1, len(a))


def run(pages: int) -> dict:
    from assistant.settings import Settings, embedder_for
    from index.build import ingest
    from ingest.loaders.ocr import OcrOptions, pdf_page_image, read_image
    from tests.documents import make_scanned_pdf

    with tempfile.TemporaryDirectory() as folder:
        docs = Path(folder) / "docs"
        docs.mkdir()
        texts = [page_lines(n) for n in range(pages)]
        scan = make_scanned_pdf(docs / "scan.pdf", texts)
        image_of = pdf_page_image(scan.read_bytes())
        seconds, accuracy, confidence = [], [], []
        for number in range(1, min(pages, 5) + 1):
            png = image_of(number)
            started = time.perf_counter()
            page = read_image(png, OcrOptions())
            seconds.append(time.perf_counter() - started)
            accuracy.append(char_accuracy("\n".join(texts[number - 1]), page.text))
            confidence.append(page.confidence)
        settings = Settings(_env_file=None, index_dir=Path(folder) / "index")
        embedder = embedder_for(settings)
        embedder.embed(["load the model"])
        started = time.perf_counter()
        report = ingest([docs], settings.index_dir, embedder, settings.chunking(), 10**9)
        ingest_seconds = time.perf_counter() - started
    return {
        "pages": pages,
        "ocr_seconds_per_page": round(sum(seconds) / len(seconds), 2),
        "character_accuracy": round(sum(accuracy) / len(accuracy), 4),
        "mean_confidence": round(sum(confidence) / len(confidence), 1),
        "ingest_seconds": round(ingest_seconds, 1),
        "ingest_stages_s": {k: round(v, 1) for k, v in report.times.seconds.items()},
        "passages": report.chunks,
        "summary": report.files[0].ocr,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--out", type=Path, default=Path("artifacts/bench-ocr"))
    args = parser.parse_args(argv)
    result = run(args.pages)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench-ocr.json").write_text(json.dumps(result, indent=1))
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
