"""Benchmark: the redline of a 300-clause (about 60,000-word) charter, against python-redlines comparing our exports."""

from __future__ import annotations

import argparse
import io
import random
import re
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lxml import etree  # noqa: E402

from bench.corpus import big_draft, median_seconds  # noqa: E402
from bench.diff import second_revision  # noqa: E402
from charter.compare.diff import compare  # noqa: E402
from charter.store import Store  # noqa: E402
from charter.word import export_bytes, redline_docx  # noqa: E402
from charter.word.ooxml import safe_parser  # noqa: E402

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TARGET = 0.5
_NUMBER = re.compile(r"^\s*\d+\.?\s*$")
_WORD = re.compile(r"\w+")


def marks(data: bytes) -> dict[str, int]:
    """Return counts of the tracked changes in a .docx: all, number-only, and words changed outside numbers."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = etree.fromstring(archive.read("word/document.xml"), safe_parser())
    counts = {"marks": 0, "number_only": 0, "paragraph_marks": 0, "words": 0, "moves": 0}
    for element in body.iter(f"{{{W}}}ins", f"{{{W}}}del", f"{{{W}}}moveFrom", f"{{{W}}}moveTo"):
        if element.getparent().tag == f"{{{W}}}rPr":
            counts["paragraph_marks"] += 1
            continue
        counts["marks"] += 1
        counts["moves"] += element.tag.endswith("}moveFrom") or element.tag.endswith("}moveTo")
        text = "".join(node.text or "" for node in element.iter(f"{{{W}}}t", f"{{{W}}}delText"))
        if _NUMBER.match(text):
            counts["number_only"] += 1
        else:
            counts["words"] += len(_WORD.findall(text))
    return counts


def paragraphs(data: bytes) -> list[tuple[str, bool]]:
    """Return each body paragraph's accepted text, and whether it has a tracked change beyond a number."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = etree.fromstring(archive.read("word/document.xml"), safe_parser())
    gone = {f"{{{W}}}del", f"{{{W}}}moveFrom"}
    found = []
    for p in body.iter(f"{{{W}}}p"):
        kept = [
            node.text or ""
            for node in p.iter(f"{{{W}}}t")
            if not any(ancestor.tag in gone for ancestor in node.iterancestors())
        ]
        changed = False
        for element in p.iter(f"{{{W}}}ins", f"{{{W}}}del", f"{{{W}}}moveFrom", f"{{{W}}}moveTo"):
            text = "".join(node.text or "" for node in element.iter(f"{{{W}}}t", f"{{{W}}}delText"))
            changed = changed or (element.getparent().tag != f"{{{W}}}rPr" and not _NUMBER.match(text))
        found.append(("".join(kept), changed))
    return found


def renumbered_shown_as_changed(data: bytes, leads: list[str]) -> int:
    """Return how many of the clauses whose text did not change have a paragraph marked beyond its number."""
    marked = paragraphs(data)
    return sum(1 for lead in leads if any(lead in text and changed for text, changed in marked))


def python_redlines(old: bytes, new: bytes, repeat: int) -> tuple[float, bytes] | str:
    """Return python-redlines' median time and output comparing the two files, or why it cannot run here."""
    try:
        from python_redlines.engines import DocxodusEngine  # type: ignore[import-not-found]
    except ImportError as err:
        return f"python-redlines is not installed ({err}); pip install 'python-redlines[docxodus]'"
    try:
        engine = DocxodusEngine()
        output, _, _ = engine.run_redline("python-redlines", old, new)  # also unpacks the .NET binary once
    except Exception as err:  # the engine is a .NET binary: any failure to start is reported, not raised
        return f"python-redlines' Docxodus engine cannot run here: {type(err).__name__}: {err}"
    seconds = median_seconds(lambda: engine.run_redline("python-redlines", old, new), repeat)
    return seconds, output


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures; return 1 when the redline misses its target."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clauses", type=int, default=300)
    parser.add_argument("--words", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    old = big_draft(args.clauses, args.words)
    new = second_revision(old, random.Random(3))
    with tempfile.TemporaryDirectory(prefix="charter-bench-") as folder:
        store = Store(Path(folder) / "charter.db")
        saved_old = store.create(old, "Leyla Mammadova", "first reading")
        saved_new = store.save(new.model_copy(update={"revision": 1}), 1, "John Smith", "second reading").draft
        comparison = compare(saved_old, saved_new)
        summary = comparison.summary
        words = sum(len(clause.text.split()) for clause in saved_old.clauses())
        leads = [
            (c.new_text or "").split("\n")[0][:80]
            for c in comparison.clauses
            if c.change == "unchanged" and c.old_number != c.new_number
        ]
        renumbered = len(leads)
        print(f"draft: {len(saved_old.clauses())} clauses, {words} words; changes: {summary.by_change}")
        print(f"renumbered clauses with unchanged text: {renumbered}")

        ours = median_seconds(lambda: redline_docx(store, "bench", 1, 2, io.BytesIO()), args.repeat)
        buffer = io.BytesIO()
        redline_docx(store, "bench", 1, 2, buffer)
        print(f"redline_docx (store to .docx, authorship included): {ours:.3f} s (median of {args.repeat})")

        old_file, new_file = export_bytes(saved_old), export_bytes(saved_new)
        theirs = python_redlines(old_file, new_file, args.repeat)
        ours_marks = marks(buffer.getvalue())
        print(f"ours:            {ours_marks}")
        if isinstance(theirs, str):
            print(theirs)
            print("no comparison; our figure stands alone")
            return 0
        seconds, output = theirs
        theirs_marks = marks(output)
        print(f"python-redlines: {theirs_marks}")
        print(f"python-redlines (Docxodus engine) on our two exports: {seconds:.3f} s (median of {args.repeat})")
        ratio = ours / seconds
        print(f"ratio redline/python-redlines: {ratio:.2f}x (target <= {TARGET}x)")
        print(
            f"words changed: comparison {summary.words_inserted + summary.words_deleted}, "
            f"ours {ours_marks['words']}, python-redlines {theirs_marks['words']}"
        )
        print(
            f"marks that only touch a number: ours {ours_marks['number_only']} "
            f"(old + new number of each renumbered clause), python-redlines {theirs_marks['number_only']}"
        )
        print(
            f"of the {renumbered} renumbered clauses with unchanged text, shown with changes beyond the number: "
            f"ours {renumbered_shown_as_changed(buffer.getvalue(), leads)}, "
            f"python-redlines {renumbered_shown_as_changed(output, leads)}"
        )
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
