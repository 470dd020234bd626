"""A cluster's last three years, a small synthetic record set, loaded through the imports alone in
one go (companies first, then their history): the reviews of the three years count what the files
say, computed by hand below."""

from __future__ import annotations

import datetime as dt

from citymade.i18n import use_language
from citymade.web.accounts.roles import Role
from citymade.web.portfolio.data import review_for
from citymade.web.portfolio.loading import IMPORTS
from citymade.web.portfolio.models import Participation, SupportAction

Y2 = dt.date.today().year - 1
Y1, Y0 = Y2 - 1, Y2 - 2

FILES = [
    ("companies", "entreprises.csv",
     "Nom;Statut de membre;Statut depuis\n"
     f"Alpha;membre;15/01/{Y0}\nBeta;membre;15/01/{Y0}\nGamma;membre;20/01/{Y0}\n"
     f"Delta;candidat;01/03/{Y0}\nEpsilon;prospect;01/01/{Y0}\n".replace("candidat", "Membre candidat")),
    ("status_changes", "statuts.csv",
     "Bedrijf,Lidmaatschapsstatus,Datum\n"
     f"Delta,Lid,{Y1}-02-01\nEpsilon,Kandidaat-lid,{Y1}-06-01\nEpsilon,Lid,{Y2}-03-01\nGamma,Oud-lid,{Y2}-09-01\n"),
    ("jobs", "jobs.csv",
     "company,year,fte\n"
     f"Alpha,{Y0},2\nAlpha,{Y1},3\nAlpha,{Y2},4\nBeta,{Y1},\"1,5\"\nGamma,{Y0},5\nDelta,{Y2},2\n"),
    ("partners", "partners.csv",
     "Name,Organisation type,Partner since,Partner until\n"
     f"Hub,Public body,{Y0}-02-01,\nLab,Support organisation,{Y1}-05-01,{Y2}-03-31\n"),
    ("working_groups", "groups.csv", "Groupe de travail,Secteur,Entreprise\nTextile,textile,Alpha\nTextile,,Beta\n"),
    ("events", "events.csv",
     "Titre,Type d'événement,Date,Groupe de travail\n"
     f"Réunion textile,Réunion de groupe de travail,01/04/{Y1},Textile\nPortes ouvertes,Journée portes ouvertes,01/05/{Y2},\n"),
    ("attendance", "attendance.csv",
     "Activiteit,Datum activiteit,Organisatie,Aanwezig\n"
     f"Réunion textile,{Y1}-04-01,Alpha,ja\nRéunion textile,{Y1}-04-01,Beta,nee\nRéunion textile,{Y1}-04-01,Hub,ja\n"
     f"Portes ouvertes,{Y2}-05-01,Gamma,ja\nPortes ouvertes,{Y2}-05-01,Lab,nee\n"),
    ("support_actions", "support.csv",
     "company,date,type\n"
     f"Alpha,{Y1}-03-01,advice\nBeta,{Y1}-07-01,Conseil simple\nDelta,{Y2}-02-01,networking\n"),
]


def test_three_years_load_through_the_imports_alone(world):
    advisor = world.users[Role.ADVISOR]
    with use_language("fr"):
        for kind, name, text in FILES:
            dry = IMPORTS[kind](name, text.encode(), actor=advisor, dry_run=True)
            assert dry.ok, (kind, [str(p) for p in dry.problems])
            outcome = IMPORTS[kind](name, text.encode(), actor=advisor, dry_run=False)
            assert outcome.ok and outcome.created, (kind, outcome.problems)
    # The world's own two companies were entered today: they do not count in the past years.
    figures = {year: review_for(year).figures for year in (Y0, Y1, Y2)}
    # Members at the end of each year: Alpha, Beta, Gamma; + Delta; Gamma left, Epsilon joined.
    assert [figures[y]["members_total"] for y in (Y0, Y1, Y2)] == [3, 4, 4]
    assert [figures[y]["members_new"] for y in (Y0, Y1, Y2)] == [3, 1, 1]
    # Hub from Y0; Lab from Y1 and gone in Y2.
    assert [figures[y]["partners_total"] for y in (Y0, Y1, Y2)] == [1, 2, 1]
    assert [figures[y]["partners_new"] for y in (Y0, Y1, Y2)] == [1, 1, 0]
    # Each member's latest figure up to 31 December: 2 + 5; 3 + 1.5 + 5; 4 + 1.5 + 2.
    assert [float(figures[y]["jobs_fte"]) for y in (Y0, Y1, Y2)] == [7.0, 9.5, 7.5]
    assert Participation.objects.count() == 5
    assert Participation.objects.filter(company__name="Gamma", attended=True).exists()  # a former member's attendance
    assert SupportAction.objects.filter(date__year=Y1).count() == 2
