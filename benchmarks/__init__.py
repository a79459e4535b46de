"""How fast the build is, against the tools it wraps: `python -m benchmarks`.

Every figure is the median of several runs, each in a fresh copy of the repository in a
temporary folder (the real build/ is never touched), all measured side by side in one
session so that the ratios compare like with like:

- the pipeline: a cold build, a no-op build, the build after one raw data file changes and
  after one manuscript section changes, with the jobs Snakemake runs in each;
- the floors: the bare pandoc and typst commands that make the same four files from the same
  assembled Markdown, and Snakemake's own no-op run of a one-rule workflow;
- the usual alternative, pandoc with xelatex, when xelatex is on PATH;
- scaling: cold builds of a synthetic manuscript 1×, 4× and 16× the article.

The modules: `workspace` (copies, runs, job counts), `synthetic` (the N× manuscript and
data), `floors` (the bare commands), `report` (machine, table, budgets), `run` (the CLI).
"""
