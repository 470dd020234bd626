"""Production settings: safe by default, refused when unsafe; ``citymade check --deploy``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3Y-" + "x9Q_ab7Lm2Zp0Rt8Vw4Ny6Ps1Du5Gf3Hj" * 2


def _citymade(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("CITYMADE_", "DJANGO_"))}
    environment["CITYMADE_DATA_DIR"] = os.environ["CITYMADE_DATA_DIR"]
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "citymade", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_passes_with_production_settings():
    result = _citymade(
        "check", "--deploy",
        CITYMADE_DEBUG="0", CITYMADE_SECRET_KEY=STRONG_KEY, CITYMADE_ALLOWED_HOSTS="citymade.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"CITYMADE_SECRET_KEY": ""}, "CITYMADE_SECRET_KEY is not set"),
        ({"CITYMADE_SECRET_KEY": "short-key"}, "too weak"),
        ({"CITYMADE_SECRET_KEY": "django-insecure-" + "a1b2c3d4e5" * 6}, "too weak"),
        ({"CITYMADE_SECRET_KEY": STRONG_KEY, "CITYMADE_ALLOWED_HOSTS": ""}, "CITYMADE_ALLOWED_HOSTS is not set"),
    ],
)
def test_production_refuses_unsafe_configuration(env, expected):
    base = {"CITYMADE_DEBUG": "0", "CITYMADE_ALLOWED_HOSTS": "citymade.example.org"}
    result = _citymade("check", "--deploy", **{**base, **env})
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_check_passes_in_development():
    result = _citymade("check")
    assert result.returncode == 0, result.stderr


def test_production_cookies_are_secure():
    code = (
        "from django.conf import settings as s; import citymade.web; citymade.web.setup(); "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0, s.DEBUG)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("CITYMADE_")}
    env.update(
        CITYMADE_DATA_DIR=os.environ["CITYMADE_DATA_DIR"], CITYMADE_DEBUG="0",
        CITYMADE_SECRET_KEY=STRONG_KEY, CITYMADE_ALLOWED_HOSTS="citymade.example.org",
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["True", "True", "True", "False"], out.stderr
