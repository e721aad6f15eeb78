"""Lead images: real JPEG, PNG or WebP only, checked by opening them; big ones scaled down."""

import io

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
    assert response.status_code == 200
    assert "Upload a valid image" in response.text or "not a readable image" in response.text
    assert "Title kept after the error" in response.text
    project.refresh_from_db()
    assert not project.lead_image


def test_a_gif_is_refused_by_its_real_format(admin_client, make_project):
    project = make_project()
    response = post_image(admin_client, project, picture("GIF", name="looks-like.png"))
    assert response.status_code == 200
    assert "GIF images are not accepted" in response.text


@override_settings(LEAD_IMAGE_MAX_BYTES=1024 * 1024)
def test_an_oversize_file_is_refused_with_its_size(admin_client, make_project):
    project = make_project()
    big = SimpleUploadedFile("huge.jpg", b"\xff\xd8\xff" + b"0" * (2 * 1024 * 1024))
    response = post_image(admin_client, project, big)
    assert response.status_code == 200
    assert "The image is 2.0 MB; the limit is 1 MB." in response.text


def test_a_twenty_megabyte_upload_is_refused_under_the_default_limit(admin_client, make_project):
    project = make_project()
    big = SimpleUploadedFile("huge.jpg", b"\xff\xd8\xff" + b"0" * (20 * 1024 * 1024))
    response = post_image(admin_client, project, big)
    assert response.status_code == 200
    assert "the limit is 10 MB" in response.text


def test_a_picture_larger_than_the_limit_in_pixels_is_scaled_down(admin_client, make_project):
    project = make_project()
    response = post_image(admin_client, project, picture(size=(4000, 3000)))
    assert response.status_code == 302
    project = Project.objects.get(pk=project.pk)
    with Image.open(project.lead_image.path) as stored:
        assert stored.size == (2000, 1500)
