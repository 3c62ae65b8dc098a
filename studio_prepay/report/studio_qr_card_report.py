import base64

from qrcode.image.svg import SvgPathImage

from odoo import api, models

from ..tools import qr_card

CARDS_PER_PAGE = 10
# millimetres on paper: 2 x 5 cards of half the page's width (194 mm within the margins), the QR
# code with its quiet zone (tools/qr_card.py); the report's style gives them in % of the card
CARD_WIDTH = 95
CARD_HEIGHT = 52
# texts cut (with an ellipsis) to what their fixed box on the card shows; the card clips the rest
MAX_JOB_CHARS = 90
# a name's font size by its length: (at most this many characters, size), the longest cut
NAME_SIZES = [(20, "large"), (36, "medium"), (70, "small")]


def _cut(text, length):
    text = text or ""
    return text if len(text) <= length else text[: length - 1].rstrip() + "\u2026"


class ReportStudioQrCards(models.AbstractModel):
    _name = "report.studio_prepay.report_qr_cards"
    _description = "QR cards of photo subjects"

    @api.model
    def _get_report_values(self, docids, data=None):
        subjects = (
            self.env["studio.subject"]
            .browse(docids)
            .sorted(
                lambda s: (
                    s.job_id.id,
                    s.is_spare,
                    (s.group_name or "").lower(),
                    (s.name or "").lower(),
                    s.id,
                )
            )
        )
        cards = [
            dict(
                self._card_name(subject.name or ""),
                subject=subject,
                qr=self._qr_data_uri(subject.code_url),
                job=_cut(subject.job_id.name, MAX_JOB_CHARS),
                lang=subject.job_id.partner_id.lang or self.env.lang,
            )
            for subject in subjects
        ]
        return {
            "doc_ids": subjects.ids,
            "doc_model": "studio.subject",
            "docs": subjects,
            "pages": [cards[i : i + CARDS_PER_PAGE] for i in range(0, len(cards), CARDS_PER_PAGE)],
            "card_width": CARD_WIDTH,
            "card_height": CARD_HEIGHT,
            "qr_size": qr_card.PRINT_SIZE_MM,
            # millimetres on the card in % of its width (x) and height (y), for its style
            "x": lambda mm: f"{100 * mm / CARD_WIDTH:.3f}%",
            "y": lambda mm: f"{100 * mm / CARD_HEIGHT:.3f}%",
        }

    @api.model
    def _card_name(self, name):
        """The name as printed on its card (cut when too long) and its font size."""
        size = next((size for length, size in NAME_SIZES if len(name) <= length), NAME_SIZES[-1][1])
        return {"name": _cut(name, NAME_SIZES[-1][0]), "name_size": size}

    @api.model
    def _qr_data_uri(self, value):
        svg = qr_card.card_qr_code(value, SvgPathImage).make_image().to_string()
        return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
