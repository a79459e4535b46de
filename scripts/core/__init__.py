"""What every stage uses: findings and errors, atomic files, paths, YAML, config, the pandoc runner,
number and date formatting, the registry of rule ids, and the closing block of a run.

Commands (by hand):
    python -m scripts.core.rule_ids --markdown --out docs/checks.md   the rule-id table of docs/checks.md
"""
