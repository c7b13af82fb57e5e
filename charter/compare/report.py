"""Renderers for a comparison: terminal text, escaped HTML redline, and JSON."""

from __future__ import annotations

import json
from html import escape

from charter.compare.diff import KINDS, PLACED, WITHDRAWN, ClauseChange, Comparison, ReservationChange

_LABELS = {
    "unchanged": "unchanged",
    "modified": "modified",
    "added": "added",
    "deleted": "deleted",
    "moved": "moved",
    "status": "status changed",
    "reservation": "reservation changed",
}
# a clause whose only change is a reservation is counted with the reservations, one per delegation
_UNCOUNTED = ("unchanged", "reservation")

STYLE = """
.redline { font-family: Georgia, 'Times New Roman', serif; line-height: 1.5; }
.redline ins { background: #d8f5d0; color: #14532d; text-decoration: underline; }
.redline del { background: #fde2e1; color: #7f1d1d; text-decoration: line-through; }
.redline .clause { border-left: 4px solid #cbd5e1; margin: 0.8em 0; padding: 0.2em 0.8em; }
.redline .clause.added { border-color: #16a34a; }
.redline .clause.deleted { border-color: #dc2626; }
.redline .clause.modified { border-color: #d97706; }
.redline .clause.moved, .redline .clause.is-moved { border-color: #7c3aed; }
.redline .reservation { font-style: italic; }
.redline .meta { font-family: sans-serif; font-size: 0.8em; color: #475569; }
.redline .badge { display: inline-block; padding: 0 0.5em; margin-right: 0.4em; border-radius: 0.6em;
  background: #e2e8f0; }
.redline table.side { width: 100%; border-collapse: collapse; table-layout: fixed; }
.redline table.side td { vertical-align: top; padding: 0.4em 0.6em; border-top: 1px solid #e2e8f0; }
.redline p.sub { margin: 0.1em 0 0.1em 2em; }
"""


def to_text(comparison: Comparison, changed_only: bool = True) -> str:
    """Return the comparison for a terminal: `[+added+]` and `[-deleted-]` inside each clause."""
    summary = comparison.summary
    counts = ", ".join(
        [f"{summary.by_change[k]} {_LABELS[k]}" for k in KINDS if summary.by_change[k] and k not in _UNCOUNTED]
        + ([f"{summary.reservations_changed} {_LABELS['reservation']}"] if summary.reservations_changed else [])
    )
    lines = [
        f"Comparing {comparison.from_revision} with {comparison.to_revision}: {counts or 'no changes'}; "
        f"{summary.words_inserted} words inserted, {summary.words_deleted} deleted",
        "",
    ]
    for clause in comparison.clauses if not changed_only else comparison.changed:
        lines.append(_heading(clause))
        body = "".join(text if op == "=" else f"[+{text}+]" if op == "+" else f"[-{text}-]" for op, text in clause.ops)
        lines.extend("    " + line for line in body.splitlines() or [""])
        for comment in clause.comments_added:
            lines.append(f"    > new comment by {comment.author}: {comment.text}")
        lines.extend(f"    > {reservation_line(r)}" for r in clause.reservations)
        lines.append("")
    return "\n".join(lines)


def reservation_line(change: ReservationChange) -> str:
    """Return a reservation's change as one line: 'US reservation placed: note', '... withdrawn (was: note)'."""
    said = f"{change.tag} reservation {change.change}"
    if change.change == PLACED:
        return f"{said}: {change.new_note}" if change.new_note else said
    if change.change == WITHDRAWN:
        return f"{said} (was: {change.old_note})" if change.old_note else said
    return f"{said}: {change.old_note or '(no note)'} -> {change.new_note or '(no note)'}"


def _heading(clause: ClauseChange) -> str:
    parts = [clause.number or "", clause.change.upper()]
    if clause.moved and clause.change != "moved":
        parts.append("MOVED")
    if clause.moved:
        parts.append(f"(was {clause.old_number})")
    elif clause.old_number and clause.new_number and clause.old_number != clause.new_number:
        parts.append(f"(renumbered from {clause.old_number})")
    if clause.status_changed:
        parts.append(f"status {clause.old_status} -> {clause.new_status}")
    parts.append(f"[{clause.id}] {clause.title}")
    return " ".join(p for p in parts if p)


def _ops_html(clause: ClauseChange, keep: str = "=+-") -> str:
    out = []
    for op, text in clause.ops:
        if op not in keep:
            continue
        safe = escape(text).replace("\n", "<br>")
        out.append(safe if op == "=" else f"<ins>{safe}</ins>" if op == "+" else f"<del>{safe}</del>")
    return "".join(out)


