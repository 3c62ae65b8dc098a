import io
import re
import zipfile
from collections import defaultdict, deque
from concurrent.futures import ThreadPoolExecutor

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import access_code, photo_image
from . import studio_upload_file

# Uploads over these sizes are processed in the background, in steps of one transaction each.
BACKGROUND_FILES = 100
BACKGROUND_SIZE = 200 * 1024**2  # bytes
READ_STEP = 50  # files read (checked, scanned, stored in the filestore) per step
READ_THREADS = 2  # threads decoding photos during a step (PIL and zxing release the GIL)
STORE_STEP = 500  # photos created in their galleries per step
# Zip archives are refused beyond these limits (zip bombs): the total uncompressed size, the number
# of members, and a member's compression ratio (photos hardly compress).
MAX_ZIP_SIZE = 2 * 1024**3
MAX_ZIP_MEMBERS = 20000
MAX_ZIP_RATIO = 200
# An access code in a file or folder name: 10 letters of the code alphabet, maybe split 5 + 5.
CODE_IN_NAME = re.compile(
    rf"(?<![A-Z0-9])([{access_code.ALPHABET}]{{5}})[-_ "
    rf"]?([{access_code.ALPHABET}]{{5}})(?![A-Z0-9])",
    re.IGNORECASE,
)
POSE_SUFFIX = re.compile(r"_\d+$")
FINAL_STATES = ("card", "imported", "duplicate", "refused")


