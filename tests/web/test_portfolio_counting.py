"""Counting as the cluster counts, in the web app: organisation types on the forms, former members
on the attendance list of their past events, partners in working groups, the definitions beside
the figures, support by family in the page and the workbook."""

from __future__ import annotations

import datetime as dt
import io

from django.urls import reverse
from openpyxl import load_workbook

from citymade.web.accounts.roles import Role
from citymade.web.companies.models import Company
from citymade.web.portfolio.models import Event, Partner, StatusChange, SupportAction, WorkingGroup

D = dt.date


def _history(company: Company, *steps: tuple[str, dt.date]) -> None:
    StatusChange.objects.filter(company=company).delete()
    for status, date in steps:
        StatusChange.objects.create(company=company, to_status=status, date=date)
    Company.objects.filter(pk=company.pk).update(membership=steps[-1][0])


def test_a_former_member_is_on_the_attendance_list_of_the_events_of_its_membership(client, world):
    _history(world.other, ("member", D(2022, 1, 1)), ("alumni", D(2024, 6, 1)))
    stopped = Company.objects.create(name="Atelier Stopped", slug="atelier-stopped")
    _history(stopped, ("candidate", D(2023, 1, 1)), ("stopped", D(2023, 9, 1)))
    past = Event.objects.create(title="Assemblée 2023", kind=Event.Kind.ASSEMBLY, date=D(2023, 5, 5))
    later = Event.objects.create(title="Visite 2025", kind=Event.Kind.VISIT, date=D(2025, 2, 2))
    client.force_login(world.users[Role.ADVISOR])
    page = client.get(reverse("portfolio:attendance", args=[past.pk])).content.decode()
    assert f'name="invited_{world.other.pk}"' in page and f'name="invited_{stopped.pk}"' in page
    response = client.post(reverse("portfolio:attendance", args=[past.pk]), {f"attended_{world.other.pk}": "on"})
    assert response.status_code == 302
    assert past.participations.get(company=world.other).attended
    later_page = client.get(reverse("portfolio:attendance", args=[later.pk])).content.decode()
    assert f'name="invited_{world.other.pk}"' not in later_page and f'name="invited_{stopped.pk}"' not in later_page
    assert f'name="invited_{world.own.pk}"' in later_page


def test_partners_join_working_groups_and_are_invited_with_the_whole_group(client, world):
    partner = Partner.objects.create(name="Centre de recherche", organisation_type="research", joined_on=D(2020, 1, 1))
    client.force_login(world.users[Role.ADVISOR])
    response = client.post(
        reverse("portfolio:groups"),
        {"form": "group", "group-name": "Bois", "group-slug": "bois", "group-sector": "wood",
         "group-members": [world.own.pk], "group-partners": [partner.pk]},
    )
    assert response.status_code == 302
    group = WorkingGroup.objects.get(slug="bois")
    assert list(group.partners.all()) == [partner]
    assert "Centre de recherche" in client.get(reverse("portfolio:groups")).content.decode()
    meeting = Event.objects.create(title="Réunion bois", kind="meeting", date=D(2024, 3, 3), working_group=group)
    page = client.get(reverse("portfolio:attendance", args=[meeting.pk]) + "?fill=group").content.decode()
    ticked = page.split(f'name="partner_invited_{partner.pk}"')[0].rsplit("<input", 1)[1] + page.split(f'name="partner_invited_{partner.pk}"')[1].split(">")[0]
    assert "checked" in ticked


def test_the_company_form_sets_the_organisation_type(client, world):
    client.force_login(world.users[Role.ADVISOR])
    page = client.get(reverse("companies:edit", args=[world.own.slug])).content.decode()
    assert 'name="organisation_type"' in page
    assert world.own.organisation_type == "company"  # the default
    client.post(reverse("companies:edit", args=[world.own.slug]), {"name": world.own.name, "organisation_type": "association",
                "membership": "member", "slug": world.own.slug, "enterprise_number": world.own.enterprise_number})
    world.own.refresh_from_db()
    assert world.own.organisation_type == "association"
    client.force_login(world.users[Role.COMPANY])  # the cluster decides it, not the company
    assert 'name="organisation_type"' not in client.get(reverse("companies:edit", args=[world.own.slug])).content.decode()


