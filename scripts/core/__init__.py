"""What every stage uses: findings and errors, atomic files, paths, YAML, config, the pandoc runner,
number and date formatting, and the closing block of a run."""
