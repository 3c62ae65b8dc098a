from werkzeug.exceptions import NotFound
from werkzeug.urls import url_encode

from odoo import _, http
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools import consteq

from ..models.sale_order_line import PHOTO_KINDS, STUDIO_CROPS
from ..models.studio_subject import MAX_LENGTHS

# request.session keys
SESSION_CODES = "studio_codes"          # the codes this visitor entered right (canonical form)
SESSION_PREPAY = "studio_prepay_order"  # the prepay order filled in before logging in
SESSION_CART = "studio_cart_order_id"   # the draft order that is the gallery cart
MAX_SESSION_CODES = 20
MAX_QUANTITY = 99


class StudioShop(http.Controller):
    """The customers' side of photo jobs: code entry, prepay shop, proof galleries and their cart.

    Jobs, subjects and photos are read with sudo only after the visitor proved they may see them:
    by a code entered in this session, or as the portal customer of the subject (record rules)."""

    # Helpers

    def _client_ip(self):
        return request.httprequest.remote_addr

    def _session_codes(self):
        return request.session.get(SESSION_CODES, [])

    def _remember_code(self, code):
        codes = [c for c in self._session_codes() if c != code]
        request.session[SESSION_CODES] = (codes + [code])[-MAX_SESSION_CODES:]

    def _is_public(self):
        return request.env.user._is_public()

    def _user_can_read(self, record):
        """Whether the logged-in user may read ``record`` through access rights and record rules."""
        if self._is_public():
            return False
        return record.with_env(request.env).exists().has_access("read")

    def _render(self, template, values, blocked_minutes=0):
        """Render a page; ``blocked_minutes`` makes it the "too many attempts" answer (429)."""
        if not blocked_minutes:
            return request.render(template, values)
        response = request.render(template, dict(values, blocked_minutes=blocked_minutes), status=429)
        response.headers["Retry-After"] = str(blocked_minutes * 60)
        return response

    @staticmethod
    def _quantity(value):
        try:
            return max(0, min(int(value or 0), MAX_QUANTITY))
        except ValueError:
            return 0

    def _prepay_job(self, job_id):
        """The job of the prepay shop, if its global code was entered in this session."""
        job = request.env["studio.job"].sudo().browse(job_id).exists()
        if not job or job.phase != "prepay" or job.global_code not in self._session_codes():
            raise NotFound()
        return job

    def _session_subjects(self):
        """The subjects whose code was entered in this session, while their job is selling."""
        return request.env["studio.subject"].sudo().search([
            ("access_code", "in", self._session_codes()), ("job_id.phase", "=", "selling")])

    def _order_photos(self, order_id, access_token):
        """The photos the customer of an order may choose from, given the order's link (access token)."""
        order = request.env["sale.order"].sudo().browse(int(order_id)).exists() \
            if order_id and order_id.isdigit() else None
        if order and access_token and consteq(order.access_token or "", access_token):
            return order._studio_allowed_photos()
        return request.env["studio.photo"]

    def _gallery_subject(self, subject_id):
        """The subject of a proof gallery, for a visitor who entered its code or its customer."""
        subject = request.env["studio.subject"].sudo().browse(subject_id).exists()
        if not subject or not subject.active or subject.job_id.phase != "selling":
            raise NotFound()
        if subject not in self._session_subjects() and not self._user_can_read(subject):
            raise NotFound()
        return subject

    def _cart(self, job=None, subject=None):
        """The gallery cart of the logged-in customer; with ``job``, one of that job (a new cart
        when there is none, or when the current one belongs to another job)."""
        order = request.env["sale.order"].sudo().browse(request.session.get(SESSION_CART) or []).exists()
        if order and (order.partner_id != request.env.user.partner_id or not order._studio_is_cart()
                      or (job and order.studio_job_id != job)):
            order = order.browse()
        if not order and job:
            order = job._studio_new_order(request.env.user.partner_id, subject)
            request.session[SESSION_CART] = order.id
        return order

    # Code entry

    @http.route("/studio/code", type="http", auth="public", methods=["GET", "POST"], website=True, sitemap=False)
    def studio_code(self, code="", **kwargs):
        """The page of the QR cards: a job's global code opens its prepay shop while the job is in
        prepay, a subject's code opens its proof gallery while the job is selling. A wrong code and
        a code of the wrong phase get the same answer; too many wrong codes from one address, or
        for one code, get 429 for a while."""
        template = "studio_prepay.studio_code_page"
        values = {"code": code, "error": False}
        if request.httprequest.method != "POST":
            return self._render(template, values)
        if not code.strip():
            return self._render(template, dict(values, error=_("Enter the code of your card.")))
        Attempt = request.env["studio.code.attempt"]
        blocked = Attempt._blocked_minutes(self._client_ip(), code)
        if blocked:
            return self._render(template, values, blocked)
        target = request.env["studio.job"]._studio_code_target(code)
        if not target:
            Attempt._register_failure(self._client_ip(), code)
            return self._render(template, dict(values, error=_(
                "This code does not open anything at the moment. Check the code on your card, or ask "
                "your photographer.")))
        self._remember_code(target.global_code if target._name == "studio.job" else target.access_code)
        if target._name == "studio.job":
            return request.redirect(f"/studio/job/{target.id}")
        return request.redirect(f"/studio/gallery/{target.id}")

    # Prepay shop

    def _render_shop(self, job, order_values=None, error=False, blocked_minutes=0):
        partner = request.env.user.partner_id
        return self._render("studio_prepay.studio_shop_page", {
            "job": job,
            "prices": job._studio_offer_prices(partner),
            "currency": job._studio_pricelist(partner).currency_id or job.company_id.currency_id,
            "order_values": order_values or {},
            "error": error,
            "is_public": self._is_public(),
            "signup_enabled": request.env["res.users"].sudo()._get_signup_invitation_scope() == "b2c",
        }, blocked_minutes)

    @http.route("/studio/job/<int:job_id>", type="http", auth="public", website=True, sitemap=False)
    def studio_shop(self, job_id, **kwargs):
        job = self._prepay_job(job_id)
        pending = request.session.get(SESSION_PREPAY) or {}
        return self._render_shop(job, pending if pending.get("job_id") == job.id else None)

    @http.route("/studio/job/<int:job_id>/order", type="http", auth="public", methods=["POST"], website=True,
                sitemap=False)
    def studio_shop_order(self, job_id, subject_code="", subject_name="", subject_group="", **kwargs):
        """Check the prepay order form and keep it in the session; checking out asks visitors to log
        in or sign up first, then creates the order."""
        job = self._prepay_job(job_id)
        order_values = {
            "job_id": job.id,
            "quantities": {str(product.id): qty for product in job.product_ids
                           if (qty := self._quantity(kwargs.get(f"qty_{product.id}")))},
            "subject_code": subject_code.strip(),
            "subject_name": subject_name.strip(),
            "subject_group": subject_group.strip(),
        }
        if not order_values["quantities"]:
            return self._render_shop(job, order_values, _("Choose at least one product."))
        if order_values["subject_code"]:
            Attempt = request.env["studio.code.attempt"]
            blocked = Attempt._blocked_minutes(self._client_ip(), subject_code)
            if blocked:
                return self._render_shop(job, order_values, blocked_minutes=blocked)
            subject = job._studio_find_subject(subject_code)
            if not subject:
                Attempt._register_failure(self._client_ip(), subject_code)
                return self._render_shop(job, order_values, _(
                    "This access code is not one of the cards of this job: check it, or ask your photographer."))
            order_values["subject_id"] = subject.id
        elif not (job.prepay_subject_entry == "code_or_name" and order_values["subject_name"]):
            return self._render_shop(
                job, order_values, _("Enter the access code from the card of the person photographed."))
        elif len(order_values["subject_name"]) > MAX_LENGTHS["name"] or \
                len(order_values["subject_group"]) > MAX_LENGTHS["group_name"]:
            return self._render_shop(job, order_values, _(
                "Names have at most %(name)s characters, classes %(group)s.",
                name=MAX_LENGTHS["name"], group=MAX_LENGTHS["group_name"]))
        request.session[SESSION_PREPAY] = order_values
        return request.redirect(f"/studio/job/{job.id}/checkout")

    @http.route("/studio/job/<int:job_id>/checkout", type="http", auth="user", website=True, sitemap=False)
    def studio_shop_checkout(self, job_id, **kwargs):
        """Create the prepay order of the logged-in customer from the form kept in the session and
        send them to the order's page to pay it."""
        job = self._prepay_job(job_id)
        order_values = request.session.get(SESSION_PREPAY) or {}
        if order_values.get("job_id") != job.id:
            return request.redirect(f"/studio/job/{job.id}")
        partner = request.env.user.partner_id
        if order_values.get("subject_id"):
            subject = job.subject_ids.filtered(lambda s: s.id == order_values["subject_id"])
        elif job.prepay_subject_entry == "code_or_name" and order_values.get("subject_name"):
            subject = job._studio_subject_by_name(partner, order_values["subject_name"], order_values["subject_group"])
        else:
            subject = None
        if not subject:
            return request.redirect(f"/studio/job/{job.id}")
        quantities = {job.product_ids.browse(int(product_id)): qty
                      for product_id, qty in order_values["quantities"].items()}
        try:
            order = job._studio_create_prepay_order(partner, subject, quantities)
        except UserError as error:
            return self._render_shop(job, order_values, str(error))
        request.session.pop(SESSION_PREPAY)
        return request.redirect(order.get_portal_url())

    # Proof galleries

    @http.route("/studio/gallery/<int:subject_id>", type="http", auth="public", website=True, sitemap=False)
    def studio_gallery(self, subject_id, **kwargs):
        subject = self._gallery_subject(subject_id)
        job = subject.job_id
        photos = subject._proof_photos()
        products = job.product_ids.filtered(lambda p: p.studio_photo_kind in PHOTO_KINDS)
        partner = request.env.user.partner_id
        return request.render("studio_prepay.studio_gallery_page", {
            "subject": subject,
            "job": job,
            "individual_photos": photos.filtered(lambda p: p.kind == "individual"),
            "group_photos": photos.filtered(lambda p: p.kind == "group"),
            "individual_products": products.filtered(lambda p: p.studio_photo_kind != "group"),
            "group_products": products.filtered(lambda p: p.studio_photo_kind == "group"),
            "prices": job._studio_offer_prices(partner, products),
            "currency": job._studio_pricelist(partner).currency_id or job.company_id.currency_id,
            "crops": STUDIO_CROPS,
            "cart": self._cart() if not self._is_public() else None,
            "is_public": self._is_public(),
            "login_url": "/web/login?%s" % url_encode({"redirect": f"/studio/gallery/{subject.id}"}),
        })

    @http.route("/studio/proof/<int:photo_id>", type="http", auth="public", sitemap=False)
    def studio_proof(self, photo_id, order_id=None, access_token=None, **kwargs):
        """The watermarked proof of a photo, for who may see its gallery or holds the link of an order
        that may use it (a request for change); never the photo itself."""
        photo = request.env["studio.photo"].sudo().browse(photo_id).exists()
        if not photo or (photo not in self._session_subjects()._proof_photos() and not self._user_can_read(photo)
                         and photo not in self._order_photos(order_id, access_token)):
            raise NotFound()
        photo._proof_data()
        stream = request.env["ir.binary"]._get_stream_from(
            photo, "proof", filename=f"proof-{photo.id}.jpg", mimetype="image/jpeg")
        response = stream.get_response()
        response.headers["Cache-Control"] = "private, max-age=86400"
        return response

    @http.route("/studio/gallery/<int:subject_id>/add", type="http", auth="user", methods=["POST"], website=True,
                sitemap=False)
    def studio_gallery_add(self, subject_id, photo_id="0", product_id="0", quantity="1", crop="full",
                           retouch=False, **kwargs):
        """Put a product made from one of the gallery's photos in the customer's cart."""
        subject = self._gallery_subject(subject_id)
        photo = subject._proof_photos().filtered(lambda p: str(p.id) == photo_id)
        product = subject.job_id.product_ids.filtered(
            lambda p: str(p.id) == product_id and p.studio_photo_kind in PHOTO_KINDS)
        if not photo or not product or (product.studio_photo_kind == "group") != (photo.kind == "group"):
            raise NotFound()
        quantity = self._quantity(quantity)
        if quantity:
            cart = self._cart(subject.job_id, subject)
            cart._studio_add_photo(product, photo, quantity, crop if crop in dict(STUDIO_CROPS) else "full",
                                   bool(retouch), subject)
            subject._claim(request.env.user.partner_id)
        return request.redirect("/studio/cart")

    @http.route("/studio/cart", type="http", auth="user", website=True, sitemap=False)
    def studio_cart(self, **kwargs):
        return request.render("studio_prepay.studio_cart_page", {
            "cart": self._cart(),
            "subjects": self._session_subjects(),
        })

    @http.route("/studio/cart/remove", type="http", auth="user", methods=["POST"], website=True, sitemap=False)
    def studio_cart_remove(self, line_id="0", **kwargs):
        cart = self._cart()
        cart.order_line.filtered(lambda line: str(line.id) == line_id).unlink()
        return request.redirect("/studio/cart")
