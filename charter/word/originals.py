"""Each language's original as a Word file: its language tag, its own furniture, and its gaps highlighted.

The export writes the original from the draft's view in that language (`charter.bilingual.render`);
this module then tells Word which language the text is in (`w:lang`, so that spelling and
hyphenation use the right dictionary), writes the footer and draft line in that language, names
the language in the custom properties, and highlights in grey every part still in the working
language, each run of it tagged with the working language so that its spelling is checked as such.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from charter.bilingual.formulas import formulas
from charter.bilingual.render import project
from charter.bilingual.versions import NAMES, code_of, working_language
from charter.drafting.model import Draft
from charter.errors import WordError
from charter.word import names, ooxml

#: Word's language tags for the languages charter knows.
LOCALES = {
    "en": "en-GB",
    "az": "az-Latn-AZ",
    "ru": "ru-RU",
    "tr": "tr-TR",
    "fr": "fr-FR",
    "kk": "kk-KZ",
    "ka": "ka-GE",
}

#: The highlight of a part still in the working language (the brackets of negotiation are yellow).
UNTRANSLATED_HIGHLIGHT = "lightGray"

_P, _R, _T, _TAB, _RPR = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:tab"), qn("w:rPr")
_LANG, _VAL, _HIGHLIGHT = qn("w:lang"), qn("w:val"), qn("w:highlight")
_BOOKMARK_START, _BOOKMARK_END, _ID, _NAME = qn("w:bookmarkStart"), qn("w:bookmarkEnd"), qn("w:id"), qn("w:name")
_NUMBER = re.compile(r"^\d+\.$")
_FIELD = re.compile(r"\{(page|pages)\}")
_LINE_FIELD = re.compile(r"\{(name|revision|date)\}")


def locale(language: str) -> str:
    """Return Word's tag for a language code ('az' gives 'az-Latn-AZ'); raise WordError for an unknown one."""
    try:
        return LOCALES[code_of(language)]
    except KeyError:
        raise WordError(f"no Word language tag for '{language[:40]}'") from None


def set_document_language(document: DocxDocument, language: str) -> None:
    """Make `language` the language of all the document's text: the default run properties and theme fonts."""
    tag = locale(language)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(_RPR) if defaults is not None else None
    if rpr is not None:
        set_run_language(rpr, tag)
    for theme in document.settings.element.findall(qn("w:themeFontLang")):
        theme.set(_VAL, tag)


def set_run_language(rpr: etree._Element, tag: str) -> None:
    """Set `w:lang` on a run's (or the defaults') properties, where the schema puts it."""
    lang = rpr.find(_LANG)
    if lang is None:
        lang = OxmlElement("w:lang")
        successor = next(
            (c for c in rpr if c.tag in (qn("w:eastAsianLayout"), qn("w:specVanish"), qn("w:oMath"))), None
        )
        if successor is None:
            rpr.append(lang)
        else:
            successor.addprevious(lang)
    lang.set(_VAL, tag)


def mark_run(run: etree._Element, tag: str, *, highlight: bool) -> None:
    """Tag one run with a language, and highlight it grey unless it is highlighted already."""
    rpr = run.find(_RPR)
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        run.insert(0, rpr)
    if highlight and rpr.find(_HIGHLIGHT) is None:
        mark = OxmlElement("w:highlight", attrs={_VAL: UNTRANSLATED_HIGHLIGHT})
        # the highlight precedes underline, effects, ... and w:lang in a run's properties
        successor = next((c for c in rpr if c.tag in _AFTER_HIGHLIGHT), None)
        if successor is None:
            rpr.append(mark)
        else:
            successor.addprevious(mark)
    set_run_language(rpr, tag)


_AFTER_HIGHLIGHT = {
    qn(f"w:{tag}")
    for tag in (
        "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
        "eastAsianLayout", "specVanish", "oMath",
    )
}  # fmt: skip


