"""A small follow-up of eight companies and five partners, and its 2024 review worked out by hand.

The expected figures below are written out, not computed: each comment says which records count.
The same fixture is loaded into the database by the web tests (``tests/web/test_portfolio_review.py``).
"""

from __future__ import annotations

import datetime as dt

D = dt.date

#: (id, company, status, date)
STATUSES = [
    (1, 1, "prospect", D(2022, 3, 1)),
    (2, 1, "member", D(2022, 6, 1)),  # c1 member since 2022: counted, not new
    (3, 2, "candidate", D(2023, 5, 1)),
    (4, 2, "member", D(2024, 2, 10)),  # c2 new member
    (5, 3, "member", D(2023, 1, 1)),
    (6, 3, "alumni", D(2024, 9, 1)),  # c3 left in 2024: not counted
    (7, 4, "prospect", D(2024, 1, 1)),
    (8, 4, "member", D(2024, 12, 31)),  # c4 new member on the last day of the year
    (9, 5, "member", D(2025, 1, 1)),  # c5 only from 2025
    (10, 6, "member", D(2024, 3, 1)),
    (11, 6, "alumni", D(2024, 5, 1)),
    (12, 6, "member", D(2024, 11, 1)),  # c6 member again at the end of 2024: new
    (13, 7, "candidate", D(2024, 2, 1)),  # c7 a new candidate of 2024 …
    (14, 7, "stopped", D(2024, 10, 1)),  # … who stopped (not a former member)
    (15, 8, "prospect", D(2023, 5, 1)),
    (16, 8, "candidate", D(2024, 3, 1)),  # c8 a new candidate, still one at the end of 2024
]
#: The companies' organisation types (the others are companies): c4 a research centre, c6 an association.
ORGANISATION_TYPES = {4: "research", 6: "association"}
#: (id, name, joined, left, organisation type)
PARTNERS = [
    (1, "Agence", D(2020, 1, 1), None, "public"),  # active
    (2, "Fonds", D(2024, 3, 1), None, "company"),  # active, new — a partner that is a company
    (3, "Ancien", D(2021, 1, 1), D(2024, 6, 30), "company"),  # left during the year
    (4, "Court", D(2024, 5, 5), D(2024, 12, 31), "support"),  # new, but left on 31 December
    (5, "Futur", D(2025, 1, 10), None, "support"),
]
#: (id, date, kind, working group) — events 1, 2 and 4 are meetings of groups 1 and 2; group 3 met in 2023 only
EVENTS = [
    (1, D(2024, 2, 1), "meeting", 1),
    (2, D(2024, 6, 1), "meeting", 1),
    (3, D(2023, 12, 31), "meeting", 3),
    (4, D(2024, 12, 31), "meeting", 2),
    (5, D(2024, 1, 15), "open_day", None),
]
#: (id, event id, event date, attended, company, partner)
ATTENDANCES = [
    (1, 1, D(2024, 2, 1), True, 1, None),  # c1 took part …
    (2, 1, D(2024, 2, 1), False, 2, None),
    (3, 2, D(2024, 6, 1), True, None, 1),  # a partner: not in the participation rate
    (4, 3, D(2023, 12, 31), True, 1, None),  # 2023
    (5, 4, D(2024, 12, 31), False, 4, None),
    (6, 2, D(2024, 6, 1), True, 1, None),  # … twice: it counts once
    (7, 5, D(2024, 1, 15), True, 4, None),  # c4 came to the open day as a prospect: does not count
    (8, 2, D(2024, 6, 1), True, 8, None),  # c8, a candidate, took part
    (9, 2, D(2024, 6, 1), True, 7, None),  # c7 stopped by the end of the year: not counted
]
#: (id, company, date, type)
SUPPORT = [
    (1, 1, D(2024, 1, 1), "advice"),
    (2, 2, D(2024, 5, 1), "advice"),
    (3, 4, D(2024, 8, 1), "advice"),
    (4, 1, D(2024, 3, 3), "rd_subsidy"),
    (5, 2, D(2024, 4, 4), "networking"),
    (6, 6, D(2024, 10, 10), "networking"),
    (7, 1, D(2023, 12, 31), "advice"),  # 2023
    (8, 2, D(2025, 1, 1), "recruitment"),  # 2025
]
#: (id, company, date, stage)
DIAGNOSTICS = [
    (1, 1, D(2023, 4, 1), 2),
    (2, 1, D(2024, 4, 1), 3),  # c1: 2 → 3, a progression
    (3, 2, D(2023, 5, 1), 3),
    (4, 2, D(2024, 3, 1), 4),
    (5, 2, D(2024, 10, 1), 3),  # c2's latest of 2024 is 3 again: no progression
    (6, 4, D(2024, 6, 1), 1),  # c4: nothing before 2024
    (7, 6, D(2022, 1, 1), 1),
    (8, 6, D(2024, 5, 5), None),  # c6: stage not known in 2024
    (9, 3, D(2023, 1, 1), 0),
    (10, 3, D(2024, 2, 2), 2),  # c3: 0 → 2, a progression
    (11, 5, D(2025, 2, 1), 5),  # 2025
]
#: (id, company, kind, date)
MILESTONES = [
    (1, 1, "industrialised", D(2024, 7, 1)),
    (2, 2, "industrialised", D(2023, 7, 1)),
    (3, 2, "break_even", D(2024, 12, 31)),
    (4, 4, "break_even", D(2025, 1, 1)),
]
#: (id, company, date, fte)
JOBS = [
    (1, 1, D(2023, 12, 31), 5.0),
    (2, 1, D(2024, 6, 30), 6.5),  # c1's latest: 6.5
    (3, 2, D(2022, 12, 31), 2.0),  # c2: 2.0
    (4, 3, D(2024, 12, 31), 10.0),  # c3 is no member at the end of 2024
    (5, 4, D(2025, 1, 1), 3.0),  # after the year
    (6, 6, D(2024, 12, 31), 1.5),  # c6: 1.5
]

