"""The QR cards read back from the printed PDF, as a studio cutting the sheet sees them.

The PDF is made by Odoo's report engine with the wkhtmltopdf installed (Debian's, with an unpatched
Qt, on the harness). Each page is rasterised (pdftoppm) and its QR codes decoded (zxing-cpp); the
printed texts come with their boxes (pdftotext -bbox-layout). The cut lines of the sheet are read
from the raster: every card's QR code must decode to its own code, on the same page as its code and
name, all three inside the same card of the sheet.
"""

import os
import shutil
import subprocess
import tempfile
import unittest
from xml.etree import ElementTree

import zxingcpp
from PIL import Image

from odoo.tests import HttpCase, tagged

from ..tools import qr_card

REPORT = "studio_prepay.action_report_qr_cards"
DPI = 200
PX_PER_MM = DPI / 25.4
PX_PER_PT = DPI / 72
XHTML = "{http://www.w3.org/1999/xhtml}"
# a cut line: a row (column) of the raster with grey pixels on this share of the page's width
# (height)
CUT_LINE_SHARE = 0.25
GREY = (110, 215)  # grey levels of the cut lines: not the black of the codes and texts
LONG_NAME = (
    "Zoe23 Marie-Clémentine Alexandrine Eugénie de La Tour d'Auvergne-Lauraguais Montmorency-Laval"
)
LONG_JOB = (
    "École élémentaire publique Antoine de Saint-Exupéry de la Vallée-aux-Loups "
    "(Châtenay-Malabry), portraits individuels, fratries et photos de classe, printemps 2026"
)

needs_poppler = unittest.skipUnless(
    shutil.which("pdftoppm") and shutil.which("pdftotext"),
    "poppler-utils (pdftoppm, pdftotext) is not installed",
)


