"""HTML loading with BeautifulSoup: headings, paragraphs, list items and tables; scripts dropped."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from ingest.loaders.tables import rows_to_blocks
from ingest.loaders.text import decode_text
from ingest.model import Block

_DROP = (
    *("script", "style", "noscript", "template", "iframe", "svg", "nav", "footer", "button"),
    *("head", "title"),
)
_TEXT_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "table", "pre", "blockquote", "dd")


def load_html(path: Path, data: bytes) -> tuple[list[Block], str]:
    soup = BeautifulSoup(decode_text(data), "html.parser")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    for tag in soup(_DROP):
        tag.decompose()
    reader = _BlockReader()
    reader.walk(soup.body or soup)
    reader.flush()
    return reader.blocks, title


class _BlockReader:
    """Blocks in document order: each heading, paragraph, list item and table whole, and the
    text that stands loose between them (a meeting's opening line written straight into a
    ``div``) as paragraphs of its own, so nothing on the page is lost."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.tables = 0
        self._loose: list[str] = []

    def walk(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                self._loose.append(str(child))
            elif child.name == "br":
                self._loose.append("\n")
            elif child.name in _TEXT_TAGS:
                self.flush()
                self._element(child)
            else:
                self.walk(child)

    def flush(self) -> None:
        text = " ".join("".join(self._loose).split(" "))
        self._loose = []
        for line in text.split("\n"):
            line = " ".join(line.split())
            if line:
                self.blocks.append(Block(kind="paragraph", text=line))

    def _element(self, element: Tag) -> None:
        if element.name == "table":
            self.tables += 1
            rows = [
                [cell.get_text(" ", strip=True) for cell in tr.find_all(("td", "th"))]
                for tr in element.find_all("tr")
            ]
            self.blocks.extend(rows_to_blocks(rows, where=f"Table {self.tables}"))
            return
        text = element.get_text(" ", strip=True)
        if not text:
            return
        if element.name[0] == "h":
            self.blocks.append(Block(kind="heading", text=text, level=int(element.name[1])))
        else:
            self.blocks.append(Block(kind="paragraph", text=text))
