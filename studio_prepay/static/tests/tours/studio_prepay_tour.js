/** @odoo-module **/

import { registry } from "@web/core/registry";

// From the QR card's address to a paid prepay order. The Python test opens /studio/code with the
// job's global code, allows ordering by name and class, and leaves the demo provider as the only
// way to pay.
registry.category("web_tour.tours").add("studio_prepay_tour", {
    steps: () => [
        {
            content: "The code of the card is filled in: open the shop",
            trigger: "form[action='/studio/code'] button[type=submit]",
            run: "click",
        },
        {
            content: "Order two of the first product",
            trigger: ".o_studio_product:first input[type=number]",
            run: "edit 2",
        },
        {
            content: "Name the child",
            trigger: "input#subject_name",
            run: "edit Tour Kid",
        },
        {
            content: "and the class",
            trigger: "input#subject_group",
            run: "edit 5C",
        },
        {
            content: "Continue to payment",
            trigger: "#studio_shop_submit",
            run: "click",
        },
        {
            content: "Log in as the demo portal customer",
            trigger: "input[name=login]",
            run: "edit portal",
        },
        {
            trigger: "input[name=password]",
            run: "edit portal",
        },
        {
            trigger: ".oe_login_form button[type=submit]",
            run: "click",
        },
        {
            content: "The order page shows the child",
            trigger: "#sale_info_table:contains(Tour Kid)",
        },
        {
            content: "Accept and pay",
            trigger: "#o_sale_portal_paynow",
            run: "click",
        },
        {
            content: "Card number of the demo provider",
            trigger: "#modalaccept input[name=customer_input]",
            run: "edit 4242424242424242",
        },
        {
            content: "Pay",
            trigger: "#modalaccept button[name=o_payment_submit_button]:not(:disabled)",
            run: "click",
        },
        {
            content: "Back on the order page, the payment went through",
            trigger: "div[name=o_payment_status_alert]:contains(Thank you)",
            timeout: 20000,
        },
    ],
});
