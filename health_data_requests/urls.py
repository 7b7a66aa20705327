from django.conf import settings
from django.urls import path
from django.views.generic import TemplateView

from core.pagecache import cache_public_page

from . import views

app_name = "health_data_requests"


def done_page(step):
    context = {"step": step, "confirm_hours": settings.HEALTH_DATA_REQUESTS["CONFIRM_HOURS"]}
    return cache_public_page(
        TemplateView.as_view(template_name="health_data_requests/done.html", extra_context=context)
    )


urlpatterns = [
    path("health-data-request/", views.RequestFormView.as_view(), name="request"),
    path("health-data-request/sent/", done_page("sent"), name="sent"),
    path("health-data-request/confirm/", views.LinkView.as_view(), name="confirm"),
    path("health-data-request/confirmed/", done_page("confirmed"), name="confirmed"),
    path("health-data-request/appeal/", views.LinkView.as_view(appeal=True), name="appeal"),
    path("health-data-request/appealed/", done_page("appealed"), name="appealed"),
]
