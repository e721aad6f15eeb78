"""A Markdown textarea with a rendered, sanitized preview beside it."""

from django import forms
from django.urls import reverse_lazy

from ..markdown import render_markdown


class MarkdownWidget(forms.Textarea):
    template_name = "admin/cooperation/markdown_widget.html"

    class Media:
        css = {"all": ["cooperation/admin/markdown.css"]}
        js = ["cooperation/admin/markdown-preview.js"]

    def __init__(self, attrs=None):
        super().__init__({"rows": 14, "class": "vLargeTextField markdown-source", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["preview_html"] = render_markdown(value or "")
        context["preview_url"] = reverse_lazy("markdown-preview")
        return context