def _meta_html(clause: ClauseChange) -> str:
    bits = [f'<span class="badge">{escape(_LABELS[clause.change])}</span>']
    if clause.moved:
        bits.append(f'<span class="badge">moved from {escape(clause.old_number or "")}</span>')
    if clause.status_changed:
        old, new = escape(str(clause.old_status or "-")), escape(str(clause.new_status or "-"))
        bits.append(f'<span class="badge">{old} &rarr; {new}</span>')
    bits.append(f"<b>{escape(clause.number or '')}</b> {escape(clause.title)}")
    return f'<div class="meta">{"".join(bits)}</div>'


def _comments_html(clause: ClauseChange) -> str:
    return "".join(
        f'<div class="meta">New comment by {escape(c.author)}: {escape(c.text)}</div>' for c in clause.comments_added
    )


def _reservations_html(clause: ClauseChange, keep: str = "+-") -> str:
    """Return each reservation change as a line: the old note deleted, the new one inserted (escaped)."""
    parts = []
    for change in clause.reservations:
        old = f"<del>{escape(change.old_note)}</del>" if change.old_note and "-" in keep else ""
        new = f"<ins>{escape(change.new_note)}</ins>" if change.new_note and "+" in keep else ""
        notes = " ".join(note for note in (old, new) if note)
        said = f"{escape(change.tag)} reservation {escape(change.change)}" + (f": {notes}" if notes else "")
        parts.append(f'<div class="meta reservation {escape(change.change)}">{said}</div>')
    return "".join(parts)


def to_html(
    comparison: Comparison, changed_only: bool = True, side_by_side: bool = False, standalone: bool = False
) -> str:
    """Return an HTML redline (inline or side by side); every piece of user text is escaped."""
    clauses = comparison.changed if changed_only else comparison.clauses
    parts = [f"<style>{STYLE}</style>", '<div class="redline">']
    if side_by_side:
        parts.append(
            f'<table class="side"><tr><th>Revision {escape(str(comparison.from_revision))}</th>'
            f"<th>Revision {escape(str(comparison.to_revision))}</th></tr>"
        )
        for clause in clauses:
            moved = " is-moved" if clause.moved else ""
            parts.append(
                f'<tr id="c-{escape(clause.id)}" class="clause {escape(clause.change)}{moved}">'
                f"<td>{_meta_html(clause)}{_ops_html(clause, '=-')}{_reservations_html(clause, '-')}</td>"
                f"<td>{_meta_html(clause)}{_ops_html(clause, '=+')}{_reservations_html(clause, '+')}"
                f"{_comments_html(clause)}</td></tr>"
            )
        parts.append("</table>")
    else:
        for clause in clauses:
            moved = " is-moved" if clause.moved else ""
            parts.append(
                f'<div id="c-{escape(clause.id)}" class="clause {escape(clause.change)}{moved}">'
                f"{_meta_html(clause)}<div>{_ops_html(clause)}</div>{_reservations_html(clause)}"
                f"{_comments_html(clause)}</div>"
            )
    if not clauses:
        parts.append("<p>No differences.</p>")
    parts.append("</div>")
    body = "".join(parts)
    if not standalone:
        return body
    title = f"Comparison of revision {comparison.from_revision} with {comparison.to_revision}"
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
        f"<body><h1>{escape(title)}</h1>{body}</body></html>"
    )


def to_json_text(comparison: Comparison) -> str:
    """Return the comparison as the stable JSON text of `charter diff --format json`."""
    return json.dumps(comparison.to_json(), ensure_ascii=False, indent=2)


def highlighted_pair(ours: str, theirs: str) -> tuple[str, str]:
    """Return both texts as escaped Markdown with the words that differ between them highlighted.

    Words only in `ours` are marked red, words only in `theirs` green; every piece of text is
    escaped, so user text never becomes live Markdown.
    """
    from charter.compare.tokens import DELETE, EQUAL, INSERT, word_diff
    from charter.drafting.render import escape_markdown

    mine: list[str] = []
    other: list[str] = []
    for op, text in word_diff(ours, theirs):
        shown = escape_markdown(text).replace("\n", "  \n")
        if op == EQUAL:
            mine.append(shown)
            other.append(shown)
        elif op == DELETE:
            mine.append(f":red-background[{shown}]" if text.strip() else shown)
        elif op == INSERT:
            other.append(f":green-background[{shown}]" if text.strip() else shown)
    return "".join(mine), "".join(other)
