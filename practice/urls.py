from django.urls import path

from core.pagecache import cache_public_page

from . import views

app_name = "practice"

clinicians = cache_public_page(views.ClinicianListView.as_view())

urlpatterns = [
    path("providers/", clinicians, name="clinician_list"),
    path("providers/at/<slug:location>/", clinicians, name="clinicians_at"),
    path("providers/for/<slug:condition>/", clinicians, name="clinicians_for"),
    path(
        "providers/<slug:slug>/",
        cache_public_page(views.ClinicianDetailView.as_view(), query=["condition"]),
        name="clinician_detail",
    ),
    path(
        "locations/",
        cache_public_page(views.LocationListView.as_view()),
        name="location_list",
    ),
    path(
        "locations/<slug:slug>/",
        cache_public_page(views.LocationDetailView.as_view(), query=["condition"]),
        name="location_detail",
    ),
    path("insurance/", cache_public_page(views.InsuranceView.as_view()), name="insurance"),
    path("info/<slug:slug>/", cache_public_page(views.SitePageView.as_view()), name="site_page"),
]
