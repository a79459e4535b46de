"""Reading citations (and headings) from Markdown the way pandoc reads them.

Which keys are cited comes from pandoc's own reading (`pandoc -f markdown -t json`), never
from a regular expression alone: pandoc decides what is a citation (not an e-mail address, not
`\\@escaped`, not inside code) and how a bracketed citation splits into prefix, key, locator
and suffix. The AST carries no source positions, so each citation is then placed on the
source line where its `@key` stands, by searching the source text for that key.

All files of an edition go to ONE pandoc call (pandoc starts in about 50 ms; one call per
file would multiply that): the files are joined with a unique boundary paragraph between
them, exactly as pandoc joins several input files, and the walk over the AST switches file at
each boundary. If a boundary is swallowed (an unclosed code fence) or pandoc fails (bad YAML
in one file), the files are read one pandoc call each, which is slower but exact.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from scripts.checks.citations import pandoc_job as pandoc
from scripts.checks.citations.bib import Problem, read_text

# Cross-reference prefixes that the build resolves (pandoc-crossref style); not citations.
CROSSREF_PREFIXES = ("tbl:", "fig:", "sec:", "eq:")

# A citation key as pandoc's Markdown reader takes it: starts with a letter, digit or `_`,
# then alphanumerics, `_` and internal punctuation (punctuation followed by an alphanumeric);
# or any text in braces: `@{key}`. Not after a word character (e-mail) or a backslash.
_KEY_RE = re.compile(r"(?<![\w\\])@(?:\{([^{}\n]+)\}|(\w(?:\w|[:.#$%&\-+?<>~/](?=\w))*))")
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)")
_SETEXT_RE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_DOUBLE_BRACES = re.compile(r"\{\{([^{}\n]+)\}\}")


@dataclass
class Citation:
    key: str
    file: str
    line: int | None
    column: int | None
    group: int  # one number per pandoc Cite element: `[@a; @b]` is one group
    mode: str  # NormalCitation | AuthorInText | SuppressAuthor
    prefix: str
    suffix: str
    nested_in: str | None = None  # key of the citation whose prefix or suffix holds this one
    in_metadata: bool = False

    @property
    def is_crossref(self) -> bool:
        return self.key.startswith(CROSSREF_PREFIXES)


@dataclass
class Heading:
    level: int
    text: str
    file: str
    line: int | None


@dataclass
class Source:
    path: str
    text: str
    yaml_lines: set[int] = field(default_factory=set)  # 1-based lines inside YAML blocks
    code_lines: set[int] = field(default_factory=set)  # 1-based lines inside fenced code
    is_metadata: bool = False


@dataclass
class Manuscript:
    files: list[str]
    sources: dict[str, Source] = field(default_factory=dict)
    citations: list[Citation] = field(default_factory=list)
    headings: dict[str, list[Heading]] = field(default_factory=dict)
    encoding: list[tuple[str, Problem]] = field(default_factory=list)
    errors: list[tuple[str, Problem]] = field(default_factory=list)  # files pandoc cannot read

    def cited(self) -> list[Citation]:
        """Real citations: cross-references (`@tbl:x`, ...) left out."""
        return [c for c in self.citations if not c.is_crossref]

    def crossrefs(self) -> list[Citation]:
        return [c for c in self.citations if c.is_crossref]


class ManuscriptReader:
    """Starts pandoc at once (`start`), so the caller can read the bibliography meanwhile."""

    def __init__(self, paths: list[str | Path], metadata_files: list[str | Path] = ()):
        self.paths = [str(p) for p in paths]
        self.metadata_files = [str(p) for p in metadata_files]
        self.manuscript = Manuscript(self.paths)
        self._job: pandoc.Job | None = None
        self._boundary = ""
        self._offsets: list[int] = []  # first line of each file in the joined text

    def start(self) -> ManuscriptReader:
        ms = self.manuscript
        for path in self.paths + self.metadata_files:
            text, problem = read_text(path, "Markdown file")
            if problem:
                ms.encoding.append((path, problem))
            ms.sources[path] = _source(path, text, path in self.metadata_files)
        # From the files' text, not chance: the same files give the same pandoc call, which a
        # warm process (scripts/commands/watch.py) then reads once (pandoc_job's memo).
        digest = hashlib.sha256("\0".join(ms.sources[path].text for path in self.paths).encode("utf-8"))
        boundary = "citecheckboundary" + digest.hexdigest()[:32]
        self._boundary = boundary
        parts, line = [], 1
        for path in self.paths:
            self._offsets.append(line)
            body = ms.sources[path].text
            if not body.endswith("\n"):
                body += "\n"
            parts.append(body)
            line += body.count("\n")
            parts.append(f"\n{boundary}\n\n")
            line += 3
        self._job = pandoc.Job(self._pandoc_args(), "".join(parts), memo=not self.metadata_files)
        return self

    def _pandoc_args(self) -> list[str]:
        return ["-f", "markdown", "-t", "json"] + [f"--metadata-file={m}" for m in self.metadata_files]

    def finish(self) -> Manuscript:
        ms = self.manuscript
        code, out, err = self._job.result()
        walked = None
        if code == 0:
            walked = _Walker(self._boundary, self.paths)
            try:
                walked.walk_document(json.loads(out))
            except RecursionError:
                walked.index = -1
            if walked.index != len(self.paths):
                walked = None  # a boundary was swallowed: read file by file
        if walked is None:
            walked = self._file_by_file()
        ms.citations = walked.citations
        for path in self.paths:
            ms.headings[path] = walked.headings.get(path, [])
        _locate(ms)
        return ms

    def _file_by_file(self) -> _Walker:
        ms = self.manuscript
        # A metadata file pandoc cannot read would fail every call below: name it, once.
        for meta in list(self.metadata_files):
            code, _, err = pandoc.run(["-f", "markdown", "-t", "json", f"--metadata-file={meta}"], "")
            if code != 0:
                ms.errors.append((meta, _pandoc_problem(err)))
                self.metadata_files.remove(meta)
        jobs = [(p, pandoc.Job(self._pandoc_args(), ms.sources[p].text)) for p in self.paths]
        combined = _Walker("", self.paths)
        for path, job in jobs:
            code, out, err = job.result()
            if code != 0:
                ms.errors.append((path, _pandoc_problem(err)))
                continue
            walker = _Walker("", [path])
            walker.group = combined.group
            try:
                walker.walk_document(json.loads(out))
            except RecursionError:
                ms.errors.append((path, Problem(None, None, "the document is nested too deeply to be checked")))
                continue
            combined.group = walker.group
            combined.citations.extend(walker.citations)
            combined.headings.update(walker.headings)
        return combined


def read_manuscript(paths: list[str | Path], metadata_files: list[str | Path] = ()) -> Manuscript:
    return ManuscriptReader(paths, metadata_files).start().finish()


_PANDOC_POS = re.compile(r"\(line (\d+), column (\d+)\)")


def _pandoc_problem(stderr: str) -> Problem:
    lines = [ln.strip() for ln in stderr.strip().splitlines() if ln.strip() and not ln.startswith("[WARNING]")]
    m = _PANDOC_POS.search(stderr)
    message = " ".join(lines[:3]) if lines else "pandoc cannot read this file"
    if m:
        return Problem(int(m.group(1)), int(m.group(2)), f"pandoc cannot read this file: {message}")
    return Problem(None, None, f"pandoc cannot read this file: {message}")


class _Walker:
    """Walks pandoc's JSON AST in document order, collecting citations and headings."""

    def __init__(self, boundary: str, paths: list[str]):
        self.boundary = boundary
        self.paths = paths
        self.index = 0  # which file the walk is in
        self.group = 0
        self.citations: list[Citation] = []
        self.headings: dict[str, list[Heading]] = {}

    @property
    def file(self) -> str:
        return self.paths[min(self.index, len(self.paths) - 1)]

    def walk_document(self, doc: dict) -> None:
        for value in doc.get("meta", {}).values():
            self.walk(value, None, True)
        self.walk(doc.get("blocks", []), None, False)
        if not self.boundary:
            self.index = len(self.paths)

    def walk(self, node, outer: str | None, in_meta: bool) -> None:
        if isinstance(node, list):
            for item in node:
                self.walk(item, outer, in_meta)
            return
        if not isinstance(node, dict):
            return
        kind = node.get("t")
        content = node.get("c")
        if kind == "Str":
            if self.boundary and content == self.boundary:
                self.index += 1
            return
        if kind == "Cite":
            self.cite(content, outer, in_meta)
            return
        if kind == "Header" and not in_meta:
            self.headings.setdefault(self.file, []).append(Heading(content[0], stringify(content[2]), self.file, None))
        if content is not None:
            self.walk(content, outer, in_meta)

    def cite(self, content, outer: str | None, in_meta: bool) -> None:
        self.group += 1
        group = self.group
        for c in content[0]:
            self.citations.append(
                Citation(
                    key=c["citationId"],
                    file=self.file,
                    line=None,
                    column=None,
                    group=group,
                    mode=c.get("citationMode", {}).get("t", ""),
                    prefix=stringify(c.get("citationPrefix", [])),
                    suffix=stringify(c.get("citationSuffix", [])),
                    nested_in=outer,
                    in_metadata=in_meta,
                )
            )
            self.walk(c.get("citationPrefix", []), c["citationId"], in_meta)
            self.walk(c.get("citationSuffix", []), c["citationId"], in_meta)


