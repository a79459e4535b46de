"""Compare two pandoc documents (JSON AST) and merge them into one with the changes marked.

The body is compared, and of the metadata what a reader sees as text: the titles, the
abstracts and their keywords.

The merged document holds the new version's text with `Span`s of class `insertion` and
`deletion` (attributes `author`, `date`) around what changed, which pandoc's DOCX writer
turns into tracked changes (`w:ins`/`w:del`) and templates/changes.lua into colour for typst.

Three levels of alignment, each with difflib (the standard library's sequence matcher):
- blocks: a document's blocks are matched as whole units, so a moved or new paragraph is one
  deletion and one insertion; two blocks of the same kind in a changed stretch are paired
  when they share an id, when their words are similar, or when each side has just one;
- table rows and cells: a table is compared row by row and cell by cell;
- words: inside a paired paragraph, heading or cell, the words (pandoc's `Str`s) are compared,
  so only the changed words are marked. A citation, link, image, note, code or formula is
  one word; emphasis and quotes are looked into. White space is one kind of token whatever
  its form, so re-wrapped lines are no change.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import groupby, zip_longest

INSERTION = "insertion"
DELETION = "deletion"
# Inlines that hold inlines and are looked into: their content is at this index of "c"
# (None: "c" is the list itself).
WRAPPERS = {
    "Emph": None,
    "Strong": None,
    "Underline": None,
    "Strikeout": None,
    "Superscript": None,
    "Subscript": None,
    "SmallCaps": None,
    "Quoted": 1,
    "Span": 1,
}
SPACES = {"Space", "SoftBreak"}
# A word's letters and digits, or one other character: "findings." is "findings" and ".",
# so a citation added before the full stop leaves the word alone, and "40%" → "38%" marks 40 → 38.
PIECES = re.compile(r"\w+|\W", re.UNICODE)
# Two blocks of the same kind are one block changed when this share of their words is common.
SIMILAR = 0.5
INLINE_BLOCKS = {"Para", "Plain"}


@dataclass(frozen=True)
class Mark:
    """Who and when, for every change span."""

    author: str
    date: str  # ISO 8601, as Word wants it: 2026-11-28T00:00:00Z


# What makes two pieces of a document the same.


def canonical(node):
    """A node with what does not matter for comparison removed: soft breaks read as spaces,
    citation counters (which shift when a citation is added before) dropped, images compared
    by their `sha256` attribute when they have one (else by path)."""
    if isinstance(node, dict):
        kind = node.get("t")
        if kind == "SoftBreak":
            return {"t": "Space"}
        if kind == "Image" and _attribute(node["c"][0], "sha256"):
            return {"t": "Image", "sha256": _attribute(node["c"][0], "sha256"), "alt": canonical(node["c"][1])}
        return {key: canonical(value) for key, value in node.items() if key not in ("citationHash", "citationNoteNum")}
    if isinstance(node, list):
        return [canonical(item) for item in node]
    return node


def key_of(node) -> str:
    return json.dumps(canonical(node), sort_keys=True, ensure_ascii=False)


def _attribute(attr, name):
    return dict(attr[2]).get(name)


def words(node) -> list[str]:
    """The words of any piece of a document, in order."""
    if isinstance(node, dict):
        kind = node.get("t")
        if kind == "Str":
            return [node["c"]]
        if kind in ("Code", "Math"):
            return [node["c"][-1]]
        if kind == "Cite":
            return words(node["c"][1])
        if kind == "Image":
            return ["[image]"]
        return words(node.get("c"))
    if isinstance(node, list):
        return [word for item in node for word in words(item)]
    return []


def similarity(old, new) -> float:
    return SequenceMatcher(None, words(old), words(new), autojunk=False).ratio()


# Marking a whole piece as inserted or deleted.


def span(kind: str, inlines: list, mark: Mark) -> dict:
    return {"t": "Span", "c": [["", [kind], [["author", mark.author], ["date", mark.date]]], inlines]}


def signed(node, author: str):
    """`node` (a document or any part of it) with every change span's author set to `author`."""
    if isinstance(node, list):
        return [signed(item, author) for item in node]
    if not isinstance(node, dict):
        return node
    if node.get("t") == "Span" and set(node["c"][0][1]) & {INSERTION, DELETION}:
        (ident, classes, attrs), inlines = node["c"]
        attrs = [[key, author if key == "author" else value] for key, value in attrs]
        return {"t": "Span", "c": [[ident, classes, attrs], signed(inlines, author)]}
    return {key: signed(value, author) for key, value in node.items()}


