"""Stage 5, package: the manifest of every input and output, and the reviewers' and editor's bundles.

Commands run by rules/package.smk:
    python -m scripts.package.manifest   build/MANIFEST.json
    python -m scripts.package.bundle     build/submission.zip and build/editor.zip
"""
