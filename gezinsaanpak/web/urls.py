from django.urls import path

from . import access_log, families, referrals, sharing, views

urlpatterns = [
    path("", views.home, name="home"),
    path("access-log/", access_log.access_log_page, name="access_log"),
    path("families/", families.family_list, name="family_list"),
    path("families/new/", families.family_create, name="family_create"),
    path("families/<uuid:family_id>/", families.family_detail, name="family_detail"),
    path("families/<uuid:family_id>/edit/", families.family_edit, name="family_edit"),
    path("families/<uuid:family_id>/status/", families.family_status, name="family_status"),
    path("families/<uuid:family_id>/consent/", sharing.consent_page, name="family_consent"),
    path(
        "families/<uuid:family_id>/consent/<uuid:consent_id>/withdraw/",
        sharing.consent_withdraw,
        name="family_consent_withdraw",
    ),
    path("families/<uuid:family_id>/access/", sharing.access_page, name="family_access"),
    path(
        "families/<uuid:family_id>/access/<uuid:user_id>/revoke/",
        sharing.access_revoke,
        name="family_access_revoke",
    ),
    path("caseload/", sharing.caseload, name="caseload"),
    path("families/<uuid:family_id>/refer/", referrals.referral_send, name="referral_send"),
    path("referrals/", referrals.referral_list, name="referral_list"),
    path("referrals/<uuid:referral_id>/", referrals.referral_detail, name="referral_detail"),
    path("referrals/<uuid:referral_id>/handle/", referrals.referral_handle, name="referral_handle"),
    path(
        "referrals/<uuid:referral_id>/contact/",
        referrals.referral_contact,
        name="referral_contact",
    ),
]
