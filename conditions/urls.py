from django.urls import path

from core.pagecache import cache_public_page

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
        cache_public_page(views.RegionView.as_view()),
        name="region",
    ),
    path(
        "conditions/region/<slug:region>/page/<int:page>/",
        cache_public_page(views.RegionView.as_view()),
        name="region_page",
    ),
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
        cache_public_page(views.TreatmentConditionsView.as_view()),
        name="treatment_conditions",
    ),
    path(
        "treatments/<slug:slug>/conditions/page/<int:page>/",
        cache_public_page(views.TreatmentConditionsView.as_view()),
        name="treatment_conditions_page",
    ),
    path("search/", views.SearchView.as_view(), name="search"),
]
