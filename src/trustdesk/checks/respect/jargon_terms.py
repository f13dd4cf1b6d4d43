"""The word lists behind respect.jargon: built-in jargon with plain words for each term, the
acronyms most customers know, and everyday words for the long ones that make a reply hard.

Phrases are literal (see `trustdesk.text.terms`): one written with capitals ("DNS") matches
only in capitals, so ordinary words ("sop", "aml") are not mistaken for acronyms.
"""

from __future__ import annotations

# label -> (phrases, plain words to use instead)
BUILTIN_TERMS: dict[str, tuple[tuple[str, ...], str]] = {
    "escalation matrix": (
        ("escalation matrix", "escalation matrices"),
        "our process for passing your case to a senior colleague",
    ),
    "tier 2": (
        (
            "tier 2 support",
            "tier 3 support",
            "tier 2 team",
            "tier 3 team",
            "tier-2",
            "tier-3",
            "tier two",
            "tier three",
            "second-line support",
            "2nd line support",
            "third-line support",
            "3rd line support",
        ),
        "our specialist team",
    ),
    "l1": (("L1",), "our first-line team"),
    "l2": (("L2", "L3"), "our specialist team"),
    "backend": (("backend", "back-end", "back end"), "our systems"),
    "frontend": (("frontend", "front-end"), "the website or app"),
    "server-side": (("server-side", "server side"), "on our side"),
    "client-side": (("client-side", "client side"), "on your device"),
    "propagate": (
        ("propagate", "propagates", "propagated", "propagating", "propagation"),
        "take effect everywhere",
    ),
    "dns": (("DNS",), "the settings that point your web address to the right place"),
    "ttl": (("TTL", "TTLs"), "how long old settings are remembered"),
    "dns record": (
        (
            "CNAME",
            "CNAMEs",
            "MX record",
            "MX records",
            "TXT record",
            "TXT records",
            "SPF",
            "DKIM",
            "DMARC",
        ),
        "a setting at the company that hosts your domain",
    ),
    "ssl": (("SSL", "TLS"), "the security certificate (the padlock in your browser)"),
    "api": (("API", "APIs"), "the connection between your system and ours"),
    "endpoint": (
        ("endpoint", "endpoints", "end-point", "end-points"),
        "the web address your system connects to",
    ),
    "sso": (("SSO",), "single sign-on (one login for several services)"),
    "mfa": (("MFA", "2FA"), "two-step sign-in (a code as well as your password)"),
    "otp": (("OTP", "OTPs"), "one-time code"),
    "access token": (
        (
            "access token",
            "access tokens",
            "auth token",
            "auth tokens",
            "bearer token",
            "refresh token",
        ),
        "sign-in key",
    ),
    "hotfix": (("hotfix", "hotfixes", "hot-fix", "hot fix"), "a quick fix"),
    "deploy": (
        ("deploy", "deploys", "deployed", "deploying", "deployment", "deployments"),
        "release",
    ),
    "rollback": (("rollback", "rollbacks", "roll-back"), "undoing the change"),
    "regression": (("regression", "regressions"), "a fault caused by a recent update"),
    "root cause analysis": (
        ("root cause analysis", "root-cause analysis", "RCA"),
        "an investigation into what caused it",
    ),
    "upstream": (("upstream",), "the partner we rely on"),
    "provisioning": (
        (
            "provisioning",
            "provisioned",
            "deprovisioned",
            "deprovisioning",
            "reprovisioned",
            "reprovisioning",
        ),
        "setting up",
    ),
    "latency": (("latency",), "delay"),
    "payload": (("payload", "payloads"), "the data sent"),
    "edge case": (("edge case", "edge cases"), "an unusual situation"),
    "firmware": (("firmware",), "the device's built-in software"),
    "incident priority": (
        (
            "P1 incident",
            "P2 incident",
            "P1 ticket",
            "P2 ticket",
            "sev1",
            "sev2",
            "sev 1",
            "sev 2",
            "sev-1",
            "sev-2",
        ),
        "urgent",
    ),
    "chargeback": (
        ("chargeback", "chargebacks", "charge-back", "charge-backs"),
        "a payment your bank reverses after a dispute",
    ),
    "authorisation hold": (
        (
            "authorisation hold",
            "authorization hold",
            "authorisation holds",
            "authorization holds",
            "pre-authorisation",
            "pre-authorization",
            "preauthorisation",
            "preauthorization",
            "pre-auth",
            "preauth",
        ),
        "a temporary hold on the money that is released, not charged",
    ),
    "pro rata": (
        ("pro rata", "pro-rata", "prorata", "prorated", "pro-rated"),
        "in proportion to the days you used",
    ),
    "reconciliation": (("reconciliation",), "matching our records with the bank's"),
    "dunning": (("dunning",), "payment reminders"),
    "kyc": (("KYC",), "identity checks"),
    "aml": (("AML",), "anti-money-laundering checks"),
    "ach": (("ACH",), "bank transfer"),
    "sla": (("SLA", "SLAs"), "the time we promise to reply within"),
    "rma": (("RMA", "RMAs"), "a returns number (our permission to send the item back)"),
    "sku": (("SKU", "SKUs"), "product code"),
    "sop": (("SOP", "SOPs"), "our standard process"),
    "eod": (("EOD", "COB", "EOB"), "by the end of the working day"),
}

