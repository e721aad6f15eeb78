"""Lead images: only real JPEG, PNG or WebP files, bounded in bytes and in pixels before they are
decoded, and always written anew: what is stored is a clean picture named for what it is, never
the uploaded bytes (which may carry anything after the image) or the uploader's file name."""

import io
import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
SAVE_OPTIONS = {"JPEG": {"quality": 85, "optimize": True}, "PNG": {"optimize": True}, "WEBP": {}}


def max_image_bytes():
    return getattr(settings, "LEAD_IMAGE_MAX_BYTES", 10 * 1024 * 1024)


def max_image_side():
    return getattr(settings, "LEAD_IMAGE_MAX_SIDE", 2000)


def max_image_pixels():
    return getattr(settings, "LEAD_IMAGE_MAX_PIXELS", 40_000_000)


def unreadable():
    return ValidationError(
        _("This file is not a readable image. Upload a JPEG, PNG or WebP picture."),
        code="unreadable",
    )


def too_many_pixels(width=None, height=None):
    if width is None:
        return ValidationError(
            _("The image has more than %(limit)s megapixels, the limit.")
            % {"limit": f"{max_image_pixels() / 1e6:.3g}"},
            code="pixels",
        )
    return ValidationError(
        _(
            "The image is %(width)d × %(height)d pixels (%(megapixels)s megapixels); the limit "
            "is %(limit)s megapixels. Scale it down before uploading."
        )
        % {
            "width": width,
            "height": height,
            "megapixels": f"{width * height / 1e6:.3g}",
            "limit": f"{max_image_pixels() / 1e6:.3g}",
        },
        code="pixels",
    )


def validate_and_scale_image(upload):
    """A new file holding the upload's picture (scaled down when it is large), named
    `<random>.<its format's extension>`, or ValidationError in plain words. The upload's name,
    type and any bytes beyond the picture are not kept."""
    if upload.size > max_image_bytes():
        raise ValidationError(
            _("The image is %(size).1f MB; the limit is %(limit).0f MB.")
            % {"size": upload.size / 1024 / 1024, "limit": max_image_bytes() / 1024 / 1024},
            code="bytes",
        )
    try:
        upload.seek(0)
        # Opening reads the header only; the pixel count is checked before anything is decoded.
        # (Pillow's own warning for large images would come first; the check below says more.)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            probe = Image.open(upload, formats=list(ALLOWED_FORMATS))
        with probe:
            width, height = probe.size
            if width * height > max_image_pixels():
                raise too_many_pixels(width, height)
            probe.verify()
    except Image.DecompressionBombError:
        raise too_many_pixels() from None
    except UnidentifiedImageError:
        upload.seek(0)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                other = Image.open(upload)
            with other:
                found = other.format
        except (
            UnidentifiedImageError,
            Image.DecompressionBombError,
            OSError,
            SyntaxError,
            ValueError,
        ):
            found = None
        if found:
            raise ValidationError(
                _("%(format)s images are not accepted. Upload a JPEG, PNG or WebP picture.")
                % {"format": found},
                code="format",
            ) from None
        raise unreadable() from None
    except (OSError, SyntaxError, ValueError):
        raise unreadable() from None
    try:
        upload.seek(0)
        with Image.open(upload, formats=list(ALLOWED_FORMATS)) as image:
            image_format = image.format
            side = max_image_side()
            image.draft(image.mode, (side, side))  # JPEG decodes at a fraction of its size
            image.thumbnail((side, side), Image.Resampling.LANCZOS)
            picture = ImageOps.exif_transpose(image)  # the orientation survives the metadata
            buffer = io.BytesIO()
            picture.save(buffer, format=image_format, **SAVE_OPTIONS[image_format])
    except Image.DecompressionBombError:
        raise too_many_pixels(width, height) from None
    except (OSError, SyntaxError, ValueError):
        raise unreadable() from None
    name = f"{uuid.uuid4().hex}.{ALLOWED_FORMATS[image_format]}"
    size = buffer.tell()
    buffer.seek(0)
    return InMemoryUploadedFile(buffer, "lead_image", name, Image.MIME[image_format], size, None)
