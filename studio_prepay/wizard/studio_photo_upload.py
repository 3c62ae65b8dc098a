import base64
import hashlib
import io
import re
import zipfile
import zlib
from collections import defaultdict, namedtuple

from markupsafe import Markup
from PIL import Image

from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools.image import IMAGE_MAX_RESOLUTION, image_process
from odoo.tools.mimetypes import guess_mimetype

from ..tools import access_code

IMAGE_MIMETYPES = ("image/jpeg", "image/png")
JPEG_SOS, JPEG_EOI = b"\xff\xda", b"\xff\xd9"  # start-of-scan and end-of-image markers
# Zip archives are refused beyond these limits (zip bombs): the total uncompressed size, the number
# of members, and a member's compression ratio (photos hardly compress).
MAX_ZIP_SIZE = 2 * 1024 ** 3
MAX_ZIP_MEMBERS = 20000
MAX_ZIP_RATIO = 200
# Reading a zip member fails on damaged data, encryption or an unsupported compression method.
ZIP_READ_ERRORS = (zipfile.BadZipFile, EOFError, OSError, RuntimeError, NotImplementedError, zlib.error)
# An access code in a file or folder name: 10 letters of the code alphabet, maybe split 5 + 5.
CODE_IN_NAME = re.compile(
    r"(?<![A-Z0-9])([{0}]{{5}})[-_ ]?([{0}]{{5}})(?![A-Z0-9])".format(access_code.ALPHABET),
    re.IGNORECASE)
POSE_SUFFIX = re.compile(r"_\d+$")
DIGITS = re.compile(r"(\d+)")

# One file of the upload: a loose file or a zip member. ``path`` is its path inside the zip (or its
# name), ``label`` how the report names it, ``error`` why it is refused before being read.
UploadedFile = namedtuple("UploadedFile", "label path content error")


def _file_name_order(path):
    """Sort key of file names as people read them: ``pose_2`` before ``pose_10``."""
    name = path.rpartition("/")[2]
    return [int(part) if part.isdigit() else part.lower() for part in DIGITS.split(name)], path


