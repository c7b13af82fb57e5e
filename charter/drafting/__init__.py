"""Drafting: the draft model, assembling a draft from the library, numbering, variables and rendering."""
