from trustdesk.cli.app import main

main()
