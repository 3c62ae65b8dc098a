import base64
import binascii
import csv
import io

from odoo import _, fields, models
from odoo.exceptions import UserError

# header cell (lower case) -> column it names
HEADER_NAMES = {
    "name": "name", "full name": "name", "student": "name", "subject": "name",
    "group": "group", "class": "group", "group/class": "group", "grade": "group",
    "external id": "external_ref", "external_id": "external_ref", "id": "external_ref",
    "student id": "external_ref", "ref": "external_ref",
}
POSITIONAL = ("name", "group", "external_ref")
MAX_LISTED_ERRORS = 20


class StudioNamesImport(models.TransientModel):
    _name = "studio.names.import"
    _description = "Import a names list into a photo job"

    job_id = fields.Many2one("studio.job", required=True, ondelete="cascade")
    file = fields.Binary(string="Names list (CSV)", required=True)
    filename = fields.Char()

    def action_import(self):
        self.ensure_one()
        created, updated = self.job_id._import_names(self._read_rows())
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": _("Names list imported"),
                "message": _("%(created)s subjects created, %(updated)s updated in %(job)s.",
                             created=len(created), updated=len(updated), job=self.job_id.name),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _read_rows(self):
        """The file as a list of {'row', 'name', 'group', 'external_ref'}; a UserError listing
        every bad row when anything is wrong, so that a bad file imports nothing."""
        table = self._read_table()
        columns, body, first_row = self._columns(table)
        widths = {len(columns)} if first_row == 2 else {2, 3}
        rows, errors = [], []
        seen_refs, seen_names = {}, {}
        for number, cells in enumerate(body, start=first_row):
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) not in widths:
                errors.append(_("Row %(row)s: expected %(expected)s columns (name, group, optional "
                                "external id), found %(count)s.", row=number,
                                expected=_(" or ").join(map(str, sorted(widths))), count=len(cells)))
                continue
            row = dict(zip(columns, (cell.strip() for cell in cells)))
            row["row"] = number
            if not row.get("name"):
                errors.append(_("Row %s: the name is empty.", number))
                continue
            ref = row.get("external_ref")
            key, seen, what = (ref, seen_refs, _("external id %s", ref)) if ref else (
                (row["name"].lower(), row.get("group", "").lower()), seen_names,
                _("name and group %(name)s / %(group)s", name=row["name"], group=row.get("group", "")))
            if key in seen:
                errors.append(_("Row %(row)s: duplicate of row %(first)s (%(what)s).",
                                row=number, first=seen[key], what=what))
                continue
            seen[key] = number
            rows.append(row)
        if errors:
            shown = errors[:MAX_LISTED_ERRORS]
            if len(errors) > MAX_LISTED_ERRORS:
                shown.append(_("... and %s more bad rows.", len(errors) - MAX_LISTED_ERRORS))
            raise UserError(_("The names list was not imported; fix these rows and import it again:\n%s",
                              "\n".join(shown)))
        if not rows:
            raise UserError(_("The names list has no subjects."))
        return rows

    def _read_table(self):
        try:
            raw = base64.b64decode(self.file or b"", validate=True)
        except (binascii.Error, ValueError):
            raw = b"\x00"
        try:
            if b"\x00" in raw:
                raise UnicodeDecodeError("utf-8", raw, 0, 1, "binary content")
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UserError(_("%s is not a CSV text file in UTF-8: save the names list as "
                              "\"CSV UTF-8\" and import it again.", self.filename or _("The file")))
        if not text.strip():
            raise UserError(_("The names list is empty."))
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        try:
            return list(csv.reader(io.StringIO(text), dialect))
        except csv.Error as error:
            raise UserError(_("The names list is not a valid CSV file: %s", error))

    def _columns(self, table):
        """(column names, rows after the header, number of the first of those rows)."""
        header = [cell.strip().lower() for cell in table[0]]
        if any(cell in HEADER_NAMES for cell in header):
            columns = tuple(HEADER_NAMES.get(cell) for cell in header)
            if None in columns or "name" not in columns or len(set(columns)) != len(columns):
                raise UserError(_(
                    "Row 1: the header names unknown or repeated columns (%s); use name, group and "
                    "optionally external id.", ", ".join(table[0])))
            return columns, table[1:], 2
        return POSITIONAL, table, 1
