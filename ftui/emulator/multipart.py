"""Minimal ``multipart/form-data`` parsing with the stdlib ``email`` package."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser

from ftui.emulator.errors import invalid

__all__ = ["FormPart", "parse_form"]


class FormPart:
    """One form field: its value bytes and, for file fields, the filename."""

    def __init__(self, value: bytes, filename: str | None) -> None:
        self.value = value
        self.filename = filename


def parse_form(content_type: str, body: bytes) -> dict[str, FormPart]:
    """Parse a multipart body into ``{field name: FormPart}``.

    Raises:
        ApiError: 400 when the body is not multipart form data.
    """
    if not content_type.lower().startswith("multipart/form-data"):
        raise invalid("Expected a multipart/form-data request body.")
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = BytesParser(policy=policy.HTTP).parsebytes(head + body)
    if not message.is_multipart():
        raise invalid("Could not parse the multipart/form-data request body.")
    fields: dict[str, FormPart] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        payload = part.get_payload(decode=True)
        fields[str(name)] = FormPart(payload if isinstance(payload, bytes) else b"", part.get_filename())
    return fields
