from pressharvest.cli import main

raise SystemExit(main())
