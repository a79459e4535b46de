"""Layout checks on built PDF and DOCX files: what a reader sees, measured.

PDF (pdfplumber glyph boxes): glyphs outside the page or below the bottom margin (the page
number line excepted), pairs of glyphs drawn over each other, and every cell of a generated
table found in the text in reading order. DOCX: each table's grid against the text width;
its styles graded as the PDF's (heading sizes and weights read from styles.xml); its drawings
inline, flush and inside the text width; space after each table; hyphenation on.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pdfplumber

from scripts.data import declared_tables as declared

CM = 72 / 2.54
BOTTOM_MARGIN = 2.5 * CM
# Two glyph boxes overlap when they share more than this part of the larger one; letters
# that merely touch (kerning, italics, a full stop tucked under a W) share far less.
OVERLAP = 0.3
# LibreOffice is a test-time client only: how to get it where it is missing.
SOFFICE_HINT = (
    "LibreOffice (soffice) is not on PATH: install it to check the DOCX as a reader "
    "sees it, e.g. `apt-get install libreoffice-writer`, or from https://www.libreoffice.org"
)


def glyphs(page) -> list[dict]:
    return [c for c in page.chars if c["text"].strip()]


def _is_page_number(line: list[dict]) -> bool:
    return all(c["text"].isdigit() for c in line)


def baseline(page, char: dict) -> float:
    """Distance of the glyph's baseline from the top of the page (descenders may hang below
    the last line's baseline into the margin, as in any typesetting)."""
    return page.height - char["matrix"][5]


def outside(page) -> list[dict]:
    """Glyphs off the page, or standing below the bottom margin other than the page number's line."""
    chars = glyphs(page)
    off = [c for c in chars if c["x0"] < 0 or c["top"] < 0 or c["x1"] > page.width or c["bottom"] > page.height]
    low = [c for c in chars if baseline(page, c) > page.height - BOTTOM_MARGIN + 1 and c not in off]
    lines: dict[int, list[dict]] = {}
    for c in low:
        lines.setdefault(round(c["top"]), []).append(c)
    return off + [c for line in lines.values() if not _is_page_number(line) for c in line]


def overlapping_pairs(page) -> list[tuple[dict, dict]]:
    """Pairs of glyphs whose boxes share more than OVERLAP of the larger one."""
    chars = sorted(glyphs(page), key=lambda c: c["x0"])
    found = []
    for i, a in enumerate(chars):
        area_a = (a["x1"] - a["x0"]) * (a["bottom"] - a["top"])
        for b in chars[i + 1 :]:
            if b["x0"] >= a["x1"]:
                break
            width = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            if width <= 0 or height <= 0:
                continue
            area_b = (b["x1"] - b["x0"]) * (b["bottom"] - b["top"])
            if width * height > OVERLAP * max(area_a, area_b, 1e-6):
                found.append((a, b))
    return found


def pdf_problems(path: Path) -> dict[str, int]:
    """Pages, glyphs outside the text area and overlapping glyph pairs of a PDF."""
    with pdfplumber.open(path) as pdf:
        return {
            "pages": len(pdf.pages),
            "outside": sum(len(outside(page)) for page in pdf.pages),
            "overlapping": sum(len(overlapping_pairs(page)) for page in pdf.pages),
        }


