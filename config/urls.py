from django.contrib import admin
from django.urls import include, path

from gezinsaanpak.web.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(("gezinsaanpak.api.urls", "api"), namespace="api")),
    path("", include("gezinsaanpak.web.urls")),
]

handler404 = "gezinsaanpak.api.errors.page_not_found"
handler500 = "gezinsaanpak.api.errors.server_error"
