"""``GET /api/register/figures``: the key figures of production from the company register.

The same core function as ``citymade register figures --format json`` and the Region page
(:func:`citymade.register.figures.compute_figures`), on the register store the web reads. Every
role may read them (they are aggregates); without an imported store the answer is 404 with a
message saying how to import one.
"""


from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from citymade.errors import CitymadeError
from citymade.register.figures import compute_figures
from citymade.register.regions import region as find_region
from citymade.register.store import open_store
from citymade.web.accounts.roles import ALL_ROLES
from citymade.web.api.documents import FiguresOut
from citymade.web.api.errors import ApiError, errors
from citymade.web.api.main import api
from citymade.web.core.access import api_allow
from citymade.web.region.services import store_path

router = Router(tags=["register"])


class FiguresQuery(Schema):
    region: str = Field("brussels", max_length=40, description="Region key (brussels, belgium …).")


@router.get(
    "/figures",
    response={200: FiguresOut, **errors(401, 403, 404, 422)},
    summary="Key figures of production in a region, from the imported register",
)
@api_allow(*ALL_ROLES)
def figures(request: HttpRequest, query: Query[FiguresQuery]) -> dict[str, Any]:
    try:
        region = find_region(query.region)
    except CitymadeError as exc:
        raise ApiError(422, _("Some values are not valid: see the details."),
                       details=[{"loc": ["query", "region"], "message": exc.message}]) from None
    path = store_path()
    if not path.exists():
        raise ApiError(404, _("No company register has been imported yet: run “citymade register import EXTRACT”."))
    with open_store(path) as store:
        return compute_figures(store, region_key=region, language=get_language())


api.add_router("/register", router)
