"""Which entries pandoc sees in a .bib file, without running pandoc.

bibtexparser and pandoc do not read every file alike, and the build follows pandoc. Running
`pandoc -f bibtex` to find out costs seconds on a large file (about 2 s on a 1.5 MB one), so
this module re-implements the small grammar of pandoc's BibTeX reader
(pandoc 3.9, `Text.Pandoc.Citeproc.BibTeX`), only far enough to know the key, type and line
of every entry pandoc reads, and whether pandoc rejects the file as a whole. It uses regular
expressions to jump over text, so it costs a fraction of bibtexparser's own parse.

The grammar, as pandoc 3.9 behaves (each point checked against pandoc itself):

* Outside entries, everything but `@` is skipped, and `%` starts a comment up to the end of
  the line, wherever it stands on the line (even after other text, even written `\\%`).
  So `%@book{key, ...}` is no entry for pandoc, while bibtexparser, which only splits the
  file at `@`, still reads one. A commented-out entry that spans lines is a comment only on
  its first line: the rest is skipped text, and an `@` in it starts an entry again.
* Between the tokens of an entry (wherever pandoc allows white space), `%` also starts a
  comment to the end of the line. Inside `{...}` and `"..."` values `%` is plain text.
* `@comment`, `@preamble` take a braced group; `@string{name = value}` takes one field.
  Any other `@` must start an entry: `@type{key, field = value, ...}` with braces only
  (pandoc rejects `@type(...)`), the key made of letters, digits and ``.:;?!`'()/*@_+=-[]&``,
  a comma after the key, fields separated by commas (one trailing comma allowed), and values
  joined with `#`. An `@` that starts none of these (an e-mail address in a free-text
  comment, a syntax error in an entry) makes pandoc reject the whole file.

When this module finds the file malformed, the caller asks pandoc itself for the verdict
and its message (`confirm_with_pandoc`), so a gap in this emulation can cost time on a broken
file but never invents an error.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

# Parsec's `spaces`, extended by pandoc 3.9 with `%` comments.
_SPACES = re.compile(r"(?:\s+|%[^\n]*)*")
_LETTERS = re.compile(r"[^\W\d_]+")
_FIELD_NAME = re.compile(r"[\w\-:+]+")  # isAlphaNum or -_:+
_KEY = re.compile(r"[\w.:;?!`'()/*@+=\-\[\]&]+")
_TOP = re.compile(r"[@%]")
_BRACE_TOKENS = re.compile(r"[{}\\]")
_QUOTE_TOKENS = re.compile(r'["{\\]')


class BibSyntaxError(Exception):
    def __init__(self, offset: int, message: str):
        super().__init__(message)
        self.offset = offset
        self.message = message


@dataclass
class PandocEntry:
    key: str
    entry_type: str
    line: int  # 1-based line of the `@`
    column: int  # 1-based column of the `@`


@dataclass
class PandocBibView:
    entries: list[PandocEntry] = field(default_factory=list)
    # 1-based lines where an `@` stands inside a top-level `%` comment (commented-out entries)
    commented_at_lines: set[int] = field(default_factory=set)
    error: tuple[int, int, str] | None = None  # (line, column, message) if pandoc rejects the file
    confirmed_by_pandoc: bool = False


class _Scanner:
    def __init__(self, text: str):
        self.text = text
        self.n = len(text)

    def spaces(self, pos: int) -> int:
        return _SPACES.match(self.text, pos).end()

    def expect(self, pos: int, char: str, what: str) -> int:
        if pos < self.n and self.text[pos] == char:
            return pos + 1
        raise BibSyntaxError(pos, f"expected {what}, found {self._show(pos)}")

    def _show(self, pos: int) -> str:
        if pos >= self.n:
            return "end of file"
        return repr(self.text[pos])

    def in_braces(self, pos: int) -> int:
        """pos at `{`; returns the offset after the matching `}` (`\\{`, `\\}` do not count)."""
        start = pos
        depth = 0
        text = self.text
        while True:
            m = _BRACE_TOKENS.search(text, pos)
            if m is None:
                raise BibSyntaxError(start, "braces opened here are never closed")
            c = m.group()
            pos = m.end()
            if c == "\\":
                if pos < self.n and text[pos] in "{}":
                    pos += 1
            elif c == "{":
                depth += 1
            else:
                depth -= 1
                if depth == 0:
                    return pos

    def in_quotes(self, pos: int) -> int:
        """pos at `"`; returns the offset after the closing `"` (braces inside protect `"`)."""
        start = pos
        pos += 1
        text = self.text
        while True:
            m = _QUOTE_TOKENS.search(text, pos)
            if m is None:
                raise BibSyntaxError(start, "quoted value is never closed")
            c = m.group()
            if c == '"':
                return m.end()
            if c == "\\":
                pos = m.end() + 1  # backslash escapes any one character
            else:
                pos = self.in_braces(m.start())

    def value_part(self, pos: int) -> int | None:
        """One part of a field value, or None if nothing here can start one (nothing consumed)."""
        if pos >= self.n:
            return None
        c = self.text[pos]
        m = _FIELD_NAME.match(self.text, pos)  # a @string name, a number or a bare word
        if m:
            return m.end()
        if c == '"':
            return self.in_quotes(pos)
        if c == "{":
            return self.in_braces(pos)
        return None

    def field(self, pos: int) -> int | None:
        """`name = part # part ...`; None if no field name starts here (nothing consumed)."""
        m = _FIELD_NAME.match(self.text, pos)
        if not m:
            return None
        pos = self.spaces(m.end())
        pos = self.expect(pos, "=", "'=' after the field name")
        pos = self.spaces(pos)
        end = self.value_part(pos)
        if end is not None:
            pos = end
            while True:  # try (spaces >> char '#' >> spaces), then a part is required
                after = self.spaces(pos)
                if after < self.n and self.text[after] == "#":
                    after = self.spaces(after + 1)
                    end = self.value_part(after)
                    if end is None:
                        raise BibSyntaxError(after, f"expected a value after '#', found {self._show(after)}")
                    pos = end
                else:
                    break
        return self.spaces(pos)

    def braced_group_after(self, pos: int, word_len: int) -> int | None:
        """`@comment` / `@preamble`: spaces and a braced group, else None (pandoc backtracks)."""
        p = self.spaces(pos + 1 + word_len)
        if p < self.n and self.text[p] == "{":
            try:
                return self.in_braces(p)
            except BibSyntaxError:
                return None
        return None

    def string_def(self, pos: int) -> int | None:
        p = self.spaces(pos + 1 + len("string"))
        try:
            p = self.expect(p, "{", "'{'")
            p = self.spaces(p)
            end = self.field(p)
            if end is None:
                return None
            return self.expect(end, "}", "'}'")
        except BibSyntaxError:
            return None

    def entry(self, pos: int) -> tuple[str, str, int]:
        """pos at `@`: (type, key, offset after the entry); raises BibSyntaxError."""
        m = _LETTERS.match(self.text, pos + 1)
        if not m:
            raise BibSyntaxError(pos + 1, f"expected an entry type after '@', found {self._show(pos + 1)}")
        entry_type = m.group()
        p = self.spaces(m.end())
        p = self.expect(p, "{", "'{' after the entry type (pandoc does not accept '(')")
        p = self.spaces(p)
        k = _KEY.match(self.text, p)
        if not k:
            raise BibSyntaxError(p, f"expected an entry key, found {self._show(p)}")
        key = k.group()
        p = self.spaces(k.end())
        p = self.expect(p, ",", "',' after the entry key")
        p = self.spaces(p)
        end = self.field(p)
        if end is not None:
            p = end
            while p < self.n and self.text[p] == ",":
                q = self.spaces(p + 1)
                end = self.field(q)
                p = q
                if end is None:
                    break
                p = end
        p = self.spaces(p)
        p = self.expect(p, "}", "',' or '}' after a field")
        return entry_type, key, p


def scan(text: str) -> PandocBibView:
    """The entries pandoc 3.9 reads from `text`, or the place where it rejects the file."""
    if text.startswith("\ufeff"):
        text = text[1:]
    newlines = _newlines(text)

    def where(offset: int) -> tuple[int, int]:
        line = bisect.bisect_left(newlines, offset)  # newlines before offset
        start = newlines[line - 1] + 1 if line else 0
        return line + 1, offset - start + 1

    view = PandocBibView()
    s = _Scanner(text)
    pos = 0
    n = len(text)
    while True:
        m = _TOP.search(text, pos)
        if m is None:
            break
        pos = m.start()
        if text[pos] == "%":
            end = text.find("\n", pos)
            end = n if end < 0 else end
            at = text.find("@", pos, end)
            if at >= 0:
                view.commented_at_lines.add(where(at)[0])
            pos = end
            continue
        word = _LETTERS.match(text, pos + 1)
        lower = word.group().lower() if word else ""
        after = None
        if lower.startswith("comment"):
            after = s.braced_group_after(pos, len("comment"))
        elif lower.startswith("preamble"):
            after = s.braced_group_after(pos, len("preamble"))
        elif lower.startswith("string"):
            after = s.string_def(pos)
        if after is not None:
            pos = after
            continue
        try:
            entry_type, key, after = s.entry(pos)
        except BibSyntaxError as err:
            line, col = where(err.offset)
            view.error = (line, col, err.message)
            return view
        line, col = where(pos)
        view.entries.append(PandocEntry(key, entry_type.lower(), line, col))
        pos = after
    return view


def _newlines(text: str) -> list[int]:
    out = []
    find = text.find
    i = find("\n")
    while i >= 0:
        out.append(i)
        i = find("\n", i + 1)
    return out


_PANDOC_ERROR = re.compile(r"\(line (\d+), column (\d+)\):\s*(.*)", re.S)


def confirm_with_pandoc(path: str, view: PandocBibView) -> PandocBibView:
    """Ask pandoc itself whether it rejects the file this module found malformed.

    Only called for a file this module could not read, so the seconds pandoc needs are spent
    only on broken bibliographies. If pandoc does read the file after all, its entries are
    taken from its CSL JSON (without lines: the caller places them by key)."""
    import json

    from scripts.checks.citations import pandoc_job as pandoc

    code, out, err = pandoc.run(["-f", "biblatex", "-t", "csljson", path])
    if code != 0:
        m = _PANDOC_ERROR.search(err)
        if m:
            detail = m.group(3).strip().splitlines()[0] if m.group(3).strip() else "cannot read the file"
            line, col = int(m.group(1)), int(m.group(2))
            if view.error and view.error[:2] == (line, col):
                detail = f"{detail}: {view.error[2]}"
            view.error = (line, col, detail)
        elif view.error:
            line, col, message = view.error
            view.error = (line, col, f"{message} ({' '.join(err.split())})")
        view.confirmed_by_pandoc = True
        return view
    items = json.loads(out or "[]")
    confirmed = PandocBibView(commented_at_lines=view.commented_at_lines, confirmed_by_pandoc=True)
    for item in items:
        confirmed.entries.append(PandocEntry(str(item.get("id", "")), str(item.get("type", "")), 0, 0))
    return confirmed
