"""The e-ticket as its reader sees it: the PDF attached to the payment e-mail, printed by Debian's
wkhtmltopdf, one page per seat whose QR code (decoded from the page image) is the barcode the door
scans, in the customer's language."""

import base64
import os
import shutil
import subprocess
import tempfile
import unittest

import zxingcpp
from PIL import Image

from odoo.tests import HttpCase, tagged

from odoo.addons.studio_prepay.tests.common_translations import load_french
from odoo.addons.studio_prepay_event.models.sale_order import TICKET_REPORT

from .common import TicketCase


@tagged("post_install", "-at_install")
@unittest.skipUnless(shutil.which("pdftoppm"), "poppler-utils (pdftoppm) is not installed")
class TestTicketPdf(TicketCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # wkhtmltopdf fetches the QR code and the styles from the test server
        cls.env["ir.config_parameter"].sudo().set_param("report.url", cls.base_url())

    def _read_back(self, pdf):
        """The QR codes decoded from each page's image."""
        directory = tempfile.mkdtemp(prefix="studio_tickets_")
        self.addCleanup(shutil.rmtree, directory, True)
        path = os.path.join(directory, "tickets.pdf")
        with open(path, "wb") as file:
            file.write(pdf)
        if os.environ.get("STUDIO_TICKETS_PDF"):  # to look at it: STUDIO_TICKETS_PDF=/tmp/t.pdf
            shutil.copy(path, os.environ["STUDIO_TICKETS_PDF"])
        subprocess.run(
            ["pdftoppm", "-r", "150", "-gray", "-png", path, os.path.join(directory, "page")],
            check=True,
        )
        pages = []
        for name in sorted(n for n in os.listdir(directory) if n.endswith(".png")):
            with Image.open(os.path.join(directory, name)) as image:
                pages.append([code.text for code in zxingcpp.read_barcodes(image.convert("L"))])
        return pages

    def _html(self, order):
        """The same tickets as HTML, rendered as the PDF is (the PDF's web font has no text layer
        that pdftotext could read)."""
        return (
            order._studio_tickets_report()
            ._render_qweb_html(TICKET_REPORT, order.order_line.registration_ids.ids)[0]
            .decode()
        )

    def test_one_page_per_seat_whose_qr_code_is_its_barcode(self):
        order = self.ticket_order(qty=2)
        self._bank_transfer(order)
        self._mark_paid(order)
        name, content = order.with_context(force_report_rendering=True)._studio_tickets_pdf()
        self.assertEqual(name, f"Tickets {order.name}.pdf")
        pages = self._read_back(base64.b64decode(content))
        registrations = order.order_line.registration_ids
        self.assertEqual(len(pages), 2)
        self.assertEqual(
            sorted(code for codes in pages for code in codes),
            sorted(registrations.mapped("barcode")),
        )
        self.assertRegex(self._html(order), r"End-of-year show(.|\n)*\bto\b")

    def test_in_the_customers_language(self):
        load_french(self.env, ["event"])
        self.customer.lang = "fr_FR"
        order = self.ticket_order(qty=1)
        self._bank_transfer(order)
        self._mark_paid(order)
        _name, content = order.with_context(force_report_rendering=True)._studio_tickets_pdf()
        [codes] = self._read_back(base64.b64decode(content))
        self.assertEqual(codes, order.order_line.registration_ids.mapped("barcode"))
        html = self._html(order)
        self.assertRegex(html, r"\bau\b", "Odoo's ticket in French")
        self.assertNotRegex(html, r"\bto\b")

    def test_no_pdf_before_the_payment(self):
        order = self.ticket_order(qty=1)
        self._bank_transfer(order)
        self.assertIsNone(order._studio_tickets_pdf())
