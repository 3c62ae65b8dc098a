{
    "name": "Studio Prepay: event tickets",
    "summary": "Tickets of Odoo events sold by the studio: e-tickets only when paid, seats held "
    "for bank transfers and released when they lapse, refunds that cancel tickets, check-in at "
    "the door",
    "version": "18.0.1.0.0",
    "category": "Marketing/Events",
    "license": "LGPL-3",
    "author": "studio_prepay",
    "website": "https://github.com/studio-prepay/studio_prepay",
    "maintainers": ["studio-prepay"],
    "depends": ["studio_prepay", "event_sale"],
    "data": [
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "data/mail_template_data.xml",
        "data/mail_template_seats_data.xml",
        "views/event_event_views.xml",
        "views/mail_template_views.xml",
        "views/sale_order_views.xml",
        "views/sale_portal_templates.xml",
        "views/studio_job_views.xml",
        "wizard/studio_add_products_wizard_views.xml",
        "wizard/studio_refund_wizard_views.xml",
    ],
    "demo": ["demo/studio_event_demo.xml"],
    "assets": {
        "web.assets_backend": [
            "studio_prepay_event/static/src/registration_desk/*",
        ],
    },
    "auto_install": True,
    "installable": True,
}
