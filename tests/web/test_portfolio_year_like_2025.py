"""A year built like the cluster's published 2025 (``docs/portfolio.md``, issue 14), loaded through the
imports alone, gives the published kind of figures exactly.

The cluster published for 2025: 54 members, 20 partners, "86 % are companies", 12 joiners, 2
candidates who stopped, 80 % participation, 55 individual support actions and 51 "simple advice"
actions, mostly introductions. The record set below is one consistent with those figures, built by
hand (the counts are in the comments); the review computed from the imported files must give each
figure exactly. Headers are in the three languages and as code ids, as a cluster's own files are.
"""

from __future__ import annotations

import datetime as dt

from citymade.i18n import use_language
from citymade.web.accounts.roles import Role
from citymade.web.portfolio.data import review_for
from citymade.web.portfolio.loading import IMPORTS

YEAR = dt.date.today().year - 1  # the last whole year (2025 in 2026)
BEFORE = YEAR - 3

# Members: 45 since before the year (41 companies, 4 associations), 6 companies that joined as members
# during the year, 3 candidates of the year who became members: 54 at the end of the year.
OLD = [f"Atelier {i:02d}" for i in range(1, 42)]
ASSOCIATIONS = [f"Asbl {i}" for i in range(1, 5)]
NEW = [f"Nouvelle {i}" for i in range(1, 7)]
CANDIDATES = [f"Candidate {i}" for i in range(1, 6)]  # 1–3 become members, 4–5 stop
PROSPECT = "Prospect Ouvert"


def _companies() -> str:
    rows = ["name,organisation_type,membership,membership_since"]
    rows += [f"{n},company,member,{BEFORE}-01-15" for n in OLD]
    rows += [f"{n},association,member,{BEFORE}-01-15" for n in ASSOCIATIONS]
    rows += [f"{n},company,member,{YEAR}-0{1 + i}-10" for i, n in enumerate(NEW)]
    rows += [f"{n},company,candidate,{YEAR}-02-01" for n in CANDIDATES]
    rows.append(f"{PROSPECT},company,prospect,{BEFORE}-05-01")
    return "\n".join(rows) + "\n"


def _status_changes() -> str:
    rows = ["Bedrijf,Lidmaatschapsstatus,Datum"]
    rows += [f"{n},Lid,{YEAR}-06-01" for n in CANDIDATES[:3]]
    rows += [f"{n},stopped,{YEAR}-09-01" for n in CANDIDATES[3:]]
    return "\n".join(rows) + "\n"


# Partners: 17 before the year and 3 joining in it, 20 at the end; 14 of them companies. Companies among
# members and partners: 41 + 6 + 3 + 14 = 64 of 74 organisations, 86 %.
PARTNER_TYPES = ["company"] * 14 + ["research"] * 2 + ["public"] * 2 + ["support"] * 2


def _partners() -> str:
    rows = ["Name,Organisation type,Partner since"]
    for i, kind in enumerate(PARTNER_TYPES):
        since = f"{YEAR}-04-01" if i >= 17 else f"{BEFORE}-03-01"
        rows.append(f"Partenaire {i + 1:02d},{kind},{since}")
    return "\n".join(rows) + "\n"


EVENTS = [("Assemblée générale", "assembly", f"{YEAR}-03-20"), ("Visite atelier", "visit", f"{YEAR}-05-12"),
          ("Portes ouvertes", "open_day", f"{YEAR}-10-04")]


def _events() -> str:
    return "title,kind,date\n" + "".join(f"{t},{k},{d}\n" for t, k, d in EVENTS)


def _attendance() -> str:
    """43 of the 54 members take part at least once (80 %): 30 old members at the general assembly
    (10 of them again at the visit), 6 associations-or-old at the visit, the 6 new members and the 1st
    candidate at the open day. Invited but absent, partners present, a stopped candidate present
    before stopping and a prospect at the open day change nothing."""
    assembly, visit, open_day = EVENTS
    lines = ["Événement,Date de l'événement,Organisation,Présent"]

    def row(event: tuple[str, str, str], who: str, came: bool) -> None:
        lines.append(f"{event[0]},{event[2]},{who},{'oui' if came else 'non'}")

    for n in OLD[:30]:
        row(assembly, n, True)
    for n in OLD[:10]:
        row(visit, n, True)
    for n in OLD[30:33] + ASSOCIATIONS[:3]:
        row(visit, n, True)  # 36 so far
    for n in NEW:
        row(open_day, n, True)  # 42
    row(open_day, CANDIDATES[0], True)  # a member by then: 43
    for n in OLD[33:]:
        row(assembly, n, False)  # invited, never came: 8 old members and 1 association stay out
    row(assembly, ASSOCIATIONS[3], False)
    row(assembly, CANDIDATES[3], True)  # stopped in September: not counted at the end of the year
    row(open_day, PROSPECT, True)  # prospects do not count
    for i in range(1, 6):
        row(assembly, f"Partenaire {i:02d}", True)  # partners do not count in participation
    return "\n".join(lines) + "\n"


# Support: 55 individual support actions (account management, R&D subsidy, recruitment, industrial
# support, working-group follow-up) and 51 simple advice actions, 40 of them introductions.
INDIVIDUAL = ["account_management"] * 20 + ["rd_subsidy"] * 10 + ["recruitment"] * 8 + ["industrial_support"] * 12 + ["working_group"] * 5
ADVICE = ["networking"] * 40 + ["advice"] * 11


def _support() -> str:
    rows = ["Company,Date,Support type"]
    members = OLD + NEW
    for i, kind in enumerate(INDIVIDUAL + ADVICE):
        rows.append(f"{members[i % len(members)]},{YEAR}-{1 + i % 12:02d}-{1 + i % 28:02d},{kind}")
    return "\n".join(rows) + "\n"


def test_a_year_like_the_clusters_2025_loaded_through_the_imports_gives_the_published_figures(world):
    advisor = world.users[Role.ADVISOR]
    files = [("companies", _companies()), ("status_changes", _status_changes()), ("partners", _partners()),
             ("events", _events()), ("attendance", _attendance()), ("support_actions", _support())]
    with use_language("fr"):
        for kind, text in files:
            outcome = IMPORTS[kind](f"{kind}.csv", text.encode(), actor=advisor, dry_run=False)
            assert outcome.ok and outcome.created, (kind, [str(p) for p in outcome.problems])
    figures = review_for(YEAR).figures
    assert figures["members_total"] == 54
    assert figures["partners_total"] == 20
    assert figures["members_and_partners"] == 74
    assert round(figures["share_companies"] * 100) == 86 and figures["share_companies"] == round(64 / 74, 4)
    assert figures["members_new"] == 9
    assert figures["partners_new"] == 3
    assert figures["joiners"] == 12
    assert (figures["candidates_new"], figures["candidates_became_members"], figures["candidates_stopped"]) == (5, 3, 2)
    assert round(figures["participation_rate"] * 100) == 80 and figures["participation_rate"] == round(43 / 54, 4)
    assert figures["individual_support"] == 55
    assert figures["simple_advice"] == 51
    assert figures["support_actions_by_type"]["networking"] == 40
