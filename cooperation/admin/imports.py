"""Spreadsheet uploads, from the dry run to the confirmation.

Uploads are measured before they are parsed: a file over IMPORT_MAX_BYTES, an XLSX whose parts
unpack to more than IMPORT_MAX_UNPACKED_BYTES, or a sheet of more than IMPORT_MAX_ROWS rows is
refused at once with the numbers, never handed to the parser (a 92 KB XLSX of 300,000 rows used
to hold a worker for 30 seconds).

Between the dry run and the confirmation the file waits in the database (ImportUpload), so the
confirmation works whichever app server or worker answers it; a preview that is gone is said so.
"""

import re
import uuid
import zipfile

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from import_export.forms import ConfirmImportForm, ImportForm, SelectableFieldsExportForm
from import_export.tmp_storages import BaseStorage

from ..history import field_label
from ..models import ImportUpload, PublicationStatus
from .spreadsheets import SpreadsheetCSV, SpreadsheetXLSX, UnreadableSpreadsheet

READ_CHUNK = 1024 * 1024


def _megabytes(count):
    return f"{count / 1024 / 1024:.3g}"


ROW_TAG = re.compile(rb"<row[\s>/]")


def count_rows_in_xlsx(archive, limit):
    """Rows in the workbook's sheets, counted in the unpacked XML as a stream; stops past limit."""
    rows = 0
    for info in archive.infolist():
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
            continue
        tail = b""
        with archive.open(info) as sheet:
            while chunk := sheet.read(READ_CHUNK):
                # The last 4 bytes are read again with the next chunk: a tag cut in two is
                # counted there, and one that ended here cannot fit in 4 bytes.
                data = tail + chunk
                rows += len(ROW_TAG.findall(data))
                tail = data[-4:]
                if rows > limit:
                    return rows
    return rows


def count_rows_in_text(upload, limit):
    """Lines in a CSV file (an upper bound on its rows, quoted line breaks included)."""
    lines = 0
    last = b"\n"
    for chunk in upload.chunks(READ_CHUNK):
        lines += chunk.count(b"\n")
        last = chunk[-1:] or last
        if lines > limit + 1:
            break
    if last != b"\n":
        lines += 1
    return max(0, lines - 1)  # the header row is not a record


def check_spreadsheet(upload):
    """ValidationError naming the limit, or None. Reads at most what the limits allow."""
    max_bytes = settings.IMPORT_MAX_BYTES
    max_rows = settings.IMPORT_MAX_ROWS
    if upload.size > max_bytes:
        raise forms.ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB. Import it in parts.")
            % {"size": _megabytes(upload.size), "limit": _megabytes(max_bytes)},
            code="too_large",
        )
    upload.seek(0)
    if upload.read(4) == b"PK\x03\x04":
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
                limit = settings.IMPORT_MAX_UNPACKED_BYTES
                if unpacked > limit:
                    raise forms.ValidationError(
                        _(
                            "The spreadsheet unpacks to %(size)s MB; the limit is %(limit)s MB. "
                            "Import it in parts."
                        )
                        % {"size": _megabytes(unpacked), "limit": _megabytes(limit)},
                        code="too_large",
                    )
                rows = count_rows_in_xlsx(archive, max_rows + 1)
        except (zipfile.BadZipFile, OSError, EOFError):
            raise forms.ValidationError(
                _("This file is not a readable XLSX spreadsheet."), code="unreadable"
            ) from None
        rows = max(0, rows - 1)  # the header row
    else:
        rows = count_rows_in_text(upload, max_rows)
    upload.seek(0)
    if rows > max_rows:
        raise forms.ValidationError(
            _("The file has more than %(limit)s rows; the limit is %(limit)s. Import it in parts.")
            % {"limit": f"{max_rows:,}"},
            code="too_many_rows",
        )


class CappedImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        check_spreadsheet(upload)
        return upload


class ImportPreviewExpired(Exception):
    """The dry run's file is no longer kept (older than a day, or already imported)."""


class DatabaseUploadStorage(BaseStorage):
    """django-import-export's temporary storage, in the database every app server shares.
    Saving a new file removes those past their day."""

    def save(self, data):
        ImportUpload.objects.expired().delete()
        self.name = self.name or uuid.uuid4().hex
        ImportUpload.objects.create(name=self.name, data=bytes(data))

    def read(self):
        data = (
            ImportUpload.objects.fresh()
            .filter(name=str(self.name or ""))
            .values_list("data", flat=True)
            .first()
        )
        if data is None:
            raise ImportPreviewExpired(self.name)
        return bytes(data)

    def remove(self):
        ImportUpload.objects.filter(name=str(self.name or "")).delete()


