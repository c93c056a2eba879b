"""Webhooks react to what other areas announce (their signals); nothing below imports the API."""
from __future__ import annotations


def connect() -> None:
    return None
