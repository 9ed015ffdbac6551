from django.urls import path

from . import access_log, views

urlpatterns = [
    path("", views.home, name="home"),
    path("access-log/", access_log.access_log_page, name="access_log"),
]