@tagged("post_install", "-at_install")
class TestQrCardPdf(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("report.url", cls.base_url())
        cls.job = cls.env["studio.job"].create({"name": LONG_JOB})
        cls.named = cls.job._create_spare_subjects(23)
        for number, subject in enumerate(cls.named, start=1):
            subject.write({"name": f"Zoe{number:02d} Martin", "group_name": f"CM{number % 3 + 1}"})
        cls.named[-1].write({"name": LONG_NAME, "group_name": "CM1"})  # on the first, full page
        cls.spares = cls.job._create_spare_subjects(3)
        cls.subjects = cls.named | cls.spares

    def _pdf_pages(self, subjects):
        """[(image, {word: [box in pixels]})] of the pages of the subjects' QR card PDF."""
        pdf, report_format = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(REPORT, subjects.ids)
        )
        self.assertEqual(report_format, "pdf")
        directory = tempfile.mkdtemp(prefix="studio_qr_cards_")
        self.addCleanup(shutil.rmtree, directory, True)
        path = os.path.join(directory, "cards.pdf")
        with open(path, "wb") as file:
            file.write(pdf)
        if os.environ.get(
            "STUDIO_QR_CARDS_PDF"
        ):  # to look at the sheet: STUDIO_QR_CARDS_PDF=/tmp/cards.pdf
            shutil.copy(path, os.environ["STUDIO_QR_CARDS_PDF"])
        subprocess.run(
            ["pdftoppm", "-r", str(DPI), "-gray", "-png", path, os.path.join(directory, "page")],
            check=True,
        )
        subprocess.run(
            ["pdftotext", "-bbox-layout", path, os.path.join(directory, "words.html")], check=True
        )
        images = sorted(name for name in os.listdir(directory) if name.startswith("page"))
        tree = ElementTree.parse(os.path.join(directory, "words.html"))
        pages = []
        for image_name, page in zip(images, tree.iter(f"{XHTML}page"), strict=True):
            words = {}
            for word in page.iter(f"{XHTML}word"):
                box = tuple(
                    float(word.get(key)) * PX_PER_PT for key in ("xMin", "yMin", "xMax", "yMax")
                )
                words.setdefault(word.text, []).append(box)
            with Image.open(os.path.join(directory, image_name)) as image:
                pages.append((image.convert("L"), words))
        return pages

    @staticmethod
    def _cut_lines(profile, length):
        """The centres of the runs of ``profile`` (grey pixels per row or column) that are lines:
        over CUT_LINE_SHARE of ``length`` and as long as the longest lines."""
        floor = max(CUT_LINE_SHARE * length, 0.9 * max(profile))
        lines, run = [], []
        for position, count in enumerate(profile):
            if count >= floor:
                run.append(position)
            elif run:
                lines.append(sum(run) / len(run))
                run = []
        return lines + ([sum(run) / len(run)] if run else [])

    def _cards(self, image):
        """The card rectangles (x0, y0, x1, y1) between the cut lines (grey, neither the black of
        the codes and texts nor white) of a page's raster."""
        width, height = image.size
        grey = image.point(lambda value: 255 if GREY[0] < value < GREY[1] else 0)
        # the mean of each row (column): a box resampling to one pixel wide (high)
        rows = [value * width / 255 for value in grey.resize((1, height), Image.BOX).getdata()]
        columns = [value * height / 255 for value in grey.resize((width, 1), Image.BOX).getdata()]
        ys, xs = self._cut_lines(rows, width), self._cut_lines(columns, height)
        min_size = 20 * PX_PER_MM  # two lines closer than this are one line drawn twice
        ys = [y for i, y in enumerate(ys) if i == 0 or y - ys[i - 1] > min_size]
        xs = [x for i, x in enumerate(xs) if i == 0 or x - xs[i - 1] > min_size]
        return [
            (x0, y0, x1, y1)
            for y0, y1 in zip(ys, ys[1:], strict=False)
            for x0, x1 in zip(xs, xs[1:], strict=False)
        ]

    @staticmethod
    def _inside(box, card, tolerance=1 * PX_PER_MM):
        x0, y0, x1, y1 = card
        return (
            box[0] >= x0 - tolerance
            and box[1] >= y0 - tolerance
            and box[2] <= x1 + tolerance
            and box[3] <= y1 + tolerance
        )

    @staticmethod
    def _qr_box(barcode):
        position = barcode.position
        corners = (
            position.top_left,
            position.top_right,
            position.bottom_left,
            position.bottom_right,
        )
        xs, ys = [point.x for point in corners], [point.y for point in corners]
        return min(xs), min(ys), max(xs), max(ys)

    @needs_poppler
    def test_every_card_reads_back_its_own_code_next_to_its_name_in_one_card(self):
        pages = self._pdf_pages(self.subjects)
        by_code = {subject.access_code: subject for subject in self.subjects}
        self.assertEqual(len(pages), 3, "26 cards: 10 a page")
        seen, per_page = {}, []
        for number, (image, words) in enumerate(pages, start=1):
            cards = self._cards(image)
            self.assertEqual(
                len(cards),
                10 if number < len(pages) else 6,
                f"page {number}: the sheet is cut in its cards (10 a page)",
            )
            sizes = {
                (round((x1 - x0) / PX_PER_MM), round((y1 - y0) / PX_PER_MM))
                for x0, y0, x1, y1 in cards
            }
            self.assertLessEqual(
                max(w for w, _h in sizes)
                - min(w for w, _h in sizes)
                + max(h for _w, h in sizes)
                - min(h for _w, h in sizes),
                2,
                f"page {number}: cards of one size (mm): {sizes}",
            )
            qrs = {}
            for barcode in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
                code = qr_card.code_of(barcode.text)
                self.assertIn(
                    code, by_code, f"page {number}: a QR code of another job: {barcode.text}"
                )
                self.assertEqual(barcode.text, by_code[code].code_url)
                self.assertNotIn(code, qrs, f"page {number}: two QR codes of {code}")
                qrs[code] = self._qr_box(barcode)
            codes = {word: boxes for word, boxes in words.items() if word in by_code}
            self.assertEqual(
                set(qrs), set(codes), f"page {number}: the QR codes are those of the codes printed"
            )
            used = set()
            for code, boxes in codes.items():
                subject = by_code[code]
                self.assertEqual(len(boxes), 1, f"{code} is printed once")
                self.assertNotIn(
                    code, seen, f"{code} printed on pages {seen.get(code)} and {number}"
                )
                seen[code] = number
                box = boxes[0]
                card = next((card for card in cards if self._inside(box, card)), None)
                self.assertTrue(card, f"page {number}: the code {code} is in no card")
                self.assertNotIn(card, used, f"page {number}: two codes in one card")
                used.add(card)
                self.assertTrue(
                    self._inside(qrs[code], card),
                    f"page {number}: the QR code of {code} {qrs[code]} is outside its card {card}",
                )
                if subject.name:
                    first_word = subject.name.split()[0]
                    self.assertTrue(
                        any(self._inside(name_box, card) for name_box in words.get(first_word, [])),
                        f"page {number}: {subject.name!r} is not in the card of its code {code}",
                    )
            per_page.append(len(codes))
        self.assertEqual(per_page, [10, 10, 6], "10 cards a page, none across two pages")
        self.assertEqual(set(seen), set(by_code), "every card is printed")
