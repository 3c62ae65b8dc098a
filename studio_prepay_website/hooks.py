"""Installing the storefront on a database where studio_prepay itself held it (studio_prepay before
18.0.2.0.0, one addon): the records and fields that moved here keep their ids and their data, under
this addon's name."""

from lxml import etree

from odoo.modules.module import get_manifest
from odoo.tools import file_open

OLD_MODULE = "studio_prepay"
MODULE = "studio_prepay_website"
# the fields this addon defines that studio_prepay defined before (their columns keep their values)
MOVED_FIELDS = {
    "delivery.carrier": ("studio_delivery",),
    "loyalty.rule": ("studio_min_subjects",),
    "studio.job": ("reminder_days", "reminder_template_id", "reminded_partner_ids"),
}


def _declared_xmlids(module):
    """The ids of the records the data and demo files of ``module`` declare (records, templates,
    menus)."""
    manifest = get_manifest(module)
    names = set()
    for path in manifest["data"] + manifest["demo"]:
        if path.endswith(".xml"):
            with file_open(f"{module}/{path}", "rb") as file:
                names.update(node.get("id") for node in etree.parse(file).iter() if node.get("id"))
    return {name for name in names if "." not in name}


def _data_xmlids():
    """The ids of the records this addon's files declare that studio_prepay's no longer do."""
    return _declared_xmlids(MODULE) - _declared_xmlids(OLD_MODULE)


def _field_xmlids():
    """The ids of the moved fields and of their selection values, as Odoo names them."""
    names, patterns = set(), []
    for model, field_names in MOVED_FIELDS.items():
        for field_name in field_names:
            names.add(f"field_{model.replace('.', '_')}__{field_name}")
            prefix = f"selection__{model.replace('.', '_')}__{field_name}__"
            patterns.append(prefix.replace("_", "\\_") + "%")
    return names, patterns


def pre_init_hook(env):
    """Move the ids of what this addon now holds from studio_prepay to this addon (nothing to move
    on a new database): Odoo then updates those records instead of making new ones, and keeps
    them."""
    names, patterns = _field_xmlids()
    env.cr.execute(
        """
        UPDATE ir_model_data SET module = %s
         WHERE module = %s AND (name = ANY(%s) OR name LIKE ANY(%s))
    """,
        [MODULE, OLD_MODULE, list(_data_xmlids() | names), patterns],
    )
