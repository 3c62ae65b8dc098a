/** @odoo-module **/

import { registry } from "@web/core/registry";
import * as tourUtils from "@website_sale/js/tours/tour_utils";

// A parent on a phone, as a guest: the child's card code opens the proof gallery; a photo in the
// lightbox, a favourite, a print with a crop into the website cart, then Odoo's checkout with the
// address and the demo payment, to the confirmation page. The Python test prepares the job.
registry.category("web_tour.tours").add("studio_prepay_tour", {
    steps: () => [
        {
            content: "The code of the card is filled in: open the gallery",
            trigger: "form[action='/studio/code'] button[type=submit]",
            run: "click",
        },
        {
            content: "Open the second portrait in the lightbox",
            trigger: ".o_studio_grid .o_studio_tile:eq(1) a.o_studio_open",
            run: "click",
        },
        {
            content: "The lightbox shows the photo",
            trigger: ".o_studio_lightbox:target img[alt*='pose 2']",
        },
        {
            content: "Close-up crop",
            trigger: ".o_studio_lightbox:target label:contains(Close-up)",
            run: "click",
        },
        {
            content: "Add the print to the cart",
            trigger: ".o_studio_lightbox:target button.o_studio_add",
            run: "click",
        },
        {
            content: "Added: mark the first photo as a favourite",
            trigger: "#studio_added",
        },
        {
            trigger: ".o_studio_tile:eq(0) .o_studio_fav",
            run: "click",
        },
        {
            content: "Show the favourites only",
            trigger: ".o_studio_tile:eq(0) .o_studio_fav[aria-pressed=true]",
        },
        {
            trigger: ".o_studio_show_favourites",
            run: "click",
        },
        {
            content: "Only the favourite is left",
            trigger: ".o_studio_tile:eq(1).d-none:not(:visible)",
        },
        {
            content: "Go to the cart",
            trigger: "#studio_cart_link",
            run: "click",
        },
        {
            content: "The cart line shows the proof and the crop",
            trigger: "#cart_products img[src^='/studio/proof/']",
        },
        {
            trigger: "#cart_products:contains(Close-up)",
        },
        tourUtils.goToCheckout(),
        ...tourUtils.fillAdressForm({
            name: "Tour Parent", phone: "555 0100", email: "tour.parent@example.com",
            street: "1 School Lane", city: "Springfield", zip: "12345",
        }),
        {
            content: "Delivery to the school is offered",
            trigger: "#o_delivery_methods:contains(Delivery to the school)",
        },
        tourUtils.confirmOrder(),
        {
            content: "Card number of the demo provider",
            trigger: "input[name=customer_input]",
            run: "edit 4242424242424242",
        },
        tourUtils.pay(),
        {
            content: "The confirmation page",
            trigger: ".oe_website_sale_tx_status:contains(successfully processed)",
            timeout: 20000,
        },
    ],
});
