import ipaddress
import urllib.parse

from odoo import _, api, fields, models
from odoo.exceptions import UserError

# host names that only the studio's own machine or network resolves
LOCAL_SUFFIXES = (
    ".localhost",
    ".local",
    ".lan",
    ".home",
    ".internal",
    ".localdomain",
    ".home.arpa",
)


def is_local_host(host):
    """Whether ``host`` (of a URL) is reachable only from the studio's own machine or network:
    localhost, a loopback, private or link-local address, or a name without a dot or with a local
    suffix."""
    host = (host or "").strip("[]").lower().rstrip(".")
    if not host:
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host == "localhost" or "." not in host or host.endswith(LOCAL_SUFFIXES)
    return (
        address.is_loopback or address.is_private or address.is_link_local or address.is_unspecified
    )


class StudioQrCardWizard(models.TransientModel):
    _name = "studio.qr.card.wizard"
    _description = "Print the QR cards of a photo job"

    job_id = fields.Many2one("studio.job", required=True, ondelete="cascade")
    subject_ids = fields.Many2many(
        "studio.subject",
        string="Subjects",
        domain="[('job_id', '=', job_id)]",
        compute="_compute_subject_ids",
        store=True,
        readonly=False,
        help="The subjects whose cards are printed; by default all subjects of the job but "
        "its unused "
        "blank spare cards, which the number of spare cards prints.",
    )
    spare_count = fields.Integer(
        string="Blank spare cards",
        compute="_compute_spare_count",
        store=True,
        readonly=False,
        help="Also print this many blank spare cards, for subjects missing from the names "
        "list (paper "
        "orders, late enrolments). The job's unused spare cards (no name, no customer, "
        "no order) are "
        "printed again first; new spare subjects are created only for the rest. By default, the "
        "job's unused spare cards.",
    )
    base_url = fields.Char(compute="_compute_base_url", string="Address on the cards")
    base_url_warning = fields.Boolean(
        string="Local address on the cards",
        compute="_compute_base_url",
        help="The address printed on the cards only opens on the studio's own machine or network.",
    )

    @api.depends("job_id")
    def _compute_subject_ids(self):
        for wizard in self:
            wizard.subject_ids = wizard.job_id.subject_ids - wizard.job_id._unused_spare_subjects()

    @api.depends("job_id")
    def _compute_spare_count(self):
        for wizard in self:
            wizard.spare_count = len(wizard.job_id._unused_spare_subjects())

    @api.depends("job_id")
    def _compute_base_url(self):
        base_url = self.env["studio.subject"].browse().get_base_url()
        for wizard in self:
            wizard.base_url = base_url
            wizard.base_url_warning = is_local_host(urllib.parse.urlsplit(base_url or "").hostname)

    def action_print(self):
        self.ensure_one()
        if self.spare_count < 0:
            raise UserError(_("The number of spare cards cannot be negative."))
        subjects = self.subject_ids | self.job_id._spare_subjects_to_print(self.spare_count)
        if not subjects:
            raise UserError(_("There is no card to print: choose subjects or add spare cards."))
        action = self.env.ref("studio_prepay.action_report_qr_cards").report_action(
            subjects, config=False
        )
        # without its empty values, the action also travels over XML-RPC (no None there)
        return {key: value for key, value in action.items() if value is not None}
