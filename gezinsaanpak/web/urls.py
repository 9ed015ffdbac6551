from django.urls import path

from . import access_log, boekstart, families, sharing, views

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
]

urlpatterns += [
    path("boekstart/", boekstart.boekstart_home, name="boekstart_home"),
    path("boekstart/sessions/new/", boekstart.session_new, name="boekstart_session_new"),
    path("boekstart/contacts/new/", boekstart.contact_new, name="boekstart_contact_new"),
    path(
        "boekstart/contacts/<uuid:contact_id>/handover/",
        boekstart.contact_handover,
        name="boekstart_contact_handover",
    ),
    path("boekstart/locations/", boekstart.locations, name="boekstart_locations"),
    path(
        "boekstart/locations/<uuid:location_id>/",
        boekstart.location_edit,
        name="boekstart_location_edit",
    ),
    path("boekstart/vouchers/", boekstart.vouchers, name="boekstart_vouchers"),
]
