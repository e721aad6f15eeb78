"""Staff-only helper views for the admin."""

from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpResponse
from django.views.decorators.http import require_POST

from ..markdown import render_markdown

MAX_PREVIEW_CHARACTERS = 200_000


@staff_member_required
@require_POST
def markdown_preview(request):
    """The sanitized HTML of the posted Markdown, as the public page will render it."""
    text = request.POST.get("text", "")[:MAX_PREVIEW_CHARACTERS]
    return HttpResponse(render_markdown(text), content_type="text/html; charset=utf-8")
