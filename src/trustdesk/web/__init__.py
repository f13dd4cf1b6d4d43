"""The web desk for agents and leads: server-rendered pages (Jinja2 + HTMX), no build step."""
