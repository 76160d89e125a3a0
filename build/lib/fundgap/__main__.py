"""python -m fundgap build|export: see `python -m fundgap --help`."""

from fundgap.cli import main

raise SystemExit(main())
