import base64
import re
import zipfile
import zlib

from PIL import Image

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.image import IMAGE_MAX_RESOLUTION
from odoo.tools.mimetypes import guess_mimetype

from ..tools import photo_image, qr_card

IMAGE_MIMETYPES = ("image/jpeg", "image/png")
JPEG_SOS, JPEG_EOI = b"\xff\xda", b"\xff\xd9"  # start-of-scan and end-of-image markers
MAX_FILE_SIZE = 200 * 1024**2  # bytes: a photo is read into memory whole, one at a time
# Reading a file fails when it is missing, and a zip member on damaged data, encryption or an
# unsupported compression method.
READ_ERRORS = (zipfile.BadZipFile, EOFError, OSError, RuntimeError, NotImplementedError, zlib.error)
# Decoding fails on damaged or unsupported image data.
DECODE_ERRORS = (OSError, SyntaxError, ValueError, Image.DecompressionBombError)
DIGITS = re.compile(r"(\d+)")


class StudioUploadFile(models.Model):
    _name = "studio.upload.file"
    _description = "File of a photo upload"
    _order = "upload_id, position, id"

    upload_id = fields.Many2one("studio.upload", required=True, index=True, ondelete="cascade")
    name = fields.Char(
        string="File", required=True, help="The file, or the zip archive and the path in it."
    )
    path = fields.Char(required=True, help="The path of the file in its zip archive, or its name.")
    source_id = fields.Many2one(
        "ir.attachment",
        string="Uploaded file",
        ondelete="set null",
        index="btree_not_null",
        help="The uploaded file: the photo itself or the zip archive it is in.",
    )
    member = fields.Char(
        help="The name of the file in its zip archive; empty for a file uploaded alone."
    )
    state = fields.Selection(
        [
            ("todo", "To read"),
            ("photo", "To store"),
            ("card", "QR card"),
            ("imported", "Imported"),
            ("duplicate", "Duplicate"),
            ("refused", "Refused"),
        ],
        required=True,
        default="todo",
        index=True,
    )
    reason = fields.Char(help="Why the file was refused, or why its QR card was not read.")
    attachment_id = fields.Many2one(
        "ir.attachment",
        string="Original",
        ondelete="set null",
        index="btree_not_null",
        help="The photo as uploaded, stored once: it becomes the photo's image, or stays "
        "here for a "
        "QR card.",
    )
    checksum = fields.Char(help="SHA-1 of the photo: a gallery never gets the same photo twice.")
    taken_at = fields.Char(
        string="Taken at", help="When the camera took the photo, by the camera's clock (EXIF)."
    )
    thumbnail = fields.Binary(attachment=False, help="The photo's thumbnail until it is stored.")
    card_code = fields.Char(
        string="Card code", help="The access code of the QR card in this photo."
    )
    card_subject_id = fields.Many2one("studio.subject", string="Card of", ondelete="set null")
    card_state = fields.Selection(
        [
            ("job", "Card of the job"),
            ("other", "Card of another job"),
            ("unreadable", "Unreadable card"),
        ]
    )
    card_guessed = fields.Boolean(
        string="Looks like a card",
        help="No QR code could be seen in the photo, but it looks like a card shot.",
    )
    position = fields.Integer(
        help="The place of the photo in the upload: capture or file name order."
    )
    gallery_id = fields.Many2one(
        "studio.gallery", ondelete="set null", help="Where the photo goes."
    )
    photo_id = fields.Many2one("studio.photo", ondelete="set null")

    # ------------------------------------------------------------------ reading

    def _read_data(self, archives):
        """The bytes of the file, from the filestore or its zip archive (``archives``: the archives
        opened by the step), when it is a complete JPEG or PNG photo under Odoo's resolution limit,
        checked from its header before any pixel is decoded or turned; a UserError giving the
        reason otherwise."""
        self.ensure_one()
        data = self._data(archives)
        try:
            self._check_image(data)
        except DECODE_ERRORS:
            raise UserError(_("The image is damaged (truncated or corrupt).")) from None
        return data

    def _record_photo(self, data, examined, subjects_by_code=None):
        """Record what was read of the photo (``examined``: see photo_image.examine) and store its
        original; with ``subjects_by_code`` (the job's subjects), what its QR card says."""
        self.ensure_one()
        values = {
            "state": "photo",
            "taken_at": examined.taken_at,
            "thumbnail": base64.b64encode(examined.thumbnail),
        }
        if subjects_by_code is not None:
            values.update(
                self._card_values(
                    examined.qr_texts,
                    examined.qr_unreadable,
                    subjects_by_code,
                    examined.card_guessed,
                )
            )
        self.write(dict(values, **self._store_original(data)))

    def _refuse(self, reason):
        self.write({"state": "refused", "reason": reason})

    def _data(self, archives):
        try:
            if self.member:
                if self.source_id not in archives:
                    archives[self.source_id] = zipfile.ZipFile(
                        self.upload_id._open_attachment(self.source_id)
                    )
                with archives[self.source_id].open(self.member) as member:
                    data = member.read(MAX_FILE_SIZE + 1)
            else:
                with self.upload_id._open_attachment(self.source_id) as file:
                    data = file.read(MAX_FILE_SIZE + 1)
        except READ_ERRORS as error:
            raise UserError(_("The file cannot be read: %(error)s", error=error)) from None
        if too_large := self._size_error(len(data)):
            raise UserError(too_large)
        if not data:
            raise UserError(_("The file is empty."))
        return data

    @api.model
    def _size_error(self, size):
        """Why a file of ``size`` bytes is refused, or None: it is read into memory whole."""
        if size > MAX_FILE_SIZE:
            return _("The file is larger than %(size)s MB.", size=MAX_FILE_SIZE // 1024**2)
        return None

    def _check_image(self, data):
        mimetype = guess_mimetype(data)
        if mimetype not in IMAGE_MIMETYPES:
            raise UserError(_("This is not a JPEG or PNG image."))
        try:
            image = photo_image.open_image(data)
        except Image.DecompressionBombError:
            raise UserError(
                _(
                    "The image is larger than %(limit)s million pixels.",
                    limit=IMAGE_MAX_RESOLUTION / 1e6,
                )
            ) from None
        if image.width * image.height > IMAGE_MAX_RESOLUTION:
            raise UserError(
                _(
                    "The image is %(width)sx%(height)s pixels: photos must be smaller than "
                    "%(limit)s million pixels.",
                    width=image.width,
                    height=image.height,
                    limit=IMAGE_MAX_RESOLUTION / 1e6,
                )
            )
        # Odoo lets PIL decode truncated images: a complete JPEG has an end-of-image marker after
        # its last start-of-scan marker; a PNG's chunks all match their checksums
        if mimetype == "image/jpeg":
            end = data.rfind(JPEG_EOI)
            if end < 0 or data.find(JPEG_SOS, end) >= 0:
                raise UserError(_("The image is damaged (truncated or corrupt)."))
        else:
            photo_image.open_image(data).verify()

    def _card_values(self, texts, unreadable, subjects_by_code, guessed=False):
        """What the QR codes read in the photo make of it: a card of a subject of the job, a card
        of another job, an unreadable card, or no card (an ordinary photo)."""
        codes = sorted({qr_card.code_of(text) for text in texts} - {""})
        if len(codes) > 1:
            return {
                "state": "card",
                "card_state": "unreadable",
                "reason": _("Several QR cards in one photo: %(codes)s", codes=", ".join(codes)),
            }
        if codes:
            subject = subjects_by_code.get(codes[0])
            return {
                "state": "card",
                "card_state": "job" if subject else "other",
                "card_code": codes[0],
                "card_subject_id": subject.id if subject else False,
            }
        if texts:
            return {
                "state": "card",
                "card_state": "unreadable",
                "reason": _("A QR code that is no access card: %(text)s", text=texts[0][:80]),
            }
        if unreadable:
            return {
                "state": "card",
                "card_state": "unreadable",
                "reason": _("The QR code cannot be decoded."),
            }
        if guessed:
            return {
                "state": "card",
                "card_state": "unreadable",
                "card_guessed": True,
                "reason": _(
                    "Unreadable card? The photo looks like a QR card but no code can be seen in it."
                ),
            }
        return {}

    def _store_original(self, data):
        """Values pointing to the original, stored once: a loose file is already in the filestore;
        a zip member is written there now, as an attachment of the upload (whose step checked that
        the user may write on it)."""
        if not self.member:
            return {"attachment_id": self.source_id.id, "checksum": self.source_id.checksum}
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": self.path.rpartition("/")[2],
                    "raw": data,
                    "res_model": "studio.upload",
                    "res_id": self.upload_id.id,
                }
            )
        )
        return {"attachment_id": attachment.id, "checksum": attachment.checksum}

    # ------------------------------------------------------------------ sorting

    def _file_name_order(self):
        """Sort key of file names as people read them: ``pose_2`` before ``pose_10``."""
        name = self.path.rpartition("/")[2]
        return (
            [int(part) if part.isdigit() else part.lower() for part in DIGITS.split(name)],
            self.path,
            self.name,
        )
