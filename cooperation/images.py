"""Lead images: only real JPEG, PNG or WebP files, opened and checked, and scaled down when big."""

import io
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def max_image_bytes():
    return getattr(settings, "LEAD_IMAGE_MAX_BYTES", 10 * 1024 * 1024)


def max_image_side():
    return getattr(settings, "LEAD_IMAGE_MAX_SIDE", 2000)


def validate_and_scale_image(upload):
    """The upload itself if it is a fitting image, a scaled-down copy if it is too large in
    pixels, or ValidationError in plain words. The file's name and type are not trusted."""
    if upload.size > max_image_bytes():
        raise ValidationError(
            _("The image is %(size).1f MB; the limit is %(limit).0f MB.")
            % {"size": upload.size / 1024 / 1024, "limit": max_image_bytes() / 1024 / 1024}
        )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            image_format = probe.format
            probe.verify()
        upload.seek(0)
        image = Image.open(upload)
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("This file is not a readable image. Upload a JPEG, PNG or WebP picture.")
        ) from None
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("%(format)s images are not accepted. Upload a JPEG, PNG or WebP picture.")
            % {"format": image_format or _("This kind of")}
        )
    upload.seek(0)
    if max(image.size) <= max_image_side():
        return upload
    image.thumbnail((max_image_side(), max_image_side()), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    save_options = {"quality": 85, "optimize": True} if image_format != "PNG" else {}
    image.save(buffer, format=image_format, **save_options)
    name = f"{Path(upload.name).stem}.{ALLOWED_FORMATS[image_format]}"
    size = buffer.tell()
    buffer.seek(0)
    return InMemoryUploadedFile(buffer, "lead_image", name, Image.MIME[image_format], size, None)
