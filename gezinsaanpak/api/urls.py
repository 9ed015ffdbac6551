from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from accounts.api import MeView
from gezinsaanpak.api.access_log import AccessLogView
from gezinsaanpak.api.boekstart import (
    ContactViewSet,
    LocationViewSet,
    SessionViewSet,
    VoucherPickupView,
    VoucherRedeemView,
)
from gezinsaanpak.api.breaches import BreachDetailView, BreachListView, BreachScopeView
from gezinsaanpak.api.erasure import ErasureCertificateViewSet, FamilyEraseView
from gezinsaanpak.api.families import FamilyViewSet
from gezinsaanpak.api.jobs import AccessLogVerifyView, JobDetailView, JobDownloadView
from gezinsaanpak.api.partner import ReceivedReferralViewSet, SentReferralViewSet
from gezinsaanpak.api.partner_webhook import PartnerWebhookView
from gezinsaanpak.api.placements import PlacementViewSet, VolunteerViewSet
from gezinsaanpak.api.privacy_export import PrivacyFamilyExportView
from gezinsaanpak.api.privacy_register import ProcessingRegisterView
from gezinsaanpak.api.privacy_search import PrivacyFamilySearchView
from gezinsaanpak.api.reports import ReportDetailView, ReportListView, ReportYearExportView
from gezinsaanpak.api.subject_requests import (
    FamilyRestrictView,
    FamilyUnrestrictView,
    SubjectRequestViewSet,
)
from gezinsaanpak.api.team import TeamViewSet

router = SimpleRouter()
router.register("families", FamilyViewSet, basename="family")
router.register("boekstart/sessions", SessionViewSet, basename="boekstart-session")
router.register("boekstart/contacts", ContactViewSet, basename="boekstart-contact")
router.register("boekstart/locations", LocationViewSet, basename="boekstart-location")
router.register("placements", PlacementViewSet, basename="placement")
router.register("volunteers", VolunteerViewSet, basename="volunteer")
router.register("partner/referrals", SentReferralViewSet, basename="partner-referral")
router.register("partner/received", ReceivedReferralViewSet, basename="partner-received")
router.register("team", TeamViewSet, basename="team")
router.register("privacy/erasures", ErasureCertificateViewSet, basename="erasure")
router.register("privacy/requests", SubjectRequestViewSet, basename="privacy-request")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("me/", MeView.as_view(), name="me"),
    path("access-log/", AccessLogView.as_view(), name="access-log"),
    path("access-log/verify/", AccessLogVerifyView.as_view(), name="access-log-verify"),
    path(
        "privacy/families/search/",
        PrivacyFamilySearchView.as_view(),
        name="privacy-family-search",
    ),
    path(
        "privacy/families/<uuid:pk>/export/",
        PrivacyFamilyExportView.as_view(),
        name="privacy-family-export",
    ),
    path(
        "privacy/families/<uuid:pk>/erase/",
        FamilyEraseView.as_view(),
        name="privacy-family-erase",
    ),
    path(
        "privacy/families/<uuid:pk>/restrict/",
        FamilyRestrictView.as_view(),
        name="privacy-family-restrict",
    ),
    path(
        "privacy/families/<uuid:pk>/unrestrict/",
        FamilyUnrestrictView.as_view(),
        name="privacy-family-unrestrict",
    ),
    path("privacy/breaches/", BreachListView.as_view(), name="breach-list"),
    path("privacy/breaches/<uuid:pk>/", BreachDetailView.as_view(), name="breach-detail"),
    path("privacy/breaches/<uuid:pk>/scope/", BreachScopeView.as_view(), name="breach-scope"),
    path("privacy/register/", ProcessingRegisterView.as_view(), name="privacy-register"),
    path("partner/webhook/", PartnerWebhookView.as_view(), name="partner-webhook"),
    path("reports/", ReportListView.as_view(), name="report-list"),
    path("reports/year-export/", ReportYearExportView.as_view(), name="report-year-export"),
    path("reports/<slug:key>/", ReportDetailView.as_view(), name="report-detail"),
    path("jobs/<uuid:pk>/", JobDetailView.as_view(), name="job-detail"),
    path("jobs/<uuid:pk>/download/", JobDownloadView.as_view(), name="job-download"),
    path(
        "boekstart/vouchers/pickup/",
        VoucherPickupView.as_view(),
        name="boekstart-voucher-pickup",
    ),
    path(
        "boekstart/vouchers/redeem/",
        VoucherRedeemView.as_view(),
        name="boekstart-voucher-redeem",
    ),
    *router.urls,
]