# Plain words for terms an organisation is likely to list in its policy's `jargon`.
GLOSSARY: dict[str, str] = {
    **{label: plain for label, (_, plain) in BUILTIN_TERMS.items()},
    "cache": "stored copy of old pages (you can clear it in your browser's settings)",
    "ticket id": "reference number",
    "tier 1": "our first-line team",
    "tier 3": "our engineers",
    "l3": "our engineers",
    "escalate": "pass to a senior colleague",
}

# Acronyms most customers read without help, and words written in capitals for emphasis;
# only capitals 3-5 letters long are guessed to be acronyms.
_COMMON_ACRONYM_LIST = """
    ASAP FAQ PDF USB ATM VAT PIN USA GBP USD EUR CAD AUD NZD CHF JPY UTC GMT BST CET CEST EST PST
    CEO CFO DIY FYI VIP RSVP SMS MMS GPS DVD HDMI LED LCD WIFI NHS BBC IBAN BIC CVV URL WWW HTTP
    HTTPS JPG JPEG PNG GIF DHL UPS DPD TNT USPS EMS NASA ISO EAN ETA AKA TBC TBA RRP PPS MRS
    SIM PAYG MOT ISA APR HMRC DVLA IRS DMV MSRP ISBN UAE NYC RAM DOB FEDEX AAA
    NOT NOW ALL ANY MUST ONLY FREE NEW YES VERY THE AND BUT FOR YOU YOUR ARE CAN WILL NEED HAVE
    STOP HELP NOTE NEVER EVERY DON WON OUR OFF OUT SOON TODAY THIS THAT SURE SALE
"""
COMMON_ACRONYMS = frozenset(_COMMON_ACRONYM_LIST.split())

# Long words with everyday equivalents, offered when a reply is hard to read:
# plain word -> the long forms it replaces.
PLAIN_WORDS: dict[str, tuple[str, ...]] = {
    "use": (
        "utilise",
        "utilize",
        "utilised",
        "utilized",
        "utilising",
        "utilizing",
        "utilisation",
        "utilization",
    ),
    "start": ("commence", "commences", "commenced", "commencing", "commencement"),
    "end": ("terminate", "terminated", "terminating", "termination"),
    "about": ("regarding", "with regard to", "in relation to", "in respect of", "approximately"),
    "then": ("subsequently",),
    "help": ("facilitate", "facilitated", "facilitating", "assistance"),
    "before": ("prior to",),
    "to": ("in order to",),
    "under": ("pursuant to", "in accordance with"),
    "despite": ("notwithstanding",),
    "find out": ("ascertain", "ascertained", "ascertaining"),
    "try": ("endeavour", "endeavor", "endeavouring", "endeavoring"),
    "speed up": ("expedite", "expedited", "expediting"),
    "fix": ("rectify", "rectified", "rectifying"),
    "enough": ("sufficient",),
    "more": ("additional",),
    "buy": ("purchase", "purchased", "purchasing"),
    "need": ("require", "requires", "required", "requirement"),
    "if": ("in the event that", "in the event of"),
    "now": ("at this point in time", "at the present time"),
    "pay": ("remuneration",),
    "this": ("aforementioned",),
    "so": ("consequently",),
    "decide": ("determine", "determined", "determining"),
}
