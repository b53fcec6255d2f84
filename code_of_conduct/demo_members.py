"""Demo data for this app, called by ``seed_demo`` (must stay idempotent)."""


def seed(stdout, users) -> None:
    return None
