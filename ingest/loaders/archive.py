"""DOCX and XLSX files are zip archives: refuse ones that would unpack to far more than they
weigh (zip bombs) before a library starts inflating them."""

from __future__ import annotations

import io
import zipfile

from ingest.loaders.errors import UnreadableFile

MAX_UNPACKED_BYTES = 1024 * 1024 * 1024  # 1 GiB, whatever the file's size
MAX_RATIO = 200  # unpacked : packed; real office files stay well under 100


def check_archive(data: bytes, max_unpacked: int = MAX_UNPACKED_BYTES) -> None:
    """Raise UnreadableFile if the archive is not one, or would unpack to too much."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise UnreadableFile(f"the file is damaged or not an Office document ({exc})") from exc
    limit = min(max_unpacked, max(len(data), 1) * MAX_RATIO)
    if unpacked > limit:
        raise UnreadableFile(
            f"the file would unpack to {unpacked / 1e6:,.0f} MB from {len(data) / 1e6:,.1f} MB "
            "(a zip bomb, or far too large to read safely)"
        )
