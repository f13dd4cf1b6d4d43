"""Webhook signatures as each vendor documents them, checked in constant time.

- Zendesk: X-Zendesk-Webhook-Signature is base64(HMAC-SHA256(secret, timestamp + body)), with
  the timestamp in X-Zendesk-Webhook-Signature-Timestamp. An older version of Zendesk's page
  writes body + timestamp, and its worked example is signed in that order; both orders are
  accepted (either needs the secret, and the timestamp must still be fresh).
- Intercom: X-Hub-Signature is "sha1=" and the hex HMAC-SHA1 of the body, keyed by the app's
  client secret. It signs no timestamp: a replayed delivery is caught by the delivery's key
  (the reply's id), not by its age.
- Chatwoot (4.11.2 and later): X-Chatwoot-Signature is "sha256=" and the hex HMAC-SHA256 of
  "{timestamp}.{body}", with the timestamp (Unix seconds) in X-Chatwoot-Timestamp.
- Freshdesk signs nothing its automation rules send. The admin pastes the integration's secret
  into the rule's custom header X-Trustdesk-Secret, and the header must carry it exactly. It
  is a password sent with every delivery, so it is only as safe as the HTTPS that carries it;
  with no timestamp, a repeated delivery is caught by the reply's id, as Intercom's is.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable, Mapping
from datetime import datetime

Signer = Callable[[str, str, bytes], str]
# A signed timestamp further than this from the desk's clock is refused: a captured delivery
# cannot be replayed later (repeats inside the window are caught by the delivery's key).
TOLERANCE_SECONDS = 300
# The header a Freshdesk automation rule is given to carry the integration's shared secret.
FRESHDESK_SECRET_HEADER = "X-Trustdesk-Secret"


def zendesk_signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def zendesk_signature_body_first(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), body + timestamp.encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def intercom_signature(secret: str, timestamp: str, body: bytes) -> str:
    return "sha1=" + hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()


def chatwoot_signature(secret: str, timestamp: str, body: bytes) -> str:
    signed = timestamp.encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def verify(
    vendor: str, secret: str, headers: Mapping[str, str], body: bytes, now: datetime
) -> str | None:
    """None when the delivery is signed with `secret` and fresh (Freshdesk's: carries it);
    otherwise why not."""
    signs: tuple[Signer, ...]
    if vendor == "zendesk":
        given = headers.get("x-zendesk-webhook-signature")
        timestamp = headers.get("x-zendesk-webhook-signature-timestamp")
        signs = (zendesk_signature, zendesk_signature_body_first)
    elif vendor == "chatwoot":
        given = headers.get("x-chatwoot-signature")
        timestamp = headers.get("x-chatwoot-timestamp")
        signs = (chatwoot_signature,)
    elif vendor == "intercom":
        given = headers.get("x-hub-signature")
        if not given:
            return "the delivery is not signed"
        matched = signed_with((intercom_signature,), secret, "", body, given.strip())
        return None if matched else "the signature does not match"
    elif vendor == "freshdesk":
        return _shared_secret(secret, headers.get(FRESHDESK_SECRET_HEADER.lower()))
    else:
        return f"no signature scheme for {vendor}"
    if not given or not timestamp:
        return "the delivery is not signed"
    if not signed_with(signs, secret, timestamp, body, given.strip()):
        return "the signature does not match"
    moment = _moment(timestamp)
    if moment is None or abs(now.timestamp() - moment) > TOLERANCE_SECONDS:
        return "the signed timestamp is too old or not a time"
    return None


def _shared_secret(secret: str, given: str | None) -> str | None:
    """None when `given` is the secret. Both are hashed first, so the comparison takes the same
    time whatever their lengths and wherever they differ."""
    if not given or not given.strip():
        return f"the delivery carries no {FRESHDESK_SECRET_HEADER} header"
    expected = hashlib.sha256(secret.encode()).digest()
    offered = hashlib.sha256(given.strip().encode()).digest()
    return None if hmac.compare_digest(expected, offered) else "the shared secret does not match"


def _moment(timestamp: str) -> float | None:
    """Unix seconds from a timestamp header: seconds (Chatwoot) or ISO 8601 (Zendesk)."""
    text = timestamp.strip()
    try:
        return float(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def signed_with(
    signs: tuple[Signer, ...],
    secret: str,
    timestamp: str,
    body: bytes,
    given: str,
) -> bool:
    """Whether `given` is one of the signatures `signs` make (each compared in constant time)."""
    matches = [
        hmac.compare_digest(sign(secret, timestamp, body).encode(), given.encode())
        for sign in signs
    ]
    return any(matches)
