"""The summary of a marked edition for the cover letter: build/<lang>/changes.md.

Read from the merged document itself (scripts/changes/diff_ast.py), so the summary and the marks
cannot disagree: words inserted and deleted per section, table cells changed, references
added and removed, figures replaced; and, from the two values files, every figure of the
prose that changed (old → new). Headings come from templates/i18n/<lang>.yaml (`changes:`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scripts.changes.diff_ast import DELETION, INSERTION, words

SIDES = (INSERTION, DELETION)


def change_kind(node) -> str | None:
    """`insertion` or `deletion` for a change span, else None."""
    if isinstance(node, dict) and node.get("t") == "Span":
        classes = node["c"][0][1]
        return next((kind for kind in SIDES if kind in classes), None)
    return None


def counted_words(node, kind=None) -> dict:
    """Words of `node` by change: {None: unchanged, "insertion": …, "deletion": …}."""
    counts = {None: 0, INSERTION: 0, DELETION: 0}
    if isinstance(node, dict):
        inner = change_kind(node) or kind
        if node.get("t") in ("Str", "Code", "Math", "Cite", "Image"):
            counts[inner] += len(words(node))
            return counts
        node = node.get("c")
        kind = inner
    if isinstance(node, list):
        for item in node:
            for key, value in counted_words(item, kind).items():
                counts[key] += value
    return counts


def version_text(node, drop: str = DELETION) -> str:
    """The text of one side: the new version (deletions dropped) or the old (insertions dropped)."""
    if isinstance(node, dict):
        t = node.get("t")
        if change_kind(node) == drop:
            return ""
        if t in ("Space", "SoftBreak", "LineBreak"):
            return " "
        if t in ("Str", "Code", "Math", "Image"):
            return " ".join(words(node))
        if t == "Cite":
            return version_text(node["c"][1], drop)
        return version_text(node.get("c"), drop)
    if isinstance(node, list):
        return "".join(version_text(item, drop) for item in node)
    return ""


def changed(node) -> bool:
    counts = counted_words(node)
    return bool(counts[INSERTION] or counts[DELETION])


@dataclass
class Summary:
    sections: dict = field(default_factory=dict)  # name → [inserted, deleted]
    tables: list = field(default_factory=list)  # (caption, cells changed)
    references: list = field(default_factory=list)  # (insertion|deletion|None, text)
    figures: list = field(default_factory=list)  # captions
    values: list = field(default_factory=list)  # (key, old, new)

    @property
    def empty(self) -> bool:
        return not (self.sections or self.tables or self.references or self.figures or self.values)


def table_cells(table: dict) -> list:
    _, _, _, head, bodies, foot = table["c"]
    rows = head[1] + [row for body in bodies for row in body[2] + body[3]] + foot[1]
    return [cell for row in rows for cell in row[1]]


def front_matter_changes(meta: dict, title: str) -> dict:
    """Words inserted and deleted in the titles (under `title`) and in each abstract (under its heading)."""
    found = {}
    parts = [(title, meta.get(key)) for key in ("title", "subtitle")]
    parts += [
        (version_text(a["c"].get("heading")), [a["c"].get("text"), a["c"].get("keywords")])
        for a in meta.get("abstracts", {}).get("c", [])
        if a.get("t") == "MetaMap"
    ]
    for name, value in parts:
        counts = counted_words(value)
        if counts[INSERTION] or counts[DELETION]:
            inserted, deleted = found.get(name, (0, 0))
            found[name] = (inserted + counts[INSERTION], deleted + counts[DELETION])
    return found


def summarize(doc: dict, old_values: dict, new_values: dict, title: str = "Title") -> Summary:
    """What changed, read from the merged document; `title` names the titles' row."""
    summary = Summary(sections=front_matter_changes(doc.get("meta", {}), title))
    headings = {}
    for block in doc["blocks"]:
        t = block["t"]
        if t == "Header":
            level = block["c"][0]
            headings = {lvl: name for lvl, name in headings.items() if lvl < level}
            headings[level] = version_text(block["c"][2])
        section = " › ".join(headings[lvl] for lvl in sorted(headings)) or "—"
        if t == "Table":
            cells = sum(changed(cell[4]) for cell in table_cells(block))
            if cells or changed(block["c"][1]):
                summary.tables.append((version_text(block["c"][1]), cells))
        elif t == "Figure":
            if changed(block["c"][2]):
                summary.figures.append(version_text(block["c"][1]))
        elif t == "Div" and block["c"][0][0] == "refs":
            for entry in block["c"][1]:
                counts = counted_words(entry)
                if counts[INSERTION] or counts[DELETION]:
                    whole = next(
                        (
                            kind
                            for kind in SIDES
                            if counts[kind]
                            and not counts[None]
                            and not counts[INSERTION if kind == DELETION else DELETION]
                        ),
                        None,
                    )
                    summary.references.append(
                        (whole, version_text(entry, INSERTION if whole == DELETION else DELETION))
                    )
        else:
            counts = counted_words(block)
            if counts[INSERTION] or counts[DELETION]:
                inserted, deleted = summary.sections.get(section, (0, 0))
                summary.sections[section] = (inserted + counts[INSERTION], deleted + counts[DELETION])
    summary.values = [
        (key, old_values.get(key, "—"), new_values.get(key, "—"))
        for key in sorted(set(old_values) | set(new_values))
        if old_values.get(key) != new_values.get(key)
    ]
    return summary


def markdown(summary: Summary, strings: dict, baseline: str) -> str:
    """The summary as Markdown, in the edition's language."""
    s = strings["changes"]
    lines = [f"# {s['title'].format(baseline=baseline)}", ""]
    if summary.empty:
        return "\n".join(lines + [s["none"], ""])
    if summary.sections:
        lines += [f"## {s['sections']}", "", f"| {s['section']} | {s['inserted']} | {s['deleted']} |", "|:--|--:|--:|"]
        lines += [f"| {name} | {ins} | {dels} |" for name, (ins, dels) in summary.sections.items()] + [""]
    if summary.values:
        lines += [f"## {s['values']}", ""] + [f"- `{key}`: {old} → {new}" for key, old, new in summary.values] + [""]
    if summary.tables:
        lines += (
            [f"## {s['tables']}", ""]
            + [f"- {caption}: {s['cells'].format(n=n)}" for caption, n in summary.tables]
            + [""]
        )
    if summary.references:
        label = {INSERTION: s["added"], DELETION: s["removed"], None: s["changed"]}
        lines += (
            [f"## {s['references']}", ""] + [f"- {label[kind]}: {text}" for kind, text in summary.references] + [""]
        )
    if summary.figures:
        lines += [f"## {s['figures']}", ""] + [f"- {s['replaced']}: {caption}" for caption in summary.figures] + [""]
    return "\n".join(lines)
