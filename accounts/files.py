"""Uploaded files are stored under random names: a user's file name never reaches the disk."""

import secrets
from pathlib import PurePath

from django.utils import timezone
from django.utils.deconstruct import deconstructible


@deconstructible
class RandomUploadTo:
    """`upload_to=RandomUploadTo("legal")` → legal/2026/11/3f9c…e1.pdf (extension kept, lower)."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __call__(self, instance, filename: str) -> str:
        suffix = PurePath(filename).suffix.lower()[:10]
        if not suffix[1:].isalnum():
            suffix = ""
        now = timezone.now()
        return f"{self.prefix}/{now:%Y/%m}/{secrets.token_hex(16)}{suffix}"

    def __eq__(self, other) -> bool:
        return isinstance(other, RandomUploadTo) and other.prefix == self.prefix
