"""The REST API under /api: choices, accounts, profiles and consent, stories and jobs."""
