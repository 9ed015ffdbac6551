"""What each role may do: one table, role → capabilities (ARCHITECTURE.md §4).

This table is the only place that knows what a role means. Everything else asks
``access.may(user, Capability.X)`` (or ``may(user, X, obj)`` for one object), and only
the modules of this package and ``accounts`` compare ``user.role``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from accounts.models import Role

if TYPE_CHECKING:
    from accounts.models import User


class Capability(StrEnum):
    # Family files
    VIEW_FAMILY = "view_family"
    BROWSE_FAMILIES = "browse_families"  # the list of files in the menu (not volunteers)
    SEE_ORGANISATION = "see_organisation"  # every file of the organisation, not just grants
    CREATE_FAMILY = "create_family"
    CHANGE_FAMILY = "change_family"
    OWN_CASES = "own_cases"  # may be a file's case owner
    ASSIGN_CASE_OWNER = "assign_case_owner"
    GRANT_ACCESS = "grant_access"
    RECEIVE_GRANT = "receive_grant"  # a colleague one can give access to a file
    RECEIVE_CHANGE_GRANT = "receive_change_grant"
    VIEW_CASELOAD = "view_caseload"
    LIST_TEAM = "list_team"  # the organisation's users: names, roles, whether active
    RECORD_CONSENT = "record_consent"
    # VoorleesExpress
    SIGN_UP_VOORLEESEXPRESS = "sign_up_voorleesexpress"
    MATCH = "match"  # the waiting list, matching, placements, meetings, questionnaires
    MANAGE_VOLUNTEERS = "manage_volunteers"
    READ_AS_VOLUNTEER = "read_as_volunteer"  # be matched with families and visit them
    LOG_VISIT = "log_visit"
    RAISE_CONCERN = "raise_concern"
    HANDLE_CONCERN = "handle_concern"
    # BoekStart
    USE_BOEKSTART = "use_boekstart"
    LOG_BOEKSTART_SESSION = "log_boekstart_session"
    REGISTER_CONTACT = "register_contact"
    SEE_ALL_BOEKSTART = "see_all_boekstart"  # every coach's sessions and contacts
    MANAGE_LOCATIONS = "manage_locations"
    READ_BOEKSTART_FIGURES = "read_boekstart_figures"
    REDEEM_VOUCHER = "redeem_voucher"
    # Referrals
    SEND_REFERRAL = "send_referral"
    HANDLE_REFERRAL = "handle_referral"
    # A partner's own login (the web form for partners without software, /partner/)
    REFER_TO_LIBRARY = "refer_to_library"  # refer a family; follow the organisation's referrals
    REPORT_BACK = "report_back"  # report back on referrals the library sent to the organisation
    # Privacy and reports
    READ_ACCESS_LOG = "read_access_log"
    HANDLE_DATA_SUBJECT_REQUEST = "handle_data_subject_request"
    EXPORT_FAMILY_DATA = "export_family_data"  # the access and portability export (art. 15/20)
    ERASE_FAMILY = "erase_family"  # erase a file on an erasure request; its certificates
    READ_RETENTION = "read_retention"  # the coming month's retention (file ids and dates)
    READ_REPORTS = "read_reports"  # the GGG figures of the user's own library
    READ_MUNICIPALITY_REPORTS = "read_municipality_reports"  # one municipality, every library
    READ_REGIONAL_REPORTS = "read_regional_reports"  # the member libraries of a region
    VERIFY_ACCESS_LOG = "verify_access_log"  # start the check of the log's hash chain
    # Background jobs: follow the organisation-wide ones (everyone follows their own).
    FOLLOW_ORGANISATION_JOBS = "follow_organisation_jobs"
    # The team (/team/): invite, change roles, deactivate, hand over files.
    MANAGE_TEAM = "manage_team"
    MANAGE_ANY_TEAM = "manage_any_team"  # every organisation's team, admins included
    RESET_TWO_FACTOR = "reset_two_factor"  # remove someone's two-step login devices
    # Spreadsheet import of families, volunteers and running placements.
    IMPORT_RECORDS = "import_records"


C = Capability

ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.COORDINATOR: frozenset(
        {
            C.VIEW_FAMILY,
            C.BROWSE_FAMILIES,
            C.SEE_ORGANISATION,
            C.CREATE_FAMILY,
            C.CHANGE_FAMILY,
            C.ASSIGN_CASE_OWNER,
            C.GRANT_ACCESS,
            C.VIEW_CASELOAD,
            C.LIST_TEAM,
            C.RECORD_CONSENT,
            C.SIGN_UP_VOORLEESEXPRESS,
            C.MATCH,
            C.MANAGE_VOLUNTEERS,
            C.IMPORT_RECORDS,
            C.HANDLE_CONCERN,
            C.USE_BOEKSTART,
            C.SEE_ALL_BOEKSTART,
            C.MANAGE_LOCATIONS,
            C.READ_BOEKSTART_FIGURES,
            C.REDEEM_VOUCHER,
            C.SEND_REFERRAL,
            C.HANDLE_REFERRAL,
            C.READ_REPORTS,
            C.FOLLOW_ORGANISATION_JOBS,
            C.MANAGE_TEAM,
        }
    ),
    Role.SPECIALIST: frozenset(
        {
            C.VIEW_FAMILY,
            C.BROWSE_FAMILIES,
            C.CREATE_FAMILY,
            C.CHANGE_FAMILY,
            C.OWN_CASES,
            C.GRANT_ACCESS,
            C.RECEIVE_GRANT,
            C.RECEIVE_CHANGE_GRANT,
            C.RECORD_CONSENT,
            C.REDEEM_VOUCHER,
            C.SEND_REFERRAL,
            C.HANDLE_REFERRAL,
            C.READ_REPORTS,
        }
    ),
    Role.COACH: frozenset(
        {
            C.VIEW_FAMILY,
            C.BROWSE_FAMILIES,
            C.RECEIVE_GRANT,
            C.USE_BOEKSTART,
            C.LOG_BOEKSTART_SESSION,
            C.REGISTER_CONTACT,
            C.REDEEM_VOUCHER,
            C.SEND_REFERRAL,
        }
    ),
    Role.VOLUNTEER: frozenset({C.VIEW_FAMILY, C.READ_AS_VOLUNTEER, C.LOG_VISIT, C.RAISE_CONCERN}),
    Role.PRIVACY_OFFICER: frozenset(
        {
            C.READ_ACCESS_LOG,
            C.VERIFY_ACCESS_LOG,
            C.HANDLE_DATA_SUBJECT_REQUEST,
            C.EXPORT_FAMILY_DATA,
            C.ERASE_FAMILY,
            C.READ_RETENTION,
            C.FOLLOW_ORGANISATION_JOBS,
        }
    ),
    Role.PARTNER: frozenset({C.REFER_TO_LIBRARY, C.REPORT_BACK}),
    # Aggregates only, never a family (ARCHITECTURE.md §4).
    Role.MUNICIPALITY: frozenset({C.READ_MUNICIPALITY_REPORTS}),
    Role.REGIONAL: frozenset({C.READ_REGIONAL_REPORTS}),
    Role.ADMIN: frozenset({C.MANAGE_TEAM, C.MANAGE_ANY_TEAM, C.RESET_TWO_FACTOR}),
}


def capabilities(user: User) -> frozenset[Capability]:
    """What ``user`` may do at all: nothing unless active and in an organisation."""
    if not user.is_authenticated or not user.is_active or user.organisation_id is None:
        return frozenset()
    return ROLE_CAPABILITIES.get(user.role, frozenset())


def can(user: User, capability: Capability) -> bool:
    return capability in capabilities(user)


def roles_with(capability: Capability) -> frozenset[str]:
    """The roles that hold ``capability`` (to find users by what they may do)."""
    return frozenset(role for role, caps in ROLE_CAPABILITIES.items() if capability in caps)