def mark_inlines(inlines: list, kind: str, mark: Mark) -> list:
    return [span(kind, inlines, mark)] if inlines else []


def mark_blocks(blocks: list, kind: str, mark: Mark) -> list:
    return [mark_block(block, kind, mark) for block in blocks]


def _target(attr: list, kind: str) -> list:
    """A deleted block's attributes without its id: the id belongs to the text that stays."""
    return ["", *attr[1:]] if kind == DELETION else attr


def mark_block(block: dict, kind: str, mark: Mark) -> dict:
    """The block with all its text inside `kind` spans."""
    t, c = block["t"], block.get("c")
    if t in INLINE_BLOCKS:
        return {"t": t, "c": mark_inlines(c, kind, mark)}
    if t == "Header":
        return {"t": t, "c": [c[0], _target(c[1], kind), mark_inlines(c[2], kind, mark)]}
    if t == "LineBlock":
        return {"t": t, "c": [mark_inlines(line, kind, mark) for line in c]}
    if t in ("BlockQuote",):
        return {"t": t, "c": mark_blocks(c, kind, mark)}
    if t == "Div":
        return {"t": t, "c": [_target(c[0], kind), mark_blocks(c[1], kind, mark)]}
    if t == "BulletList":
        return {"t": t, "c": [mark_blocks(item, kind, mark) for item in c]}
    if t == "OrderedList":
        return {"t": t, "c": [c[0], [mark_blocks(item, kind, mark) for item in c[1]]]}
    if t == "DefinitionList":
        return {
            "t": t,
            "c": [[mark_inlines(term, kind, mark), [mark_blocks(d, kind, mark) for d in defs]] for term, defs in c],
        }
    if t == "Figure":
        return {"t": t, "c": [_target(c[0], kind), _mark_caption(c[1], kind, mark), mark_blocks(c[2], kind, mark)]}
    if t == "Table":
        table = {"t": t, "c": [_target(c[0], kind), _mark_caption(c[1], kind, mark), *c[2:]]}
        return _map_table_cells(table, lambda cell_blocks: mark_blocks(cell_blocks, kind, mark))
    if t == "CodeBlock":
        return {"t": "Para", "c": mark_inlines([{"t": "Code", "c": c}], kind, mark)}
    return block  # HorizontalRule, RawBlock: nothing a reader could accept or reject


def _mark_caption(caption, kind, mark):
    return [caption[0], mark_blocks(caption[1], kind, mark)]


def _map_table_cells(table: dict, fn) -> dict:
    attr, caption, colspecs, head, bodies, foot = table["c"]

    def rows(rs):
        return [[row[0], [[*cell[:4], fn(cell[4])] for cell in row[1]]] for row in rs]

    return {
        "t": "Table",
        "c": [
            attr,
            caption,
            colspecs,
            [head[0], rows(head[1])],
            [[body[0], body[1], rows(body[2]), rows(body[3])] for body in bodies],
            [foot[0], rows(foot[1])],
        ],
    }


# Words.


@dataclass(frozen=True)
class Token:
    """One word, space or atom of a paragraph, with the emphasis, quotes and spans around it."""

    key: str
    inline: dict
    wrappers: tuple  # ((type, json of what besides the content), ...) outermost first


def tokens(inlines: list, wrappers: tuple = ()) -> list[Token]:
    found = []
    for inline in inlines:
        t = inline["t"]
        if t in WRAPPERS:
            index = WRAPPERS[t]
            content = inline["c"] if index is None else inline["c"][index]
            rest = None if index is None else inline["c"][:index]
            found += tokens(content, wrappers + ((t, json.dumps(rest, sort_keys=True)),))
        elif t == "Str":
            found += [
                Token(key_of({"t": "Str", "c": piece}), {"t": "Str", "c": piece}, wrappers)
                for piece in PIECES.findall(inline["c"])
            ]
        else:
            key = "space" if t in SPACES else key_of(inline)
            found.append(Token(key, inline, wrappers))
    return found


