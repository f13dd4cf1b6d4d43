"""The desk's use cases: tickets, replies, promises, consent, remedies, surveys, the lead
dashboard and the policy in force, each a function of a `Desk` (trustdesk.desk.desk) and an
actor. The only layer that talks to the store; the API, the web desk and the CLI call it."""
