from django.urls import path

from core.pagecache import cache_public_page
from core.views import old_page_address

from . import views

app_name = "conditions"

urlpatterns = [
    path(
        "conditions/",
        cache_public_page(views.ConditionListView.as_view()),
        name="condition_list",
    ),
    path(
        "conditions/region/<slug:region>/",
        cache_public_page(views.RegionView.as_view(), query=["page"]),
        name="region",
    ),
    path("conditions/region/<slug:region>/page/<str:page>/", old_page_address),
    path(
        "conditions/<slug:slug>/",
        cache_public_page(views.ConditionDetailView.as_view()),
        name="condition_detail",
    ),
    path(
        "treatments/",
        cache_public_page(views.TreatmentListView.as_view()),
        name="treatment_list",
    ),
    path(
        "treatments/<slug:slug>/",
        cache_public_page(views.TreatmentDetailView.as_view()),
        name="treatment_detail",
    ),
    path(
        "treatments/<slug:slug>/conditions/",
        cache_public_page(views.TreatmentConditionsView.as_view(), query=["page"]),
        name="treatment_conditions",
    ),
    path("treatments/<slug:slug>/conditions/page/<str:page>/", old_page_address),
    path("search/", views.SearchView.as_view(), name="search"),
]
