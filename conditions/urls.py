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
    path("search/", views.SearchView.as_view(), name="search"),
]
