from werkzeug.exceptions import NotFound

from odoo import _, http
from odoo.http import request
from odoo.tools import consteq

from odoo.addons.studio_prepay.const import MAX_CUSTOMER_QUANTITY, MAX_LENGTHS, PHOTO_KINDS

# request.session keys
SESSION_CODES = "studio_codes"  # the codes this visitor entered right (canonical form)
MAX_SESSION_CODES = 20
SESSION_ORDERS = (
    "studio_orders"  # [order id, access token] of the paid orders' links this visitor opened
)
MAX_SESSION_ORDERS = 20


def _readonly_unless_posted(controller):
    """The pages that answer a GET and a POST read only on a GET: Odoo then runs them on a read-only
    cursor, on the database replica when there is one (``db_replica_host``); a POST writes (the
    code page counts the attempts)."""
    return request.httprequest.method in ("GET", "HEAD")


class StudioShop(http.Controller):
    """The customers' side of photo jobs: code entry, prepay shop and proof galleries, selling
    through the website cart and Odoo's eCommerce checkout.

    Jobs, subjects and photos are read with sudo only after the visitor proved they may see them:
    by a code entered in this session, by the link of a paid order opened in this session (the
    selling e-mail's, a guest's), or as the portal customer of the subject (record rules)."""

    # Helpers

    def _count_attempt(self, code):
        """Count an attempt of ``code`` by this visitor (session, code, address); the minutes to
        wait when there were too many wrong ones, else 0."""
        return request.env["studio.code.attempt"]._count_attempt(
            request.httprequest.remote_addr, code, request.session.sid
        )

    def _forgive_attempt(self, code):
        request.env["studio.code.attempt"]._forgive(
            request.httprequest.remote_addr, code, request.session.sid
        )

    def _session_codes(self):
        return request.session.get(SESSION_CODES, [])

    def _remember_code(self, code):
        codes = [c for c in self._session_codes() if c != code]
        request.session[SESSION_CODES] = (codes + [code])[-MAX_SESSION_CODES:]

    def _session_orders(self):
        """The paid orders whose link was opened in this session (their access token checked
        again)."""
        tokens = dict(request.session.get(SESSION_ORDERS, []))
        orders_sudo = request.env["sale.order"].sudo().browse(list(tokens)).exists()
        return orders_sudo.filtered(
            lambda order: (
                consteq(order.access_token or "", tokens[order.id])
                and order._studio_link_opens_galleries()
            )
        )

    def _remember_order(self, order_sudo):
        links = [
            link for link in request.session.get(SESSION_ORDERS, []) if link[0] != order_sudo.id
        ]
        request.session[SESSION_ORDERS] = (links + [[order_sudo.id, order_sudo.access_token]])[
            -MAX_SESSION_ORDERS:
        ]

    def _is_public(self):
        return request.env.user._is_public()

    def _customer_partner(self):
        """The logged-in customer's partner, or None for a guest."""
        return None if self._is_public() else request.env.user.partner_id

    def _user_can_read(self, record):
        """Whether the logged-in user may read ``record`` through access rights and record rules."""
        if self._is_public():
            return False
        return record.with_env(request.env).exists().has_access("read")

    def _render(self, template, values, blocked_minutes=0):
        """Render a page; ``blocked_minutes`` makes it the "too many attempts" answer (429)."""
        if not blocked_minutes:
            return request.render(template, values)
        response = request.render(
            template, dict(values, blocked_minutes=blocked_minutes), status=429
        )
        response.headers["Retry-After"] = str(blocked_minutes * 60)
        return response

    @staticmethod
    def _quantity(value):
        try:
            return max(0, min(int(value or 0), MAX_CUSTOMER_QUANTITY))
        except ValueError:
            return 0

    def _session_subjects(self, phases=("selling",)):
        """The subjects whose code was entered in this session, or who are children of an order
        whose link was opened in this session, while their job is in ``phases``."""
        linked_sudo = (
            self._session_orders()
            ._studio_children()
            .filtered(lambda subject: subject.active and subject.job_id.phase in phases)
        )
        return linked_sudo | request.env["studio.subject"].sudo().search(
            [("access_code", "in", self._session_codes()), ("job_id.phase", "in", phases)]
        )

    def _prepay_job(self, job_id):
        """The job of the prepay shop, if its global code or the code of one of its subjects was
        entered in this session."""
        job_sudo = request.env["studio.job"].sudo().browse(job_id).exists()
        if (
            not job_sudo
            or job_sudo.phase != "prepay"
            or (
                job_sudo.global_code not in self._session_codes()
                and job_sudo not in self._session_subjects(("prepay",)).job_id
            )
        ):
            raise NotFound()
        return job_sudo

    def _gallery_subject(self, subject_id):
        """The subject of a proof gallery, for a visitor who entered its code or its customer."""
        subject_sudo = request.env["studio.subject"].sudo().browse(subject_id).exists()
        if (
            not subject_sudo
            or not subject_sudo.active
            or not subject_sudo.online_consent
            or subject_sudo.job_id.phase != "selling"
        ):
            raise NotFound()
        if subject_sudo not in self._session_subjects() and not self._user_can_read(subject_sudo):
            raise NotFound()
        return subject_sudo

    def _pose_lines(self, subject_sudo):
        """Prepay+: the package lines of ``subject_sudo`` whose poses this visitor may choose: of
        the logged-in customer's orders and of the orders whose link was opened in this session."""
        return subject_sudo._studio_pose_lines(self._customer_partner(), self._session_orders())

    def _cart(self, job_sudo, subject_sudo):
        """The website cart, made a cart of ``job_sudo``: a cart holding another job's order is left
        as it is and a new one starts. Siblings (children of the same job) share one cart, whose
        lines each carry their child."""
        website = request.website
        cart_sudo = website.sale_get_order()
        if cart_sudo and cart_sudo.order_line and cart_sudo.studio_job_id != job_sudo:
            website.sale_reset()
        cart_sudo = website.sale_get_order(force_create=True)
        cart_sudo._studio_cart_prepare(job_sudo, subject_sudo)
        if partner := self._customer_partner():
            subject_sudo._claim(partner)
        return cart_sudo

    def _shop_values(self, job_sudo, products_sudo):
        """What the storefront pages show of the job: prices as the website shows them (its
        pricelist, taxes included or not per its setting, like the cart), the order deadline and the
        late fee, the cart."""
        website = request.website
        if job_sudo.pricelist_id and job_sudo.pricelist_id._is_available_on_website(website):
            request.session["website_sale_current_pl"] = job_sudo.pricelist_id.id
        late_fee_sudo = job_sudo.late_fee_product_id
        return {
            "job": job_sudo,
            "products": products_sudo,
            "prices": products_sudo._studio_display_prices(),
            "currency": website.currency_id,
            "deadline_passed": job_sudo._studio_deadline_passed(),
            "late_fee": late_fee_sudo
            and late_fee_sudo._studio_display_prices()[late_fee_sudo]["price"],
            "cart": website.sale_get_order(),
        }

    # Code entry

    @http.route(
        "/studio/code",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        website=True,
        sitemap=False,
        readonly=_readonly_unless_posted,
    )
    def studio_code(self, code="", **kwargs):
        """The page of the QR cards: a job's global code opens its prepay shop while the job is in
        prepay; a subject's code opens the prepay shop of its job with the subject chosen, or its
        proof gallery while the job is selling. A wrong code and a code of the wrong phase get the
        same answer; too many wrong codes from one address, or for one code, get 429 for a while."""
        template = "studio_prepay_website.studio_code_page"
        values = {"code": code, "error": False}
        if request.httprequest.method != "POST":
            return self._render(template, values)
        if not code.strip():
            return self._render(template, dict(values, error=_("Enter the code of your card.")))
        blocked = self._count_attempt(code)
        if blocked:
            return self._render(template, values, blocked)
        target_sudo = request.env["studio.job"]._studio_code_target(code)
        if not target_sudo and request.env["studio.job"]._studio_closed_subject(code):
            self._forgive_attempt(code)  # a real card: not a wrong code
            return self._render(
                template,
                dict(
                    values,
                    error=_(
                        "This job is closed: orders are no longer taken. For a question "
                        "about an order, write to your "
                        "photographer."
                    ),
                ),
            )
        if not target_sudo:
            return self._render(
                template,
                dict(
                    values,
                    error=_(
                        "This code does not open anything at the moment. Check the code "
                        "on your card, or ask "
                        "your photographer."
                    ),
                ),
            )
        self._forgive_attempt(code)
        if target_sudo._name == "studio.subject" and not target_sudo.online_consent:
            # no photos online for this child: the page says so, and nothing more
            return self._render("studio_prepay_website.studio_offline_page", {})
        if target_sudo._name == "studio.job":
            self._remember_code(target_sudo.global_code)
            return request.redirect(f"/studio/job/{target_sudo.id}")
        self._remember_code(target_sudo.access_code)
        if partner := self._customer_partner():
            target_sudo._claim(partner)
        if target_sudo.job_id.phase == "prepay":
            return request.redirect(f"/studio/job/{target_sudo.job_id.id}?subject={target_sudo.id}")
        return request.redirect(f"/studio/gallery/{target_sudo.id}")

    # Prepay shop

    def _render_shop(self, job_sudo, order_values=None, error=False, blocked_minutes=0):
        values = self._shop_values(
            job_sudo, job_sudo.product_ids.filtered(lambda p: p != job_sudo.late_fee_product_id)
        )
        cart_sudo = values["cart"]
        values.update(
            order_values=order_values or {},
            error=error,
            # siblings: the children already in the cart, and the other children whose card opened
            # this shop
            cart_children=cart_sudo._studio_children()
            if cart_sudo.studio_job_id == job_sudo
            else request.env["studio.subject"].sudo(),
            session_children=self._session_subjects(("prepay",)).filtered(
                lambda s: s.job_id == job_sudo
            ),
        )
        return self._render("studio_prepay_website.studio_shop_page", values, blocked_minutes)

    @http.route(
        "/studio/job/<int:job_id>",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
        readonly=True,
    )
    def studio_shop(self, job_id, subject=None, **kwargs):
        """The job's offer; opened from a child's card, the child is already chosen."""
        job_sudo = self._prepay_job(job_id)
        subject_sudo = self._session_subjects(("prepay",)).filtered(
            lambda s: str(s.id) == subject and s.job_id == job_sudo
        )
        return self._render_shop(
            job_sudo,
            {
                "subject_code": subject_sudo.access_code or "",
                "subject_label": subject_sudo.display_name if subject_sudo else "",
            },
        )

    @http.route(
        "/studio/job/<int:job_id>/order",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
        sitemap=False,
    )
    def studio_shop_order(
        self, job_id, subject_code="", subject_name="", subject_group="", **kwargs
    ):
        """Put the chosen products of the offer in the website cart, for the child of the access
        code (or named by name and class when the job allows it); checkout is Odoo's."""
        job_sudo = self._prepay_job(job_id)
        products_sudo = job_sudo.product_ids - job_sudo.late_fee_product_id
        quantities = {
            product: qty
            for product in products_sudo
            if (qty := self._quantity(kwargs.get(f"qty_{product.id}")))
        }
        order_values = {
            "quantities": {str(product.id): qty for product, qty in quantities.items()},
            "subject_code": subject_code.strip(),
            "subject_name": subject_name.strip(),
            "subject_group": subject_group.strip(),
        }
        if not quantities:
            return self._render_shop(job_sudo, order_values, _("Choose at least one product."))
        if order_values["subject_code"]:
            blocked = self._count_attempt(subject_code)
            if blocked:
                return self._render_shop(job_sudo, order_values, blocked_minutes=blocked)
            subject_sudo = job_sudo._studio_find_subject(subject_code)
            if not subject_sudo:
                return self._render_shop(
                    job_sudo,
                    order_values,
                    _(
                        "This access code is not one of the cards of this job: check "
                        "it, or ask your photographer."
                    ),
                )
            self._forgive_attempt(subject_code)
        elif job_sudo.prepay_subject_entry == "code_or_name" and order_values["subject_name"]:
            if (
                len(order_values["subject_name"]) > MAX_LENGTHS["name"]
                or len(order_values["subject_group"]) > MAX_LENGTHS["group_name"]
            ):
                return self._render_shop(
                    job_sudo,
                    order_values,
                    _(
                        "Names have at most %(name)s characters, classes %(group)s.",
                        name=MAX_LENGTHS["name"],
                        group=MAX_LENGTHS["group_name"],
                    ),
                )
            subject_sudo = job_sudo._studio_subject_by_name(
                self._customer_partner(),
                order_values["subject_name"],
                order_values["subject_group"],
            )
        else:
            return self._render_shop(
                job_sudo,
                order_values,
                _("Enter the access code from the card of the person photographed."),
            )
        cart_sudo = self._cart(job_sudo, subject_sudo)
        cart_sudo._studio_cart_add_products(quantities, subject_sudo)
        return request.redirect("/shop/cart")

    # Proof galleries

    @http.route(
        "/studio/gallery/<int:subject_id>",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
        readonly=True,
    )
    def studio_gallery(self, subject_id, added=None, order_id=None, access_token=None, **kwargs):
        """The subject's proofs as a grid with a lightbox and favourites, the class photo beside the
        portraits, the products to order from each photo, and the poses to choose for a prepaid
        package. Opened with the link of a paid order of the subject (``order_id``,
        ``access_token``: the selling e-mail's, the order page's), the gallery is open to this
        session like an entered code."""
        if order_id or access_token:
            return self._open_order_link(subject_id, order_id, access_token)
        subject_sudo = self._gallery_subject(subject_id)
        job_sudo = subject_sudo.job_id
        photos_sudo = subject_sudo._proof_photos()
        products_sudo = job_sudo.product_ids.filtered(lambda p: p.studio_photo_kind in PHOTO_KINDS)
        values = self._shop_values(job_sudo, products_sudo)
        values.update(
            {
                "subject": subject_sudo,
                "portraits": photos_sudo.filtered(lambda p: p.kind == "individual"),
                "group_photos": photos_sudo.filtered(lambda p: p.kind == "group"),
                "siblings": self._session_subjects() - subject_sudo,
                "pose_lines": self._pose_lines(subject_sudo),
                "added": added,
                "from_prices": self._from_prices(products_sudo, values["prices"]),
            }
        )
        return request.render("studio_prepay_website.studio_gallery_page", values)

    @staticmethod
    def _from_prices(products_sudo, prices):
        """The grid's price hints: the lowest price of the products made from a portrait
        (``portrait``) and from a class photo (``group``), absent when the offer has none."""
        from_prices = {}
        for product in products_sudo:
            key = "group" if product.studio_photo_kind == "group" else "portrait"
            price = prices[product]["price"]
            from_prices[key] = min(from_prices.get(key, price), price)
        return from_prices

    def _open_order_link(self, subject_id, order_id, access_token):
        """Remember the link of a paid order of the subject in this session and show the gallery at
        its own address (the token leaves the address bar); any other link, or a job that does not
        sell, gets 404 like a wrong subject."""
        order_sudo = request.env["sale.order"]._studio_linked_order(order_id, access_token)
        if (
            not order_sudo
            or not order_sudo._studio_link_opens_galleries()
            or order_sudo.studio_job_id.phase != "selling"
            or subject_id not in order_sudo._studio_children().ids
        ):
            raise NotFound()
        self._remember_order(order_sudo)
        return request.redirect(f"/studio/gallery/{subject_id}")

    def _gallery_add(self, subject_id, photo_id, product_id, quantity, options):
        """Put a product made from one of the gallery's photos in the website cart, with the Crop
        and Retouching options chosen (``options``: {"option_<attribute line id>":
        product.template.attribute.value id}); returns the subject, the quantity added and the
        cart's warning when it refused the line ("one per child")."""
        subject_sudo = self._gallery_subject(subject_id)
        photo_sudo = subject_sudo._proof_photos().filtered(lambda p: str(p.id) == str(photo_id))
        product_sudo = subject_sudo.job_id.product_ids.filtered(
            lambda p: str(p.id) == str(product_id) and p.studio_photo_kind in PHOTO_KINDS
        )
        if (
            not photo_sudo
            or not product_sudo
            or (product_sudo.studio_photo_kind == "group") != (photo_sudo.kind == "group")
        ):
            raise NotFound()
        quantity = self._quantity(quantity)
        warning = ""
        if quantity:
            options_sudo = product_sudo._studio_photo_options(
                [
                    int(value)
                    for key, value in options.items()
                    if key.startswith("option_") and str(value).isdigit()
                ]
            )
            cart_sudo = self._cart(subject_sudo.job_id, subject_sudo)
            warning = cart_sudo._studio_cart_add(
                product_sudo, quantity, photo_sudo, options_sudo, subject_sudo
            )["warning"]
        return subject_sudo, quantity, warning

    @http.route(
        "/studio/gallery/<int:subject_id>/add",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
        sitemap=False,
    )
    def studio_gallery_add(self, subject_id, photo_id="0", product_id="0", quantity="1", **kwargs):
        """The order form of a photo, without script: add to the cart and show the gallery again."""
        subject_sudo, quantity, warning = self._gallery_add(
            subject_id, photo_id, product_id, quantity, kwargs
        )
        if warning:
            return request.redirect("/shop/cart")  # refused: the cart says why
        return request.redirect(f"/studio/gallery/{subject_sudo.id}?added={quantity}")

    @http.route(
        "/studio/gallery/<int:subject_id>/add_json",
        type="json",
        auth="public",
        methods=["POST"],
        website=True,
        sitemap=False,
    )
    def studio_gallery_add_json(
        self, subject_id, photo_id="0", product_id="0", quantity="1", **kwargs
    ):
        """The order form of a photo, sent by the gallery's script: the parent stays where they are
        in the gallery (no page to render again); answers the quantity added, the cart's quantity
        and its warning."""
        _subject_sudo, quantity, warning = self._gallery_add(
            subject_id, photo_id, product_id, quantity, kwargs
        )
        return {
            "added": quantity,
            "warning": warning,
            "cart_quantity": int(request.website.sale_get_order().cart_quantity),
        }

    @http.route(
        "/studio/gallery/<int:subject_id>/pose",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
        sitemap=False,
    )
    def studio_gallery_pose(self, subject_id, line_id="0", photo_id="0", **kwargs):
        """Prepay+: the customer chooses the pose of a package line of their prepaid order (logged
        in, or with the order's link opened in this session)."""
        subject_sudo = self._gallery_subject(subject_id)
        line_sudo = self._pose_lines(subject_sudo).filtered(lambda line: str(line.id) == line_id)
        photo_sudo = subject_sudo._proof_photos().filtered(
            lambda p: str(p.id) == photo_id and p.kind == "individual"
        )
        if not line_sudo or not photo_sudo:
            raise NotFound()
        line_sudo._studio_choose_pose(photo_sudo)
        return request.redirect(f"/studio/gallery/{subject_sudo.id}?pose_chosen=1#studio_poses")
