"""What a database of the single-addon studio_prepay holds, before and after its upgrade to the
three addons (studio_prepay, studio_prepay_website, payment_stripe_payout): ``snapshot`` writes the
facts to a JSON file, ``compare`` reads them again after the upgrade and fails on any difference
(exit status 1).

Usage: upgrade_check.py snapshot|compare DBNAME FILE.json   (PGHOST, PGPORT, PGUSER from the
environment)
"""

import json
import sys

import psycopg2

# facts that keep their value: name -> SQL (before, after); one SQL when the tables keep their names
PAYOUT_TABLES = {
    "before": ("studio_stripe_payout", "studio.stripe.payout"),
    "after": ("payment_stripe_payout", "payment.stripe.payout"),
}
FACTS = {
    "jobs": "SELECT count(*), string_agg(name || ':' || phase, ',' ORDER BY id) FROM {studio_job}",
    "subjects": (
        "SELECT count(*), md5(string_agg(access_code || coalesce(name, ''), ',' ORDER BY id))"
        " FROM {studio_subject}"
    ),
    "galleries": "SELECT count(*) FROM {studio_gallery}",
    "photos": (
        "SELECT count(*), md5(string_agg(coalesce(name, ''), ',' ORDER BY id)) FROM {studio_photo}"
    ),
    "photo files": (
        "SELECT count(*), md5(string_agg(checksum, ',' ORDER BY id)) FROM {ir_attachment}"
        " WHERE res_model = 'studio.photo'"
    ),
    "photo orders": (
        "SELECT count(*), sum(amount_total), md5(string_agg(name || state, ',' ORDER BY id))"
        " FROM {sale_order} WHERE studio_job_id IS NOT NULL"
    ),
    "photo order lines": (
        "SELECT count(*), sum(sale_order_line.price_total) FROM {sale_order_line}"
        " JOIN {sale_order} ON sale_order.id = sale_order_line.order_id"
        " WHERE sale_order.studio_job_id IS NOT NULL"
    ),
    "order payment states": (
        "SELECT string_agg(studio_payment_state || ':' || coalesce(studio_pipeline_state, ''), ','"
        " ORDER BY id) FROM {sale_order} WHERE studio_job_id IS NOT NULL"
    ),
    "collections": "SELECT count(*) FROM {studio_order_collection}",
    "batches": "SELECT count(*), string_agg(state, ',' ORDER BY id) FROM {studio_batch}",
    "complaints": "SELECT count(*) FROM {studio_complaint}",
    "journal entries": (
        "SELECT count(*), sum(amount_total) FROM {account_move} WHERE state = 'posted'"
    ),
    "payments": "SELECT count(*), sum(amount) FROM {account_payment}",
    "transactions": "SELECT count(*), sum(amount) FROM {payment_transaction}",
    "offers": "SELECT count(*), string_agg(name->>'en_US', ',' ORDER BY id) FROM {loyalty_program}",
    # each offer's rules, whoever holds their rows (demo offers are loaded again, their
    # rules made anew)
    "offer rules": (
        "SELECT string_agg(loyalty_program.id || ':' || loyalty_rule.studio_min_subjects, ','"
        " ORDER BY loyalty_program.id, loyalty_rule.studio_min_subjects) FROM {loyalty_program}"
        " JOIN loyalty_rule ON loyalty_rule.program_id = loyalty_program.id"
    ),
    "photo delivery methods": (
        "SELECT string_agg(coalesce(studio_delivery, ''), ',' ORDER BY id) FROM {delivery_carrier}"
    ),
    "reminders": (
        "SELECT string_agg(reminder_days || ':' || coalesce(reminder_template_id, 0), ','"
        " ORDER BY id) FROM {studio_job}"
    ),
    "payouts": (
        "SELECT count(*), sum(amount), string_agg(stripe_id || ':' || state, ',' ORDER BY id)"
        " FROM {payout}"
    ),
    "payout lines": (
        "SELECT count(*), sum(amount), sum(fee), string_agg(stripe_id, ',' ORDER BY id)"
        " FROM {payout_line}"
    ),
    "payout messages": "SELECT count(*) FROM {mail_message} WHERE model = '{payout_model}'",
    "payout entries": (
        "SELECT count(*) FROM {account_move} WHERE id IN (SELECT move_id FROM {payout})"
    ),
}
# records whose external id moved to another addon: the same record before and after
MOVED_XMLIDS = {
    "studio_prepay.mail_template_deadline_reminder": (
        "studio_prepay_website.mail_template_deadline_reminder"
    ),
    "studio_prepay.ir_cron_studio_deadline_reminders": (
        "studio_prepay_website.ir_cron_studio_deadline_reminders"
    ),
    "studio_prepay.delivery_carrier_organisation": (
        "studio_prepay_website.delivery_carrier_organisation"
    ),
    "studio_prepay.delivery_carrier_home": "studio_prepay_website.delivery_carrier_home",
    "studio_prepay.demo_program_sibling": "studio_prepay_website.demo_program_sibling",
    "studio_prepay.studio_gallery_page": "studio_prepay_website.studio_gallery_page",
    "studio_prepay.mail_template_studio_order_confirmation": (
        "studio_prepay.mail_template_studio_order_confirmation"
    ),
}


