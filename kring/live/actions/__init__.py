"""The one write path of the live meeting, in four parts: setup (method, roles, agenda,
agreements), flow (the chair's controls, the clock, presence), vote, and writing (notes,
advice, learning points, yields). Views, the consumer and tasks call these."""
from kring.live.actions import flow, setup, vote, writing

__all__ = ["flow", "setup", "vote", "writing"]
