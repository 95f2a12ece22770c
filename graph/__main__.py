"""``python -m graph`` runs the ``accredigraph`` command line."""

from graph.cli.main import main

raise SystemExit(main())
