import base64
import binascii
import csv
import io
import re
import unicodedata

from odoo import _, fields, models
from odoo.exceptions import UserError

from ..const import MAX_LENGTHS
from ..tools.notification import CLOSE, notification

# header cell (lower case, without accents, spaces or punctuation) -> column it names
HEADER_NAMES = {
    **dict.fromkeys(
        (
            "name",
            "fullname",
            "student",
            "studentname",
            "subject",
            "nom",
            "nomcomplet",
            "eleve",
            "schuler",
            "schueler",
        ),
        "name",
    ),
    **dict.fromkeys(
        ("first", "firstname", "givenname", "forename", "prenom", "vorname"), "first_name"
    ),
    **dict.fromkeys(
        ("last", "lastname", "surname", "familyname", "nomdefamille", "nachname", "familienname"),
        "last_name",
    ),
    **dict.fromkeys(
        ("group", "class", "groupclass", "grade", "classe", "groupe", "klasse", "gruppe", "team"),
        "group",
    ),
    **dict.fromkeys(
        ("externalid", "id", "studentid", "ref", "reference", "identifiant", "kennung"),
        "external_ref",
    ),
    **dict.fromkeys(
        ("consent", "photoconsent", "consentement", "einwilligung", "photosonline"), "consent"
    ),
    "nophotoonline": "no_photo_online",
}
POSITIONAL = ("name", "group", "external_ref")
# consent cell (lower case) -> yes (True) or no (False)
YES_NO = {
    **dict.fromkeys(("yes", "y", "oui", "o", "ja", "j", "1", "true", "x"), True),
    **dict.fromkeys(("no", "n", "non", "nein", "0", "false"), False),
}
# row key -> subject field whose length limit applies
ROW_FIELDS = {"name": "name", "group": "group_name", "external_ref": "external_ref"}
MAX_LISTED_ERRORS = 20
DELIMITERS = ",;\t"
SNIFFED_LINES, SNIFFED_CHARS = 50, 16384  # what is read to guess the separator
QUOTED = re.compile(r'"[^"]*"')


