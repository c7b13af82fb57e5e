"""The clause library: YAML files of clauses by working-group area, loaded and validated."""

from charter.library.loader import DEFAULT_DIR, MAX_FILE_BYTES, Library, load_library, text_hash

__all__ = ["DEFAULT_DIR", "MAX_FILE_BYTES", "Library", "load_library", "text_hash"]
