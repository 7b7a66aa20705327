"""What the site's frame needs to know about every app: the project's top floor, the one
place that names the apps' views."""

# The main navigation's sections after the home page, each with the names (or the start
# of the names) of the views whose pages belong to it.
NAV_SECTIONS = (
    ("home", ("home",)),
    ("conditions", ("conditions:condition_",)),
    ("treatments", ("conditions:treatment_",)),
    ("providers", ("practice:clinician",)),
    ("locations", ("practice:location_",)),
    ("contact", ("appointments:contact",)),
    ("search", ("conditions:search",)),
)


def nav_section(request):
    """Which item of the main navigation the page belongs to ("" for none)."""
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    return next((section for section, views in NAV_SECTIONS if view_name.startswith(views)), "")


def navigation(request):
    return {"nav_section": nav_section(request)}
