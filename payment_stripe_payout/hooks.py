"""Take over the Stripe payouts of a database where the photo-studio addon ``studio_prepay`` kept
them.

Until version 18.0.1.0.0 of this addon, the payouts lived in studio_prepay as the models
``studio.stripe.payout`` and ``studio.stripe.payout.line`` with ``studio_payout_*`` fields on the
payment provider. Upgrading studio_prepay (``-u studio_prepay``) installs this addon first, its new
dependency: the pre-init hook renames the tables, columns, constraints, models, fields and xml ids
in place, so that the install finds the payouts, their chatter and the provider's settings as its
own. On any other database (no ``studio_stripe_payout`` table) it does nothing.

Plain SQL, one function per kind of rename, as openupgradelib's ``rename_models``,
``rename_tables``, ``rename_columns`` and ``rename_xmlids`` do it.
"""

import logging

from odoo.tools import SQL

_logger = logging.getLogger(__name__)

OLD_MODULE = "studio_prepay"
NEW_MODULE = "payment_stripe_payout"

MODEL_RENAMES = [
    ("studio.stripe.payout", "payment.stripe.payout"),
    ("studio.stripe.payout.line", "payment.stripe.payout.line"),
]
TABLE_RENAMES = [
    ("studio_stripe_payout", "payment_stripe_payout"),
    ("studio_stripe_payout_line", "payment_stripe_payout_line"),
]
COLUMN_RENAMES = {  # model: [(old field, new field)]
    "payment.provider": [
        (f"studio_payout_{name}", f"stripe_payout_{name}")
        for name in (
            "webhook_secret",
            "journal_id",
            "bank_journal_id",
            "fee_account_id",
            "fee_tax_account_id",
            "suspense_account_id",
            "transit_account_id",
        )
    ],
}
# the fields of the payout lines that studio_prepay keeps defining (the link to orders and jobs)
FIELDS_STAYING = {"payment.stripe.payout.line": ("sale_order_id", "job_id")}
# the records of studio_prepay's data files, named as this addon names them
XMLID_RENAMES = [
    *(
        (f"studio_stripe_payout_view_{view}", f"payment_stripe_payout_view_{view}")
        for view in ("form", "list", "search")
    ),
    *(
        (f"studio_stripe_payout_line_view_{view}", f"payment_stripe_payout_line_view_{view}")
        for view in ("list", "pivot", "graph", "search")
    ),
    ("access_studio_stripe_payout_accountant", "access_payment_stripe_payout_accountant"),
    ("access_studio_stripe_payout_line_accountant", "access_payment_stripe_payout_line_accountant"),
    ("studio_stripe_payout_company_rule", "payment_stripe_payout_company_rule"),
    ("studio_stripe_payout_line_company_rule", "payment_stripe_payout_line_company_rule"),
    ("payment_provider_form_studio_payouts", "payment_provider_form_stripe_payout"),
    ("action_studio_stripe_payout", "action_payment_stripe_payout"),
    ("action_studio_stripe_fees", "action_payment_stripe_payout_fees"),
    ("menu_studio_stripe_payouts", "menu_payment_stripe_payout"),
    ("menu_studio_stripe_fees", "menu_payment_stripe_payout_fees"),
    ("ir_cron_studio_stripe_payouts", "ir_cron_payment_stripe_payout_sync"),
    (
        "ir_cron_studio_stripe_payouts_ir_actions_server",
        "ir_cron_payment_stripe_payout_sync_ir_actions_server",
    ),
]
CRON_NAME = ("ir_cron_payment_stripe_payout_sync", "Stripe: import and book payouts")
PARAM_RENAMES = [("studio_prepay.stripe_api_base", "payment_stripe_payout.api_base")]
# the columns that name a model (as openupgradelib.rename_models updates them), where they exist
MODEL_NAME_COLUMNS = [
    ("ir_model_data", "model"),
    ("ir_attachment", "res_model"),
    ("ir_act_window", "res_model"),
    ("ir_act_report_xml", "model"),
    ("ir_act_server", "model_name"),
    ("ir_ui_view", "model"),
    ("ir_filters", "model_id"),
    ("ir_exports", "resource"),
    ("mail_message", "model"),
    ("mail_followers", "res_model"),
    ("mail_activity", "res_model"),
    ("mail_activity_type", "res_model"),
    ("mail_template", "model"),
    ("rating_rating", "res_model"),
    ("rating_rating", "parent_res_model"),
]


