"""`python -m vcop_desktop` is the same as the `vcop-desktop` command."""

from vcop_desktop.cli import main

raise SystemExit(main())