def _wrap(wrapper: tuple, content: list) -> dict:
    t, rest = wrapper
    return {"t": t, "c": content if WRAPPERS[t] is None else [*json.loads(rest), content]}


def rebuild(items: list[tuple[str | None, Token]], mark: Mark, depth: int = 0) -> list:
    """Inlines from (change kind or None, token) pairs: wrappers restored, changes as spans."""
    out = []

    def wrapper_at(item):
        wrappers = item[1].wrappers
        return wrappers[depth] if len(wrappers) > depth else None

    for wrapper, group in groupby(items, key=wrapper_at):
        group = list(group)
        if wrapper is not None:
            out.append(_wrap(wrapper, rebuild(group, mark, depth + 1)))
            continue
        for kind, run in groupby(group, key=lambda item: item[0]):
            inlines = [token.inline for _, token in run]
            out += inlines if kind is None else [span(kind, inlines, mark)]
    return out


def diff_inlines(old: list, new: list, mark: Mark) -> list:
    """The new inlines with the words that changed since the old ones marked."""
    a, b = tokens(old), tokens(new)
    opcodes = SequenceMatcher(None, [t.key for t in a], [t.key for t in b], autojunk=False).get_opcodes()
    items = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        lone_space = tag == "equal" and 0 < index < len(opcodes) - 1 and all(t.key == "space" for t in b[j1:j2])
        if tag == "equal" and not lone_space:
            items += [(None, token) for token in b[j1:j2]]
        else:
            # A space alone between two changes joins them: "~~a b~~ x y", not "~~a~~ x ~~b~~ y".
            items += [(DELETION, token) for token in a[i1:i2]] + [(INSERTION, token) for token in b[j1:j2]]
    return rebuild(_merge_runs(items), mark)


def _merge_runs(items):
    """Within each changed stretch, the deletions first and then the insertions. Where the two
    would touch ("throughouton"), the unchanged space next to the stretch goes into both: the
    deletion and the insertion each end (or start) with it, so the marked text reads "throughout
    on" and accepting or rejecting every change gives either version with its spacing."""
    merged, stretch = [], []
    items = items + [(None, None)]
    position = 0
    while position < len(items):
        item = items[position]
        position += 1
        if item[0] is not None:
            stretch.append(item)
            continue
        deleted = [i for i in stretch if i[0] == DELETION]
        inserted = [i for i in stretch if i[0] == INSERTION]
        stretch = []
        if deleted and inserted and "space" not in (deleted[-1][1].key, inserted[0][1].key):
            if item[1] is not None and item[1].key == "space":  # the space after the stretch
                deleted.append((DELETION, item[1]))
                inserted.append((INSERTION, item[1]))
                item = items[position]
                position += 1
            elif merged and merged[-1][0] is None and merged[-1][1].key == "space":  # the space before it
                space = merged.pop()[1]
                deleted.insert(0, (DELETION, space))
                inserted.insert(0, (INSERTION, space))
        merged += deleted + inserted
        if item[0] is not None:  # a new stretch right after the space taken
            stretch.append(item)
        elif item[1] is not None:
            merged.append(item)
    return merged


# Blocks.


def _block_id(block) -> str:
    if not isinstance(block, dict):
        return ""  # a table row or a list item
    c = block.get("c")
    t = block["t"]
    if t in ("Div", "Figure", "Table", "CodeBlock") and c and c[0][0]:
        return c[0][0]
    return ""  # a heading's id comes from its text: a reworded heading is still the same one


def _pairable(old, new) -> bool:
    if not isinstance(old, dict):
        return True  # table rows, list items
    if old["t"] != new["t"] or (old["t"] == "Header" and old["c"][0] != new["c"][0]):
        return False
    return not (_block_id(old) or _block_id(new)) or _block_id(old) == _block_id(new)