def pre_init_hook(env):
    cr = env.cr
    if not table_exists(cr, "studio_stripe_payout"):
        return
    _logger.info("Taking over the Stripe payouts of %s", OLD_MODULE)
    rename_tables(cr, TABLE_RENAMES)
    rename_models(cr, MODEL_RENAMES)
    for model, renames in COLUMN_RENAMES.items():
        rename_fields(cr, model, renames)
    rename_xmlids(cr, OLD_MODULE, XMLID_RENAMES)
    move_xmlids(cr, OLD_MODULE, NEW_MODULE, moved_xmlid_names(), FIELDS_STAYING)
    move_constraints(cr, OLD_MODULE, NEW_MODULE, FIELDS_STAYING)
    rename_cron(cr, NEW_MODULE, *CRON_NAME)
    rename_config_parameters(cr, PARAM_RENAMES)


# === SQL HELPERS === #


def table_exists(cr, table):
    cr.execute(
        "SELECT 1 FROM information_schema.tables WHERE table_name = %s AND table_schema "
        "= current_schema()",
        (table,),
    )
    return bool(cr.rowcount)


def column_exists(cr, table, column):
    cr.execute(
        "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s "
        "AND table_schema = current_schema()",
        (table, column),
    )
    return bool(cr.rowcount)


def _rename_constraint_records(cr, old, new):
    """The constraint ``old`` of Odoo's ir_model_constraint, and its xml id, named ``new``."""
    cr.execute("UPDATE ir_model_constraint SET name = %s WHERE name = %s", (new, old))
    cr.execute(
        "UPDATE ir_model_data SET name = %s WHERE model = 'ir.model.constraint' AND name = %s",
        (f"constraint_{new}", f"constraint_{old}"),
    )


# === RENAMES === #


def rename_tables(cr, renames):
    """Each table, its id sequence, and the constraints and indexes named after it."""
    for old, new in renames:
        _logger.info("table %s renamed to %s", old, new)
        cr.execute(SQL("ALTER TABLE %s RENAME TO %s", SQL.identifier(old), SQL.identifier(new)))
        cr.execute(
            "SELECT 1 FROM pg_class WHERE relkind = 'S' AND relname = %s", (f"{old}_id_seq",)
        )
        if cr.rowcount:
            cr.execute(
                SQL(
                    "ALTER SEQUENCE %s RENAME TO %s",
                    SQL.identifier(f"{old}_id_seq"),
                    SQL.identifier(f"{new}_id_seq"),
                )
            )
        cr.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND conname LIKE %s",
            (new, f"{old}\\_%"),
        )
        for (name,) in cr.fetchall():
            new_name = new + name[len(old) :]
            cr.execute(
                SQL(
                    "ALTER TABLE %s RENAME CONSTRAINT %s TO %s",
                    SQL.identifier(new),
                    SQL.identifier(name),
                    SQL.identifier(new_name),
                )
            )
            _rename_constraint_records(cr, name, new_name)
        cr.execute(
            "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE i.indrelid = %s::regclass AND c.relname LIKE %s",
            (new, f"{old}\\_%"),
        )
        for (name,) in cr.fetchall():
            cr.execute(
                SQL(
                    "ALTER INDEX %s RENAME TO %s",
                    SQL.identifier(name),
                    SQL.identifier(new + name[len(old) :]),
                )
            )


def rename_models(cr, renames):
    """Each model's name wherever Odoo keeps it: ir_model, its fields, the xml ids of the model, its
    fields, selections and inherits, and the columns that name a model (chatter, attachments...)."""
    for old, new in renames:
        _logger.info("model %s renamed to %s", old, new)
        old_, new_ = old.replace(".", "_"), new.replace(".", "_")
        cr.execute("UPDATE ir_model SET model = %s WHERE model = %s", (new, old))
        cr.execute("UPDATE ir_model_fields SET model = %s WHERE model = %s", (new, old))
        cr.execute("UPDATE ir_model_fields SET relation = %s WHERE relation = %s", (new, old))
        cr.execute(
            "UPDATE ir_model_data SET name = %s WHERE model = 'ir.model' AND name = %s",
            (f"model_{new_}", f"model_{old_}"),
        )
        for prefix in ("field_%s__", "selection__%s__", "model_inherit__%s__"):
            old_prefix, new_prefix = prefix % old_, prefix % new_
            cr.execute(
                "UPDATE ir_model_data SET name = %s || substr(name, %s) WHERE name LIKE %s",
                (new_prefix, len(old_prefix) + 1, old_prefix.replace("_", "\\_") + "%"),
            )
        for table, column in MODEL_NAME_COLUMNS:
            if column_exists(cr, table, column):
                cr.execute(
                    SQL(
                        "UPDATE %s SET %s = %s WHERE %s = %s",
                        SQL.identifier(table),
                        SQL.identifier(column),
                        new,
                        SQL.identifier(column),
                        old,
                    )
                )


