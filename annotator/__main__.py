"""`python -m annotator`: the same as the `annotator` command."""

from annotator.cli.main import main

raise SystemExit(main())
