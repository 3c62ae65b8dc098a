{
    "name": "Studio Prepay",
    "summary": "Photo-studio jobs in Odoo sales: prepay and proof selling, subjects with access codes, "
               "QR cards, order collections and lab batches",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "license": "LGPL-3",
    "author": "studio_prepay",
    "depends": ["sale_management", "portal", "mail"],
    "external_dependencies": {"python": ["qrcode"]},
    "data": [
        "security/studio_security.xml",
        "security/ir.model.access.csv",
        "report/studio_qr_card_report.xml",
        "wizard/studio_names_import_views.xml",
        "wizard/studio_qr_card_wizard_views.xml",
        "views/studio_job_views.xml",
        "views/studio_subject_views.xml",
        "views/sale_order_views.xml",
        "views/product_template_views.xml",
        "views/studio_menus.xml",
    ],
    "demo": [
        "demo/studio_demo.xml",
    ],
    "application": True,
    "installable": True,
}
