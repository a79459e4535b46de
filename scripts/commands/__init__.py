"""The author's and reviewer's commands: watch (the edit loop), verify (rebuild and compare), explain."""
