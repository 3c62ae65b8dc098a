"""The order sheet read back as the lab reads it: downloaded over HTTP by a studio user from the
batch's button, its file name taken from the Content-Disposition header, its rows parsed with the
csv module."""

import csv
import io
import re
import urllib.parse

from werkzeug.http import parse_options_header

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.studio_prepay.models.studio_batch import REQUIRED_COLUMNS, SHEET_COLUMNS

from .common_pipeline import LabExportCase

# the JavaScript parser of Odoo's web client (web/core/network/download.js) refuses other filename*
# values
EXT_VALUE = re.compile(r"^UTF-8''((?:%[0-9A-Fa-f]{2}|[A-Za-z0-9!#$&+.^_`|~-])+)$")
REPR = re.compile(r"^(False|None|True|\w+(\.\w+)+\([\d, ]*\))$")


@tagged("post_install", "-at_install")
class TestLabSheetReadback(LabExportCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.job.name = "École Saint-Éloi, 2026"
        cls.partner_school.write(
            {
                "street": "3 rue des Écoles",
                "zip": "75005",
                "city": "Paris",
                "country_id": cls.env.ref("base.fr").id,
            }
        )

    def _download(self, batch):
        action = batch.with_user(self.studio_user).action_download_sheet()
        self.assertEqual((action["type"], action["target"]), ("ir.actions.act_url", "download"))
        self.authenticate("studio_user", "studio_user")
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200, response.text[:500])
        return response

    def test_the_sheet_downloads_with_its_accented_name_and_every_cell_filled(self):
        # a print without a class photo: its "class photo file" cell is empty, not a record's text
        order = self.prepay_order(self.ann, products=self.product_print, paid=True)
        self._place(order)
        batch = self._release(order)
        self.assertIn("École Saint-Éloi", batch.name)
        response = self._download(batch)
        disposition, options = parse_options_header(response.headers["Content-Disposition"])
        self.assertEqual(disposition, "attachment")
        self.assertEqual(
            options["filename"],
            "École Saint-Éloi 2026 batch 1 order sheet.csv",
            "werkzeug reads the RFC 8187 name (filename*)",
        )
        self.assertIn(
            'filename="Ecole Saint-Eloi 2026 batch 1 order sheet.csv"',
            response.headers["Content-Disposition"],
            "an ASCII name for the clients that know no other",
        )
        raw = re.search(r"filename\*=([^;]+)", response.headers["Content-Disposition"]).group(1)
        self.assertRegex(raw, EXT_VALUE, "a valid RFC 8187 value, which the web client parses")
        self.assertEqual(
            urllib.parse.unquote(EXT_VALUE.match(raw).group(1)),
            "École Saint-Éloi 2026 batch 1 order sheet.csv",
        )
        rows = list(csv.DictReader(io.StringIO(response.content.decode())))
        self.assertEqual(list(rows[0]), SHEET_COLUMNS)
        self.assertEqual(len(rows), 1)
        for row in rows:
            for column, value in row.items():
                self.assertNotRegex(value, REPR, f"{column}: a Python value's text")
                self.assertNotIn("()", value, column)
            for column in REQUIRED_COLUMNS:
                self.assertTrue(row[column], f"{column} is empty")
        self.assertEqual(rows[0]["class photo file"], "")
        self.assertEqual(
            (rows[0]["ship to"], rows[0]["street"], rows[0]["country"]),
            ("Test School", "3 rue des Écoles", "FR"),
        )

    def test_release_is_refused_with_what_the_sheet_would_lack(self):
        self.product_print.default_code = False
        self.partner_school.write({"street": False, "zip": False})
        order = self.prepay_order(self.ann, products=self.product_print, paid=True)
        self._place(order)
        batch = order.studio_batch_id.with_user(self.studio_user)
        with self.assertRaises(UserError) as refused:
            batch.action_release()
        message = refused.exception.args[0]
        self.assertIn("Print 5x7", message)
        self.assertIn("Test School has no street, zip", message)
        self.assertEqual(batch.state, "open")
        self.assertFalse(batch.sheet_attachment_id)
        self.product_print.default_code = "P57"
        self.partner_school.write({"street": "3 rue des Écoles", "zip": "75005"})
        batch.action_release()
        self.assertEqual(batch.state, "released")
        self.assertEqual(self._download(batch).status_code, 200)

    def test_the_scheduled_release_leaves_an_incomplete_batch_open_with_what_it_lacks(self):
        self.partner_school.country_id = False
        order = self.prepay_order(self.ann, products=self.product_print, paid=True)
        self._place(order)
        batch = order.studio_batch_id
        self.job.write({"auto_release": True, "batch_deadline": "2020-01-01 00:00:00"})
        batch.deadline = "2020-01-01 00:00:00"
        self.env["studio.batch"]._cron_release_due_batches()
        self.assertEqual(batch.state, "open")
        self.assertIn("Test School has no country", batch.message_ids[0].body)
        self.assertEqual(order.studio_batch_id, batch, "its orders wait in it")