def pairs(old: list, new: list) -> list[tuple[int | None, int | None]]:
    """Indices of old and new items in order: (i, j) when paired, (i, None) or (None, j) when not.

    Within a changed stretch, an item is paired with a later unpaired one of the other side
    when they have the same kind and id and are similar (or are the only ones of the stretch).
    """
    matcher = SequenceMatcher(None, [key_of(x) for x in old], [key_of(x) for x in new], autojunk=False)
    result = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result += list(zip(range(i1, i2), range(j1, j2)))
            continue
        only = i2 - i1 == 1 and j2 - j1 == 1
        next_old, inserted = i1, []
        for j in range(j1, j2):
            match = next(
                (
                    i
                    for i in range(next_old, i2)
                    if _pairable(old[i], new[j])
                    and (only or _block_id(old[i]) or similarity(old[i], new[j]) >= SIMILAR)
                ),
                None,
            )
            if match is None:
                inserted.append((None, j))
                continue
            # What was deleted before what was inserted in its place, as a reader expects.
            result += [(i, None) for i in range(next_old, match)] + inserted + [(match, j)]
            next_old, inserted = match + 1, []
        result += [(i, None) for i in range(next_old, i2)] + inserted
    return _pair_objects(result, old, new)


# Generated objects whose content changes with the data: matched wherever they stand, since
# a text edit elsewhere can make the block matcher anchor on the text around them instead.
OBJECTS = {"Table", "Figure"}


def _pair_objects(result: list, old: list, new: list) -> list:
    deleted = [i for i, j in result if j is None and isinstance(old[i], dict) and old[i]["t"] in OBJECTS]
    paired = {}
    for j in (j for i, j in result if i is None and isinstance(new[j], dict) and new[j]["t"] in OBJECTS):
        match = next(
            (
                i
                for i in deleted
                if i not in paired.values() and _pairable(old[i], new[j]) and similarity(old[i], new[j]) >= SIMILAR
            ),
            None,
        )
        if match is not None:
            paired[j] = match
    taken = set(paired.values())
    return [(paired.get(j), j) if i is None else (i, j) for i, j in result if not (j is None and i in taken)]


def aligned(old: list, new: list, mark: Mark, mark_whole, diff_paired) -> list:
    """Both sides' items in order (blocks, rows, list items): a deleted or inserted one marked
    whole with `mark_whole`, a paired one compared by `diff_paired` (which returns a list)."""
    out = []
    for i, j in pairs(old, new):
        if j is None:
            out.append(mark_whole(old[i], DELETION, mark))
        elif i is None:
            out.append(mark_whole(new[j], INSERTION, mark))
        else:
            out += diff_paired(old[i], new[j], mark)
    return out


def diff_blocks(old: list, new: list, mark: Mark) -> list:
    """The new blocks with what changed since the old ones marked, deleted blocks kept in place."""
    return aligned(old, new, mark, mark_block, diff_block)


def diff_block(old: dict, new: dict, mark: Mark) -> list:
    """Two paired blocks of the same kind as one block with the changes marked."""
    if key_of(old) == key_of(new):
        return [new]
    t, a, b = new["t"], old.get("c"), new.get("c")
    if t in INLINE_BLOCKS:
        return [{"t": t, "c": diff_inlines(a, b, mark)}]
    if t == "Header":
        return [{"t": t, "c": [b[0], b[1], diff_inlines(a[2], b[2], mark)]}]
    if t == "Div":
        return [{"t": t, "c": [b[0], diff_blocks(a[1], b[1], mark)]}]
    if t == "BlockQuote":
        return [{"t": t, "c": diff_blocks(a, b, mark)}]
    if t == "Figure":
        return [{"t": t, "c": [b[0], [b[1][0], diff_blocks(a[1][1], b[1][1], mark)], diff_blocks(a[2], b[2], mark)]}]
    if t == "Table" and len(a[2]) == len(b[2]):
        return [diff_table(old, new, mark)]
    if t in ("BulletList", "OrderedList"):
        items_old, items_new = (a, b) if t == "BulletList" else (a[1], b[1])
        items = aligned(items_old, items_new, mark, mark_blocks, lambda x, y, m: [diff_blocks(x, y, m)])
        return [{"t": t, "c": items if t == "BulletList" else [b[0], items]}]
    return [mark_block(old, DELETION, mark), mark_block(new, INSERTION, mark)]


