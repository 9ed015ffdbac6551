class ServiceError(Exception):
    """A rule of the domain refused the change; the message is for the user (translated)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ProcessingRestrictedError(ServiceError):
    """The file's processing is restricted (AVG art. 18): a 409 in the API, a message on a page.

    Raised by every service that would change, share or export a restricted file (other than
    to the data subject); the message says so in the user's language.
    """

    code = "processing_restricted"


class DownloadGoneError(Exception):
    """A one-time download was taken already, or expired: a 410, with a message for the user."""

    code = "download_gone"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
