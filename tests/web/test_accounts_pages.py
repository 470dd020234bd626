"""Accounts on the web: the administrator's user pages, a user's own profile, an advisor's
invitation of an entrepreneur and its e-mailed link; refusals in words, everything audited."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from citymade.errors import CitymadeError
from citymade.web.accounts import invitations, services
from citymade.web.accounts.models import User
from citymade.web.accounts.roles import Role
from citymade.web.core.models import AuditEntry
from tests.web.conftest import PASSWORD

NEW_PASSWORD = "Un-autre-mot-de-passe-73"


def _form(**changes):
    data = {"first_name": "Lucie", "last_name": "Vandamme", "username": "lucie", "email": "lucie@example.org",
            "role": Role.COMPANY, "company": "", "language": "nl", "send_link": "on"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _audit_page(client, language="en"):
    client.cookies["citymade_language"] = language
    return client.get(reverse("core:audit")).content.decode()


def test_admin_creates_a_company_user_bound_to_its_company_and_it_gets_a_link_in_its_language(client, login, world):
    admin = world.users[Role.ADMIN]
    admin.first_name, admin.last_name = "Claire", "Dubois"
    admin.save()
    client = login(admin)
    response = client.post(reverse("accounts:user_create"), _form(company=world.own.pk))
    user = User.objects.get(username="lucie")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:user_edit", kwargs={"pk": user.pk})
    assert user.role == Role.COMPANY and user.company == world.own and not user.has_usable_password()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["lucie@example.org"]
    assert "wachtwoord" in mail.outbox[0].subject and "Beste Lucie Vandamme" in mail.outbox[0].body
    assert "Claire Dubois" in mail.outbox[0].body and "/accounts/reset/" in mail.outbox[0].body
    page = _audit_page(client)
    assert "Created the account of Lucie Vandamme, company user of Atelier Own" in page
    assert "Sent Lucie Vandamme a link to choose a password (lucie@example.org)" in page
    # the company's history says it too, in words
    history = client.get(reverse("companies:detail", kwargs={"slug": world.own.slug})).content.decode()
    assert "Created the account of Lucie Vandamme" in history


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"username": "ADVISOR1"}, "username", "The login “ADVISOR1” is already used by another account."),
        ({"email": "Advisor1@Example.org"}, "email", "The e-mail address “Advisor1@Example.org” is already used by another account."),
        ({"company": ""}, "company", "A company user belongs to exactly one company: choose it."),
        ({"role": Role.ADVISOR, "company": "own"}, "company", "Only company users belong to a company"),
        ({"first_name": "L" * 151}, "first_name", "Ensure this value has at most 150 characters"),
        ({"username": "lucie vandamme"}, "username", "A login may hold only letters, digits"),
        ({"last_name": "Van\x07damme"}, "last_name", "Remove the control characters from the last name."),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
    ],
)
def test_a_bad_account_is_refused_in_words_on_its_field(client, login, world, changes, field, words):
    client = login(world.users[Role.ADMIN])
    client.cookies["citymade_language"] = "en"
    if changes.get("company", "own") == "own":
        changes["company"] = world.own.pk
    before = User.objects.count()
    response = client.post(reverse("accounts:user_create"), _form(**changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors  # on the field it names …
    page = response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')
    assert words in page  # … in words (in the page's language)
    assert User.objects.count() == before and not mail.outbox


def test_the_refusal_is_in_french_and_dutch_too(client, login, world):
    client = login(world.users[Role.ADMIN])
    for language, words in (("fr", "déjà utilisé par un autre compte"), ("nl", "wordt al door een ander account gebruikt")):
        client.cookies["citymade_language"] = language
        page = client.post(reverse("accounts:user_create"), _form(username="advisor1")).content.decode()
        assert words in page


def test_admin_changes_a_role_deactivates_and_reactivates_and_each_is_audited(client, login, world):
    admin = world.users[Role.ADMIN]
    observer = world.users[Role.OBSERVER]
    observer.first_name, observer.last_name = "Marc", "Peeters"
    observer.save()
    client = login(admin)
    url = reverse("accounts:user_edit", kwargs={"pk": observer.pk})
    data = {"first_name": "Marc", "last_name": "Peeters", "username": "observer1", "email": "observer1@example.org",
            "role": Role.ADVISOR, "company": "", "language": "fr"}
    assert client.post(url, data).status_code == 302
    observer.refresh_from_db()
    assert observer.role == Role.ADVISOR
    client.post(reverse("accounts:user_deactivate", kwargs={"pk": observer.pk}))
    observer.refresh_from_db()
    assert not observer.is_active
    from django.test import Client

    assert Client().post(reverse("accounts:login"), {"username": "observer1", "password": PASSWORD}).status_code == 200
    client.post(reverse("accounts:user_reactivate", kwargs={"pk": observer.pk}))
    observer.refresh_from_db()
    assert observer.is_active
    page = _audit_page(client)
    for sentence in ("Changed the account of Marc Peeters: now Cluster advisor", "Deactivated the account of Marc Peeters",
                     "Reactivated the account of Marc Peeters"):
        assert sentence in page
    # the account's own page lists them too
    assert "Deactivated the account of Marc Peeters" in client.get(url).content.decode()


def test_an_admin_cannot_lock_themselves_out(client, login, world):
    admin = world.users[Role.ADMIN]
    client = login(admin)
    client.cookies["citymade_language"] = "en"
    response = client.post(reverse("accounts:user_deactivate", kwargs={"pk": admin.pk}), follow=True)
    assert "You cannot deactivate your own account" in response.content.decode()
    data = {"first_name": "A", "last_name": "B", "username": "admin1", "email": "admin1@example.org", "role": Role.OBSERVER,
            "company": "", "language": "en"}
    response = client.post(reverse("accounts:user_edit", kwargs={"pk": admin.pk}), data)
    assert "You cannot change your own role" in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active and admin.role == Role.ADMIN


def test_the_user_list_finds_people_by_name_and_shows_names_not_logins(client, login, world):
    advisor = world.users[Role.ADVISOR]
    advisor.first_name, advisor.last_name = "Sophie", "Lambert"
    advisor.save()
    client = login(world.users[Role.ADMIN])
    page = client.get(reverse("accounts:users"), {"q": "lambert"}).content.decode()
    assert "Sophie Lambert" in page and ">advisor1<" not in page and "observer1" not in page
    page = client.get(reverse("accounts:users"), {"q": "nobody-like-this"}).content.decode()
    assert 'class="empty"' in page


def test_a_user_changes_their_own_profile_but_not_to_someone_elses_address(client, login, world):
    user = world.users[Role.COMPANY]
    client = login(user)
    client.cookies["citymade_language"] = "en"
    url = reverse("accounts:profile")
    response = client.post(url, {"first_name": "Anne", "last_name": "Janssens", "email": "advisor1@example.org", "language": "nl"})
    assert "already used by another account" in response.content.decode()
    response = client.post(url, {"first_name": "Anne", "last_name": "Janssens", "email": "anne@example.org", "language": "nl"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.get_full_name(), user.email, user.language) == ("Anne Janssens", "anne@example.org", "nl")
    assert response.cookies["citymade_language"].value == "nl"
    assert AuditEntry.objects.filter(action="user.profile_changed", actor=user).count() == 1


def _link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/invitation/\S+/)", message.body).group(1)


def test_an_invited_entrepreneur_chooses_a_password_and_lands_on_their_company_only(client, login, world):
    advisor = world.users[Role.ADVISOR]
    advisor.first_name, advisor.last_name = "Sophie", "Lambert"
    advisor.save()
    staff = login(advisor)
    response = staff.post(reverse("accounts:invite", kwargs={"slug": world.own.slug}),
                          {"first_name": "Jan", "last_name": "Peeters", "email": "jan@atelier.example", "language": "nl"})
    assert response.status_code == 302
    user = User.objects.get(email="jan@atelier.example")
    assert (user.role, user.company, user.username, user.language) == (Role.COMPANY, world.own, "jan@atelier.example", "nl")
    message = mail.outbox[-1]
    assert message.to == ["jan@atelier.example"] and "Atelier Own" in message.subject and "Sophie Lambert" in message.body
    assert "Kies hier uw wachtwoord" in message.body  # in the language chosen for them
    staff.cookies["citymade_language"] = "en"
    page = staff.get(reverse("companies:detail", kwargs={"slug": world.own.slug})).content.decode()
    assert "Jan Peeters" in page and "invited, has not chosen a password yet" in page  # the access panel
    assert "Invited Jan Peeters (jan@atelier.example) to citymade for Atelier Own" in page  # the history
    staff.logout()
    # the entrepreneur follows the link
    link = _link(message)
    response = client.get(link)
    assert response.status_code == 302  # Django moves the token out of the address
    form_url = response["Location"]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("companies:detail", kwargs={"slug": world.own.slug})
    assert client.get(response["Location"]).status_code == 200
    assert client.get(reverse("companies:detail", kwargs={"slug": world.other.slug})).status_code == 404
    assert client.get(reverse("core:home")).context["user"] == user
    # the link works once
    client.logout()
    response = client.get(link)
    assert response.status_code == 200 and response.context["validlink"] is False
    assert "Ce lien d'invitation ne fonctionne plus" in response.content.decode()
    assert AuditEntry.objects.filter(action="user.invitation_accepted", actor=user).exists()


def test_inviting_again_resends_and_an_address_of_another_account_is_refused(client, login, world):
    staff = login(world.users[Role.ADVISOR])
    staff.cookies["citymade_language"] = "fr"
    url = reverse("accounts:invite", kwargs={"slug": world.own.slug})
    data = {"first_name": "Jan", "last_name": "Peeters", "email": "jan@atelier.example", "language": "fr"}
    staff.post(url, data)
    staff.post(url, data)
    assert User.objects.filter(email="jan@atelier.example").count() == 1 and len(mail.outbox) == 2
    assert "Choisissez votre mot de passe ici" in mail.outbox[-1].body
    # the address of another company's user, or of staff: refused in words, nothing sent
    response = staff.post(reverse("accounts:invite", kwargs={"slug": world.other.slug}), data)
    assert "« jan@atelier.example » est déjà utilisée par un autre compte" in response.content.decode()
    response = staff.post(url, {**data, "email": "advisor1@example.org"})
    assert "déjà utilisée par un autre compte" in response.content.decode()
    assert len(mail.outbox) == 2


def test_a_mail_server_refusal_leaves_no_account_behind(world, monkeypatch):
    import smtplib

    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr(invitations, "send_mail", refuse)
    with pytest.raises(CitymadeError) as caught:
        invitations.invite(world.own, actor=world.users[Role.ADVISOR], email="x@example.org", first_name="X", last_name="Y",
                           language="en", base_url="http://testserver")
    assert "n'a pas pu être envoyé" in caught.value.message  # in the sender's language (French by default)
    assert not User.objects.filter(email="x@example.org").exists()
    assert not AuditEntry.objects.filter(action="user.invited").exists()


def test_createuser_of_the_cli_uses_the_same_use_case_and_is_audited(world):
    user = services.create_user(username="cli-user", password="Un-long-mot-2-passe", role=Role.OBSERVER, email="cli@example.org")
    assert user.check_password("Un-long-mot-2-passe")
    assert AuditEntry.objects.filter(action="user.created", object_id=str(user.pk)).exists()
    with pytest.raises(CitymadeError, match="déjà utilisé"):
        services.create_user(username="CLI-USER", password="Un-long-mot-2-passe", role=Role.OBSERVER)


@pytest.mark.parametrize(
    ("language", "words"),
    [("fr", {"profile": "Mon profil", "users": "Utilisateurs", "create": "Nouvel utilisateur", "invite": "Inviter l'entrepreneur"}),
     ("nl", {"profile": "Mijn profiel", "users": "Gebruikers", "create": "Nieuwe gebruiker", "invite": "De ondernemer uitnodigen"}),
     ("en", {"profile": "My profile", "users": "Users", "create": "New user", "invite": "Invite the entrepreneur"})],
)
def test_every_new_page_speaks_french_dutch_and_english(client, login, world, language, words):
    admin = world.users[Role.ADMIN]
    client = login(admin)
    client.cookies["citymade_language"] = language
    pages = {
        "profile": reverse("accounts:profile"),
        "users": reverse("accounts:users"),
        "create": reverse("accounts:user_create"),
        "invite": reverse("accounts:invite", kwargs={"slug": world.own.slug}),
    }
    for key, url in pages.items():
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 200 and f'<html lang="{language}">' in page, url
        assert words[key] in page, (url, words[key])
    edit = client.get(reverse("accounts:user_edit", kwargs={"pk": world.users[Role.OBSERVER].pk})).content.decode()
    assert f'<html lang="{language}">' in edit
    invitation = client.get(reverse("accounts:invitation", kwargs={"uidb64": "MQ", "token": "x-y"})).content.decode()
    assert {"fr": "Bienvenue sur citymade", "nl": "Welkom op citymade", "en": "Welcome to citymade"}[language] in invitation