def rename_fields(cr, model, renames):
    """Stored fields of ``model`` renamed: column, foreign key, ir_model_fields and xml ids."""
    table, model_ = model.replace(".", "_"), model.replace(".", "_")
    for old, new in renames:
        _logger.info("field %s.%s renamed to %s", model, old, new)
        if column_exists(cr, table, old):
            cr.execute(
                SQL(
                    "ALTER TABLE %s RENAME COLUMN %s TO %s",
                    SQL.identifier(table),
                    SQL.identifier(old),
                    SQL.identifier(new),
                )
            )
        old_name, new_name = f"{table}_{old}_fkey", f"{table}_{new}_fkey"
        cr.execute(
            "SELECT 1 FROM pg_constraint WHERE conrelid = %s::regclass AND conname = %s",
            (table, old_name),
        )
        if cr.rowcount:
            cr.execute(
                SQL(
                    "ALTER TABLE %s RENAME CONSTRAINT %s TO %s",
                    SQL.identifier(table),
                    SQL.identifier(old_name),
                    SQL.identifier(new_name),
                )
            )
            _rename_constraint_records(cr, old_name, new_name)
        cr.execute(
            "UPDATE ir_model_fields SET name = %s WHERE model = %s AND name = %s", (new, model, old)
        )
        cr.execute(
            "UPDATE ir_model_data SET name = %s WHERE model = 'ir.model.fields' AND name = %s",
            (f"field_{model_}__{new}", f"field_{model_}__{old}"),
        )


def rename_xmlids(cr, module, renames):
    """The xml ids ``module.old`` named ``module.new``."""
    for old, new in renames:
        cr.execute(
            "UPDATE ir_model_data SET name = %s WHERE module = %s AND name = %s", (new, module, old)
        )


def moved_xmlid_names():
    """The names (LIKE patterns) of the xml ids of the records this addon now defines."""
    patterns = [
        pattern % model.replace(".", "\\_")
        for _old, model in MODEL_RENAMES
        for pattern in (
            "model\\_%s",
            "field\\_%s\\_\\_%%",
            "selection\\_\\_%s\\_\\_%%",
            "model\\_inherit\\_\\_%s\\_\\_%%",
            "constraint\\_%s\\_%%",
        )
    ]
    patterns += [
        "field\\_payment\\_provider\\_\\_stripe\\_payout\\_%",
        "constraint\\_payment\\_provider\\_stripe\\_payout\\_%",
    ]
    return patterns + [new.replace("_", "\\_") for _old, new in XMLID_RENAMES]


def move_xmlids(cr, old_module, new_module, name_patterns, staying):
    """The xml ids of ``old_module`` matching ``name_patterns`` moved to ``new_module``, except
    those of the fields ``staying`` ({model: field names}) that old_module keeps defining."""
    kept = [
        f"field_{model.replace('.', '_')}__{name}"
        for model, names in staying.items()
        for name in names
    ]
    cr.execute(
        SQL(
            "UPDATE ir_model_data SET module = %s WHERE module = %s AND name LIKE "
            "ANY(%s) AND name != ALL(%s)",
            new_module,
            old_module,
            name_patterns,
            kept,
        )
    )
    _logger.info("%s xml ids moved from %s to %s", cr.rowcount, old_module, new_module)


def move_constraints(cr, old_module, new_module, staying):
    """The SQL constraints Odoo knows of the renamed models and fields, owned by ``new_module``
    except the foreign keys of the fields ``staying``."""
    kept = [
        f"{model.replace('.', '_')}_{name}_fkey"
        for model, names in staying.items()
        for name in names
    ]
    cr.execute(
        """
        UPDATE ir_model_constraint c SET module = new.id
          FROM ir_module_module old, ir_module_module new, ir_model m
         WHERE old.name = %s AND new.name = %s AND c.module = old.id AND m.id = c.model
           AND (m.model = ANY(%s) OR c.name LIKE 'payment\\_provider\\_stripe\\_payout\\_%%')
           AND c.name != ALL(%s)
    """,
        (old_module, new_module, [new for _old, new in MODEL_RENAMES], kept),
    )


def rename_cron(cr, module, xmlid, name):
    """The scheduled action's name (its record is noupdate: the data file does not change it)."""
    cr.execute(
        """
        UPDATE ir_act_server a SET name = jsonb_build_object('en_US', %s)
          FROM ir_cron c, ir_model_data d
         WHERE d.module = %s AND d.name = %s AND d.model = 'ir.cron' AND c.id = d.res_id
           AND a.id = c.ir_actions_server_id
    """,
        (name, module, xmlid),
    )
    if column_exists(cr, "ir_cron", "cron_name"):
        cr.execute(
            "UPDATE ir_cron SET cron_name = %s WHERE id IN (SELECT res_id FROM "
            "ir_model_data WHERE module = %s "
            "AND name = %s AND model = 'ir.cron')",
            (name, module, xmlid),
        )


def rename_config_parameters(cr, renames):
    for old, new in renames:
        cr.execute("UPDATE ir_config_parameter SET key = %s WHERE key = %s", (new, old))