def stringify(node) -> str:
    """The text of pandoc inlines: Str contents, spaces as spaces."""
    out: list[str] = []

    def go(n):
        if isinstance(n, list):
            for item in n:
                go(item)
        elif isinstance(n, dict):
            kind = n.get("t")
            if kind == "Str":
                out.append(n["c"])
            elif kind in ("Space", "SoftBreak", "LineBreak"):
                out.append(" ")
            elif kind in ("Code", "Math", "RawInline"):
                out.append(n["c"][-1])
            elif kind == "Note":
                return
            elif "c" in n:
                go(n["c"])

    go(node)
    return "".join(out).replace("\u00a0", " ")


def _source(path: str, text: str, is_metadata: bool) -> Source:
    src = Source(path, text, is_metadata=is_metadata)
    lines = text.splitlines()
    fence = None
    i = 0
    while i < len(lines):
        line = lines[i]
        m = _FENCE_RE.match(line)
        if fence:
            src.code_lines.add(i + 1)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not line.strip(" `~"):
                fence = None
            i += 1
            continue
        if m:
            fence = m.group(1)
            src.code_lines.add(i + 1)
            i += 1
            continue
        if (
            line.rstrip() == "---"
            and (i == 0 or not lines[i - 1].strip())
            and i + 1 < len(lines)
            and lines[i + 1].strip()
        ):
            for j in range(i + 1, len(lines)):
                if lines[j].rstrip() in ("---", "..."):
                    src.yaml_lines.update(range(i + 1, j + 2))
                    i = j
                    break
        i += 1
    return src


