"""``citymade createuser`` and friends, through the real Typer app."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from citymade.cli import app
from citymade.web.accounts.models import User

runner = CliRunner()


@pytest.mark.django_db
def test_createuser_creates_an_advisor():
    result = runner.invoke(app, ["createuser", "marie", "--role", "advisor", "--password", "Un-long-mot-2-passe"])
    assert result.exit_code == 0, result.output
    assert User.objects.get(username="marie").role == "advisor"


@pytest.mark.django_db
def test_createuser_names_the_person_and_the_creation_is_audited():
    from citymade.web.core.models import AuditEntry

    result = runner.invoke(app, ["createuser", "claire", "--role", "admin", "--first-name", "Claire", "--last-name", "Dubois",
                                 "--language", "nl", "--email", "claire@example.org", "--password", "Un-long-mot-2-passe"])
    assert result.exit_code == 0, result.output
    user = User.objects.get(username="claire")
    assert (user.get_full_name(), user.language, user.is_superuser) == ("Claire Dubois", "nl", True)
    assert AuditEntry.objects.get(action="user.created").after["person"] == "Claire Dubois"
    again = runner.invoke(app, ["createuser", "other", "--role", "observer", "--email", "CLAIRE@example.org", "--password", "Un-long-mot-2-passe"])
    assert again.exit_code == 2 and "claire@example.org".upper() in again.output.upper()


@pytest.mark.django_db
def test_createuser_refuses_unknown_role_with_exit_2():
    result = runner.invoke(app, ["createuser", "bob", "--role", "boss", "--password", "Un-long-mot-2-passe"])
    assert result.exit_code == 2
    assert "boss" in result.output and "advisor" in result.output
    assert not User.objects.filter(username="bob").exists()


@pytest.mark.django_db
def test_createuser_company_user_needs_a_company():
    result = runner.invoke(app, ["--lang", "en", "createuser", "c", "--role", "company", "--password", "Un-long-mot-2-passe"])
    assert result.exit_code == 2
    assert "--company" in result.output


@pytest.mark.django_db
def test_createuser_refuses_weak_password():
    result = runner.invoke(app, ["createuser", "weak", "--role", "observer", "--password", "123"])
    assert result.exit_code == 2
    assert not User.objects.filter(username="weak").exists()


def test_help_lists_the_first_commands():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("serve", "migrate", "createuser", "check", "demo"):
        assert command in result.output
