"""Snakemake's translation of the rule files into Python, remembered between runs (scripts/core/memo.py).

Snakemake tokenizes and translates every included rule file on every run, a no-op run included
(~0.1 s for rules/*.smk). The translation depends only on the file's text, its path, the rule
count before it, the shell command override, Snakemake's parser and the Python tokenizing: the
same inputs give the same code, so it is remembered under a hash of them. Anything else (another
source than a local file, a file the parser rejects, an unreadable memo) goes through Snakemake's
own parse, unchanged.
"""

from __future__ import annotations

import sys

from scripts.core import memo


def install() -> None:
    """Put `cached(original)` in place of the `parse` that Snakemake's `include` calls (once)."""
    import snakemake
    from snakemake import parser, workflow

    original = workflow.parse
    if not getattr(original, "memo", False):
        workflow.parse = cached(original, parser, snakemake.__version__)


def cached(original, parser_module, version: str):
    def parse(path, workflow, linemap, overwrite_shellcmd=None, rulecount=0):
        read = _read(path, workflow)
        name = _name(read, overwrite_shellcmd, rulecount, parser_module, version)
        stored = memo.recall(name)
        code = _moved(stored, read, rulecount) if stored is not None else None
        if code is not None:
            # What Snakemake's parse leaves behind besides its result.
            parser_module.Shell.overwrite_cmd = overwrite_shellcmd
            linemap.update(stored[2])
            return code, stored[1]
        code, end_rulecount = original(path, workflow, linemap, overwrite_shellcmd, rulecount)
        if read is not None:
            memo.remember(name, (code, end_rulecount, dict(linemap), read[1]))
        return code, end_rulecount

    parse.memo = True
    return parse


def _read(path, workflow) -> tuple[str, str] | None:
    """The text and path of a local rule file, or None (not remembered) for anything else."""
    if not memo.enabled() or type(path).__name__ != "LocalSourceFile":
        return None
    try:
        # Read as Snakemake's parse reads it, so the text hashed is the text it would translate.
        with workflow.sourcecache.open(path) as source:
            return source.read(), path.get_path_or_uri(secret_free=True)
    except Exception:  # whatever fails here, Snakemake's own parse meets and reports
        return None


def _name(read, overwrite_shellcmd, rulecount, parser_module, version: str) -> str | None:
    """The memo's key for one parse: not the file's path, so a copied tree (the benchmark's no-op) finds it."""
    if read is None:
        return None
    parser_code = memo.code_version(parser_module.__file__, packages=())
    # Python's version too: the parser tokenizes with the running Python's tokenize.
    return memo.key("snakemake-parse", version, sys.version, parser_code, read[0], rulecount, overwrite_shellcmd)


def _moved(stored, read, rulecount: int) -> str | None:
    """The remembered code as Snakemake's parse would give it for this file's path, else None (parse it).

    The path is in the code only as each rule's `snakefile=` argument (snakemake/parser.py): one
    per rule, each replaced, unless the count differs or the file's own text names its old path.
    """
    code, end_rulecount, _, old = stored
    text, new = read
    if old == new:
        return code
    before, after = f"snakefile={old!r}", f"snakefile={new!r}"
    if old in text or code.count(before) != end_rulecount - rulecount:
        return None
    return code.replace(before, after)
