"""python -m benchmarks: measure the build against its floors and write build/bench.md."""

import sys

from benchmarks.run import main

sys.exit(main())
