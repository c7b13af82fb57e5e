"""The .docx package: size, zip and XML safety checks before any WordprocessingML is read.

Every part is parsed without entities, DTDs or network access; zip bombs, encrypted and
macro-enabled files are refused from the zip directory alone.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from lxml import etree

from charter.errors import WordError
from charter.word.ooxml import PACKAGE_RELS_NS

#: Largest .docx file accepted, in bytes (a 300-clause charter is about 60 KB).
MAX_FILE_BYTES = 10 * 1024 * 1024

#: Most zip entries a .docx may hold (Word writes about 15).
MAX_ENTRIES = 2_000

#: Largest total uncompressed size the zip may declare.
MAX_TOTAL_BYTES = 200 * 1024 * 1024

#: Largest compression ratio accepted for an entry of more than RATIO_MIN_BYTES uncompressed.
MAX_RATIO = 200
RATIO_MIN_BYTES = 1024 * 1024

#: Largest XML part that is parsed, uncompressed.
MAX_PART_BYTES = 64 * 1024 * 1024

#: Most paragraphs a document may hold (a 300-clause charter has about 400).
MAX_PARAGRAPHS = 50_000

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
P = f"{{{W}}}p"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CHUNK = 64 * 1024
_PROLOG_TRAP = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_MACRO_NAMES = ("vbaproject.bin", "vbadata.xml")


def open_package(
    source: str | Path | bytes | IO[bytes], *, name: str | None = None, max_bytes: int = MAX_FILE_BYTES
) -> Package:
    """Return the checked package of a .docx; raise WordError when it is unsafe or not a .docx."""
    label = name or (str(source) if isinstance(source, str | Path) else "the Word file")
    data = _read_bytes(source, label, max_bytes)
    if data.startswith(_OLE_MAGIC):
        raise WordError(
            f"{label}: the file is encrypted or password-protected (or an old .doc file); "
            "remove the password, save it as .docx and import that"
        )
    if not data.startswith(b"PK"):
        raise WordError(f"{label}: not a .docx file (it is not a zip archive)")
    _check_entry_count(data, label)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as err:
        raise WordError(f"{label}: not a readable .docx file (damaged zip archive: {err})") from None
    try:
        _check_entries(archive, label)
        package = Package(archive, label)
    except BaseException:
        archive.close()
        raise
    return package


def _read_bytes(source: str | Path | bytes | IO[bytes], label: str, max_bytes: int) -> bytes:
    too_big = f"{label}: the file is larger than {max_bytes:,} bytes, the most an import accepts"
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    elif isinstance(source, str | Path):
        path = Path(source)
        if path.suffix.lower() in (".docm", ".dotm"):
            raise WordError(f"{label}: macro-enabled Word files (.docm) are refused; save it as a .docx without macros")
        try:
            if path.stat().st_size > max_bytes:
                raise WordError(too_big)
            with path.open("rb") as stream:
                data = stream.read(max_bytes + 1)
        except OSError as err:
            raise WordError(f"{label}: cannot read the file: {err.strerror or err}") from None
    else:
        try:
            data = source.read(max_bytes + 1)
        except OSError as err:
            raise WordError(f"{label}: cannot read the file: {err}") from None
    if len(data) > max_bytes:
        raise WordError(too_big)
    return data


def _check_entry_count(data: bytes, label: str) -> None:
    """Refuse a zip whose end record announces too many entries, before zipfile lists them all."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end >= 0 and end + 12 <= len(data):
        count = int.from_bytes(data[end + 10 : end + 12], "little")
        if MAX_ENTRIES < count < 0xFFFF:
            raise WordError(f"{label}: the zip holds {count:,} entries, more than the {MAX_ENTRIES:,} a .docx may have")


