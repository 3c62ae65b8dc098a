{
    "name": "Studio Prepay: event tickets on the storefront",
    "summary": "Tickets of a job's events on its prepay shop and proof galleries, in the same "
    "website cart as the photos: sold while on sale, seats left in the cart, checked at payment",
    "version": "18.0.1.0.0",
    "category": "Website/Website",
    "license": "LGPL-3",
    "author": "studio_prepay",
    "website": "https://github.com/studio-prepay/studio_prepay",
    "maintainers": ["studio-prepay"],
    "depends": ["studio_prepay_website", "studio_prepay_event", "website_event_sale"],
    "data": [
        "views/studio_shop_templates.xml",
    ],
    "demo": ["demo/studio_event_demo.xml"],
    "assets": {
        "web.assets_tests": [
            "studio_prepay_website_event/static/tests/tours/**/*",
        ],
    },
    "auto_install": True,
    "installable": True,
}