def check_file_language(properties: Mapping[str, str], draft: Draft, language: str | None, label: str) -> None:
    """Raise WordError unless a file is the text an import in `language` reads (None: the working text).

    A file names its language in the charter.language property (no property: the working
    language); the bilingual table is never imported.
    """
    if properties.get(names.EXPORT_MODE, "").strip() == names.BILINGUAL_MODE:
        raise WordError(
            f"{label}: is the bilingual table for negotiators, which is not imported; "
            "import one language's original (charter export --lang) instead"
        )
    working = working_language(draft.settings)
    wanted = code_of(language) if language else working
    said = properties.get(names.LANGUAGE, "").strip() or working
    if said == wanted:
        return
    if said == working:
        raise WordError(
            f"{label}: is not the {NAMES.get(wanted, wanted)} original (it does not say so); export it with "
            f"charter export --lang {wanted}, translate that file, and import it"
        )
    raise WordError(f"{label}: is the {NAMES.get(said, said)} original of the draft; import it with --lang {said}")


def finish_original(document: DocxDocument, draft: Draft, language: str, properties: dict[str, str]) -> None:
    """Make a written export the original in `language`: language tags, furniture, properties, gaps marked.

    `properties` are the charter.* custom properties the export wrote; the language is added to them.
    """
    language = code_of(language)
    set_document_language(document, language)
    ooxml.set_custom_properties(document, {**properties, names.LANGUAGE: language})
    working = locale(working_language(draft.settings))
    if language == working_language(draft.settings):
        return
    projection = project(draft, language)
    _localize_furniture(document, language, properties)
    untranslated = {ooxml.bookmark_name(clause_id) for clause_id in projection.untranslated}
    body = document.element.body
    for paragraph in _bookmarked(body.iter(_P), untranslated):
        runs = paragraph.findall(_R)
        for index, run in enumerate(runs):
            if index == 0 and _is_number(run):
                continue
            mark_run(run, working, highlight=True)
    for paragraph in body.iter(_P):
        if projection.marker in _text(paragraph) and not _is_clause(paragraph, untranslated):
            for run in paragraph.iter(_R):
                mark_run(run, working, highlight=True)


def _localize_furniture(document: DocxDocument, language: str, properties: dict[str, str]) -> None:
    """Write the footer's 'Page X of Y' and the header's draft line in `language`, where it has them."""
    own = formulas(language)
    if own is None:
        return
    section = document.sections[0]
    page_of = own.get("page_of")
    footer = section.footer.paragraphs[0] if section.footer.paragraphs else None
    if page_of and footer is not None and "PAGE" in "".join(footer._p.itertext()):
        for run in list(footer._p.iter(_R)):
            run.getparent().remove(run)
        for piece in _FIELD.split(page_of):
            if piece in ("page", "pages"):
                ooxml.append_field(footer, "PAGE" if piece == "page" else "NUMPAGES")
            elif piece:
                footer.add_run(piece)
    draft_line = own.get("draft_line")
    if not draft_line:
        return
    for paragraph in section.header.paragraphs:
        text = paragraph.text
        if text.startswith("DRAFT: ") and paragraph.runs:
            date = text.rsplit(", ", 1)[-1]
            revision = properties.get(names.REVISION) or "\u2014"
            values = {"name": properties.get(names.DRAFT_NAME, ""), "revision": revision, "date": date}
            line = _fill_fields(draft_line, values)
            for run in paragraph.runs[1:]:
                run._r.getparent().remove(run._r)
            paragraph.runs[0].text = ooxml.xml_safe(line)


def _fill_fields(pattern: str, values: dict[str, str]) -> str:
    """Return a furniture pattern with its {name}, {revision} and {date} filled in, in one pass."""
    return _LINE_FIELD.sub(lambda match: values[match.group(1)], pattern)


def _bookmarked(paragraphs: Iterable[etree._Element], wanted: set[str]) -> Iterable[etree._Element]:
    """Yield the paragraphs inside the bookmarks named in `wanted`."""
    open_ids: set[str] = set()
    for paragraph in paragraphs:
        starts = {b.get(_ID) for b in paragraph.iter(_BOOKMARK_START) if b.get(_NAME) in wanted}
        open_ids |= {i for i in starts if i is not None}
        if open_ids:
            yield paragraph
        open_ids -= {b.get(_ID) for b in paragraph.iter(_BOOKMARK_END)}


def _is_clause(paragraph: etree._Element, untranslated: set[str]) -> bool:
    return any(b.get(_NAME) in untranslated for b in paragraph.iter(_BOOKMARK_START))


def _is_number(run: etree._Element) -> bool:
    return run.find(_TAB) is not None and bool(_NUMBER.match("".join(t.text or "" for t in run.iter(_T))))


def _text(paragraph: etree._Element) -> str:
    return "".join(t.text or "" for t in paragraph.iter(_T))