def glyphs_per_page(path: Path) -> float:
    """How much text a page of the PDF holds: the median glyph count of its pages of running
    text (all but the first and the last, which the title block and the references fill otherwise)."""
    with pdfplumber.open(path) as pdf:
        counts = [len(glyphs(page)) for page in pdf.pages]
    inner = sorted(counts[1:-1] or counts)
    return float(inner[len(inner) // 2])


def length_ratio(rendered: Path, typst: Path) -> float:
    """The rendered DOCX's pages over the PDF's, each file's pages counted at its own density: a
    two-column 10 pt PDF holds twice what a one-column 12 pt manuscript page does, and that is
    no sign of a page the DOCX wastes (a squeezed table, a figure alone on a page, a blank page)."""
    pages = {path: pdf_problems(path)["pages"] for path in (rendered, typst)}
    return (pages[rendered] / pages[typst]) * (glyphs_per_page(rendered) / glyphs_per_page(typst))


# ---------------------------------------------------------------- tables in reading order

QUOTES = str.maketrans("\u2018\u2019\u201c\u201d\u00a0", "''\"\" ")
HYPHENS = re.compile(r"[-\u00ad\u2010\u2011]")


def words_of(text: str) -> list[str]:
    """Words with typographic quotes plain and hyphens left out (a line may break at one)."""
    return [HYPHENS.sub("", word) for word in text.translate(QUOTES).split()]


def pdf_words(path: Path, join_broken: bool = True) -> list[str]:
    """The words of a PDF in reading order, a word broken at a hyphen joined again (unless
    `join_broken` is false: a table header's line ends are not a word's next line)."""
    with pdfplumber.open(path) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    return words_of(re.sub(r"(\w)[-\u00ad\u2010]\n(\w)", r"\1\2", text) if join_broken else text)


def markdown_table(path: Path) -> list[list[str]]:
    """Header and body rows of a generated pipe table (tables.to_markdown), cells unescaped."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("|")]
    rows = []
    for line in [lines[0], *lines[2:]]:
        cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
        rows.append([re.sub(r"\\(.)", r"\1", cell).strip() for cell in cells])
    return rows


def _subsequence_end(words: list[str], start: int, wanted: list[str]) -> int | None:
    """Index after the last of `wanted` found in order in words[start:], or None."""
    at = start
    for word in wanted:
        while at < len(words) and words[at] != word:
            at += 1
        if at == len(words):
            return None
        at += 1
    return at


def _splits(word: str) -> list[list[str]]:
    """`word` (soft hyphens marking where it may break) whole, or in two pieces at one of them."""
    pieces = word.split("\u00ad")
    return [["".join(pieces)]] + [["".join(pieces[:i]), "".join(pieces[i:])] for i in range(1, len(pieces))]


def _piece_end(words: list[str], start: int, pieces: list[str]) -> int | None:
    """Index after `pieces` found in order from `start`. pdf_words joins a piece ending a line
    with the next line's first word ("Trian-" + "view": "Trianview"), so the first of two
    pieces may lead a word and the second may end one."""
    if len(pieces) == 1:
        return _subsequence_end(words, start, pieces)
    first, second = pieces
    for at in range(start, len(words)):
        if words[at].startswith(first):
            for end in range(at + 1, len(words)):
                if words[end].endswith(second):
                    return end + 1
            return None
    return None


def _broken_cell_end(words: list[str], start: int, cell: str) -> int | None:
    """Like _subsequence_end for a cell whose words may break at a hyphen, soft ("Trian-gu-lated")
    or not ("anak-anak"): in a narrow column the reading order puts the other cells' first lines
    between the pieces."""
    at = start
    for word in HYPHENS.sub("\u00ad", cell.translate(QUOTES)).split():
        ends = [_piece_end(words, at, pieces) for pieces in _splits(word)]
        found = [end for end in ends if end is not None]
        if not found:
            return None
        at = min(found)
    return at


def table_cells_missing(words: list[str], table: list[list[str]]) -> list[str]:
    """Cells of `table` not found in `words` in reading order: row by row, each row below the
    one before (its words after every word of the previous row), a cell's words in order (a
    word with hyphens whole or in two pieces at one of them)."""
    missing, row_start = [], 0
    for row in table:
        row_end = row_start
        for cell in row:
            wanted = words_of(cell)
            if not wanted:
                continue
            end = _subsequence_end(words, row_start, wanted)
            if end is None and HYPHENS.search(cell):
                end = _broken_cell_end(words, row_start, cell)
            if end is None:
                missing.append(cell)
            else:
                row_end = max(row_end, end)
        row_start = row_end
    return missing


# ---------------------------------------------------------------- DOCX tables


def docx_text_width(document) -> int:
    section = document.sections[-1]
    return round((section.page_width - section.left_margin - section.right_margin) / 635)  # EMU → twips


def docx_grids(path: Path) -> tuple[int, list[tuple[list[str], list[int]]]]:
    """The text width (twips) and, per table, its header cells and grid column widths."""
    from docx.oxml.ns import qn

    document = docx.Document(path)
    grids = []
    for table in document.tables:
        cols = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        grids.append(([cell.text for cell in table.rows[0].cells], cols))
    return docx_text_width(document), grids


# ---------------------------------------------------------------- DOCX styles and drawings

EMU_PER_TWIP = 635
HEADINGS = ("Heading 1", "Heading 2", "Heading 3")


def docx_style_grade(document, name: str) -> tuple[float, bool]:
    """(size in pt, bold) of paragraph style `name` as Word resolves it: through its base styles."""
    style, size, bold = document.styles[name], None, None
    while style is not None and (size is None or bold is None):
        size = size if size is not None else (style.font.size.pt if style.font.size else None)
        bold = bold if bold is not None else style.font.bold
        style = style.base_style
    return size or 0.0, bool(bold)


def docx_grading_problems(path: Path) -> list[str]:
    """Each heading level not above the next in size, or at the same size, in weight."""
    document = docx.Document(path)
    grades = [docx_style_grade(document, name) for name in HEADINGS]
    return [
        f"{upper} {grades[i]} is not above {lower} {grades[i + 1]}"
        for i, (upper, lower) in enumerate(zip(HEADINGS, HEADINGS[1:]))
        if not grades[i] > grades[i + 1]
    ]


def docx_flow_problems(path: Path) -> list[str]:
    """What lets a widow, an orphan or a heading at a page foot through: no widow control on
    Normal (the base of every paragraph style), or a heading not kept with the next paragraph."""
    document = docx.Document(path)
    problems = [] if document.styles["Normal"].paragraph_format.widow_control else ["Normal: no widow control"]
    return problems + [
        f"{name}: not kept with the next paragraph"
        for name in HEADINGS
        if not document.styles[name].paragraph_format.keep_with_next
    ]


def docx_drawing_problems(path: Path) -> list[str]:
    """Drawings that float (and may stand over a table), keep a distance from the text that
    pushes them aside, or are wider than the text; tables with no space before the next paragraph."""
    from docx.oxml.ns import qn

    document = docx.Document(path)
    width = docx_text_width(document) * EMU_PER_TWIP
    body = document.element.body
    wp = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
    floating = len(list(body.iter(f"{wp}anchor")))
    problems = [f"{floating} floating drawing(s)"] if floating else []
    for inline in body.iter(f"{wp}inline"):
        cx = int(inline.find(f"{wp}extent").get("cx"))
        if cx > width:
            problems.append(f"a drawing {cx} EMU wide in a text width of {width}")
        if any(int(inline.get(side, "-1")) != 0 for side in ("distL", "distR")):
            problems.append("a drawing with a distance from the text around it (LibreOffice takes 0.125 in)")
    for table in body.iter(qn("w:tbl")):
        following = table.getnext()
        spacing = following.find(f"{qn('w:pPr')}/{qn('w:spacing')}") if following is not None else None
        if (
            following is not None
            and following.tag == qn("w:p")
            and (spacing is None or int(spacing.get(qn("w:before"), "0")) == 0)
        ):
            problems.append("a table with no space before the paragraph after it")
    return problems


def docx_hyphenation(path: Path) -> tuple[bool, str | None]:
    """(automatic hyphenation on in settings.xml, the document's default language)."""
    from docx.oxml.ns import qn

    document = docx.Document(path)
    settings = document.settings.element
    lang = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    return settings.find(qn("w:autoHyphenation")) is not None, None if lang is None else lang.get(qn("w:val"))


# ---------------------------------------------------------------- LibreOffice


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(path: Path, out_dir: Path) -> Path:
    """The DOCX as LibreOffice renders it, converted to PDF in `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = out_dir / "profile"
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out_dir / (path.stem + ".pdf")


# ---------------------------------------------------------------- the checks the tests run


def check_pdf(pdf: Path, tables_dir: Path) -> dict[str, int]:
    problems = pdf_problems(pdf)
    assert problems["outside"] == 0, f"{pdf}: {problems}"
    assert problems["overlapping"] == 0, f"{pdf}: {problems}"
    # A cell is there if either reading finds it: prose and cells broken at a hyphen read whole
    # in the first, a header whose words break at soft hyphens (its pieces on other lines than
    # the cells beside them) in the second.
    readings = [pdf_words(pdf), pdf_words(pdf, join_broken=False)]
    for table in sorted(tables_dir.glob("*.md")):
        cells = markdown_table(table)
        missing = [set(table_cells_missing(words, cells)) for words in readings]
        assert missing[0] & missing[1] == set(), f"{pdf}: {table.name}: {sorted(missing[0] & missing[1])[:3]}"
    return problems


def images_outside_text(pdf: Path, margin: float = 2.5 * CM, slack: float = 1.0) -> list[str]:
    """Images of a rendered PDF that cross the left or right text edge (by more than `slack` pt)."""
    found = []
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, 1):
            for image in page.images:
                if image["x0"] < margin - slack or image["x1"] > page.width - margin + slack:
                    found.append(f"page {number}: image at {image['x0']:.1f}–{image['x1']:.1f} pt")
    return found


def check_docx_styles(path: Path, lang: str) -> None:
    assert docx_grading_problems(path) == [], path
    assert docx_flow_problems(path) == [], path
    assert docx_drawing_problems(path) == [], path
    auto, default = docx_hyphenation(path)
    assert auto and default and default.split("-")[0] == lang, (path, auto, default)


def check_docx_tables(path: Path, tables_dir: Path) -> None:
    width, grids = docx_grids(path)
    long_text = {
        tuple(markdown_table(tables_dir / f"{name}.md")[0]): decl.long_text_index()
        for name, decl in declared.load_all(tables_dir.parents[2] / declared.FOLDER).items()
        if decl.long_text
    }
    assert len(grids) == len(list(tables_dir.glob("*.md")))
    for header, cols in grids:
        assert sum(cols) == width, f"{path}: {header} spans {sum(cols)} of {width} twips"
        if tuple(header) in long_text:
            column = long_text[tuple(header)]
            assert cols[column] == max(cols), f"{path}: {header[column]} is not the widest column"


# ---------------------------------------------------------------- typesetting (issue 18)

SEPARATOR_CELL = re.compile(r":?(-+):?")


def column_shares(path: Path) -> list[float]:
    """Each column's share of the text width in a generated pipe table (its separator's dashes,
    the relative widths pandoc hands to typst and the DOCX grid)."""
    separator = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("|")][1]
    # pandoc counts a cell's alignment colons with its dashes.
    dashes = [len(SEPARATOR_CELL.fullmatch(cell.strip())[0]) for cell in separator.strip().strip("|").split("|")]
    return [d / sum(dashes) for d in dashes]


def _is_body_text(page, obj: dict) -> bool:
    """Not a running head or a review line number (both grey, whatever their size in a journal's
    profile) nor the page number in the foot."""
    if obj.get("object_type") != "char":
        return True
    return not any(obj.get("non_stroking_color") or ()) and obj["top"] < page.height - BOTTOM_MARGIN


def _body(page):
    return page.filter(lambda obj: _is_body_text(page, obj))


def in_two_columns(pdf) -> bool:
    """Whether a PDF is set in two columns: most of its text lines leave the middle of the page
    blank (in one column most lines run across it; in two only a title block or a table does)."""
    middle = pdf.pages[0].width / 2
    lines = [line for page in pdf.pages for line in _body(page).extract_text_lines(return_chars=True)]
    across = [line for line in lines if any(c["x0"] < middle + 3 and c["x1"] > middle - 3 for c in line["chars"])]
    return len(across) * 2 < len(lines)


def pages_with_text_in_the_gutter(path: Path, size: float) -> list[int]:
    """Pages where body text (black, of the body's `size`) stands within 5 pt of the middle of the
    page: in two columns, in the gutter."""
    found = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            middle = page.width / 2
            body = [c for c in _body(page).chars if c["text"].strip() and abs(c["size"] - size) < 0.05]
            if any(c["x1"] > middle - 5 and c["x0"] < middle + 5 for c in body):
                found.append(number)
    return found


def _text_lines(page, two_columns: bool = False) -> list[str]:
    """The page's body text lines in reading order; in two columns the left column's, then the right's."""
    body, middle = _body(page), page.width / 2
    halves = (
        [body.within_bbox((0, 0, middle, page.height)), body.within_bbox((middle, 0, page.width, page.height))]
        if two_columns
        else [body]
    )
    return [line for half in halves for line in (half.extract_text() or "").splitlines()]


def pdf_lines(path: Path, first_page: int = 1) -> list[str]:
    """Every text line of a PDF from `first_page` (running heads and line numbers left out)."""
    with pdfplumber.open(path) as pdf:
        two_columns = in_two_columns(pdf)
        return [line for page in pdf.pages[first_page - 1 :] for line in _text_lines(page, two_columns)]


def hyphenated_line_ends(path: Path, first_page: int = 1) -> int:
    """Lines ending in a word broken at a hyphenation point (typst's own or a soft hyphen), from
    `first_page` on (2: the body alone, past page 1's abstracts in both languages)."""
    return sum(1 for line in pdf_lines(path, first_page) if re.search(r"\w[\u00ad\u2010-]$", line.rstrip()))


# A count or day ending a line ("7", "20–29"), not a year or a reference's volume (four digits
# or more, or after a comma).
SPLIT_NUMBER = re.compile(r"(?:^|\s)(\d{1,3}(?:[–-]\d{1,3})?)$")


def numbers_split_from_their_word(path: Path, months: list[str], labels: list[str] = ()) -> list[str]:
    """Line ends where a count is cut from its noun, or a day from its month ("7 / Cs",
    "2 / November"). A table's numeric column ends a line with a number followed by a
    number; that is not a split, nor is a number after one of `labels` ("Table 1 / summarizes")."""
    lines = pdf_lines(path)
    found = []
    for line, following in zip(lines, lines[1:], strict=False):
        end = SPLIT_NUMBER.search(line.rstrip())
        if end and any(line.rstrip()[: end.start(1)].rstrip().endswith(label) for label in labels):
            continue
        first = following.split()[0] if following.split() else ""
        # The noun after a count starts lower-case or is short ("Cs"); a day is followed by its month.
        if end and first[:1].isalpha() and (first.strip(",.;:") in months or first[:1].islower() or len(first) <= 3):
            found.append(f"{line[-30:]} / {following[:30]}")
    return found


def continued_pages_unlabelled(path: Path, header: list[str], caption_start: str, label: str) -> list[int]:
    """Pages where a table's header row (its first two cells, on one line) repeats without its
    caption and without a continuation label."""
    row = " ".join(header[:2])
    unlabelled = []
    with pdfplumber.open(path) as pdf:
        two_columns = in_two_columns(pdf)
        for number, page in enumerate(pdf.pages, start=1):
            lines = _text_lines(page, two_columns)
            text = page.extract_text() or ""
            if any(row in line for line in lines) and caption_start not in text and label not in text:
                unlabelled.append(number)
    return unlabelled


def small_numerals_before_counted_nouns(text: str, nouns: list[str]) -> list[str]:
    """Prose that writes a count under ten as a numeral before a noun the build counts ("3 sources"),
    where APA and PUEBI spell it ("three sources", "tiga sumber"). Names such as "7 Cs" are not
    counted nouns, and a table's numerals stand apart from them."""
    words = "|".join(sorted((re.escape(noun) for noun in nouns), key=len, reverse=True))
    found = re.finditer(rf"(?<![\d.,])\b([1-9])[ \u00a0]+({words})\b", text)
    return [match.group(0) for match in found]
