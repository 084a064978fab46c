from mockint.cli.main import main

raise SystemExit(main())
