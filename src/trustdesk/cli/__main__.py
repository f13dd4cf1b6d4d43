"""`python -m trustdesk.cli`: the same as the `trustdesk` command."""

from trustdesk.cli.app import main

main()