def import_summary(result):
    """What confirming would do, in sentences: counts first, then publication changes."""
    totals = result.totals
    lines = [
        ngettext("%(count)d new record", "%(count)d new records", totals["new"])
        % {"count": totals["new"]},
        ngettext("%(count)d record updated", "%(count)d records updated", totals["update"])
        % {"count": totals["update"]},
        ngettext("%(count)d record unchanged", "%(count)d records unchanged", totals["skip"])
        % {"count": totals["skip"]},
    ]
    published = unpublished = published_new = 0
    for row in result.valid_rows():
        after = getattr(row.instance, "publication_status", None)
        if row.import_type == "new" and after == PublicationStatus.PUBLISHED:
            published_new += 1
        elif row.import_type == "update" and row.original is not None:
            before = row.original.publication_status
            if before != after and after == PublicationStatus.PUBLISHED:
                published += 1
            elif before != after and before == PublicationStatus.PUBLISHED:
                unpublished += 1
    status = []
    if unpublished:
        status.append(
            ngettext(
                "%(count)d published record will be unpublished (back to draft).",
                "%(count)d published records will be unpublished (back to draft).",
                unpublished,
            )
            % {"count": unpublished}
        )
    if published:
        status.append(
            ngettext(
                "%(count)d draft will be published.", "%(count)d drafts will be published.",
                published,
            )
            % {"count": published}
        )  # fmt: skip
    if published_new:
        status.append(
            ngettext(
                "%(count)d new record will be published at once.",
                "%(count)d new records will be published at once.",
                published_new,
            )
            % {"count": published_new}
        )
    return {"counts": lines, "status": status}


def import_errors(result, resource):
    """Every error of a dry run in one list, in the file's order: (spreadsheet row, column,
    message). The header is row 1, so the first record is row 2, as a spreadsheet numbers it."""
    columns = {field.attribute: field.column_name for field in resource.get_import_fields()}
    errors = [(None, None, str(error.error)) for error in result.base_errors]
    for number, row_errors in result.row_errors():
        errors += [(number + 1, None, str(error.error)) for error in row_errors]
    for row in result.invalid_rows:
        for field, texts in row.field_specific_errors.items():
            errors += [(row.number + 1, columns.get(field, field), str(m)) for m in texts]
        errors += [(row.number + 1, None, str(m)) for m in row.non_field_specific_errors]
    return sorted(errors, key=lambda error: error[0] or 0)


class ReadableExportForm(SelectableFieldsExportForm):
    """The export page names each column in words, with the column's own name in the file
    ("Note (Simplified Chinese) · note_zh_hans"), rather than "Note Zh Hans"."""

    def _get_field_label(self, resource, field_name):
        field = resource.fields[field_name]
        model = resource._meta.model
        try:
            label = field_label(model, field.attribute or field_name)
        except FieldDoesNotExist:
            label = field_name.replace("_", " ").capitalize()
        return format_html("{} · <code>{}</code>", label, field.column_name)


class SpreadsheetImportMixin(ImportExportMixin):
    """CSV and XLSX imports, capped, with the upload kept where every server can read it."""

    formats = [SpreadsheetCSV, SpreadsheetXLSX]
    import_form_class = CappedImportForm
    tmp_storage_class = DatabaseUploadStorage
    import_template_name = "admin/cooperation/import.html"
    export_form_class = ReadableExportForm
    export_template_name = "admin/cooperation/export.html"

    def _describe(self, request, context):
        result = context["result"]
        resource = self.get_import_resource_classes(request)[0]()
        context["summary"] = import_summary(result)
        context["import_errors"] = import_errors(result, resource)

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None)
        if context and context.get("result") is not None:
            self._describe(request, context)
            confirm_form = context.get("confirm_form")
            if confirm_form is not None:
                versions = {
                    str(row.object_id): row.original.updated_at.isoformat()
                    for row in context["result"].valid_rows()
                    if row.original is not None and getattr(row.original, "updated_at", None)
                }
                ImportUpload.objects.filter(name=confirm_form.initial["import_file_name"]).update(
                    versions=versions
                )
        return response

    def init_request_context_data(self, request, form):
        context = super().init_request_context_data(request, form)
        context["export_count"] = self.get_export_queryset(request).count()
        context["export_filtered"] = any(
            name not in ("o", "p", "_changelist_filters") for name in request.GET
        )
        return context

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, UnreadableSpreadsheet):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def get_import_data_kwargs(self, **kwargs):
        form = kwargs.get("form")
        kwargs = super().get_import_data_kwargs(**kwargs)
        if isinstance(form, ConfirmImportForm):
            # The confirmation writes every row or none, and refuses rows whose record was
            # changed after the dry run.
            kwargs["rollback_on_validation_errors"] = True
            kwargs["seen_versions"] = (
                ImportUpload.objects.filter(name=form.cleaned_data["import_file_name"])
                .values_list("versions", flat=True)
                .first()
                or {}
            )
        return kwargs

    def process_result(self, result, request):
        if not (result.has_errors() or result.has_validation_errors()):
            return super().process_result(result, request)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import"),
            "opts": self.model._meta,
            "result": result,
            "form": self.get_import_form_class(request)(
                self.get_import_formats(), self.get_import_resource_classes(request)
            ),
        }
        self._describe(request, context)
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context, status=409)

    def process_import(self, request, **kwargs):
        try:
            return super().process_import(request, **kwargs)
        except ImportPreviewExpired:
            messages.error(request, _("This preview has expired; upload the file again."))
            info = self.get_model_info()
            return HttpResponseRedirect(
                reverse(f"admin:{info[0]}_{info[1]}_import", current_app=self.admin_site.name)
            )
