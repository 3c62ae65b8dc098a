from werkzeug.exceptions import Forbidden, NotFound

from odoo import _, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import content_disposition, request

from odoo.addons.portal.controllers.portal import CustomerPortal

# request.session key: [order id, message] of the error the order page shows once (never a text from
# the URL)
SESSION_ORDER_ERROR = "studio_order_error"


class StudioCustomerPortal(CustomerPortal):
    def _studio_error_redirect(self, order_sudo, message, anchor=None):
        """Back to the order page, which shows ``message`` once: kept in the session, so that no
        link can make the studio's page say anything."""
        request.session[SESSION_ORDER_ERROR] = [order_sudo.id, str(message)]
        return request.redirect(order_sudo.get_portal_url(anchor=anchor))

    def _get_page_view_values(
        self, document, access_token, values, session_history, no_breadcrumbs, **kwargs
    ):
        values = super()._get_page_view_values(
            document, access_token, values, session_history, no_breadcrumbs, **kwargs
        )
        if document._name == "sale.order":
            order_id, message = request.session.pop(SESSION_ORDER_ERROR, None) or (None, None)
            values["studio_error"] = message if order_id == document.id else False
        return values

    def _studio_order_or_404(self, order_id, access_token):
        try:
            return self._document_check_access("sale.order", order_id, access_token=access_token)
        except (AccessError, MissingError):
            raise NotFound() from None

    @http.route("/my/orders/<int:order_id>/download/<int:line_id>", type="http", auth="public")
    def studio_download(self, order_id, line_id, access_token=None, **kwargs):
        """The full-resolution photo of a digital product, for its customer, once the order is
        paid."""
        order_sudo = self._studio_order_or_404(order_id, access_token)
        line_sudo = order_sudo.order_line.filtered(
            lambda line: line.id == line_id and line.studio_photo_kind == "digital"
        )
        if not line_sudo.studio_photo_id:
            raise NotFound()
        if not order_sudo.studio_is_paid:
            raise Forbidden(_("This download is available once the order is paid."))
        photo_sudo = line_sudo.studio_photo_id
        return (
            request.env["ir.binary"]
            ._get_stream_from(photo_sudo, "image", filename=photo_sudo.name)
            .get_response(as_attachment=True)
        )

    @http.route("/my/orders/<int:order_id>/change", type="http", auth="public", methods=["POST"])
    def studio_resubmit_change(self, order_id, access_token=None, **post):
        """The customer's answer to a request for change: the flagged lines' products, quantities
        and photos, then payment again when the order had been refunded."""
        order_sudo = self._studio_order_or_404(order_id, access_token)
        products_sudo, photos_sudo = (
            request.env["product.product"].sudo(),
            request.env["studio.photo"].sudo(),
        )
        changes = {}
        try:
            for line in order_sudo.order_line.filtered(
                lambda line: line.studio_change_state == "requested"
            ):
                qty, product, photo = (
                    post.get(f"{key}_{line.id}") for key in ("qty", "product", "photo")
                )
                upload = request.httprequest.files.get(f"file_{line.id}")
                changes[line] = {
                    "qty": int(qty) if qty not in (None, "") else None,
                    "product": product and products_sudo.browse(int(product)).exists(),
                    "photo": photo and photos_sudo.browse(int(photo)).exists(),
                    "file": upload and upload.filename and (upload.filename, upload.read()),
                }
            link = order_sudo._studio_resubmit_change(changes)
        except (ValueError, UserError) as error:
            message = (
                error.args[0]
                if isinstance(error, UserError)
                else _("Please enter valid quantities.")
            )
            return self._studio_error_redirect(order_sudo, message)
        return request.redirect(link or order_sudo.get_portal_url(query_string="&studio_changed=1"))

    @http.route("/my/orders/<int:order_id>/complaint", type="http", auth="public", methods=["POST"])
    def studio_complaint(
        self, order_id, access_token=None, kind="complaint", description="", **post
    ):
        """A complaint or feedback about the order: a record for staff, an e-mail to the
        customer."""
        order_sudo = self._studio_order_or_404(order_id, access_token)
        if not order_sudo.studio_job_id:
            raise NotFound()
        if not description.strip():
            return self._studio_error_redirect(
                order_sudo, _("Please tell us what happened."), anchor="studio_complaint"
            )
        request.env["studio.complaint"].sudo().create(
            {
                "order_id": order_sudo.id,
                "description": description.strip(),
                "kind": "feedback" if kind == "feedback" else "complaint",
            }
        )
        return request.redirect(
            order_sudo.get_portal_url(
                query_string="&studio_complaint_sent=1", anchor="studio_complaint"
            )
        )

    # Proofs

    def _studio_may_see_proof(self, photo_sudo, order_id, access_token):
        """Whether the visitor may see the proof of ``photo_sudo``: a user who may read the photo
        (record rules: their own children's), or who holds the link of a confirmed order that may
        use it (a request for change). A cart's link shows nothing."""
        user = request.env.user
        if not user._is_public() and photo_sudo.with_env(request.env).has_access("read"):
            return True
        order_sudo = request.env["sale.order"]._studio_linked_order(order_id, access_token)
        return order_sudo.state == "sale" and photo_sudo in order_sudo._studio_allowed_photos()

    @http.route(
        ["/studio/proof/<int:photo_id>", "/studio/proof/<int:photo_id>/<any(small):size>"],
        type="http",
        auth="public",
        sitemap=False,
    )
    def studio_proof(self, photo_id, size=None, order_id=None, access_token=None, **kwargs):
        """The watermarked proof of a photo (``small``: at grid size), for who may see it; never the
        photo itself. Browsers keep it a day and then revalidate it by its ETag."""
        photo_sudo = request.env["studio.photo"].sudo().browse(photo_id).exists()
        if not photo_sudo or not self._studio_may_see_proof(photo_sudo, order_id, access_token):
            raise NotFound()
        field = "proof_small" if size else "proof"
        photo_sudo._proof_data(field)
        stream = request.env["ir.binary"]._get_stream_from(
            photo_sudo, field, filename=f"proof-{photo_sudo.id}.jpg", mimetype="image/jpeg"
        )
        response = stream.get_response()
        response.headers["Cache-Control"] = "private, max-age=86400"
        return response

    # A family's data

    def _studio_family_subjects(self, subject_id=None):
        """The children of the logged-in customer (claimed or ordered for), as their own user
        reads them (record rules), not anonymised."""
        Subject = request.env["studio.subject"]
        domain = Subject._customer_domain(request.env.user.commercial_partner_id)
        if subject_id is not None:
            domain = [("id", "=", subject_id), *domain]
        return Subject.search([*domain, ("anonymised", "=", False)])

    @http.route("/my/studio/data", type="http", auth="user", website=True)
    def studio_family_data(self, erasure_requested=None, **kwargs):
        """What the studio holds about the customer's children, to download or to erase."""
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "studio_data",
                "subjects": self._studio_family_subjects().sudo(),
                "erasure_requested": erasure_requested,
            }
        )
        return request.render("studio_prepay.portal_my_studio_data", values)

    @http.route("/my/studio/data/download", type="http", auth="user")
    def studio_family_data_download(self, **kwargs):
        """A zip of what the studio holds about the customer's children: data, orders, photos."""
        subjects = self._studio_family_subjects()
        if not subjects:
            raise NotFound()
        data = subjects._family_export(request.env.user.partner_id)
        return request.make_response(
            data,
            headers=[
                ("Content-Type", "application/zip"),
                ("Content-Disposition", content_disposition("studio-data.zip")),
            ],
        )

    @http.route("/my/studio/data/erase", type="http", auth="user", methods=["POST"], website=True)
    def studio_family_data_erase(self, subject_id="0", **kwargs):
        """The customer asks the studio to erase a child's photos and name."""
        try:
            subject = self._studio_family_subjects(int(subject_id))
        except ValueError:
            raise NotFound() from None
        if not subject:
            raise NotFound()
        subject._request_erasure()
        return request.redirect("/my/studio/data?erasure_requested=1")
