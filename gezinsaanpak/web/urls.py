from django.urls import path

from . import (
    access_log,
    boekstart,
    breaches,
    case_owner,
    coordinator,
    erasure,
    families,
    imports,
    jobs,
    partner,
    privacy_export,
    privacy_register,
    privacy_search,
    referrals,
    reports,
    retention,
    sharing,
    subject_requests,
    team,
    views,
    volunteer,
    volunteer_register,
)

urlpatterns = [
    path("", views.home, name="home"),
    path("reports/", reports.reports_page, name="reports"),
    path("reports/jaaroverzicht.pdf", reports.reports_year_pdf, name="reports_year_pdf"),
    path("reports/year-export/", reports.reports_year_export, name="reports_year_export"),
    path("access-log/", access_log.access_log_page, name="access_log"),
    path("access-log/verify/", jobs.access_log_verify, name="access_log_verify"),
    path(
        "privacy/families/search/",
        privacy_search.privacy_search_page,
        name="privacy_family_search",
    ),
    path(
        "privacy/families/<uuid:family_id>/export/",
        privacy_export.family_export_view,
        name="privacy_family_export",
    ),
    path("privacy/requests/", subject_requests.subject_request_list, name="subject_request_list"),
    path("privacy/requests/new/", subject_requests.subject_request_new, name="subject_request_new"),
    path(
        "privacy/requests/<uuid:request_id>/",
        subject_requests.subject_request_detail,
        name="subject_request_detail",
    ),
    path(
        "privacy/requests/<uuid:request_id>/objection/",
        subject_requests.subject_request_objection,
        name="subject_request_objection",
    ),
    path("privacy/breaches/", breaches.breach_list, name="breach_list"),
    path("privacy/breaches/new/", breaches.breach_new, name="breach_new"),
    path("privacy/breaches/<uuid:breach_id>/", breaches.breach_detail, name="breach_detail"),
    path(
        "privacy/breaches/<uuid:breach_id>/scope/",
        breaches.breach_scope_store,
        name="breach_scope_store",
    ),
    path(
        "privacy/requests/<uuid:request_id>/erase/",
        erasure.erasure_confirm,
        name="erasure_confirm",
    ),
    path("privacy/erasures/", erasure.erasure_list, name="erasure_list"),
    path(
        "privacy/erasures/<uuid:certificate_id>/",
        erasure.erasure_certificate,
        name="erasure_certificate",
    ),
    path("privacy/retention/", retention.retention_page, name="retention"),
    path(
        "privacy/register/",
        privacy_register.processing_register_page,
        name="processing_register",
    ),
    path(
        "privacy/register/download.<str:fmt>",
        privacy_register.processing_register_download,
        name="processing_register_download",
    ),
    path("jobs/<uuid:job_id>/", jobs.job_page, name="job_detail"),
    path("jobs/<uuid:job_id>/download/", jobs.job_file, name="job_download"),
    path("import/", imports.import_page, name="import"),
    path("import/<uuid:upload_id>/confirm/", imports.import_confirm_view, name="import_confirm"),
    path("import/templates/<str:kind>.xlsx", imports.import_template, name="import_template"),
    path("families/", families.family_list, name="family_list"),
    path("families/new/", families.family_create, name="family_create"),
    path("families/<uuid:family_id>/", families.family_detail, name="family_detail"),
    path("families/<uuid:family_id>/viewers/", families.family_viewers, name="family_viewers"),
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
    path("families/case-owner/", case_owner.families_owner, name="families_owner"),
    path("families/<uuid:family_id>/case-owner/", case_owner.family_owner, name="family_owner"),
    # VoorleesExpress: the volunteer's phone pages
    path("my-families/", volunteer.my_families, name="my_families"),
    path("my-families/<uuid:placement_id>/", volunteer.family_visit, name="volunteer_family"),
    path(
        "my-families/<uuid:placement_id>/concern/",
        volunteer.concern,
        name="volunteer_concern",
    ),
    # VoorleesExpress: the coordinator
    path("voorleesexpress/", coordinator.dashboard, name="coordinator_dashboard"),
    path("voorleesexpress/waiting-list/", coordinator.waiting_list, name="waiting_list"),
    path("families/<uuid:family_id>/voorleesexpress/", coordinator.signup, name="placement_signup"),
    path("voorleesexpress/placements/", coordinator.placement_list, name="placement_list"),
    path(
        "voorleesexpress/placements/<uuid:placement_id>/",
        coordinator.placement_detail,
        name="placement_detail",
    ),
    path(
        "voorleesexpress/placements/<uuid:placement_id>/match/",
        coordinator.placement_match,
        name="placement_match",
    ),
    path(
        "voorleesexpress/placements/<uuid:placement_id>/status/",
        coordinator.placement_status,
        name="placement_status",
    ),
    path(
        "voorleesexpress/placements/<uuid:placement_id>/milestones/",
        coordinator.placement_milestones,
        name="placement_milestones",
    ),
    path(
        "voorleesexpress/placements/<uuid:placement_id>/meetings/<uuid:meeting_id>/",
        coordinator.placement_meeting,
        name="placement_meeting",
    ),
    path(
        "voorleesexpress/placements/<uuid:placement_id>/nazorg/",
        coordinator.placement_nazorg,
        name="placement_nazorg",
    ),
    path(
        "voorleesexpress/placements/<uuid:placement_id>/questionnaire/<str:moment>/",
        volunteer_register.questionnaire,
        name="placement_questionnaire",
    ),
    path(
        "voorleesexpress/concerns/<uuid:concern_id>/handled/",
        coordinator.concern_handled,
        name="concern_handled",
    ),
    path("voorleesexpress/volunteers/", volunteer_register.register, name="volunteer_register"),
    path(
        "voorleesexpress/volunteers/<uuid:user_id>/",
        volunteer_register.profile_edit,
        name="volunteer_profile_edit",
    ),
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
    path(
        "boekstart/contacts/<uuid:contact_id>/taalhuis/",
        boekstart.contact_taalhuis,
        name="boekstart_contact_taalhuis",
    ),
    path("boekstart/locations/", boekstart.locations, name="boekstart_locations"),
    path(
        "boekstart/locations/<uuid:location_id>/",
        boekstart.location_edit,
        name="boekstart_location_edit",
    ),
    path("boekstart/vouchers/", boekstart.vouchers, name="boekstart_vouchers"),
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

# The team, managed by the coordinator (an administrator: any organisation's)
urlpatterns += [
    path("team/", team.team_list, name="team"),
    path("team/invite/", team.team_invite, name="team_invite"),
    path("team/<uuid:user_id>/", team.team_member, name="team_member"),
    path("team/<uuid:user_id>/role/", team.team_member_role, name="team_member_role"),
    path("team/<uuid:user_id>/resend/", team.team_member_resend, name="team_member_resend"),
    path(
        "team/<uuid:user_id>/deactivate/",
        team.team_member_deactivate,
        name="team_member_deactivate",
    ),
    path(
        "team/<uuid:user_id>/two-factor-reset/",
        team.team_member_two_factor_reset,
        name="team_member_two_factor_reset",
    ),
    path("invitation/<str:token>/", team.invitation_accept, name="invitation_accept"),
]

# A partner's own login: the web form for partners without software
urlpatterns += [
    path("partner/", partner.partner_home, name="partner_home"),
    path("partner/referrals/", partner.partner_referral_list, name="partner_referral_list"),
    path("partner/referrals/new/", partner.partner_referral_new, name="partner_referral_new"),
    path(
        "partner/referrals/<uuid:referral_id>/",
        partner.partner_referral_detail,
        name="partner_referral_detail",
    ),
    path("partner/received/", partner.partner_received_list, name="partner_received_list"),
    path(
        "partner/received/<uuid:referral_id>/",
        partner.partner_received_detail,
        name="partner_received_detail",
    ),
    path(
        "partner/received/<uuid:referral_id>/report/",
        partner.partner_received_report,
        name="partner_received_report",
    ),
]
