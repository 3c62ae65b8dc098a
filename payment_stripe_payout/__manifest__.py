{
    "name": "Stripe Payouts",
    "summary": "Import Stripe's payouts and book each one as a journal entry reconciled with the "
    "card payments "
    "it pays out",
    "version": "18.0.1.0.0",
    "category": "Accounting/Payment Providers",
    "license": "LGPL-3",
    "author": "studio_prepay",
    "website": "https://github.com/studio-prepay/studio_prepay",
    "maintainers": ["studio-prepay"],
    "depends": ["account_payment", "payment_stripe"],
    "external_dependencies": {"python": ["stripe"]},
    "data": [
        "security/payment_stripe_payout_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/payment_stripe_payout_views.xml",
        "views/payment_stripe_payout_line_views.xml",
        "views/payment_provider_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/payment_stripe_payout_demo.xml",
    ],
    "pre_init_hook": "pre_init_hook",
    "installable": True,
}
