"""Portfolio pages that change what was recorded or set: the review's targets and narrative,
working groups, events and their invitations. Staff only; every change goes through a service
that audits it with before and after."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from citymade.portfolio.document import definitions
from citymade.portfolio.review import REVIEW_KEYS
from citymade.web.accounts.roles import STAFF
from citymade.web.core.access import allow
from citymade.web.portfolio import editing
from citymade.web.portfolio.board import narrative_for, set_narrative, set_targets, targets_for
from citymade.web.portfolio.forms import EventForm, ReviewBoardForm, WorkingGroupForm
from citymade.web.portfolio.models import Event, Participation, WorkingGroup
from citymade.web.portfolio.views import _year


@allow(*STAFF)
def review_edit(request: HttpRequest, year: int) -> HttpResponse:
    """Set the cluster's targets for a year's figures and what it says of the year."""
    year = _year(year)
    labels = definitions()
    figures = [(key, labels[key][0]) for key in REVIEW_KEYS if key != "year"]
    form = ReviewBoardForm(request.POST or None, figures=figures, targets=targets_for(year), initial={"narrative": narrative_for(year)})
    if request.method == "POST" and form.is_valid():
        try:
            set_targets(year, form.targets(), actor=request.user)
            set_narrative(year, form.cleaned_data["narrative"], actor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The targets and the narrative of %(year)d were saved.") % {"year": year})
            return redirect("portfolio:review_year", year=year)
    return render(request, "portfolio/review_edit.html", {"year": year, "form": form})


@allow(*STAFF)
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a working group: its name, sector and participants (those who leave it end their membership)."""
    group = get_object_or_404(WorkingGroup, pk=pk)
    form = WorkingGroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        changed = form.save(commit=False)
        editing.update_working_group(
            changed, actor=request.user, members=form.cleaned_data["members"], partners=form.cleaned_data["partners"]
        )
        messages.success(request, _("The working group %(name)s was saved.") % {"name": changed.name})
        return redirect("portfolio:groups")
    return render(request, "portfolio/edit_form.html", {"form": form, "title": _("Change the working group"), "name": group.name})


@allow(*STAFF)
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an event: its title, kind, date and working group."""
    event = get_object_or_404(Event, pk=pk)
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        changed = form.save(commit=False)
        editing.update_event(changed, actor=request.user)
        messages.success(request, _("The event was changed."))
        return redirect("portfolio:attendance", event_id=event.pk)
    return render(request, "portfolio/edit_form.html", {"form": form, "title": _("Change the event"), "name": event.title})


@allow(*STAFF)
def invitation_remove(request: HttpRequest, event_id: int, pk: int) -> HttpResponse:
    """Take an organisation off an event's list (POST, after the browser asked to confirm)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    invitation = get_object_or_404(Participation.objects.select_related("company", "partner", "event"), pk=pk, event_id=event_id)
    name = str(invitation.company or invitation.partner)
    editing.remove_invitation(invitation, actor=request.user)
    messages.success(request, _("%(name)s is no longer on the list of this event.") % {"name": name})
    return redirect("portfolio:attendance", event_id=event_id)
