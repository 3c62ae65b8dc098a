from odoo import _, api, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.studio_prepay.const import MAX_CUSTOMER_QUANTITY

from ..tools import cart_proof

# context key: inside a change of the cart, the offers wait for its end (see _cart_update)
OFFERS_DEFERRED = "studio_offers_deferred"


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # === WEBSITE CART === #

    def _studio_cart_prepare(self, job, subject):
        """Make this website cart a cart of ``job`` for ``subject``: the job's pricelist when it has
        one, and an access token, which the link of Odoo's abandoned-cart e-mail needs to reopen
        it."""
        self.ensure_one()
        self._portal_ensure_token()
        vals = {
            "studio_job_id": job.id,
            "studio_subject_id": (self.studio_subject_id or subject).id,
        }
        if self.studio_job_id != job or not self.studio_subject_id:
            self.sudo().write(vals)
        if job.pricelist_id and self.pricelist_id != job.pricelist_id:
            self._cart_update_pricelist(pricelist_id=job.pricelist_id.id)

    @api.depends("partner_id", "company_id", "studio_job_id")
    def _compute_pricelist_id(self):
        """A website cart of a photo job keeps the prices it was opened with (the job's pricelist,
        else the website's), whatever address the customer gives: a country must not switch a
        parent's cart to another pricelist or currency between the gallery and the payment."""
        kept = {
            order: order.pricelist_id
            for order in self
            if order.studio_job_id
            and order.website_id
            and order.state == "draft"
            and order.pricelist_id
        }
        result = super()._compute_pricelist_id()
        for order, pricelist in kept.items():
            order.pricelist_id = order.studio_job_id.pricelist_id or pricelist
        return result

    def _studio_shop_url(self):
        """Where the customer of this cart orders more: the prepay shop of its job, or its child's
        proof gallery once the job sells (with the form for a sibling's code); False otherwise."""
        self.ensure_one()
        job = self.sudo().studio_job_id
        if job.phase == "prepay":
            return f"/studio/job/{job.id}"
        if job.phase == "selling" and self.studio_subject_id:
            return f"/studio/gallery/{self.studio_subject_id.id}"
        return False

    def _studio_with_proof(self, proof):
        """This cart with the proof of what a studio page adds to it (see tools/cart_proof.py)."""
        return self.with_context(**{cart_proof.CONTEXT_KEY: proof})

    def _studio_cart_add(self, product, quantity, photo=None, options=None, subject=None):
        """Add ``quantity`` of ``product`` of the job's offer to this cart for ``subject`` (the
        cart's child when not given; a sibling's lines carry the sibling), made from ``photo`` with
        the Crop/Retouching ``options`` (product.template.attribute.value); the same child, photo
        and options again add to the same line. The caller proved the visitor may order for the
        child."""
        self.ensure_one()
        # without a choice, the first value of each option (what Odoo puts on the line): the same
        # product again for the same child then adds to its line
        options = (options if options is not None else product._studio_photo_options([])).sorted()
        subject = subject or (photo and photo.sudo().subject_id) or self.studio_subject_id
        proof = cart_proof.CartProof(
            frozenset(self.studio_job_id.product_ids.ids), subject.id, photo.id if photo else 0
        )
        return self._studio_with_proof(proof)._cart_update(
            product_id=product.id, add_qty=quantity, no_variant_attribute_value_ids=options.ids
        )

    def _cart_update(self, product_id, line_id=None, add_qty=0, set_qty=0, **kwargs):
        """Whatever route changes the cart, a new line is of a product the cart may hold (see
        :meth:`_studio_product_allowed`), and a cart of a job keeps its late fee when due."""
        product = self.env["product.product"].browse(product_id).exists()
        changes_own_line = (
            line_id
            and product in self.order_line.filtered(lambda line: line.id == line_id).product_id
        )
        if (
            product
            and not changes_own_line
            and (add_qty or set_qty)
            and not self._studio_product_allowed(product)
        ):
            raise UserError(
                _(
                    "%(product)s is ordered from the photos of its job only.",
                    product=product.display_name,
                )
            )
        outermost = not self.env.context.get(OFFERS_DEFERRED)
        order = self.with_context(**{OFFERS_DEFERRED: True})
        result = super(SaleOrder, order)._cart_update(
            product_id, line_id=line_id, add_qty=add_qty, set_qty=set_qty, **kwargs
        )
        if self.studio_job_id:
            order._studio_update_late_fee()
        if outermost:
            self._studio_update_offers()
        return result

    def _studio_cart_add_products(self, quantities, subject):
        """The prepay shop's order: ``quantities`` ({product: quantity}) for ``subject`` added to
        this cart as one change, the offers recomputed once at its end rather than per line."""
        order = self.with_context(**{OFFERS_DEFERRED: True})
        for product, quantity in quantities.items():
            order._studio_cart_add(product, quantity, subject=subject)
        self._studio_update_offers()

    # === OFFERS (LOYALTY) === #

    def _studio_update_offers(self):
        """The offers of this cart after a change of it: Odoo's eCommerce recomputes the points and
        applies the automatic rewards after each line it adds (``website_sale_loyalty``); a change
        of several lines (a package and the late fee, the prepay shop's products) recomputes them
        once, here."""
        order = self.with_context(**{OFFERS_DEFERRED: False})
        order._update_programs_and_rewards()
        order._auto_apply_rewards()

    def _update_programs_and_rewards(self):
        """Not in the middle of a change of the cart: see :meth:`_studio_update_offers`."""
        if self.env.context.get(OFFERS_DEFERRED):
            return None
        return super()._update_programs_and_rewards()

    def _auto_apply_rewards(self):
        """Not in the middle of a change of the cart: see :meth:`_studio_update_offers`."""
        if self.env.context.get(OFFERS_DEFERRED):
            return False
        return super()._auto_apply_rewards()

    def _studio_product_allowed(self, product):
        """Whether a new line of this cart may be of ``product``: a product of the studio (a photo
        product, a product of a job's offer or a job's late fee) only when a studio page proved it
        for this cart's job; any other product of the shop, as Odoo allows it."""
        proof = cart_proof.from_context(self.env)
        if proof and self.studio_job_id:
            return product.id in proof.product_ids
        return not product.sudo()._studio_products()

    def _cart_find_product_line(self, product_id, line_id=None, **kwargs):
        """The line of the same child and photo (from the studio page's proof, never from the
        request)."""
        lines = super()._cart_find_product_line(product_id, line_id=line_id, **kwargs)
        if line_id or not self.studio_job_id:
            return lines
        proof = cart_proof.from_context(self.env) or cart_proof.CartProof(frozenset())
        return lines.filtered(
            lambda line: (
                (line.studio_photo_id.id or 0) == proof.photo_id
                and (not proof.subject_id or line._studio_subject().id == proof.subject_id)
            )
        )

    def _prepare_order_line_values(self, product_id, quantity, **kwargs):
        """A new line's child and photo: those of the studio page's proof, nothing from the
        request."""
        values = super()._prepare_order_line_values(product_id, quantity, **kwargs)
        proof = cart_proof.from_context(self.env)
        if not proof:
            return values
        if proof.photo_id:  # ordered from that photo: the parent picked it, no pose to choose
            values.update(studio_photo_id=proof.photo_id, studio_photo_picked=True)
        if proof.subject_id and proof.subject_id != self.studio_subject_id.id:  # a sibling's line
            values["studio_subject_id"] = proof.subject_id
        return values

    def _studio_update_late_fee(self):
        """After the job's order deadline, a cart of the job carries the job's late fee once;
        returns whether it was added now."""
        job = self.studio_job_id
        fee = job.late_fee_product_id
        if not fee or not job._studio_deadline_passed() or fee in self.order_line.product_id:
            return False
        self._studio_with_proof(cart_proof.CartProof(frozenset(fee.ids)))._cart_update(
            product_id=fee.id, add_qty=1
        )
        return True

    def _check_cart_is_ready_to_be_paid(self):
        """The cart about to be paid is checked again, whatever routes it went through: see
        :meth:`_studio_cart_problems`."""
        if problems := self._studio_cart_problems():
            raise ValidationError(
                _(
                    "Your cart cannot be paid as it is (%(problems)s). Open your cart again and "
                    "check it.",
                    problems="; ".join(problems),
                )
            )
        return super()._check_cart_is_ready_to_be_paid()

    def _studio_cart_problems(self):
        """Why this cart may not be paid as it is: the job's late fee is missing although due, a
        line is of a product of the studio that is not in the cart's job offer (or the cart has no
        job), or a line has options (attribute values) of another product."""
        self.ensure_one()
        order_sudo = self.sudo()
        job, problems = order_sudo.studio_job_id, []
        fee = job.late_fee_product_id
        if fee and job._studio_deadline_passed() and fee not in order_sudo.order_line.product_id:
            problems.append(_("the late fee %(fee)s is missing", fee=fee.display_name))
        lines = order_sudo.order_line.filtered(
            lambda line: not line.display_type and not line.is_delivery and not line.reward_id
        )
        outside_offer = lines.product_id._studio_products() - job.product_ids - fee
        for line in lines:
            product = line.product_id
            if product in outside_offer:
                problems.append(_("%(product)s is not in this offer", product=product.display_name))
            if line._studio_foreign_options():
                problems.append(
                    _("%(product)s has options of another product", product=product.display_name)
                )
        return problems

    def _get_delivery_methods(self):
        """Photo orders get the methods meant for them: delivery to the organisation for jobs
        delivered in batch until the order deadline, home delivery otherwise."""
        methods = super()._get_delivery_methods()
        if not self.studio_job_id:
            return methods.filtered(lambda method: not method.studio_delivery)
        return methods.filtered(
            lambda method: method.studio_delivery == self.studio_job_id._studio_delivery_kind()
        )

    def _studio_needs_address(self):
        """Whether the customer must give a postal address: not for orders delivered to the
        organisation."""
        self.ensure_one()
        return not self.studio_job_id or self.studio_job_id._studio_delivery_kind() == "home"

    def _compute_amount_delivery(self):
        """A cart of a job shows its delivery net of a free-shipping offer: the summary's *Delivery*
        says what the total counts (the offer's line is not listed apart, see
        ``sale.order.line._show_in_cart``)."""
        result = super()._compute_amount_delivery()
        for order in self.filtered(lambda order: order.website_id and order.studio_job_id):
            free_lines = order._get_free_shipping_lines()
            if order.website_id.show_line_subtotals_tax_selection == "tax_excluded":
                order.amount_delivery += sum(free_lines.mapped("price_subtotal"))
            else:
                order.amount_delivery += sum(free_lines.mapped("price_total"))
        return result

    def _studio_free_delivery_offers(self):
        """The names of the offers that make this cart's delivery free (shown on the *Delivery*
        row)."""
        self.ensure_one()
        return ", ".join(self.sudo()._get_free_shipping_lines().reward_id.program_id.mapped("name"))

    def _studio_offers_not_added(self):
        """The offers this cart earned whose discount on the whole order is left out, with the one
        applied: Odoo's loyalty applies the best discount on the order only, never two of them
        (``sale_loyalty``'s ``_best_global_discount_already_applied``). {"applied": its offer's
        name, "left_out": [names]}, or False when nothing is left out."""
        self.ensure_one()
        order_sudo = self.sudo()
        applied = order_sudo._get_applied_global_discount()
        if not applied:
            return False
        earned = order_sudo.coupon_point_ids.coupon_id.program_id
        left_out = earned.filtered(
            lambda program: (
                program != applied.program_id and program.reward_ids.filtered("is_global_discount")
            )
        )
        return left_out and {
            "applied": applied.program_id.name,
            "left_out": left_out.mapped("name"),
        }

    def _studio_delivered_to_organisation(self):
        """Whether the photos of this order go to its job's organisation (chosen delivery method,
        else the job's delivery now), which hands them out."""
        self.ensure_one()
        if not self.studio_job_id:
            return False
        if self.carrier_id.studio_delivery:
            return self.carrier_id.studio_delivery == "organisation"
        return not self._studio_needs_address()

    def _studio_delivery_note(self):
        """What the confirmation page and e-mail say instead of a postal address when the photos are
        delivered to the organisation: {"where": ..., "next": the next step}; False for the other
        orders."""
        self.ensure_one()
        order_sudo = self.sudo()
        if not order_sudo._studio_delivered_to_organisation():
            return False
        job = order_sudo.studio_job_id
        children = order_sudo._studio_children() or order_sudo.studio_subject_id
        where = _(
            "Delivered to %(organisation)s with the class photos of %(children)s.",
            organisation=job.partner_id.name,
            children=", ".join(children.mapped(lambda child: child.name or child.access_code)),
        )
        if job.phase == "prepay":
            step = _(
                "Next: after picture day we send you the link of the proofs, to choose "
                "your poses before the "
                "order deadline."
            )
        else:
            step = _(
                "Next: your photos go to the lab after the order deadline, then to "
                "%(organisation)s, which hands "
                "them out.",
                organisation=job.partner_id.name,
            )
        return {"where": where, "next": step}

    def _verify_updated_quantity(self, order_line, product_id, new_qty, **kwargs):
        """A cart of a job orders at most MAX_CUSTOMER_QUANTITY of a line, and "one per child"
        products at most once per child (per class for a class photo); more is refused with the
        cart's warning."""
        new_qty, warning = super()._verify_updated_quantity(
            order_line, product_id, new_qty, **kwargs
        )
        if not self.studio_job_id or new_qty <= 0:
            return new_qty, warning
        if new_qty > MAX_CUSTOMER_QUANTITY:
            new_qty = MAX_CUSTOMER_QUANTITY
            warning = self.shop_warning = _(
                "At most %(count)s of a product per photo.", count=MAX_CUSTOMER_QUANTITY
            )
        template = self.env["product.product"].browse(product_id).product_tmpl_id
        if not template.studio_one_per_subject:
            return new_qty, warning
        if order_line:
            child = self._studio_child_of(order_line.studio_photo_id, order_line._studio_subject())
        else:
            proof = cart_proof.from_context(self.env) or cart_proof.CartProof(frozenset())
            child = self._studio_child_of(
                self.env["studio.photo"].browse(proof.photo_id),
                self.env["studio.subject"].browse(proof.subject_id),
            )
        others = (self.order_line - order_line).filtered(
            lambda line: (
                line.product_template_id == template
                and self._studio_child_of(line.studio_photo_id, line._studio_subject()) == child
            )
        )
        allowed = 0 if others else 1
        if new_qty <= allowed:
            return new_qty, warning
        self.shop_warning = _(
            "%(product)s: one per child only, your cart already has it for %(child)s.",
            product=template.name,
            child=child.display_name,
        )
        return allowed, self.shop_warning

    def _studio_child_of(self, photo, subject=None):
        """Whom a line of this cart is for: its photo's child, the class of a class photo, else the
        line's child (``subject``) or the cart's."""
        photo = photo.sudo()
        return photo.subject_id or photo.gallery_id or (subject or self.studio_subject_id).sudo()

    def _program_check_compute_points(self, programs):
        """Loyalty rules with *Children in the cart, at least* (sibling discounts) need that
        many."""
        result = super()._program_check_compute_points(programs)
        children = len(self._studio_children())
        for program in programs:
            needed = min(program.rule_ids.mapped("studio_min_subjects") or [0])
            if needed > children and "error" not in result[program]:
                result[program] = {
                    "error": _(
                        "This offer needs the photos of at least %(count)s children in the cart.",
                        count=needed,
                    )
                }
        return result
