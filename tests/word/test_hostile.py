"""Hostile and broken .docx files: each gets one clear WordError, fast, and nothing is saved."""

from __future__ import annotations

import io
import random
import struct
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from charter.drafting.model import Draft
from charter.errors import WordError
from charter.store import Store
from charter.word import export_bytes
from charter.word import package as word_read
from charter.word.import_edited import import_docx
from charter.word.import_foreign import import_new

Refuse = Callable[..., str]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="{main}"/></Types>'
)
MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)


def zip_bytes(entries: dict[str, bytes | str], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_with(document: bytes | str, main: str = MAIN, extra: dict[str, bytes | str] | None = None) -> bytes:
    entries: dict[str, bytes | str] = {
        "[Content_Types].xml": CONTENT_TYPES.format(main=main),
        "_rels/.rels": RELS,
        "word/document.xml": document,
    }
    entries.update(extra or {})
    return zip_bytes(entries)


def body(inner: str) -> str:
    return f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>{inner}</w:body></w:document>'


def patch_central_directory(data: bytes, change: Callable[[bytearray, int], None]) -> bytes:
    """Return zip bytes with `change(buffer, offset)` applied to every central directory header."""
    buffer = bytearray(data)
    offset = buffer.find(b"PK\x01\x02")
    while offset >= 0:
        change(buffer, offset)
        offset = buffer.find(b"PK\x01\x02", offset + 4)
    return bytes(buffer)


@pytest.fixture
def refused(store: Store, saved_draft: Draft) -> Callable[..., str]:
    """Return a checker: importing `source` raises WordError, quickly, and leaves the store as it was."""

    def check(source: object, *, seconds: float = 1.0, **options: object) -> str:
        head = store.head(saved_draft.name)
        start = time.perf_counter()
        with pytest.raises(WordError) as caught:
            import_docx(store, saved_draft.name, source, author="Mallory", **options)  # type: ignore[arg-type]
        elapsed = time.perf_counter() - start
        assert elapsed < seconds, f"took {elapsed:.2f} s"
        assert store.head(saved_draft.name) == head
        message = str(caught.value)
        assert "\n" not in message
        return message

    return check


def test_a_file_that_is_not_a_zip_is_refused(refused: Refuse) -> None:
    assert "not a .docx file (it is not a zip archive)" in refused(b"Hello, this is plain text.")


def test_a_damaged_zip_is_refused(refused: Refuse, saved_draft: Draft) -> None:
    data = export_bytes(saved_draft)
    assert "not a readable .docx file" in refused(data[: len(data) // 2])


def test_a_zip_without_word_document_xml_is_refused(refused: Refuse) -> None:
    assert "the zip has no word/document.xml" in refused(zip_bytes({"hello.txt": "hi"}))


def test_a_docm_file_name_is_refused_as_macro_enabled(refused: Refuse, saved_draft: Draft, tmp_path: Path) -> None:
    path = tmp_path / "charter.docm"
    path.write_bytes(export_bytes(saved_draft))
    assert "macro-enabled Word files (.docm) are refused" in refused(path)


def test_a_macro_project_inside_the_zip_is_refused(refused: Refuse) -> None:
    data = docx_with(body("<w:p/>"), extra={"word/vbaProject.bin": b"\x00" * 100})
    assert "holds macros (word/vbaProject.bin)" in refused(data)


def test_a_macro_enabled_content_type_is_refused(refused: Refuse) -> None:
    data = docx_with(body("<w:p/>"), main="application/vnd.ms-word.document.macroEnabled.main+xml")
    assert "the file is macro-enabled" in refused(data)


def test_a_password_protected_ole_file_is_refused(refused: Refuse) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096
    assert "the file is encrypted or password-protected" in refused(ole)


def test_an_encrypted_zip_entry_is_refused(refused: Refuse) -> None:
    def set_encrypted(buffer: bytearray, offset: int) -> None:
        flags = struct.unpack_from("<H", buffer, offset + 8)[0]
        struct.pack_into("<H", buffer, offset + 8, flags | 0x1)

    data = patch_central_directory(docx_with(body("<w:p/>")), set_encrypted)
    assert "encrypted or password-protected" in refused(data)


def test_a_file_over_the_size_cap_is_refused_before_it_is_read(
    refused: Refuse, saved_draft: Draft, tmp_path: Path
) -> None:
    assert f"larger than {word_read.MAX_FILE_BYTES:,} bytes" in refused(b"PK" + b"\x00" * word_read.MAX_FILE_BYTES)
    path = tmp_path / "small.docx"
    path.write_bytes(export_bytes(saved_draft))
    assert "larger than 1,000 bytes" in refused(path, max_bytes=1_000)


def test_a_zip_with_too_many_entries_is_refused(refused: Refuse) -> None:
    entries: dict[str, bytes | str] = {f"junk/{index}.xml": "" for index in range(word_read.MAX_ENTRIES + 1)}
    entries["word/document.xml"] = body("<w:p/>")
    assert "entries, more than the 2,000 a .docx may have" in refused(zip_bytes(entries))


def test_a_zip_declaring_too_much_uncompressed_data_is_refused(refused: Refuse) -> None:
    # Three real 400 KB entries whose directory claims 70 MB each: each ratio stays under 200:1.
    filler = random.Random(5).randbytes(400_000)

    def declare(buffer: bytearray, offset: int) -> None:
        name_length = struct.unpack_from("<H", buffer, offset + 28)[0]
        if bytes(buffer[offset + 46 : offset + 46 + name_length]).startswith(b"fill"):
            struct.pack_into("<I", buffer, offset + 24, 70 * 1024 * 1024)

    data = patch_central_directory(
        docx_with(body("<w:p/>"), extra={"fill1": filler, "fill2": filler, "fill3": filler}), declare
    )
    message = refused(data)
    assert "the zip declares 220,20" in message and "refused as a possible zip bomb" in message


def test_a_highly_compressed_entry_is_refused_as_a_zip_bomb(refused: Refuse) -> None:
    bomb = body("<w:p/>").replace("<w:p/>", "<w:p/>" + " " * (20 * 1024 * 1024))
    assert "expands" in refused(docx_with(bomb))


def test_two_million_empty_paragraphs_are_refused_in_well_under_a_second(refused: Refuse) -> None:
    data = docx_with(body("<w:p/>" * 2_000_000))
    assert len(data) < 100_000
    assert "refused" in refused(data)


def test_the_paragraph_cap_stops_parsing_early_even_when_the_ratio_looks_harmless(
    refused: Refuse, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(word_read, "MAX_RATIO", 10**9)
    data = docx_with(body("<w:p/>" * 2_000_000))
    assert "more than 50,000 paragraphs" in refused(data)


def test_just_over_the_paragraph_cap_is_refused(refused: Refuse) -> None:
    assert "more than 50,000 paragraphs" in refused(docx_with(body("<w:p/>" * 50_001)))


def test_an_external_entity_is_refused_and_never_resolved(refused: Refuse) -> None:
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&secret;</w:t></w:r></w:p></w:body></w:document>'
    )
    assert "declares a DOCTYPE or entities" in refused(docx_with(xxe))


def test_a_billion_laughs_entity_expansion_is_refused(refused: Refuse) -> None:
    levels = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    laughs = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY l0 "lol">{levels}]>'
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>'
    )
    assert "declares a DOCTYPE or entities" in refused(docx_with(laughs))


def test_a_doctype_hidden_after_a_long_prolog_is_still_refused(refused: Refuse) -> None:
    hidden = (
        '<?xml version="1.0"?>'
        + "<!-- padding -->" * 10_000
        + '<!DOCTYPE w:document [<!ENTITY x "y">]>'
        + f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>'
    )
    assert "declares a DOCTYPE or entities" in refused(docx_with(hidden))


def test_an_entity_in_the_comments_part_is_refused_too(refused: Refuse) -> None:
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" '
        'Target="comments.xml"/></Relationships>'
    )
    comments = f'<!DOCTYPE c [<!ENTITY x SYSTEM "http://example.invalid/">]><w:comments xmlns:w="{W}"/>'
    data = docx_with(body("<w:p/>"), extra={"word/comments.xml": comments, "word/_rels/document.xml.rels": rels})
    assert "word/comments.xml declares a DOCTYPE" in refused(data)


def test_malformed_xml_is_refused(refused: Refuse) -> None:
    assert "word/document.xml is not well-formed XML" in refused(docx_with(f'<w:document xmlns:w="{W}"><w:body><w:p>'))


def test_a_part_that_is_not_wordprocessingml_is_refused(refused: Refuse) -> None:
    assert "is not a WordprocessingML document" in refused(docx_with("<html><body/></html>"))


def test_import_new_refuses_hostile_files_and_creates_no_draft(store: Store) -> None:
    with pytest.raises(WordError, match="encrypted or password-protected"):
        import_new(store, "evil", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, author="Mallory", library=None)
    assert not store.exists("evil")
