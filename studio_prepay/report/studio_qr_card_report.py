import base64

from qrcode.image.svg import SvgPathImage

from odoo import api, models

from ..tools import qr_card

CARDS_PER_PAGE = 10


class ReportStudioQrCards(models.AbstractModel):
    _name = "report.studio_prepay.report_qr_cards"
    _description = "QR cards of photo subjects"

    @api.model
    def _get_report_values(self, docids, data=None):
        subjects = self.env["studio.subject"].browse(docids).sorted(
            lambda s: (s.job_id.id, s.is_spare, (s.group_name or "").lower(), (s.name or "").lower(), s.id))
        cards = [{"subject": subject, "qr": self._qr_data_uri(subject.code_url),
                  "lang": subject.job_id.partner_id.lang or self.env.lang} for subject in subjects]
        return {
            "doc_ids": subjects.ids,
            "doc_model": "studio.subject",
            "docs": subjects,
            "pages": [cards[i:i + CARDS_PER_PAGE] for i in range(0, len(cards), CARDS_PER_PAGE)],
            "qr_width_percent": qr_card.PRINT_WIDTH_PERCENT,
        }

    @api.model
    def _qr_data_uri(self, value):
        svg = qr_card.card_qr_code(value, SvgPathImage).make_image().to_string()
        return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
