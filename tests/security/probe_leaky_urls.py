"""A URLconf with deliberately broken views, for the access probe's self-test (never used by the project)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.urls import path

from renda.urls import urlpatterns as project_urlpatterns


@login_required
def leaky_item(request, pk):
    """Forgets `item_filter(user)`: any signed-in user reads any item of any congress."""
    from renda.workplan.models import WorkPlanItem

    item = WorkPlanItem.objects.filter(pk=pk).first()
    if item is None:
        raise Http404
    return HttpResponse(f"<h1>{item.title}</h1>")


@login_required
def leaky_deputy(request, pk):
    """Shows a deputy's phone number to everyone signed in."""
    from renda.deputies.models import Deputy

    deputy = Deputy.objects.filter(pk=pk, congress_id=request.user.congress_id).first()
    if deputy is None:
        raise Http404
    return HttpResponse(f"<p>{deputy.person.name} {deputy.phone}</p>")


def boom(request, pk):
    raise RuntimeError("planted server error")


urlpatterns = [
    path("probe-leaky/items/<int:pk>/", leaky_item),
    path("probe-leaky/deputies/<int:pk>/", leaky_deputy),
    path("probe-leaky/boom/<int:pk>/", boom),
    *project_urlpatterns,
]
