"""Lead images: real JPEG, PNG or WebP only, checked by opening them; big ones scaled down."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image

from cooperation.models import Project

from .test_admin import project_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


def picture(image_format="JPEG", size=(800, 600), name="port.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue())


def post_image(client, project, upload, **extra):
    url = reverse("admin:cooperation_project_change", args=[project.pk])
    return client.post(url, {**project_form(project, **extra), "lead_image": upload})


@pytest.mark.parametrize(
    ("image_format", "name"), [("JPEG", "a.jpg"), ("PNG", "a.png"), ("WEBP", "a.webp")]
)
def test_a_real_picture_is_accepted(admin_client, make_project, image_format, name):
    project = make_project()
    response = post_image(
        admin_client, project, picture(image_format, name=name), image_caption_en="Port"
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.lead_image.name.startswith("projects/")
    assert project.image_caption == "Port"


def test_a_pdf_renamed_to_jpg_is_refused(admin_client, make_project):
    project = make_project()
    fake = SimpleUploadedFile("report.jpg", b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")
    response = post_image(admin_client, project, fake, title_en="Title kept after the error")
    assert response.status_code == 400
    assert "Upload a valid image" in response.text or "not a readable image" in response.text
    assert "Title kept after the error" in response.text
    project.refresh_from_db()
    assert not project.lead_image


def test_a_gif_is_refused_by_its_real_format(admin_client, make_project):
    project = make_project()
    response = post_image(admin_client, project, picture("GIF", name="looks-like.png"))
    assert response.status_code == 400
    assert "GIF images are not accepted" in response.text


@override_settings(LEAD_IMAGE_MAX_BYTES=1024 * 1024)
def test_an_oversize_file_is_refused_with_its_size(admin_client, make_project):
    project = make_project()
    big = SimpleUploadedFile("huge.jpg", b"\xff\xd8\xff" + b"0" * (2 * 1024 * 1024))
    response = post_image(admin_client, project, big)
    assert response.status_code == 400
    assert "The image is 2.0 MB; the limit is 1 MB." in response.text


def test_a_twenty_megabyte_upload_is_refused_under_the_default_limit(admin_client, make_project):
    project = make_project()
    big = SimpleUploadedFile("huge.jpg", b"\xff\xd8\xff" + b"0" * (20 * 1024 * 1024))
    response = post_image(admin_client, project, big)
    assert response.status_code == 400
    assert "the limit is 10 MB" in response.text


def test_a_picture_larger_than_the_limit_in_pixels_is_scaled_down(admin_client, make_project):
    project = make_project()
    response = post_image(admin_client, project, picture(size=(4000, 3000)))
    assert response.status_code == 302
    project = Project.objects.get(pk=project.pk)
    with Image.open(project.lead_image.path) as stored:
        assert stored.size == (2000, 1500)


def flat_png(width, height, rows=None):
    """A PNG of width × height zero pixels (grey), a few hundred kilobytes however large: the
    shape of a decompression bomb. With `rows`, only that many rows of data follow the header
    (enough for a file nobody should ever decode, and quick to make)."""
    row = b"\x00" + b"\x00" * width
    raw = zlib.compress(row * (height if rows is None else rows), 9)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def test_a_picture_of_too_many_pixels_is_refused_before_it_is_decoded(admin_client, make_project):
    """S4: a 9000 × 9000 PNG of 315 KB cost a worker 745 MB, and was accepted."""
    project = make_project()
    bomb = SimpleUploadedFile("flood.png", flat_png(9000, 9000))
    assert len(bomb) < 400_000
    response = post_image(admin_client, project, bomb)
    assert response.status_code == 400
    assert "The image is 9000 × 9000 pixels (81 megapixels); the limit is 40 megapixels" in (
        response.text
    )
    project.refresh_from_db()
    assert not project.lead_image


def test_a_decompression_bomb_past_pillows_own_limit_is_a_400_not_a_500(admin_client, make_project):
    """S4: a 20000 × 20000 PNG raised DecompressionBombError, answered 500."""
    project = make_project()
    bomb = SimpleUploadedFile("bomb.png", flat_png(20000, 20000, rows=10))
    response = post_image(admin_client, project, bomb)
    assert response.status_code == 400
    assert "megapixels" in response.text and "40 megapixels" in response.text


@override_settings(LEAD_IMAGE_MAX_PIXELS=1000)
def test_the_pixel_limit_is_a_setting(admin_client, make_project):
    project = make_project()
    response = post_image(admin_client, project, picture(size=(40, 30)))
    assert response.status_code == 400
    assert "The image is 40 × 30 pixels (0.0012 megapixels); the limit is 0.001 megapixels" in (
        response.text
    )


@pytest.mark.parametrize("name", ["evil.pdf", "evil.eps", "evil.html.png", "../../evil.jpg"])
def test_the_stored_file_is_a_new_picture_named_for_its_format(admin_client, make_project, name):
    """S11: a PNG with HTML appended, uploaded as evil.pdf, was stored as evil.pdf, trailer and
    all."""
    project = make_project()
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), (200, 10, 10)).save(buffer, format="PNG")
    payload = buffer.getvalue() + b"<html><script>alert(document.domain)</script></html>"
    response = post_image(admin_client, project, SimpleUploadedFile(name, payload))
    assert response.status_code == 302
    project.refresh_from_db()
    stored = project.lead_image
    assert stored.name.startswith("projects/")
    assert stored.name.endswith(".png")
    assert "evil" not in stored.name
    content = stored.read()
    assert b"<script>" not in content
    with Image.open(io.BytesIO(content)) as image:
        assert image.format == "PNG" and image.size == (20, 10)