# Tables.


def diff_rows(old: list, new: list, mark: Mark) -> list:
    """Rows matched like blocks; paired rows compared cell by cell."""
    return aligned(old, new, mark, _mark_row, _diff_row)


def _diff_row(old: list, new: list, mark: Mark) -> list:
    cells = [[*cell_new[:4], diff_cell(cell_old[4], cell_new[4], mark)] for cell_old, cell_new in zip(old[1], new[1])]
    return [[new[0], cells]]


def diff_cell(old: list, new: list, mark: Mark) -> list:
    """A cell's blocks; a cell of one paragraph on each side is compared word by word."""
    if len(old) == len(new) == 1 and old[0]["t"] in INLINE_BLOCKS and new[0]["t"] in INLINE_BLOCKS:
        return [{"t": new[0]["t"], "c": diff_inlines(old[0]["c"], new[0]["c"], mark)}]
    return diff_blocks(old, new, mark)


def _mark_row(row, kind, mark):
    return [row[0], [[*cell[:4], mark_blocks(cell[4], kind, mark)] for cell in row[1]]]


def diff_table(old: dict, new: dict, mark: Mark) -> dict:
    a, b = old["c"], new["c"]
    caption = [b[1][0], diff_blocks(a[1][1], b[1][1], mark)]
    # Bodies by position; one that only one side has is compared with an empty one.
    empty = [["", [], []], 0, [], []]
    bodies = []
    for old_body, body in zip_longest(a[4], b[4], fillvalue=empty):
        kept = old_body if body is empty else body
        bodies.append([kept[0], kept[1], diff_rows(old_body[2], body[2], mark), diff_rows(old_body[3], body[3], mark)])
    return {
        "t": "Table",
        "c": [
            b[0],
            caption,
            b[2],
            [b[3][0], diff_rows(a[3][1], b[3][1], mark)],
            bodies,
            [b[5][0], diff_rows(a[5][1], b[5][1], mark)],
        ],
    }


# Metadata.

# What a reader sees of the metadata as the article's text: the titles, and each abstract
# (matched by its language) with its keywords. The rest (authors, journal, dates) is not compared.
META_TEXT = ("title", "subtitle")
ABSTRACT_TEXT = ("text", "keywords")


def diff_meta_value(old: dict | None, new: dict, mark: Mark) -> dict:
    if old is None or old["t"] != new["t"] or key_of(old) == key_of(new):
        return new
    if new["t"] == "MetaInlines":
        return {"t": "MetaInlines", "c": diff_inlines(old["c"], new["c"], mark)}
    if new["t"] == "MetaBlocks":
        return {"t": "MetaBlocks", "c": diff_blocks(old["c"], new["c"], mark)}
    return new


def _abstracts(meta: dict) -> list[dict]:
    return [a["c"] for a in meta.get("abstracts", {}).get("c", []) if a.get("t") == "MetaMap"]


def diff_meta(old: dict, new: dict, mark: Mark) -> dict:
    meta = {**new, **{key: diff_meta_value(old.get(key), new[key], mark) for key in META_TEXT if key in new}}
    if "abstracts" in new:
        before = {" ".join(words(a.get("lang"))): a for a in _abstracts(old)}
        meta["abstracts"] = {
            "t": "MetaList",
            "c": [
                {
                    "t": "MetaMap",
                    "c": {
                        **a,
                        **{
                            key: diff_meta_value(before.get(" ".join(words(a.get("lang"))), {}).get(key), a[key], mark)
                            for key in ABSTRACT_TEXT
                            if key in a
                        },
                    },
                }
                for a in _abstracts(new)
            ],
        }
    return meta


def diff_documents(old: dict, new: dict, mark: Mark) -> dict:
    """The new document (its titles, abstracts, body) with every change since `old` marked."""
    return {
        **new,
        "meta": diff_meta(old["meta"], new["meta"], mark),
        "blocks": diff_blocks(old["blocks"], new["blocks"], mark),
    }
