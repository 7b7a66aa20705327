from django.urls import path
from django.views.generic import TemplateView

from core.pagecache import cache_public_page

from . import views

app_name = "appointments"

urlpatterns = [
    path("appointments/", views.AppointmentRequestView.as_view(), name="request"),
    path(
        "appointments/thank-you/",
        cache_public_page(TemplateView.as_view(template_name="appointments/thanks.html")),
        name="thanks",
    ),
    path(
        "contact/",
        views.AppointmentRequestView.as_view(
            mode="contact", template_name="appointments/contact.html"
        ),
        name="contact",
    ),
]
