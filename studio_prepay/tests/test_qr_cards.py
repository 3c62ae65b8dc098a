import io

import qrcode
from PyPDF2 import PdfReader
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_M, ERROR_CORRECT_Q

from odoo.tests import HttpCase, tagged

from ..tools import qr_card
from .common import StudioCase

REPORT = "studio_prepay.action_report_qr_cards"


class TestQrCards(StudioCase):
    def _render_html(self, subjects):
        html, _format = self.env["ir.actions.report"]._render_qweb_html(REPORT, subjects.ids)
        return html.decode()

    def test_every_card_shows_name_group_code_and_its_qr(self):
        subjects = self.subjects | self.job._create_spare_subjects(22)
        html = self._render_html(subjects)
        report = self.env["report.studio_prepay.report_qr_cards"]
        for subject in subjects:
            self.assertIn(subject.access_code, html)
            self.assertIn(
                report._qr_data_uri(subject.code_url), html, "the QR must encode the card's URL"
            )
        for name in self.subjects.mapped("name") + ["1A", "2B"]:
            self.assertIn(name, html)
        self.assertEqual(html.count('class="o_studio_card"'), 25)
        self.assertEqual(html.count('class="o_studio_card_page '), 3, "10 cards a page")
        self.assertEqual(
            html.count('o_studio_card_page o_studio_card_page_last"'),
            1,
            "a page break after each page but the last",
        )
        self.assertEqual(
            html.count('class="o_studio_card_blank"'), 22, "spare cards have a blank name line"
        )

    def test_cards_print_their_qr_code_to_be_read_in_a_photo(self):
        url = self.subjects[0].code_url
        code = qr_card.card_qr_code(url)
        at_m = qrcode.QRCode(error_correction=ERROR_CORRECT_M)
        at_m.add_data(url)
        at_m.make(fit=True)
        self.assertEqual(code.version, at_m.version, "the smallest symbol the address fits in at M")
        self.assertIn(code.error_correction, (ERROR_CORRECT_M, ERROR_CORRECT_Q, ERROR_CORRECT_H))
        self.assertEqual(code.border, 4, "the standard quiet zone")
        self.assertEqual(
            qr_card.card_qr_code("K7QXM4PBZ9").error_correction,
            ERROR_CORRECT_H,
            "a stronger error correction when it fits in the same symbol",
        )
        self.assertIn(
            "width: 47.368%", self._render_html(self.subjects[0]), "45 mm of the card's 95"
        )

    def test_wizard_prints_the_job_with_new_spare_cards(self):
        wizard = self.env["studio.qr.card.wizard"].create({"job_id": self.job.id, "spare_count": 4})
        self.assertEqual(wizard.subject_ids, self.subjects)
        action = wizard.action_print()
        printed = self.env["studio.subject"].browse(action["context"]["active_ids"])
        self.assertEqual(len(printed), 7)
        self.assertEqual(len(printed.filtered("is_spare")), 4)
        self.assertEqual(action["report_name"], "studio_prepay.report_qr_cards")

    def test_a_reprint_reuses_the_unused_spare_cards(self):
        Wizard = self.env["studio.qr.card.wizard"]
        first = self.env["studio.subject"].browse(
            Wizard.create({"job_id": self.job.id, "spare_count": 4}).action_print()["context"][
                "active_ids"
            ]
        )
        self.assertEqual(self.job.subject_count, 7)
        again = Wizard.create({"job_id": self.job.id})
        self.assertEqual(again.spare_count, 4, "the job's unused spare cards by default")
        self.assertEqual(
            again.subject_ids, self.subjects, "the spare cards are counted once, as spare cards"
        )
        printed = self.env["studio.subject"].browse(again.action_print()["context"]["active_ids"])
        self.assertEqual(printed, first, "the same cards again")
        self.assertEqual(self.job.subject_count, 7, "no new spare card")
        # a spare card named, one claimed and one ordered for are used: they are not blank spares
        # any more
        spares = first.filtered("is_spare").sorted("id")
        spares[0].name = "Late Enrolment"
        spares[1].partner_id = self.customer
        self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "studio_job_id": self.job.id,
                "studio_subject_id": spares[2].id,
            }
        )
        printed = self.env["studio.subject"].browse(
            Wizard.create({"job_id": self.job.id, "spare_count": 3}).action_print()["context"][
                "active_ids"
            ]
        )
        self.assertIn(spares[3], printed)
        self.assertEqual(
            len(printed.filtered(lambda s: s.is_spare and not s.partner_id and not s.order_ids)), 3
        )
        self.assertEqual(
            self.job.subject_count, 9, "two new spare cards, after the one still unused"
        )

    def test_wizard_warns_when_the_cards_would_print_a_local_address(self):
        Parameter = self.env["ir.config_parameter"].sudo()
        for url, local in [
            ("http://localhost:8069", True),
            ("http://127.0.0.1:8069", True),
            ("http://192.168.1.20", True),
            ("http://10.0.0.5:8069", True),
            ("http://odoo", True),
            ("http://studio.local", True),
            ("http://[::1]:8069", True),
            ("https://photos.example.com", False),
            ("https://93.184.215.14", False),
        ]:
            Parameter.set_param("web.base.url", url)
            wizard = self.env["studio.qr.card.wizard"].create({"job_id": self.job.id})
            self.assertEqual(wizard.base_url_warning, local, url)
            self.assertEqual(wizard.base_url, url)
        Parameter.set_param("web.base.url", "http://localhost:8069")
        wizard = self.env["studio.qr.card.wizard"].create({"job_id": self.job.id})
        self.assertTrue(wizard.action_print(), "printing stays possible, for a test sheet")

    def test_wizard_prints_selected_subjects_only(self):
        wizard = self.env["studio.qr.card.wizard"].create({"job_id": self.job.id})
        wizard.subject_ids = self.subjects[0]
        action = wizard.action_print()
        self.assertEqual(action["context"]["active_ids"], self.subjects[0].ids)
        self.assertEqual(self.job.subject_count, 3, "no spare card was asked for")


@tagged("post_install", "-at_install")
class TestQrCardsPdf(HttpCase):
    def test_pdf_renders_every_code(self):
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())
        job = self.env["studio.job"].create({"name": "PDF school"})
        subjects = job._create_spare_subjects(12)
        subjects[:2].write({"name": "Pdf Kid", "group_name": "9Z"})  # named and spare cards mixed
        pdf, report_format = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(REPORT, subjects.ids)
        )
        self.assertEqual(report_format, "pdf")
        pages = PdfReader(io.BytesIO(pdf)).pages
        self.assertEqual(len(pages), 2, "10 cards a page")
        text = " ".join(" ".join(page.extract_text().split()) for page in pages)
        for subject in subjects:
            self.assertIn(subject.access_code, text)
        self.assertEqual(text.count("Pdf Kid"), 2)
        self.assertEqual(text.count("PDF school"), 12)
