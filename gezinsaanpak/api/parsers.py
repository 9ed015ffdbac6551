"""The API's JSON parser: DRF's, with JSON nested too deeply answered as a 400.

Python's ``json`` raises ``RecursionError`` (not ``ValueError``) on a body such as
``[[[[…]]]]`` ten thousand deep, which DRF's parser lets through as a 500.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(_("The JSON is nested too deeply.")) from None
