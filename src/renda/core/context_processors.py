from functools import lru_cache

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from renda.core.registry import areas_for


@lru_cache(maxsize=256)
def _area_home(url_name: str, prefix: str, urlconf) -> str | None:
    """An area's home address, reversed once per (name, script prefix, urlconf): every page asks for all of them."""
    try:
        return reverse(url_name, urlconf=urlconf)
    except NoReverseMatch:
        return None


def _active_area(path: str, areas) -> str | None:
    """The area whose home address is the longest prefix of the current path (so /deputies/training/…
    highlights 自身建设, not 代表工作, and /meetings/… highlights 决定任免)."""
    best, best_len = None, 0
    prefix, urlconf = get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF
    for area in areas:
        if not area.url_name:
            continue
        home = _area_home(area.url_name, prefix, urlconf)
        if home and path.startswith(home) and len(home) > best_len:
            best, best_len = area.key, len(home)
    return best


def navigation(request):
    user = getattr(request, "user", None)
    areas = areas_for(user) if user is not None else []
    return {"nav_areas": areas, "nav_active": _active_area(request.path, areas)}
