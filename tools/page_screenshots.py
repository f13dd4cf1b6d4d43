"""Screenshots of the inbox, the dashboard and the policy page of the demo desk, for docs/.

    .venv/bin/python tools/page_screenshots.py [--out docs/screenshots] [--chromium PATH]

It loads the demo desk (the bundled samples as tickets) into a temporary database, gives two
tickets to the demo agent so the owner column shows something, serves the desk on a free
loopback port and photographs the pages in a headless Chromium at 1280 and 390 pixels wide.
Needs Playwright and a Chromium; says so plainly and exits 3 when either is missing.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PAGES = (("inbox", "/tickets"), ("dashboard", "/dashboard"), ("policy", "/policy"))
WIDTHS = (1280, 390)
USER, PASSWORD = "docs-admin", "docs-admin-password"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--chromium", type=Path, default=Path("/usr/bin/chromium"))
    args = parser.parse_args()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("page_screenshots: Playwright is not installed (pip install playwright)")
        return 3
    if not args.chromium.exists():
        print(f"page_screenshots: no Chromium at {args.chromium} (give --chromium PATH)")
        return 3
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/desk.db"
        _load(url)
        port = _free_port()
        server = subprocess.Popen(
            [str(BIN / "trustdesk"), "serve", "--database-url", url, "--port", str(port)],
            stdout=subprocess.DEVNULL,
            env={**os.environ, "TRUSTDESK_SCHEDULER_ENABLED": "false"},
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_for(f"{base}/healthz")
            args.out.mkdir(parents=True, exist_ok=True)
            with sync_playwright() as playwright:
                chromium = playwright.chromium.launch(
                    executable_path=str(args.chromium), headless=True, args=["--no-sandbox"]
                )
                for width in WIDTHS:
                    context = chromium.new_context(viewport={"width": width, "height": 900})
                    page = context.new_page()
                    page.goto(f"{base}/sign-in")
                    page.get_by_label("User name").fill(USER)
                    page.get_by_label("Password").fill(PASSWORD)
                    page.get_by_role("button", name="Sign in").click()
                    page.wait_for_url(f"{base}/")
                    for name, path in PAGES:
                        page.goto(f"{base}{path}")
                        target = args.out / f"{name}-{width}.png"
                        # The first screen, as a person opening the page sees it.
                        page.screenshot(path=str(target))
                        shown = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target
                        print(f"wrote {shown}")
                    context.close()
                chromium.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    return 0


def _load(url: str) -> None:
    """The demo desk, an admin to photograph it with, and two tickets with an owner."""
    subprocess.run(
        [str(BIN / "trustdesk"), "demo", "--database-url", url, "--no-serve"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    from trustdesk.desk import auth
    from trustdesk.desk.opening import open_desk
    from trustdesk.desk.ownership import assign_ticket
    from trustdesk.desk.roles import SYSTEM
    from trustdesk.desk.tickets import list_tickets
    from trustdesk.settings import Settings

    desk = open_desk(Settings(database_url=url))
    try:
        auth.create_user(
            desk, SYSTEM, username=USER, password=PASSWORD, role="admin", display_name="Dana"
        )
        agent = next(u for u in auth.list_users(desk, SYSTEM) if u.username == "agent")
        for ticket in list_tickets(desk, SYSTEM, limit=2).items:
            assign_ticket(desk, SYSTEM, ticket.id, owner_id=agent.id)
    finally:
        desk.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_for(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"page_screenshots: the desk did not answer at {url}")


if __name__ == "__main__":
    sys.exit(main())