EXPECTED_2024 = {
    "year": 2024,
    "members_total": 4,  # c1, c2, c4, c6
    "members_new": 3,  # c2, c4, c6
    "partners_total": 2,  # Agence, Fonds
    "partners_new": 2,  # Fonds, Court
    "members_and_partners": 6,  # 4 + 2
    "joiners": 5,  # 3 new members + 2 new partners
    # companies among the 6: c1, c2 and the partner Fonds (c4 is a research centre, c6 an
    # association, Agence a public body) — not members ÷ (members + partners), 4/6
    "share_companies": 0.5,
    "candidates_new": 2,  # c7, c8 (c2 became a candidate in 2023)
    "candidates_became_members": 1,  # c2
    "candidates_stopped": 1,  # c7 (c3 and c6 became former members: not candidates who stopped)
    # members and candidates at the end of 2024: c1, c2, c4, c6, c8; took part: c1 (twice), c8 —
    # not 6 attended of 8 invitations
    "participation_rate": 0.4,
    "working_groups": 2,  # groups 1 and 2 met in 2024
    "support_actions_by_type": {
        "account_management": 0,
        "rd_subsidy": 1,
        "recruitment": 0,
        "industrial_support": 0,
        "networking": 2,
        "advice": 3,
        "working_group": 0,
    },
    "individual_support": 1,  # the R&D subsidy
    "simple_advice": 5,  # 3 simple advice + 2 introductions to a partner
    "diagnostics_done": 5,  # companies 1, 2, 3, 4, 6 (diagnostics 2, 5, 10, 6, 8): c2, diagnosed twice (4, 5), counts once
    "stage_progressions": 2,  # c1 and c3
    "industrialised_projects": 1,
    "break_even_reached": 1,
    "jobs_fte": 10.0,  # 6.5 + 2.0 + 1.5
}
SUPPORT_TYPES = ["account_management", "rd_subsidy", "recruitment", "industrial_support", "networking", "advice", "working_group"]
#: The framework's two support families (as ``citymade/framework/default/00-framework.yaml`` has them).
SUPPORT_FAMILIES = {
    "individual": ["account_management", "rd_subsidy", "recruitment", "industrial_support", "working_group"],
    "advice": ["networking", "advice"],
}
