import contextlib
import os
import tempfile

from odoo import api, models
from odoo.tools import sql

from ..tools.hashing_writer import HashingWriter


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def init(self):
        # Deleting an attachment makes PostgreSQL clear the original_id (html_editor's) of the
        # attachments pointing to it: without an index, a scan of every attachment for each one
        # deleted, which makes deleting a season's photos quadratic (bench/retention.py).
        if sql.column_exists(self.env.cr, self._table, "original_id"):
            sql.create_index(
                self.env.cr,
                "ir_attachment_original_id_not_null_index",
                self._table,
                ["original_id"],
                where="original_id IS NOT NULL",
            )

    def _postprocess_contents(self, values):
        """Photos of a photo job (and their uploads) keep their full resolution: Odoo shrinks
        images stored as attachments to 1920 px by default."""
        if values.get("res_model") in ("studio.photo", "studio.photo.upload", "studio.upload"):
            values["mimetype"] = self._compute_mimetype(values)
            return values
        return super()._postprocess_contents(values)

    @api.model
    def _studio_create_streamed(self, vals, write):
        """An attachment of ``vals`` whose content ``write(file)`` writes to a write-only,
        unseekable file, never held in memory whole (a lab export is gigabytes of photos).

        ``create()`` takes the content as bytes, so the content goes to a temporary file in the
        filestore's directory instead, its checksum computed on the way; the file is then renamed to
        the place ``_file_write`` would give it (marked for the garbage collection like there, in
        case the transaction is rolled back) and the attachment gets the storage columns
        ``create()`` would have computed. With the database storage the content has to be read
        whole."""
        directory = self._filestore()
        os.makedirs(directory, exist_ok=True)
        handle, path = tempfile.mkstemp(prefix="studio-", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(handle, "wb") as file:
                writer = HashingWriter(file)
                write(writer)
            if self._storage() != "file":
                with open(path, "rb") as file:
                    return self.create(dict(vals, raw=file.read()))
            checksum = writer.hexdigest()
            fname = f"{checksum[:2]}/{checksum}"
            full_path = self._full_path(fname)
            if not os.path.exists(full_path):
                os.makedirs(os.path.dirname(full_path), exist_ok=True)
                os.chmod(path, 0o644)
                os.replace(path, full_path)
                self._mark_for_gc(fname)
            attachment = self.create(vals)
            attachment.sudo()._write(
                {"store_fname": fname, "checksum": checksum, "file_size": writer.size}
            )
            attachment.invalidate_recordset(
                ["store_fname", "checksum", "file_size", "raw", "datas"]
            )
            return attachment
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
