from django.urls import NoReverseMatch, reverse

from renda.core.registry import areas_for


def _active_area(path: str, areas) -> str | None:
    """The area whose home address is the longest prefix of the current path (so /deputies/training/…
    highlights 自身建设, not 代表工作, and /meetings/… highlights 决定任免)."""
    best, best_len = None, 0
    for area in areas:
        if not area.url_name:
            continue
        try:
            home = reverse(area.url_name)
        except NoReverseMatch:
            continue
        if path.startswith(home) and len(home) > best_len:
            best, best_len = area.key, len(home)
    return best


def navigation(request):
    user = getattr(request, "user", None)
    areas = areas_for(user) if user is not None else []
    return {"nav_areas": areas, "nav_active": _active_area(request.path, areas)}