class StudioUpload(models.Model):
    _name = "studio.upload"
    _inherit = ["studio.cron.step.mixin"]
    _description = "Photo upload"
    _order = "id desc"
    _check_company_auto = True
    _cron_step_xmlid = "studio_prepay.ir_cron_studio_photo_uploads"

    # === FIELDS === #

    job_id = fields.Many2one(
        "studio.job", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(related="job_id.company_id", store=True, index=True)
    user_id = fields.Many2one(
        "res.users",
        string="Uploaded by",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )
    kind = fields.Selection(
        [("individual", "Individual"), ("group", "Group / class")],
        required=True,
        default="individual",
        readonly=True,
    )
    match_by = fields.Selection(
        [("file_name", "Access code in the file name"), ("qr_card", "QR card photographed first")],
        string="Match photos by",
        required=True,
        default="file_name",
        readonly=True,
    )
    group_name = fields.Char(string="Group / class", readonly=True)
    state = fields.Selection(
        [
            ("reading", "Reading files"),
            ("storing", "Storing photos"),
            ("done", "Done"),
        ],
        required=True,
        default="reading",
        readonly=True,
    )
    in_background = fields.Boolean(
        readonly=True, help="Large uploads are processed in the background."
    )
    file_ids = fields.One2many("studio.upload.file", "upload_id", string="Files", readonly=True)
    file_count = fields.Integer(compute="_compute_progress")
    read_count = fields.Integer(
        string="Files read",
        compute="_compute_progress",
        help="Files checked and read so far, of all the upload's files.",
    )
    progress = fields.Float(compute="_compute_progress")
    report = fields.Html(readonly=True)

    # === COMPUTE METHODS === #

    @api.depends("file_ids.state")
    def _compute_progress(self):
        counts = defaultdict(lambda: defaultdict(int))
        for upload, state, count in self.env["studio.upload.file"]._read_group(
            [("upload_id", "in", self.ids)], ["upload_id", "state"], ["__count"]
        ):
            counts[upload][state] = count
        for upload in self:
            by_state = counts[upload]
            total = sum(by_state.values())
            read = total - by_state["todo"]
            finished = sum(by_state[state] for state in FINAL_STATES)
            upload.file_count = total
            upload.read_count = read
            upload.progress = 100.0 * (read + finished) / (2 * total) if total else 100.0

    @api.depends("job_id")
    def _compute_display_name(self):
        for upload in self:
            upload.display_name = _(
                "Upload %(number)s of %(job)s", number=upload.id or "", job=upload.job_id.name
            )

    # === BUSINESS METHODS - STARTING === #

    def _start(self, attachments):
        """Take the uploaded files and process them: now for a small upload, in the background
        (steps of one transaction each) for a large one."""
        self.ensure_one()
        attachments.write({"res_model": self._name, "res_id": self.id})
        files = self._list_files(attachments)
        if len(files) > BACKGROUND_FILES or sum(attachments.mapped("file_size")) > BACKGROUND_SIZE:
            self.in_background = True
            self._cron_step_trigger()
            return
        while self.state != "done":
            self._process_step()

    def _list_files(self, attachments):
        """One file line per uploaded file and per zip member (only the zip's directory is read);
        files refused before being read get their reason."""
        vals_list = []
        for attachment in attachments:
            if attachment.name.lower().endswith(".zip"):
                vals_list += self._zip_file_vals(attachment)
                continue
            vals = {"name": attachment.name, "path": attachment.name, "source_id": attachment.id}
            reason = self.env["studio.upload.file"]._size_error(attachment.file_size)
            vals_list.append(dict(vals, state="refused", reason=reason) if reason else vals)
        return self.env["studio.upload.file"].create(
            [dict(vals, upload_id=self.id) for vals in vals_list]
        )

    def _zip_file_vals(self, attachment):
        """The file lines of a zip archive's members. Folders, ``__MACOSX/`` and dot files are
        skipped; a whole archive refused is one refused line."""
        refused = {
            "name": attachment.name,
            "path": attachment.name,
            "source_id": attachment.id,
            "state": "refused",
        }
        try:
            with zipfile.ZipFile(self._open_attachment(attachment)) as archive:
                infos = archive.infolist()
        except (zipfile.BadZipFile, OSError):
            return [dict(refused, reason=_("This is not a valid zip archive."))]
        if len(infos) > MAX_ZIP_MEMBERS:
            return [
                dict(
                    refused,
                    reason=_(
                        "The zip archive has more than %(count)s files: split it.",
                        count=MAX_ZIP_MEMBERS,
                    ),
                )
            ]
        if sum(info.file_size for info in infos) > MAX_ZIP_SIZE:
            return [
                dict(
                    refused,
                    reason=_(
                        "The zip archive uncompresses to more than %(size)s GiB: split it.",
                        size=MAX_ZIP_SIZE // 1024**3,
                    ),
                )
            ]
        vals_list = []
        for info in infos:
            path = info.filename.replace("\\", "/")
            name = path.rpartition("/")[2]
            if info.is_dir() or path.startswith("__MACOSX/") or name.startswith("."):
                continue
            vals = {
                "name": f"{attachment.name}/{path}",
                "path": path,
                "member": info.filename,
                "source_id": attachment.id,
            }
            reason = self._zip_member_error(info, path)
            vals_list.append(dict(vals, state="refused", reason=reason) if reason else vals)
        return vals_list or [dict(refused, reason=_("The zip archive contains no files."))]

    @api.model
    def _zip_member_error(self, info, path):
        parts = path.split("/")
        if path.startswith("/") or ":" in parts[0] or ".." in parts:
            return _('Unsafe path in the zip archive (absolute or with "..").')
        if path.lower().endswith(".zip"):
            return _(
                "Zip archives inside a zip archive are not accepted: upload them on their own."
            )
        if too_large := self.env["studio.upload.file"]._size_error(info.file_size):
            return too_large
        if info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
            return _(
                "Compression ratio over %(ratio)s to 1: this looks like a zip bomb.",
                ratio=MAX_ZIP_RATIO,
            )
        return None

    @api.model
    def _open_attachment(self, attachment):
        """A binary file object of an attachment: its file in the filestore, read as needed."""
        if attachment.store_fname:
            return open(attachment._full_path(attachment.store_fname), "rb")
        return io.BytesIO(attachment.raw or b"")

    # === BUSINESS METHODS - STEPS (NOW OR IN THE BACKGROUND) === #

    @api.model
    def _cron_process_uploads(self):
        """The scheduled action (its code in the databases): one step of the oldest unfinished
        upload."""
        self._cron_run_step()

    @api.model
    def _cron_step_domain(self):
        return [("state", "!=", "done")]

    def _cron_step_env(self):
        """As the user who uploaded it, in their language: the report and the notification are
        theirs."""
        return (
            self.with_user(self.user_id)
            .with_company(self.company_id)
            .with_context(lang=self.user_id.lang)
        )

    def _cron_step_remaining(self):
        """The files of the unfinished uploads still to read or store, else the unfinished
        uploads."""
        remaining = self.env["studio.upload.file"].search_count(
            [("upload_id.state", "!=", "done"), ("state", "in", ("todo", "photo"))]
        )
        return remaining or self.search_count([("state", "!=", "done")])

    def _process_step(self):
        """One step of the upload (read up to READ_STEP files, or store up to STORE_STEP photos);
        every step leaves the upload consistent, so that an interrupted upload resumes where it
        stopped. Returns the number of files processed."""
        self.ensure_one()
        if self.state == "reading":
            return self._read_files()
        if self.state == "storing":
            return self._store_photos()
        return 0

    def _read_files(self):
        """Read the next READ_STEP files: this step checks each file and stores its original, while
        READ_THREADS threads decode, scan and shrink the photos; at most READ_THREADS + 1 photos are
        in memory at once."""
        files = self._files(["todo"], limit=READ_STEP)
        subjects_by_code = None
        if self.match_by == "qr_card":
            subjects_by_code = {
                subject.access_code: subject for subject in self._subjects(active_test=False)
            }
        self.check_access("write")  # the originals are stored as the upload's attachments
        archives, pending = {}, deque()
        try:
            with ThreadPoolExecutor(READ_THREADS) as pool:
                for file in files:
                    try:
                        data = file._read_data(archives)
                    except UserError as error:
                        file._refuse(str(error))
                        continue
                    pending.append(
                        (
                            file,
                            data,
                            pool.submit(photo_image.examine, data, subjects_by_code is not None),
                        )
                    )
                    if len(pending) > READ_THREADS:
                        self._record_examined(*pending.popleft(), subjects_by_code)
                while pending:
                    self._record_examined(*pending.popleft(), subjects_by_code)
        finally:
            for archive in archives.values():
                archive.close()
        if not self._files(["todo"], limit=1):
            self._sort_photos()
            self.state = "storing"
        return len(files)

    @api.model
    def _record_examined(self, file, data, examined, subjects_by_code):
        try:
            file._record_photo(data, examined.result(), subjects_by_code)
        except studio_upload_file.DECODE_ERRORS:
            file._refuse(_("The image is damaged (truncated or corrupt)."))

    def _store_photos(self):
        """Create the next photos in their galleries, in the upload's order after the photos the
        galleries have, skipping those a gallery already has; the originals become the photos'
        images without being copied."""
        files = self._files(["photo"], limit=STORE_STEP)
        galleries = files.gallery_id
        checksums = self._gallery_checksums(galleries)
        sequences = defaultdict(
            int,
            self.env["studio.photo"]._read_group(
                [("gallery_id", "in", galleries.ids)], ["gallery_id"], ["sequence:max"]
            ),
        )
        vals_list, to_store = [], self.env["studio.upload.file"]
        for file in files:
            if file.checksum in checksums[file.gallery_id]:
                file.state = "duplicate"
                continue
            checksums[file.gallery_id].add(file.checksum)
            sequences[file.gallery_id] += 1
            vals_list.append(
                {
                    "gallery_id": file.gallery_id.id,
                    "name": file.path.rpartition("/")[2],
                    "sequence": sequences[file.gallery_id],
                    "image_256": file.thumbnail,
                }
            )
            to_store |= file
        photos = self.env["studio.photo"].create(vals_list)
        self.check_access("write")
        photos.check_access("write")  # the upload's originals become the photos' images
        for file, photo in zip(to_store, photos, strict=True):
            file.attachment_id.sudo().write(
                {"res_model": "studio.photo", "res_field": "image", "res_id": photo.id}
            )
            file.write({"state": "imported", "photo_id": photo.id, "thumbnail": False})
        photos.invalidate_recordset(["image"])
        if not self._files(["photo"], limit=1):
            self._finish()
        return len(files)

    def _subjects(self, active_test=True):
        """The job's subjects (archived ones too unless ``active_test``), in one query."""
        Subject = self.env["studio.subject"].with_context(active_test=active_test)
        return Subject.search([("job_id", "=", self.job_id.id)])

    def _files(self, states=None, limit=None):
        """The (first ``limit``) files of the upload in ``states``, in the upload's order."""
        domain = [("upload_id", "=", self.id)] + ([("state", "in", states)] if states else [])
        return self.env["studio.upload.file"].search(domain, order="position, id", limit=limit)

    @api.model
    def _gallery_checksums(self, galleries):
        """{gallery: set of the checksums of its photos' images}"""
        photos = galleries.photo_ids
        checksums = defaultdict(set)
        gallery_of = {photo.id: photo.gallery_id for photo in photos}
        attachments = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "studio.photo"),
                ("res_field", "=", "image"),
                ("res_id", "in", photos.ids),
            ]
        )
        for attachment in attachments:
            checksums[gallery_of[attachment.res_id]].add(attachment.checksum)
        return checksums

    def _finish(self):
        """Remove what was uploaded and is no photo now (zip archives, refused files, duplicates;
        QR cards stay with the upload), write the report and tell the user when in the
        background."""
        kept = self._files(["card"]).attachment_id
        self.env["ir.attachment"].search(
            [("res_model", "=", self._name), ("res_id", "=", self.id)]
        ).filtered(lambda attachment: attachment not in kept).unlink()
        self.write({"state": "done", "report": self._report()})
        if self.in_background:
            self.user_id._bus_send(
                "simple_notification",
                {
                    "title": _("Photos uploaded"),
                    "message": f"{self.display_name}: {self._summary()}",
                },
            )

    # === BUSINESS METHODS - SORTING PHOTOS INTO GALLERIES === #

    def _sort_photos(self):
        """Give every photo its gallery and its place in the upload: by the access code or group in
        its name, or by the QR card photographed before it."""
        files = self._files(["photo", "card"])
        if self.match_by == "qr_card":
            keys = self._keys_by_card(self._capture_order(files))
        else:
            groups = {name.lower(): name for name in self._subjects().mapped("group_name") if name}
            keys = {
                file: (self._gallery_key(file.path, groups), False)
                for file in files.sorted(lambda file: file._file_name_order())
            }
        galleries = self._get_galleries(list(dict.fromkeys(keys.values())))
        for position, (file, key) in enumerate(keys.items(), start=1):
            file.write({"gallery_id": galleries[key].id, "position": position})

    @api.model
    def _capture_order(self, files):
        """``files`` in the order they were taken: by capture time when every one has it, else by
        file name."""
        if all(files.mapped("taken_at")):
            return files.sorted(lambda file: (file.taken_at, file._file_name_order()))
        return files.sorted(lambda file: file._file_name_order())

    def _keys_by_card(self, files):
        """{photo file: gallery key}: each photo goes to the gallery of the card photographed before
        it, tagged with its code (a card of another job gives an unmatched gallery with that tag);
        photos before the first card, and after an unreadable card, to new unmatched galleries."""
        key, keys = (
            (False, _("Photos before the first QR card in %(upload)s", upload=self.display_name)),
            {},
        )
        for file in files:
            if file.state == "photo":
                keys[file] = key
            elif file.card_code:
                key = (file.card_code, False)
            elif file.card_guessed:
                key = (False, _("Photos after %(file)s: unreadable card?", file=file.name))
            else:
                key = (False, _("Photos after the unreadable QR card %(file)s", file=file.name))
        return keys

    def _gallery_key(self, path, groups):
        """The access code (individual) or the group name (group) of the gallery of ``path``."""
        parts = path.split("/")
        if self.kind == "individual":
            for part in reversed(parts):
                match = CODE_IN_NAME.search(part)
                if match:
                    return access_code.normalize(match.group(1) + match.group(2))
            return False
        # the upload's group, else the folders from the top, else the file name without extension
        # and pose number; the first that is a group of the job's subjects, else the first
        group = (self.group_name or "").strip()
        stem = parts[-1].rpartition(".")[0] or parts[-1]
        candidates = [group] if group else parts[:-1] or [POSE_SUFFIX.sub("", stem)]
        for candidate in candidates:
            if candidate.lower() in groups:
                return groups[candidate.lower()]
        return candidates[0]

    def _get_galleries(self, keys):
        """{(tag, note): gallery} for the job's galleries of this kind, the tag being the access
        code (individual) or the group name (group); created when missing. A key with a note is a
        new unmatched gallery, explained by its note."""
        field = "access_code" if self.kind == "individual" else "group_name"
        Gallery = self.env["studio.gallery"]
        tags = [tag for tag, note in keys if not note]
        galleries = {
            (gallery[field], False): gallery
            for gallery in Gallery.search(
                [
                    ("job_id", "=", self.job_id.id),
                    ("kind", "=", self.kind),
                    (field, "in", tags),
                    ("note", "=", False),
                ]
            )
        }
        missing = [key for key in keys if key not in galleries]
        created = Gallery.create(
            [
                {"job_id": self.job_id.id, "kind": self.kind, field: tag, "note": note}
                for tag, note in missing
            ]
        )
        galleries.update(zip(missing, created, strict=True))
        return galleries

    # === BUSINESS METHODS - REPORT === #

    def _summary(self):
        photos = self._files(["imported"]).photo_id
        return _(
            "%(photos)s photos imported into %(galleries)s galleries.",
            photos=len(photos),
            galleries=len(photos.gallery_id),
        )

    def _report(self):
        """What the upload did, for the user: photos imported, unmatched, duplicates, QR cards read,
        subjects without photos, unreadable cards, and the files refused with their reasons."""
        files = defaultdict(lambda: self.env["studio.upload.file"])
        for file in self._files():
            files[file.state] |= file
        unmatched = files["imported"].photo_id.filtered("gallery_id.is_unmatched")
        lines, lists = [self._summary()], []
        if unmatched:
            lines.append(
                _(
                    "%(photos)s photos are in %(galleries)s unmatched galleries: tag them with "
                    "the right access code in the galleries.",
                    photos=len(unmatched),
                    galleries=len(unmatched.gallery_id),
                )
            )
        if files["duplicate"]:
            lines.append(
                _(
                    "%(count)s photos skipped: their gallery already has them.",
                    count=len(files["duplicate"]),
                )
            )
        if self.match_by == "qr_card":
            lines += self._card_report_lines(files)
            lists += self._card_report_lists(files)
        if files["refused"]:
            lists.append(
                (
                    "o_studio_upload_refused",
                    _("%(count)s files refused:", count=len(files["refused"])),
                    [(file.name, file.reason) for file in files["refused"]],
                )
            )
        report = Markup().join(Markup("<p>%s</p>") % line for line in lines)
        for css_class, title, items in lists:
            report += (
                Markup('<p class="%s">%s</p>') % (css_class, title)
                if not items
                else Markup('<p>%s</p><ul class="%s">%s</ul>')
                % (
                    title,
                    css_class,
                    Markup().join(Markup("<li><b>%s</b>: %s</li>") % item for item in items),
                )
            )
        return report

    def _card_report_lines(self, files):
        photos_and_cards = files["imported"] | files["duplicate"] | files["card"]
        lines = [_("%(count)s QR cards read.", count=len(files["card"].filtered("card_code")))]
        if not all(photos_and_cards.mapped("taken_at")):
            lines.append(
                _(
                    "Some photos have no capture time (EXIF): the photos were taken in the order "
                    "of their file names."
                )
            )
        return lines

    def _card_report_lists(self, files):
        """(class, title, [(name, text)]) of the subjects still without photos (the job's named
        subjects, and the spare cards read) in the classes this upload has photos or cards of, the
        unreadable cards and the cards of other jobs."""
        cards = files["card"]
        with_photos = {
            subject
            for [subject] in self.env["studio.photo"]._read_group(
                [("job_id", "=", self.job_id.id), ("subject_id", "!=", False)], ["subject_id"]
            )
        }
        read = cards.card_subject_id
        shot_classes = set(
            (read | (files["imported"] | files["duplicate"]).gallery_id.subject_id).mapped(
                lambda subject: subject.group_name or False
            )
        )
        candidates = self._subjects().filtered(
            lambda subject: not subject.is_spare or subject in read
        )
        without_photos = candidates.filtered(
            lambda subject: (
                (subject.group_name or False) in shot_classes and subject not in with_photos
            )
        )
        other_classes = {subject.group_name or False for subject in candidates} - shot_classes
        unreadable = cards.filtered(lambda card: card.card_state == "unreadable")
        other_job = cards.filtered(lambda card: card.card_state == "other")
        lists = [
            (
                "o_studio_upload_without_photos",
                _("%(count)s subjects without photos:", count=len(without_photos)),
                [(subject.display_name, subject.access_code) for subject in without_photos],
            ),
            (
                "o_studio_upload_unreadable",
                _(
                    "%(count)s unreadable QR cards (the photos after them are in "
                    "unmatched galleries):",
                    count=len(unreadable),
                ),
                [(card.name, card.reason) for card in unreadable],
            ),
            (
                "o_studio_upload_other_job",
                _(
                    "%(count)s QR cards of another job (the photos after them are in "
                    "unmatched galleries tagged with the card's code):",
                    count=len(other_job),
                ),
                [(card.name, card.card_code) for card in other_job],
            ),
        ]
        lists = [section for section in lists if section[2]]
        if other_classes:
            # a sentence without a list, under the subjects without photos
            lists.insert(
                1 if without_photos else 0,
                (
                    "o_studio_upload_other_classes",
                    _(
                        "%(count)s other classes were not in this upload (their "
                        "subjects are not listed).",
                        count=len(other_classes),
                    ),
                    [],
                ),
            )
        return lists
