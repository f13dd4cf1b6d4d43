"""Talking to a helpdesk's own API (httpx): fetching a conversation as the readers in
trustdesk.io.helpdesks map it, posting a private note back, listing conversations for a pull
sync; and checking the signatures vendors put on their webhooks."""
