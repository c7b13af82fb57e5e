"""Comparing revisions: word tokens, the clause-by-clause diff, three-way merge and the report renderers."""
