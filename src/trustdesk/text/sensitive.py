"""Sensitive data in text, validated rather than guessed from digits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SensitiveKind = Literal["card", "iban", "phone", "email", "national_id", "cvv", "otp", "password"]


@dataclass(frozen=True, slots=True)
class SensitiveItem:
    kind: SensitiveKind
    start: int
    end: int
    text: str


def find_sensitive(text: str) -> list[SensitiveItem]:
    raise NotImplementedError  # replaced in the next step of this change
