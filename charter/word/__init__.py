"""Word files: export a draft as .docx, a redline of two revisions, and the raw-XML helpers they need."""

from charter.word.export import export_bytes, export_docx
from charter.word.ooxml import bookmark_name, clause_id_from_bookmark, read_custom_properties
from charter.word.redline import redline_bytes, redline_docx

__all__ = [
    "bookmark_name",
    "clause_id_from_bookmark",
    "export_bytes",
    "export_docx",
    "read_custom_properties",
    "redline_bytes",
    "redline_docx",
]
