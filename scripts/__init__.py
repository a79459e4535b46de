"""The Python package the workflow rules call: small modules, pure functions, thin CLIs."""
