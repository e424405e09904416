from renda.core.registry import areas_for


def navigation(request):
    user = getattr(request, "user", None)
    return {"nav_areas": areas_for(user) if user is not None else []}
