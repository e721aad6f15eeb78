"""Reading an uploaded spreadsheet into rows, or saying in words why it cannot be read.

CSV files are UTF-8 (a byte-order mark is fine) with commas, semicolons or tabs between cells,
as Excel writes them in different countries. Text in another encoding (Windows-1251, GBK) is
refused with the line it fails on, never read as mojibake. XLSX cells are read as values: a
merged range or a formula is refused with its cell, since neither has one value per cell.
"""

import csv
import io

import openpyxl
import tablib
from django.utils.translation import gettext as _
from import_export.formats.base_formats import CSV, XLSX
from openpyxl.utils import get_column_letter


class UnreadableSpreadsheet(ValueError):
    """The file cannot be read as rows; the message says why, for the editor."""


def _no_rows():
    return UnreadableSpreadsheet(_("The file has a header row but no rows below it."))


class SpreadsheetCSV(CSV):
    def create_dataset(self, in_stream, **kwargs):
        data = in_stream if isinstance(in_stream, bytes) else in_stream.encode()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise UnreadableSpreadsheet(
                _("Row %(row)s is not UTF-8 text: the file was saved in another encoding (such "
                  "as Windows-1251 or GBK). Save it as “CSV UTF-8” and upload it again.")
                % {"row": line}
            ) from None  # fmt: skip
        header = text.split("\n", 1)[0]
        delimiter = max([",", ";", "\t"], key=header.count)
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        rows = [row for row in rows if any(cell.strip() for cell in row)]
        if not rows:
            raise UnreadableSpreadsheet(_("The file is empty."))
        headers = [cell.strip() for cell in rows[0]]
        dataset = tablib.Dataset(headers=headers)
        for number, row in enumerate(rows[1:], start=2):
            if len(row) > len(headers) and any(cell.strip() for cell in row[len(headers) :]):
                raise UnreadableSpreadsheet(
                    _("Row %(row)s has more cells than the header row has columns.")
                    % {"row": number}
                )
            dataset.append((row + [""] * len(headers))[: len(headers)])
        if not dataset.height:
            raise _no_rows()
        return dataset


class SpreadsheetXLSX(XLSX):
    def create_dataset(self, in_stream, **kwargs):
        try:
            book = openpyxl.load_workbook(io.BytesIO(in_stream), data_only=False)
        except Exception:
            message = _("This file is not a readable XLSX spreadsheet.")
            raise UnreadableSpreadsheet(message) from None
        sheet = book.active
        if sheet.merged_cells.ranges:
            raise UnreadableSpreadsheet(
                _("Cells %(cells)s are merged: unmerge them and write a value in every cell.")
                % {"cells": ", ".join(str(cells) for cells in sheet.merged_cells.ranges)}
            )
        rows = [
            row for row in sheet.iter_rows() if any(cell.value not in (None, "") for cell in row)
        ]
        if not rows:
            raise UnreadableSpreadsheet(_("The file is empty."))
        headers = [str(cell.value or "").strip() for cell in rows[0]]
        dataset = tablib.Dataset(headers=headers)
        for row in rows[1:]:
            for cell in row:
                if cell.data_type == "f":
                    column = headers[cell.column - 1] if cell.column <= len(headers) else ""
                    raise UnreadableSpreadsheet(
                        _("Cell %(cell)s (row %(row)s, column %(column)s) holds a formula: "
                          "paste its value instead.")
                        % {
                            "cell": f"{get_column_letter(cell.column)}{cell.row}",
                            "row": cell.row,
                            "column": column,
                        }
                    )  # fmt: skip
            values = ["" if cell.value is None else cell.value for cell in row]
            dataset.append((values + [""] * len(headers))[: len(headers)])
        if not dataset.height:
            raise _no_rows()
        return dataset