TABLES = (
    "studio_job",
    "studio_subject",
    "studio_gallery",
    "studio_photo",
    "ir_attachment",
    "sale_order",
    "sale_order_line",
    "studio_order_collection",
    "studio_batch",
    "studio_complaint",
    "account_move",
    "account_payment",
    "payment_transaction",
    "loyalty_program",
    "delivery_carrier",
    "mail_message",
    "payout",
    "payout_line",
)


def table_names(when):
    """{table placeholder: the table's name} ``before`` or ``after`` the upgrade."""
    table, _model = PAYOUT_TABLES[when]
    return {name: name for name in TABLES} | {"payout": table, "payout_line": f"{table}_line"}


def last_ids(cr, when):
    """{table placeholder: the highest id of the table}: what existed before the upgrade."""
    result = {}
    for name, real in table_names(when).items():
        cr.execute(f"SELECT coalesce(max(id), 0) FROM {real}")  # noqa: S608 (names of this file)
        result[name] = cr.fetchone()[0]
    return result


def facts(cr, when, until=None):
    """The facts of the database; ``until`` ({table: highest id}): only the rows that existed then,
    not those the upgrade added (the new addons' demo data)."""
    _table, model = PAYOUT_TABLES[when]
    sources = {
        name: f"(SELECT * FROM {real} WHERE id <= {int(until[name])}) AS {name}" if until else real
        for name, real in table_names(when).items()
    }
    result = {}
    for name, query in FACTS.items():
        cr.execute(query.format(payout_model=model, **sources))
        result[name] = [str(value) for value in cr.fetchone()]
    for old, new in MOVED_XMLIDS.items():
        module, xmlid = (old if when == "before" else new).split(".")
        cr.execute(
            "SELECT res_id FROM ir_model_data WHERE module = %s AND name = %s", [module, xmlid]
        )
        row = cr.fetchone()
        result[f"record {old}"] = [str(row and row[0])]
    return result


def main(action, dbname, path):
    with psycopg2.connect(dbname=dbname) as connection, connection.cursor() as cr:
        if action == "snapshot":
            snapshot = facts(cr, "before")
            with open(path, "w", encoding="utf-8") as file:
                json.dump({"facts": snapshot, "last_ids": last_ids(cr, "before")}, file, indent=1)
            print(f"{len(snapshot)} facts of {dbname} kept in {path}")
            return 0
        with open(path, encoding="utf-8") as file:
            kept = json.load(file)
        before = kept["facts"]
        after = facts(cr, "after", kept["last_ids"])
        cr.execute(
            "SELECT name, state, latest_version FROM ir_module_module WHERE name IN"
            " ('studio_prepay', 'studio_prepay_website', 'payment_stripe_payout') ORDER BY name"
        )
        modules = cr.fetchall()
    differences = [
        f"{name}: {before[name]} -> {after[name]}" for name in before if before[name] != after[name]
    ]
    differences += [
        f"module {name} is {state}" for name, state, _version in modules if state != "installed"
    ]
    if len(modules) != 3:
        differences.append(f"installed addons: {modules}")
    for line in differences:
        print(f"DIFFERENT {line}")
    print(f"{len(before)} facts compared, {len(differences)} differences; addons {modules}")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
