"""Checking uploaded evidence by its content, not its name, and making image thumbnails.

Accepted: photos (JPEG, PNG, WebP), PDF, Word and Excel (old binary and Office Open XML).
An executable renamed `.jpg`, an oversized file, or an Office file that inflates to more than
EVIDENCE_MAX_UNZIPPED_BYTES (a zip bomb) is refused with a message in the user's language.
"""

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

# detected MIME type → (extensions it may carry, stored content type)
ALLOWED = {
    "image/jpeg": ({".jpg", ".jpeg"}, "image/jpeg"),
    "image/png": ({".png"}, "image/png"),
    "image/webp": ({".webp"}, "image/webp"),
    "application/pdf": ({".pdf"}, "application/pdf"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        {".docx"},
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (
        {".xlsx"},
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "application/msword": ({".doc"}, "application/msword"),
    "application/vnd.ms-excel": ({".xls"}, "application/vnd.ms-excel"),
    "application/x-ole-storage": ({".doc", ".xls"}, "application/octet-stream"),
}
ALLOWED_LABEL = "JPG, PNG, WebP, PDF, DOC, DOCX, XLS, XLSX"
THUMBNAIL_SIZE = (320, 320)
MAX_IMAGE_PIXELS = 60_000_000


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    size: int
    sha256: str
    original_name: str
    is_image: bool


def _read_head(upload, length: int = 8192) -> bytes:
    upload.seek(0)
    head = upload.read(length)
    upload.seek(0)
    return head


def _check_zip(upload) -> None:
    """Office Open XML files are zips: refuse one that inflates beyond the limit."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            total = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        raise ValidationError(_("The document is damaged and cannot be opened.")) from None
    finally:
        upload.seek(0)
    if total > settings.EVIDENCE_MAX_UNZIPPED_BYTES:
        raise ValidationError(
            _("The document expands to %(size)s when opened, more than allowed.")
            % {"size": filesizeformat(total)}
        )


def _check_image(upload) -> None:
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ValidationError(_("The photo is too large in pixels."))
            image.verify()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError):
        raise ValidationError(_("The photo is damaged and cannot be opened.")) from None
    finally:
        upload.seek(0)


def check_upload(upload) -> CheckedUpload:
    """Validate an uploaded file; return what we store about it."""
    name = PurePath(upload.name or "").name[:255] or "tep"
    if upload.size > settings.EVIDENCE_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.EVIDENCE_MAX_BYTES),
            }
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."))
    kind = filetype.guess(_read_head(upload))
    detected = kind.mime if kind else None
    extension = PurePath(name).suffix.lower()
    if detected not in ALLOWED:
        raise ValidationError(
            _("This kind of file is not accepted. Accepted: %(kinds)s.") % {"kinds": ALLOWED_LABEL}
        )
    extensions, content_type = ALLOWED[detected]
    if extension not in extensions:
        raise ValidationError(
            _("The file's content does not match its name “%(name)s”.") % {"name": name}
        )
    if extension in {".docx", ".xlsx"}:
        _check_zip(upload)
    is_image = content_type.startswith("image/")
    if is_image:
        _check_image(upload)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(content_type, upload.size, digest.hexdigest(), name, is_image)


def make_thumbnail(upload) -> ContentFile:
    """A small JPEG of a photo for the workspace, EXIF orientation applied."""
    from PIL import ImageOps

    upload.seek(0)
    with Image.open(upload) as image:
        image = ImageOps.exif_transpose(image)
        image.thumbnail(THUMBNAIL_SIZE)
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, format="JPEG", quality=80)
    upload.seek(0)
    return ContentFile(buffer.getvalue(), name="thumb.jpg")
