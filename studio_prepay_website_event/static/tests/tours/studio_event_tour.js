/** @odoo-module **/

import { registry } from "@web/core/registry";
import {
    axeCheck,
    checkoutAndPay,
    screenshot,
} from "@studio_prepay_website/../tests/tours/studio_prepay_tour";

// A logged-in parent on a phone before picture day: the child's card opens the prepay shop; a print
// into the cart, then back to the shop for a ticket of the school's show; the cart holds both; one
// checkout and one demo payment; the confirmation leads to the order page and its e-tickets. The Python
// test (tests/test_ticket_tour.py) prepares the job and its show.
registry.category("web_tour.tours").add("studio_prepay_event_tour", {
    steps: () => [
        {
            content: "The code of the card is filled in: open the prepay shop",
            trigger: "form[action='/studio/code'] button[type=submit]",
            run: "click",
        },
        {
            content: "The child of the card is chosen: one print",
            trigger: "#studio_shop_subject:contains(Ann Lee)",
        },
        {
            trigger: ".o_studio_product:contains(Print 5x7) .o_studio_qty_plus",
            run: "click",
        },
        {
            trigger: ".o_studio_product:contains(Print 5x7) input.o_studio_qty:value(1)",
        },
        {
            content: "The shop offers the show's tickets, with the seats left",
            trigger: "#studio_shop_tickets .o_studio_ticket:contains(Adult) .o_studio_seats_left:contains(Only 10 seats left)",
        },
        axeCheck("the prepay shop with the show's tickets", "#studio_shop_tickets .o_studio_ticket_form"),
        screenshot("11-shop-tickets", "#studio_shop_tickets .o_studio_ticket_form", { scrollTo: "#studio_shop_tickets" }),
        {
            content: "The print into the cart",
            trigger: "#studio_shop_submit",
            run: "click",
        },
        {
            content: "Back to the shop for a show ticket",
            trigger: "#cart_products .o_studio_line_child:contains(Ann Lee)",
        },
        {
            trigger: "#studio_cart_more",
            run: "click",
        },
        {
            content: "One Adult ticket into the same cart",
            trigger: "#studio_shop_tickets .o_studio_ticket:contains(Adult) input.o_studio_ticket_qty:value(1)",
        },
        {
            trigger: "#studio_shop_tickets .o_studio_ticket:contains(Adult) button.o_studio_ticket_add",
            run: "click",
        },
        {
            content: "The cart holds the print and the ticket, which says the seats left",
            trigger: "#cart_products:contains(Print 5x7):contains(Adult)",
        },
        {
            trigger: "#cart_products .o_studio_line_seats_left:contains(Only 10 seats left)",
        },
        axeCheck("the cart's seats left", "#cart_products .o_studio_line_seats_left", [".o_studio_line_seats_left"]),
        screenshot("12-cart-photo-ticket", "#cart_products .o_studio_line_seats_left"),
        ...checkoutAndPay({
            name: "Studio Parent", phone: "555 0101", email: "studio.parent@example.com",
            street: "2 School Lane", city: "Springfield", zip: "12345",
        }),
        {
            content: "The confirmation leads to the order page",
            trigger: "#studio_order_link a",
            run: "click",
        },
        {
            content: "The order page gives the e-tickets",
            trigger: "#studio_tickets a:contains(Download your e-tickets)",
        },
        axeCheck("the order page's tickets", "#studio_tickets a:contains(Download your e-tickets)", ["#studio_tickets"]),
        screenshot("13-order-e-tickets", "#studio_tickets a:contains(Download your e-tickets)", { scrollTo: "#sale_info" }),
    ],
});
