"""Word files: export a draft as .docx, and the raw-XML helpers it needs."""

from charter.word.export import export_bytes, export_docx
from charter.word.ooxml import bookmark_name, clause_id_from_bookmark, read_custom_properties

__all__ = ["bookmark_name", "clause_id_from_bookmark", "export_bytes", "export_docx", "read_custom_properties"]