class StudioNamesImport(models.TransientModel):
    _name = "studio.names.import"
    _description = "Import a names list into a photo job"

    job_id = fields.Many2one("studio.job", required=True, ondelete="cascade")
    file = fields.Binary(string="Names list (CSV)", required=True)
    filename = fields.Char()

    def action_import(self):
        self.ensure_one()
        created, updated = self.job_id._import_names(self._read_rows())
        return notification(
            _(
                "%(created)s subjects created, %(updated)s updated in %(job)s.",
                created=len(created),
                updated=len(updated),
                job=self.job_id.name,
            ),
            CLOSE,
            title=_("Names list imported"),
        )

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
                errors.append(
                    _(
                        "Row %(row)s: expected 2 or 3 columns (name, group, optional external id), "
                        "found %(count)s.",
                        row=number,
                        count=len(cells),
                    )
                    if len(widths) > 1
                    else _(
                        "Row %(row)s: expected %(expected)s columns, like the header "
                        "row, found %(count)s.",
                        row=number,
                        expected=len(columns),
                        count=len(cells),
                    )
                )
                continue
            row = self._row(columns, cells)
            row["row"] = number
            if "consent" in row and row["consent"] is None:
                errors.append(
                    _(
                        "Row %(row)s: the consent column says yes or no, not %(value)s.",
                        row=number,
                        value=cells[columns.index(self._consent_column(columns))],
                    )
                )
                continue
            if not row.get("name"):
                errors.append(_("Row %s: the name is empty.", number))
                continue
            too_long = self._too_long(row)
            if too_long:
                errors.append(too_long)
                continue
            ref = row.get("external_ref")
            key, seen, what = (
                (ref, seen_refs, _("external id %s", ref))
                if ref
                else (
                    (row["name"].lower(), row.get("group", "").lower()),
                    seen_names,
                    _(
                        "name and group %(name)s / %(group)s",
                        name=row["name"],
                        group=row.get("group", ""),
                    ),
                )
            )
            if key in seen:
                errors.append(
                    _(
                        "Row %(row)s: duplicate of row %(first)s (%(what)s).",
                        row=number,
                        first=seen[key],
                        what=what,
                    )
                )
                continue
            seen[key] = number
            rows.append(row)
        if errors:
            shown = errors[:MAX_LISTED_ERRORS]
            if len(errors) > MAX_LISTED_ERRORS:
                shown.append(_("... and %s more bad rows.", len(errors) - MAX_LISTED_ERRORS))
            raise UserError(
                _(
                    "The names list was not imported; fix these rows and import it again:\n%s",
                    "\n".join(shown),
                )
            )
        if not rows:
            raise UserError(_("The names list has no subjects."))
        return rows

    def _read_table(self):
        text = self._decode()
        if not text.strip():
            raise UserError(_("The names list is empty."))
        dialect = self._guess_dialect(text)
        reader = csv.reader(io.StringIO(text), dialect)
        try:
            return list(reader)
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise UserError(
                    _(
                        "The names list was not imported: row %(row)s has a cell of "
                        "more than %(max)s "
                        "characters (names have at most %(name)s, classes %(group)s).",
                        row=reader.line_num,
                        max=csv.field_size_limit(),
                        name=MAX_LENGTHS["name"],
                        group=MAX_LENGTHS["group_name"],
                    )
                ) from error
            raise UserError(
                _(
                    "The names list is not a valid CSV file (row %(row)s): %(error)s",
                    row=reader.line_num,
                    error=error,
                )
            ) from error

    def _decode(self):
        """The file's text: UTF-8 (with or without a byte order mark), else Windows-1252 (a CSV file
        saved by Excel on Windows); a UserError for binary content or bytes of neither."""
        try:
            raw = base64.b64decode(self.file or b"", validate=True)
        except (binascii.Error, ValueError):
            raw = b"\x00"
        if b"\x00" not in raw:
            for encoding in ("utf-8-sig", "cp1252"):
                try:
                    return raw.decode(encoding)
                except UnicodeDecodeError:
                    continue
        raise UserError(
            _(
                '%s is not a CSV text file: save the names list as "CSV UTF-8" and '
                "import it again.",
                self.filename or _("The file"),
            )
        )

    @staticmethod
    def _guess_dialect(text):
        """The CSV dialect of ``text``, its separator (comma, semicolon or tab) the one most lines
        agree on: csv.Sniffer on the first lines, checked against a count of the lines each
        separator splits, so that one bad row does not make every row look like a single column."""
        lines = [line for line in text.splitlines() if line.strip()][:SNIFFED_LINES]
        unquoted = [QUOTED.sub("", line) for line in lines]
        splits = {
            delimiter: sum(delimiter in line for line in unquoted) for delimiter in DELIMITERS
        }
        best = max(DELIMITERS, key=splits.get)  # on a tie, the first of DELIMITERS
        try:
            dialect = csv.Sniffer().sniff("\n".join(lines)[:SNIFFED_CHARS], delimiters=DELIMITERS)
        except csv.Error:
            dialect = None
        if dialect and splits[dialect.delimiter] >= splits[best]:
            return dialect
        if not splits[best]:
            return csv.excel
        return type("GuessedDialect", (csv.excel,), {"delimiter": best})

    @staticmethod
    def _header_key(cell):
        """A header cell in lower case, without accents, spaces or punctuation (``Prénom`` ->
        ``prenom``)."""
        text = unicodedata.normalize("NFKD", cell).encode("ascii", "ignore").decode().lower()
        return re.sub(r"[^a-z0-9]", "", text)

    def _columns(self, table):
        """(column names, rows after the header, number of the first of those rows). A first row
        with a known column name is a header (English, French or German names); a name can be split
        in first name and last name (with a first name, ``nom``/``Name`` is the last name)."""
        header = [self._header_key(cell) for cell in table[0]]
        if not any(cell in HEADER_NAMES for cell in header):
            return POSITIONAL, table, 1
        unknown = [
            cell.strip()
            for cell, key in zip(table[0], header, strict=True)
            if key not in HEADER_NAMES
        ]
        if unknown:
            raise UserError(
                _(
                    "Row 1: the header names unknown columns (%(unknown)s); use name "
                    "(or first name and last name), "
                    "group/class and optionally external id and consent.",
                    unknown=", ".join(unknown),
                )
            )
        columns = [HEADER_NAMES[cell] for cell in header]
        if "first_name" in columns:
            columns = ["last_name" if column == "name" else column for column in columns]
        if len(set(columns)) != len(columns) or not {"name", "first_name", "last_name"} & set(
            columns
        ):
            raise UserError(
                _(
                    "Row 1: the header repeats a column or names none for the name "
                    "(%(header)s); use name (or first "
                    "name and last name), group/class and optionally external id.",
                    header=", ".join(table[0]),
                )
            )
        return tuple(columns), table[1:], 2

    @staticmethod
    def _consent_column(columns):
        return "consent" if "consent" in columns else "no_photo_online"

    @staticmethod
    def _row(columns, cells):
        """{column: stripped cell}, with first and last name joined into the name and the consent
        (``consent`` or ``no photo online`` column, yes or no) as True or False; None for a
        consent cell that is neither; no consent key without a consent column. An empty
        ``consent`` cell says no, an empty ``no photo online`` cell says yes."""
        row = dict(zip(columns, (cell.strip() for cell in cells), strict=False))
        if {"first_name", "last_name"} & row.keys():
            row["name"] = " ".join(
                filter(None, (row.pop("first_name", ""), row.pop("last_name", "")))
            )
        if "consent" in row:  # consent is given: an empty cell says no
            answer = row["consent"].lower()
            row["consent"] = YES_NO.get(answer) if answer else False
        elif "no_photo_online" in row:  # a refusal: an empty cell refuses nothing
            answer = row.pop("no_photo_online").lower()
            row["consent"] = (not YES_NO[answer] if answer in YES_NO else None) if answer else True
        return row

    def _too_long(self, row):
        """The error of a row with a value longer than subjects allow, or None."""
        Subject = self.env["studio.subject"]
        for key, field in ROW_FIELDS.items():
            if len(row.get(key) or "") > MAX_LENGTHS[field]:
                return _(
                    "Row %(row)s: the %(field)s has %(length)s characters, at most %(max)s.",
                    row=row["row"],
                    field=Subject._fields[field]._description_string(self.env).lower(),
                    length=len(row[key]),
                    max=MAX_LENGTHS[field],
                )
        return None
