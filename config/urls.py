from django.contrib import admin
from django.urls import include, path

from gezinsaanpak.api import oauth_views
from gezinsaanpak.web.views import healthz, readyz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    # Partner API clients: only the token and revocation endpoints of django-oauth-toolkit
    # (no authorization pages, no application management: partners have no other way in),
    # throttled per client id and per IP (gezinsaanpak/api/token_throttle.py).
    path("oauth/token/", oauth_views.TokenView.as_view(), name="oauth2_token"),
    path("oauth/revoke/", oauth_views.RevokeTokenView.as_view(), name="oauth2_revoke"),
    path("api/v1/", include(("gezinsaanpak.api.urls", "api"), namespace="api")),
    path("", include("gezinsaanpak.web.urls")),
]

handler400 = "gezinsaanpak.api.errors.bad_request"
handler404 = "gezinsaanpak.api.errors.page_not_found"
handler500 = "gezinsaanpak.api.errors.server_error"
