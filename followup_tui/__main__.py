from followup_tui.cli import main

raise SystemExit(main())
