from odoo import _, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _studio_child_lines(self):
        """Nor a loyalty reward (a free product of the offer is not ordered for a child)."""
        return super()._studio_child_lines().filtered(lambda line: not line.reward_id)

    def _studio_cart_child(self):
        """Whom a cart line is for, as the cart shows it: the line's child for a line of the job's
        offer."""
        self.ensure_one()
        line_sudo = self.sudo()
        return (
            line_sudo._studio_subject()
            if line_sudo._studio_child_lines()
            else self.env["studio.subject"].sudo()
        )

    def _show_in_cart(self):
        """A job's cart lists no free-shipping line: its *Delivery* row says the delivery is free,
        with the offer."""
        if self.order_id.studio_job_id and self.reward_id.reward_type == "shipping":
            return False
        return super()._show_in_cart()

    def _compute_name_short(self):
        """A discount of a job's cart says its offer ("Sibling discount: 10% on your order"), in the
        cart and the checkout's summary, not only the reward ("10% on your order")."""
        result = super()._compute_name_short()
        for line in self.filtered(
            lambda line: line.reward_id.program_id and line.order_id.studio_job_id
        ):
            line.name_short = _(
                "%(offer)s: %(reward)s",
                offer=line.reward_id.program_id.name,
                reward=line.name_short,
            )
        return result