class StudioPhotoUpload(models.TransientModel):
    _name = "studio.photo.upload"
    _description = "Upload photos into a photo job"

    job_id = fields.Many2one("studio.job", required=True, ondelete="cascade")
    kind = fields.Selection(
        [("individual", "Individual"), ("group", "Group / class")],
        required=True, default="individual",
        help="Individual: each photo goes to the gallery of the access code found in its file or "
             "folder name. Group: each photo goes to the gallery of its group or class.")
    attachment_ids = fields.Many2many(
        "ir.attachment", string="Photos and zip files",
        help="JPEG or PNG photos and zip archives of them, with folders if you like.")
    group_name = fields.Char(
        string="Group / class",
        help="Put every photo of this upload in the gallery of this group. By default the group is "
             "the folder or the file name of each photo.")
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], required=True, default="draft")
    report = fields.Html(readonly=True)

    def action_upload(self):
        self.ensure_one()
        if not self.attachment_ids:
            raise UserError(_("Add the photos or zip archives to upload."))
        images, refused = defaultdict(list), []
        groups = {name.lower(): name for name in self.job_id.subject_ids.mapped("group_name") if name}
        for file in self._uploaded_files():
            try:
                image = self._read_image(file)
            except UserError as error:
                refused.append((file.label, str(error)))
                continue
            images[self._gallery_key(file.path, groups)].append((file, image))
        galleries = self._get_galleries(list(images))
        vals_list, duplicates = self._photo_vals(images, galleries)
        photos = self.env["studio.photo"].create(vals_list)
        self.attachment_ids.unlink()
        self.write({"state": "done", "report": self._report(photos, duplicates, refused)})
        return {
            "type": "ir.actions.act_window",
            "name": _("Upload photos"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_view_galleries(self):
        return self.job_id.action_view_galleries()

    # Reading the upload

    def _uploaded_files(self):
        """Every file of the upload as an UploadedFile, zip archives opened."""
        files = []
        for attachment in self.attachment_ids:
            if attachment.name.lower().endswith(".zip"):
                try:
                    files += self._zip_files(attachment)
                except UserError as error:
                    files.append(UploadedFile(attachment.name, attachment.name, None, str(error)))
            else:
                files.append(UploadedFile(attachment.name, attachment.name, attachment.raw, None))
        return files

    def _zip_files(self, attachment):
        """The members of a zip archive, each unacceptable one with its reason; a UserError when the
        whole archive is refused. Folders, ``__MACOSX/`` and dot files are skipped."""
        try:
            archive = zipfile.ZipFile(io.BytesIO(attachment.raw or b""))
        except (zipfile.BadZipFile, OSError):
            raise UserError(_("This is not a valid zip archive."))
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_MEMBERS:
            raise UserError(_("The zip archive has more than %s files: split it.", MAX_ZIP_MEMBERS))
        if sum(info.file_size for info in infos) > MAX_ZIP_SIZE:
            raise UserError(_("The zip archive uncompresses to more than %s GiB: split it.",
                              MAX_ZIP_SIZE // 1024 ** 3))
        files = []
        for info in infos:
            path = info.filename.replace("\\", "/")
            name = path.rpartition("/")[2]
            if info.is_dir() or path.startswith("__MACOSX/") or name.startswith("."):
                continue
            label = f"{attachment.name}/{path}"
            error = self._zip_member_error(info, path)
            if error:
                files.append(UploadedFile(label, path, None, error))
                continue
            try:
                files.append(UploadedFile(label, path, archive.read(info), None))
            except ZIP_READ_ERRORS as error:
                reason = _("The file cannot be read from the zip archive: %s", error)
                files.append(UploadedFile(label, path, None, reason))
        if not files:
            raise UserError(_("The zip archive contains no files."))
        return files

    def _zip_member_error(self, info, path):
        parts = path.split("/")
        if path.startswith("/") or ":" in parts[0] or ".." in parts:
            return _("Unsafe path in the zip archive (absolute or with \"..\").")
        if path.lower().endswith(".zip"):
            return _("Zip archives inside a zip archive are not accepted: upload them on their own.")
        if info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
            return _("Compression ratio over %s to 1: this looks like a zip bomb.", MAX_ZIP_RATIO)
        return None

    def _read_image(self, file):
        """The photo as Odoo stores it; a UserError giving the reason when it is no usable photo."""
        if file.error:
            raise UserError(file.error)
        if not file.content:
            raise UserError(_("The file is empty."))
        mimetype = guess_mimetype(file.content)
        if mimetype not in IMAGE_MIMETYPES:
            raise UserError(_("This is not a JPEG or PNG image."))
        try:
            # refuses undecodable files and images over Odoo's resolution limit
            image = image_process(file.content, verify_resolution=True)
            with Image.open(io.BytesIO(image)) as decoded:
                decoded.verify()  # PNG: every chunk is complete and matches its checksum
        except Image.DecompressionBombError:
            raise UserError(_("The image is larger than %s million pixels.",
                              int(IMAGE_MAX_RESOLUTION / 1e6)))
        except (OSError, SyntaxError, ValueError):
            image = None
        # Odoo lets PIL decode truncated images: the data of a complete JPEG, after its last
        # start-of-scan marker, ends with an end-of-image marker.
        if not image or (mimetype == "image/jpeg" and image.rfind(JPEG_EOI) < image.rfind(JPEG_SOS)):
            raise UserError(_("The image is damaged (truncated or corrupt)."))
        return image

    # Sorting photos into galleries

    def _gallery_key(self, path, groups):
        """The access code (individual) or the group name (group) of the gallery of ``path``."""
        parts = path.split("/")
        if self.kind == "individual":
            for part in reversed(parts):
                match = CODE_IN_NAME.search(part)
                if match:
                    return access_code.normalize(match.group(1) + match.group(2))
            return False
        # the wizard's group, else the folders from the top, else the file name without extension
        # and pose number; the first that is a group of the job's subjects, else the first
        group = (self.group_name or "").strip()
        stem = parts[-1].rpartition(".")[0] or parts[-1]
        candidates = [group] if group else parts[:-1] or [POSE_SUFFIX.sub("", stem)]
        for candidate in candidates:
            if candidate.lower() in groups:
                return groups[candidate.lower()]
        return candidates[0]

    def _get_galleries(self, keys):
        """{key: gallery} of the job's galleries of this kind, created when missing."""
        field = "access_code" if self.kind == "individual" else "group_name"
        Gallery = self.env["studio.gallery"]
        galleries = {gallery[field]: gallery for gallery in Gallery.search([
            ("job_id", "=", self.job_id.id), ("kind", "=", self.kind), (field, "in", keys)])}
        missing = [key for key in keys if key not in galleries]
        created = Gallery.create([
            {"job_id": self.job_id.id, "kind": self.kind, field: key} for key in missing])
        galleries.update(zip(missing, created))
        return galleries

    def _photo_vals(self, images, galleries):
        """(values of the new photos, number of duplicates skipped): in each gallery, the photos
        follow the file-name order after the photos already there, skipping those it already has."""
        checksums = self._gallery_checksums(self.env["studio.gallery"].union(*galleries.values()))
        vals_list, duplicates = [], 0
        for key, gallery_images in images.items():
            gallery = galleries[key]
            sequence = max(gallery.photo_ids.mapped("sequence"), default=0)
            for file, image in sorted(gallery_images, key=lambda item: _file_name_order(item[0].path)):
                checksum = hashlib.sha1(image).hexdigest()
                if checksum in checksums[gallery]:
                    duplicates += 1
                    continue
                checksums[gallery].add(checksum)
                sequence += 1
                vals_list.append({
                    "gallery_id": gallery.id,
                    "name": file.path.rpartition("/")[2],
                    "sequence": sequence,
                    "image": base64.b64encode(image),
                })
        return vals_list, duplicates

    def _gallery_checksums(self, galleries):
        """{gallery: set of the checksums of its photos' images}"""
        photos = galleries.photo_ids
        checksums = defaultdict(set)
        gallery_of = {photo.id: photo.gallery_id for photo in photos}
        attachments = self.env["ir.attachment"].search([
            ("res_model", "=", "studio.photo"), ("res_field", "=", "image"), ("res_id", "in", photos.ids)])
        for attachment in attachments:
            checksums[gallery_of[attachment.res_id]].add(attachment.checksum)
        return checksums

    def _report(self, photos, duplicates, refused):
        unmatched = photos.filtered("gallery_id.is_unmatched")
        lines = [_("%(photos)s photos imported into %(galleries)s galleries.",
                   photos=len(photos), galleries=len(photos.gallery_id))]
        if unmatched:
            lines.append(_("%(photos)s photos are in %(galleries)s unmatched galleries: tag them with "
                           "the right access code in the galleries.",
                           photos=len(unmatched), galleries=len(unmatched.gallery_id)))
        if duplicates:
            lines.append(_("%s photos skipped: their gallery already has them.", duplicates))
        if refused:
            lines.append(_("%s files refused:", len(refused)))
        report = Markup().join(Markup("<p>%s</p>") % line for line in lines)
        if refused:
            report += Markup("<ul>%s</ul>") % Markup().join(
                Markup("<li><b>%s</b>: %s</li>") % item for item in refused)
        return report
