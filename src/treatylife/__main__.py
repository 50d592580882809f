from treatylife.cli import main

raise SystemExit(main())
