"""What the journal profile's `page` and `front_matter` parts (build/journal/page.json) make of the PDF.

templates/article.typ reads them as pandoc variables (`-V name=value`, each a typst value written
out), so the default profile's values give the template's text as it was; the fonts typst needs
besides its own; and the edition's metadata without what the front matter leaves out.
"""

from __future__ import annotations

import re
from importlib.util import find_spec
from pathlib import Path

from scripts.article.soft_hyphens import meta_text

# Fonts typst carries itself; the others are matplotlib's (a build dependency) TTFs.
BUNDLED_FONTS = ("Libertinus Serif", "New Computer Modern")
MATPLOTLIB_FONTS = "mpl-data/fonts/ttf"

# Small capitals drawn from capitals: STIXGeneral and DejaVu Serif have none of their own.
HEADING_CASE = {
    "upper": "upper(it.body)",
    "small-caps": r'{ show regex("\\p{Ll}+"): word => text(size: 0.8em, upper(word)); it.body }',
    "as-written": "it.body",
}
# Where "here" asks for no float at all.
PLACEMENT = {"auto": "auto", "top": "top", "bottom": "bottom", "here": "none"}
LENGTH = re.compile(r"^(?P<number>\d+(?:\.\d+)?)(?P<unit>pt|mm|cm|in|em)$")


def shifted(length: str, points: float) -> str:
    """`length` (in pt) plus `points`, written as typst writes a length: 11pt + 1 -> 12pt."""
    match = LENGTH.match(length)
    if not match or match["unit"] != "pt":
        return f"{length} + {points:g}pt"
    return f"{float(match['number']) + points:g}pt"


def margin(values: dict) -> str:
    """The page margins as typst's `margin:` dictionary; `x:` when both sides are the same."""
    sides = (
        f"x: {values['inside']}"
        if values["inside"] == values["outside"]
        else f"inside: {values['inside']}, outside: {values['outside']}"
    )
    return f"({sides}, top: {values['top']}, bottom: {values['bottom']})"


def numbering(pattern: str) -> str:
    return "none" if pattern == "none" else f'"{pattern}"'


def variables(part: dict) -> dict[str, str]:
    """The template's variables from the page part: every one a typst value or expression."""
    page, front = part["page"], part["front_matter"]
    caption = page.get("caption") or {}
    size = page["font_size"]
    found = {
        "page-paper": page["paper"],
        "page-margin": margin(page["margin"]),
        **{f"page-margin-{side}": length for side, length in page["margin"].items()},
        "page-font": page["font"],
        "page-font-size": size,
        "page-leading": page["leading"],
        "page-paragraph-spacing": page.get("paragraph_spacing", "0.9em"),
        "page-first-line-indent": page.get("first_line_indent", "1.2em"),
        "heading-numbering": numbering(page["heading_numbering"]),
        "heading-1-size": shifted(size, 1),
        "heading-size": size,
        "heading-1-body": HEADING_CASE[page["heading_case"]],
        "table-text-size": shifted(size, -2),
        "caption-size": caption.get("size", "9.5pt"),
        "figure-placement": PLACEMENT[page.get("figures", "auto")],
        # Where a table starts, for its "(continued)" label: a table that stands where it is
        # placed starts there; a floating one where its caption is set.
        "table-start": "figure.where(kind: table)",
        "table-caption": ".caption.body",
    }
    flags = {
        "heading-numbered": page["heading_numbering"] != "none",
        "caption-label-bold": caption.get("label") == "bold",
        "caption-left": caption.get("align") == "left",
        "two-columns": page["columns"] == 2,
        "tables-float": page.get("tables", "here") == "top",
        "keywords-before": front.get("keywords") == "before-abstract",
        "corresponding-footnote": front.get("corresponding") == "footnote",
        "hide-orcid": front.get("orcid") is False,
    }
    if flags["two-columns"] or flags["tables-float"]:
        found.update({"table-start": "figure.caption.where(kind: table)", "table-caption": ".body"})
    if page["columns"] == 2:
        found["column-gap"] = page.get("column_gap", "0.8cm")
        # A float spanning both columns: typst cannot place "here" across them.
        if found["figure-placement"] == "none":
            found["figure-placement"] = "auto"
    found.update({name: "true" for name, on in flags.items() if on})
    return found


def pandoc_args(part: dict) -> list[str]:
    return [f"--variable={name}={value}" for name, value in sorted(variables(part).items())]


def font_paths(part: dict) -> list[str]:
    """The folder of the body font when typst does not carry it (matplotlib's TTFs), else none:
    the PDF embeds the font, never the folder it came from."""
    if part["page"]["font"] in BUNDLED_FONTS:
        return []
    spec = find_spec("matplotlib")
    if spec is None or spec.origin is None:
        return []
    return [str(Path(spec.origin).parent / MATPLOTLIB_FONTS)]


def front_matter_doc(doc: dict, part: dict) -> dict:
    """The edition's document as the front matter shows it: without the other editions' titles
    and abstracts when the journal prints its own language alone (`other_language: false`)."""
    if part["front_matter"].get("other_language", True):
        return doc
    meta = dict(doc["meta"])
    meta.pop("other-titles", None)
    own = meta_text(meta.get("typst-lang", {"t": "MetaString", "c": ""}))
    abstracts = meta.get("abstracts")
    if abstracts and abstracts.get("t") == "MetaList":
        kept = [item for item in abstracts["c"] if meta_text(item["c"].get("typst-lang", {})) == own]
        meta["abstracts"] = {"t": "MetaList", "c": kept}
    return {**doc, "meta": meta}