def _fixture_year(world) -> None:
    """2024: two members (one an association), one partner that is a company; two introductions and
    one R&D subsidy."""
    _history(world.own, ("member", D(2023, 1, 1)))
    _history(world.other, ("member", D(2023, 1, 1)))
    Company.objects.filter(pk=world.other.pk).update(organisation_type="association")
    Partner.objects.create(name="Atelier SA", organisation_type="company", joined_on=D(2023, 1, 1))
    for kind in ("networking", "networking", "rd_subsidy"):
        SupportAction.objects.create(company=world.own, date=D(2024, 4, 4), type=kind)


def test_the_review_page_says_each_definition_beside_its_figure_and_support_by_family(client, world):
    _fixture_year(world)
    client.force_login(world.users[Role.ADVISOR])
    client.cookies["citymade_language"] = "fr"
    page = client.get(reverse("portfolio:review_year", args=[2024])).content.decode()
    row = page.split('id="figure-share_companies"')[1].split("</tr>")[0]
    assert "66,7 %" in row  # own and the partner Atelier SA, of three
    assert "parmi les membres et les partenaires" in row  # the definition, in the row of its figure
    support = page.split('class="data pf-support"')[1].split("</table>")[0]
    assert "Accompagnements" in support and "Conseils simples" in support
    advice = support.split("Conseils simples")[1].split("</tbody>")[0]
    assert "<strong>2</strong>" in advice and "Mise en relation avec un partenaire" in advice


def test_the_workbook_holds_the_new_figures_with_their_definitions_and_percentages(client, world):
    _fixture_year(world)
    client.force_login(world.users[Role.ADVISOR])
    client.cookies["citymade_language"] = "nl"
    book = load_workbook(io.BytesIO(client.get(reverse("portfolio:review_download", args=[2024, "xlsx"])).content))
    keys = {row[2]: row for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
    for key in ("members_and_partners", "joiners", "candidates_new", "candidates_became_members",
                "candidates_stopped", "working_groups", "individual_support"):
        assert key in keys and keys[key][1], key
    labels = {row[2]: row[0] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
    rows = {r[0].value: r for r in book.worksheets[0].iter_rows(min_row=2)}
    share = rows[labels["share_companies"]]
    assert share[1].value == 0.6667 and share[1].number_format == "0.0%"
    assert rows[labels["simple_advice"]][1].value == 2 and rows[labels["individual_support"]][1].value == 1
    assert rows[labels["members_and_partners"]][1].value == 3
    support = book[book.sheetnames[3]]
    header = [c.value for c in support[1]]
    assert header == ["Familie", "Type", "Aantal"], header
    families = {r[0] for r in support.iter_rows(min_row=2, values_only=True)}
    assert families == {"Individuele begeleiding", "Eenvoudige adviezen"}


def test_the_migration_gives_each_partner_its_former_kind_as_organisation_type(transactional_db):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("portfolio", "0005_review_targets_narrative")]
    after = [("portfolio", "0006_organisation_types_assembly_group_partners")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("portfolio", "Partner")
    old.objects.create(name="Région", kind="public", joined_on=D(2020, 1, 1))
    old.objects.create(name="Incubateur", kind="support", joined_on=D(2020, 1, 1))
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    new = executor.loader.project_state(after).apps.get_model("portfolio", "Partner")
    assert dict(new.objects.values_list("name", "organisation_type")) == {"Région": "public", "Incubateur": "support"}
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_records_of_a_figure_are_named_in_words_without_ids(client, world):
    group = WorkingGroup.objects.create(name="Textile", slug="textile")
    Event.objects.create(title="Réunion textile", kind="meeting", date=D(2024, 3, 3), working_group=group)
    client.force_login(world.users[Role.ADVISOR])
    client.cookies["citymade_language"] = "fr"
    page = client.get(reverse("portfolio:review_figure", args=[2024, "working_groups"])).content.decode()
    assert "<td>Événement</td>" in page and "Réunion textile" in page and "Textile" in page
    assert "event #" not in page


def test_the_imports_know_every_membership_status_the_model_has():
    # the core cannot import the model, so it keeps its own list: it must not drift from the model's
    from citymade.portfolio.importing.cells import MEMBERSHIPS
    from citymade.web.companies.models import Company

    assert set(MEMBERSHIPS) == set(Company.Membership.values)
