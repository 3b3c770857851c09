"""HTML loading with BeautifulSoup: headings, paragraphs, list items and tables; scripts dropped."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from ingest.loaders.tables import rows_to_blocks
from ingest.loaders.text import decode_text
from ingest.model import Block

_DROP = ("script", "style", "noscript", "template", "iframe", "svg", "nav", "footer")
_TEXT_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "table", "pre", "blockquote", "dd")


def load_html(path: Path, data: bytes) -> tuple[list[Block], str]:
    soup = BeautifulSoup(decode_text(data), "html.parser")
    for tag in soup(_DROP):
        tag.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    blocks: list[Block] = []
    tables = 0
    root = soup.body or soup
    for element in root.find_all(_TEXT_TAGS):
        # Text inside a table or a nested list item is taken with its outer element.
        if element.find_parent(("table",)) is not None:
            continue
        if element.name in ("p", "li") and element.find_parent(("li", "blockquote")) is not None:
            continue
        if element.name == "table":
            tables += 1
            rows = [
                [cell.get_text(" ", strip=True) for cell in tr.find_all(("td", "th"))]
                for tr in element.find_all("tr")
            ]
            blocks.extend(rows_to_blocks(rows, where=f"Table {tables}"))
            continue
        text = element.get_text(" ", strip=True)
        if not text:
            continue
        if element.name[0] == "h":
            blocks.append(Block(kind="heading", text=text, level=int(element.name[1])))
        else:
            blocks.append(Block(kind="paragraph", text=text))
    if not blocks:  # pages of bare text in divs
        text = root.get_text("\n", strip=True)
        blocks = [Block(kind="paragraph", text=line) for line in text.split("\n") if line.strip()]
    return blocks, title
