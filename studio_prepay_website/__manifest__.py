{
    "name": "Studio Prepay: storefront",
    "summary": "The families' side of photo jobs on Odoo eCommerce: code entry, prepay shop, proof "
    "galleries, the website cart and checkout of photo orders, offers and deadline reminders",
    "version": "18.0.1.0.0",
    "category": "Website/Website",
    "license": "LGPL-3",
    "author": "studio_prepay",
    "website": "https://github.com/studio-prepay/studio_prepay",
    "maintainers": ["studio-prepay"],
    "depends": ["studio_prepay", "website_sale", "website_sale_loyalty"],
    "data": [
        "data/delivery_carrier_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_template_data.xml",
        "views/studio_job_views.xml",
        "views/loyalty_rule_views.xml",
        "views/studio_shop_templates.xml",
    ],
    "demo": [
        "demo/studio_demo_offers.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "studio_prepay_website/static/src/js/studio_gallery.js",
            "studio_prepay_website/static/src/scss/studio_gallery.scss",
        ],
        "web.assets_tests": [
            "studio_prepay_website/static/tests/tours/**/*",
        ],
    },
    "pre_init_hook": "pre_init_hook",
    "auto_install": True,
    "installable": True,
}
