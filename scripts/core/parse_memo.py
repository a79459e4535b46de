"""Snakemake's translation of the rule files into Python, remembered between runs (scripts/core/memo.py).

Snakemake tokenizes and translates every included rule file on every run, a no-op run included
(~0.1 s for rules/*.smk). The translation depends only on the file's text, its path (in each
rule's `snakefile=`), the rule count before it, the shell command override, Snakemake's parser
and the Python tokenizing: the same inputs give the same code, so it is remembered under a hash
of them. Anything else (another source than a local file, a file the parser rejects, an
unreadable memo) goes through Snakemake's own parse, unchanged.
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
        if stored is not None:
            # What Snakemake's parse leaves behind besides its result.
            parser_module.Shell.overwrite_cmd = overwrite_shellcmd
            linemap.update(stored[2])
            return stored[0], stored[1]
        code, end_rulecount = original(path, workflow, linemap, overwrite_shellcmd, rulecount)
        if name is not None:
            memo.remember(name, (code, end_rulecount, dict(linemap)))
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
    """The memo's key for one parse."""
    if read is None:
        return None
    parser_code = memo.code_version(parser_module.__file__, packages=())
    # Python's version too: the parser tokenizes with the running Python's tokenize.
    return memo.key("snakemake-parse", version, sys.version, parser_code, *read, rulecount, overwrite_shellcmd)
