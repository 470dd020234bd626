"""Shared test set-up: a throwaway data directory, French as the default language."""

from __future__ import annotations

import os
import tempfile

# Every test run writes into its own data directory (never the developer's var/).
os.environ.setdefault("CITYMADE_DATA_DIR", tempfile.mkdtemp(prefix="citymade-test-"))
os.environ.pop("CITYMADE_LANG", None)


def pytest_configure(config):
    # Password hashing is deliberately slow; tests need it correct, not slow.
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