def _check_entries(archive: zipfile.ZipFile, label: str) -> None:
    """Refuse zip bombs, encrypted entries and macros, from the zip directory alone."""
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise WordError(
            f"{label}: the zip holds {len(entries):,} entries, more than the {MAX_ENTRIES:,} a .docx may have"
        )
    total = 0
    for info in entries:
        total += info.file_size
        if info.flag_bits & 0x1:
            raise WordError(f"{label}: the file is encrypted or password-protected ({info.filename})")
        if info.filename.lower().rsplit("/", 1)[-1] in _MACRO_NAMES:
            raise WordError(
                f"{label}: the file holds macros ({info.filename}); macro-enabled documents (.docm) are refused, "
                "save it as a .docx without macros"
            )
        if info.file_size > RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise WordError(
                f"{label}: zip entry {info.filename} expands {info.file_size // max(info.compress_size, 1):,} times "
                f"(more than {MAX_RATIO}:1); refused as a possible zip bomb"
            )
    if total > MAX_TOTAL_BYTES:
        raise WordError(
            f"{label}: the zip declares {total:,} bytes uncompressed, more than {MAX_TOTAL_BYTES:,}; "
            "refused as a possible zip bomb"
        )


class Package:
    """A checked .docx zip whose XML parts are parsed safely."""

    def __init__(self, archive: zipfile.ZipFile, label: str) -> None:
        self.archive = archive
        self.label = label
        self.names = {info.filename for info in archive.infolist()}
        self._check_content_types()
        self.main = self.target("_rels/.rels", "officeDocument") or "word/document.xml"
        if self.main not in self.names:
            raise WordError(f"{label}: not a Word document (the zip has no {self.main})")

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.archive.close()

    # -- parts ----------------------------------------------------------------------------

    def _stream_chunks(self, name: str) -> Iterator[bytes]:
        info = self.archive.getinfo(name)
        if info.file_size > MAX_PART_BYTES:
            raise WordError(f"{self.label}: {name} is larger than {MAX_PART_BYTES:,} bytes")
        try:
            with self.archive.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    yield chunk
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError) as err:
            raise WordError(f"{self.label}: {name} cannot be read from the zip ({err})") from None

    def parse(self, name: str, paragraph_limit: int | None = None) -> etree._Element:
        """Return the root of an XML part, parsed without entities, DTDs or network access.

        Refuses a part that declares a DOCTYPE, and, with `paragraph_limit`, stops as soon as
        the part holds more `w:p` elements than that, before reading the rest.
        """
        parser = etree.XMLPullParser(
            events=("end",),
            tag=P,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
        )
        paragraphs = 0
        first = True
        try:
            for chunk in self._stream_chunks(name):
                if first and _PROLOG_TRAP.search(chunk):
                    raise WordError(f"{self.label}: {name} declares a DOCTYPE or entities; refused (Word never does)")
                first = False
                parser.feed(chunk)
                if paragraph_limit is not None:
                    paragraphs += sum(1 for _ in parser.read_events())
                    if paragraphs > paragraph_limit:
                        raise WordError(
                            f"{self.label}: the document has more than {paragraph_limit:,} paragraphs; refused"
                        )
            root = parser.close()
        except etree.XMLSyntaxError as err:
            raise WordError(f"{self.label}: {name} is not well-formed XML ({err})") from None
        docinfo = root.getroottree().docinfo
        if docinfo.internalDTD is not None or docinfo.externalDTD is not None:
            raise WordError(f"{self.label}: {name} declares a DOCTYPE or entities; refused (Word never does)")
        return root

    def target(self, rels_name: str, kind: str) -> str | None:
        """Return the zip name of the first relationship target of type `.../kind` in a rels part."""
        if rels_name not in self.names:
            return None
        rels = self.parse(rels_name)
        folder = posixpath.dirname(posixpath.dirname(rels_name))
        for rel in rels.iterfind(f"{{{PACKAGE_RELS_NS}}}Relationship"):
            if (rel.get("Type") or "").rsplit("/", 1)[-1] != kind or rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target") or ""
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            return posixpath.normpath(path)
        return None

    def part_of_main(self, kind: str, default: str) -> str | None:
        folder, base = posixpath.split(self.main)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        name = self.target(rels, kind) if rels in self.names else default
        return name if name in self.names else None

    def _check_content_types(self) -> None:
        if "[Content_Types].xml" not in self.names:
            return
        root = self.parse("[Content_Types].xml")
        for item in root:
            content_type = (item.get("ContentType") or "").lower()
            if "macroenabled" in content_type or "vbaproject" in content_type:
                raise WordError(
                    f"{self.label}: the file is macro-enabled ({item.get('ContentType')}); macro-enabled documents "
                    "(.docm) are refused, save it as a .docx without macros"
                )
