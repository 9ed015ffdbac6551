class ServiceError(Exception):
    """A rule of the domain refused the change; the message is for the user (translated)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