def occurrences(src: Source) -> list[tuple[str, int, int, bool]]:
    """Every `@key` in the source: (key, line, column, inside YAML metadata)."""
    out = []
    for lineno, line in enumerate(src.text.splitlines(), 1):
        if "@" not in line or lineno in src.code_lines:
            continue
        for m in _KEY_RE.finditer(line):
            key = m.group(1) if m.group(1) is not None else m.group(2)
            out.append((key, lineno, m.start() + 1, src.is_metadata or lineno in src.yaml_lines))
    return out


def _locate(ms: Manuscript) -> None:
    """Give each citation the line and column of a `@key` in its file, in order of appearance."""
    queues: dict[tuple[str, str, bool], list[tuple[int, int]]] = {}
    for path, src in ms.sources.items():
        for key, line, col, meta in occurrences(src):
            queues.setdefault((path, key, meta), []).append((line, col))
    md_files = ms.files
    for c in ms.citations:
        if c.in_metadata:
            order = [(p, True) for p in md_files + [p for p in ms.sources if p not in md_files]]
            order += [(p, False) for p in md_files]
        else:
            order = [(c.file, False)] + [(p, False) for p in md_files if p != c.file]
            order += [(p, True) for p in md_files]
        for path, meta in order:
            queue = queues.get((path, c.key, meta))
            if queue:
                c.file = path
                c.line, c.column = queue.pop(0)
                break


def heading_lines(src: Source) -> list[tuple[int, int]]:
    """(level, line) of the headings in the source, in order (ATX and setext)."""
    lines = src.text.splitlines()
    out = []
    for i, line in enumerate(lines):
        n = i + 1
        if n in src.code_lines or n in src.yaml_lines:
            continue
        m = _ATX_RE.match(line)
        if m and (i == 0 or not lines[i - 1].strip() or _ATX_RE.match(lines[i - 1])):
            out.append((len(m.group(1)), n))
            continue
        s = _SETEXT_RE.match(line)
        if (
            s
            and i > 0
            and lines[i - 1].strip()
            and (i - 1 == 0 or not lines[i - 2].strip())
            and (n - 1) not in src.code_lines
            and not _ATX_RE.match(lines[i - 1])
        ):
            out.append((1 if s.group(1)[0] == "=" else 2, n - 1))
    return out


def attach_heading_lines(ms: Manuscript) -> None:
    """Put source lines on the headings pandoc found, when the source scan agrees on them."""
    for path, headings in ms.headings.items():
        found = heading_lines(ms.sources[path])
        if [lvl for lvl, _ in found] == [h.level for h in headings]:
            for h, (_, line) in zip(headings, found):
                h.line = line


def double_brace_items(src: Source) -> list[tuple[str, str, int, int]]:
    """`{{...}}` items outside code: (kind, name, line, column), kind 'table', 'figure' or
    'value'; a `{{table:NAME}}` alone on its line is a block line, elsewhere still a table."""
    out = []
    for lineno, line in enumerate(src.text.splitlines(), 1):
        if "{{" not in line or lineno in src.code_lines:
            continue
        for m in _DOUBLE_BRACES.finditer(line):
            inner = m.group(1).strip()
            kind, sep, name = inner.partition(":")
            kind = kind.strip().lower()
            if sep and kind in ("table", "figure"):
                out.append((kind, name.strip(), lineno, m.start() + 1))
            else:
                out.append(("value", inner, lineno, m.start() + 1))
    return out
