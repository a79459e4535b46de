"""Stage 1, data: raw files validated against their contract, the declared tables, values and figures."""
