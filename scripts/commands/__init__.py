"""The author's and reviewer's commands: the edit loop, and the rebuild that checks a submission.

Commands:
    python -m scripts.commands.watch    rebuild the PDF an edit feeds, at every save
    python -m scripts.commands.verify   rebuild from the raw data and compare with a manifest
                                        (run by `snakemake --cores 1 verify`, rules/package.smk)
    python -m scripts.commands.profile_pages   page 1 of each journal profile's English PDF as
                                        docs/journals/<name>.png (run by hand after a template change)
"""
