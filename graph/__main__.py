"""``python -m graph`` runs the ``accredigraph`` command line."""

from .cli import main

raise SystemExit(main())
