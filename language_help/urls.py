from django.urls import path

from core.pagecache import cache_public_page

from . import views

app_name = "language_help"

urlpatterns = [
    path(
        "language-assistance/",
        cache_public_page(views.LanguageAssistanceView.as_view()),
        name="notice",
    ),
]
