/** @odoo-module **/

import { registry } from "@web/core/registry";
import * as tourUtils from "@website_sale/js/tours/tour_utils";

const SCREENSHOT_TIMEOUT = 10000;

/** Resolves once the images in the viewport are loaded (lazy ones below it are left alone). */
async function visibleImagesLoaded() {
    const visible = [...document.images].filter((img) => {
        const rect = img.getBoundingClientRect();
        return rect.width > 0 && rect.bottom > 0 && rect.top < window.innerHeight;
    });
    await Promise.all(
        visible.map((img) =>
            img.complete
                ? null
                : new Promise((resolve) => {
                      img.addEventListener("load", resolve, { once: true });
                      img.addEventListener("error", resolve, { once: true });
                      setTimeout(resolve, SCREENSHOT_TIMEOUT);
                  })
        )
    );
}

/**
 * A screenshot of the parent's path for the README: the Python test (tests/test_portal_tour.py) takes
 * it when the step logs "studio_screenshot <name>" and answers by setting window.studioScreenshotTaken;
 * it saves the picture only when STUDIO_SCREENSHOTS names a directory. Run elsewhere, the step waits
 * SCREENSHOT_TIMEOUT at most.
 */
export function screenshot(name, trigger, { scrollTo = null } = {}) {
    return {
        content: `Screenshot of the parent's path: ${name}`,
        trigger,
        async run() {
            const target = scrollTo && document.querySelector(scrollTo);
            if (target) {
                target.scrollIntoView({ block: "start" });
            } else if (!document.querySelector(".o_studio_lightbox:target")) {
                window.scrollTo(0, 0);
            }
            await visibleImagesLoaded();
            // the website's header slides back in when the page scrolls up
            await new Promise((resolve) => setTimeout(resolve, 500));
            await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
            window.studioScreenshotTaken = null;
            console.log(`studio_screenshot ${name}`);
            const start = Date.now();
            while (window.studioScreenshotTaken !== name && Date.now() - start < SCREENSHOT_TIMEOUT) {
                await new Promise((resolve) => setTimeout(resolve, 50));
            }
        },
    };
}

/**
 * The accessibility check of the addon's own pages: axe-core (static/tests/lib/axe-core) on the parts of
 * the page that ``selectors`` name (those present), the WCAG 2 A and AA rules; any violation fails the tour
 * with the rules and elements concerned.
 */
export function axeCheck(content, trigger, selectors = ["#wrap"]) {
    return {
        content: `Accessibility (axe-core, WCAG 2 A and AA): ${content}`,
        trigger,
        async run() {
            const include = selectors.filter((selector) => document.querySelector(selector)).map((s) => [s]);
            if (!include.length) {
                throw new Error(`${content}: nothing to check (${selectors.join(", ")})`);
            }
            const result = await window.axe.run({ include }, { runOnly: ["wcag2a", "wcag2aa"] });
            if (result.violations.length) {
                const found = result.violations.map((violation) => ({
                    id: violation.id,
                    nodes: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")),
                }));
                throw new Error(`${content}: ${JSON.stringify(found)}`);
            }
        },
    };
}

/** Odoo's checkout from the cart: the address form, delivery to the school, the demo card, paid. */
export function checkoutAndPay(address, { shots = false } = {}) {
    const [, save] = tourUtils.fillAdressForm(address);
    return [
        tourUtils.goToCheckout(),
        {
            content: "Delivered to the school: the form asks no postal address, no country",
            trigger: "#studio_address_organisation:contains(Test School)",
            run() {
                for (const id of ["o_street", "o_city", "o_zip", "o_country_id"]) {
                    const field = document.getElementById(id);
                    if (field && field.offsetParent) {
                        throw new Error(`#${id} is asked although the photos go to the school`);
                    }
                }
            },
        },
        axeCheck("the address step's note", "#studio_address_organisation", ["#studio_address_organisation"]),
        {
            content: "Fill in the name, e-mail and phone",
            trigger: "form.checkout_autoformat",
            run() {
                for (const [name, value] of Object.entries(address)) {
                    const input = document.querySelector(`form.checkout_autoformat input[name=${name}]`);
                    if (input && input.offsetParent) {
                        input.value = value;
                    }
                }
            },
        },
        ...(shots ? [screenshot("05-checkout", "form.checkout_autoformat input[name=phone]:value(555 0100)")] : []),
        save,
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
        ...(shots
            ? [screenshot("06-payment", "input[name=customer_input]:value(4242424242424242)", {
                  scrollTo: "#payment_method",
              })]
            : []),
        tourUtils.pay(),
        {
            content: "The confirmation page",
            trigger: ".oe_website_sale_tx_status:contains(successfully processed)",
            timeout: 20000,
        },
        {
            content: "It says where the photos go and what comes next, not a postal address",
            trigger: "#studio_delivery_note:contains(Delivered to Test School with the class photos of):contains(Next:)",
            run() {
                if (document.body.textContent.includes("Billing & Delivery")) {
                    throw new Error("the confirmation shows a billing and delivery address");
                }
            },
        },
        axeCheck("the confirmation's delivery note", "#studio_delivery_note", ["#studio_delivery_note"]),
    ];
}

// A parent on a phone, as a guest: the child's card code opens the proof gallery; a photo in the
// lightbox, a favourite, a print with a crop into the website cart, then Odoo's checkout with the
// address and the demo payment, to the confirmation page. The Python test prepares the job.
registry.category("web_tour.tours").add("studio_prepay_tour", {
    steps: () => [
        axeCheck("the code page", "form[action='/studio/code'] input[name=code]:value(/.+/)"),
        screenshot("01-code", "form[action='/studio/code'] input[name=code]:value(/.+/)"),
        {
            content: "The code of the card is filled in: open the gallery",
            trigger: "form[action='/studio/code'] button[type=submit]",
            run: "click",
        },
        axeCheck("the gallery", ".o_studio_grid .o_studio_tile:eq(1) a.o_studio_open"),
        screenshot("02-gallery", ".o_studio_grid .o_studio_tile:eq(1) a.o_studio_open"),
        {
            content: "Each photo says it opens, and from what price it is ordered",
            trigger: ".o_studio_grid .o_studio_tile:eq(1) .o_studio_caption:has(.fa-search-plus) .o_studio_from:contains(from)",
        },
        {
            content: "Open the second portrait in the lightbox",
            trigger: ".o_studio_grid .o_studio_tile:eq(1) a.o_studio_open",
            run: "click",
        },
        {
            content: "The lightbox shows the photo; no product is chosen for the parent, no option shown yet",
            trigger: ".o_studio_lightbox:target img[alt*='pose 2']",
            run() {
                const lightbox = document.querySelector(".o_studio_lightbox:target");
                if (lightbox.querySelector("input[name=product_id]:checked")) {
                    throw new Error("a product is chosen before the parent chose one");
                }
                if ([...lightbox.querySelectorAll(".o_studio_options")].some((el) => el.offsetParent)) {
                    throw new Error("options are shown before a product is chosen");
                }
            },
        },
        {
            content: "Choose the print",
            trigger: ".o_studio_lightbox:target .o_studio_product_choice:contains(Print 5x7) label.form-check-label",
            run: "click",
        },
        {
            content: "The product rows are 44 px tap targets",
            trigger: ".o_studio_lightbox:target .o_studio_product_choice label.form-check-label",
            run() {
                const labels = document.querySelectorAll(".o_studio_lightbox:target .o_studio_product_choice label.form-check-label");
                for (const label of labels) {
                    if (label.getBoundingClientRect().height < 44) {
                        throw new Error(`"${label.textContent.trim()}" is ${label.getBoundingClientRect().height} px high`);
                    }
                }
            },
        },
        {
            content: "Only the print's options are shown",
            trigger: ".o_studio_lightbox:target .o_studio_product_choice:contains(Print 5x7) .o_studio_options:visible",
        },
        {
            trigger: ".o_studio_lightbox:target .o_studio_product_choice:contains(Digital download) .o_studio_options:not(:visible)",
        },
        {
            content: "Close-up crop",
            trigger: ".o_studio_lightbox:target .o_studio_product_choice:contains(Print 5x7) label:contains(Close-up)",
            run: "click",
        },
        screenshot("03-lightbox", ".o_studio_lightbox:target input[type=radio]:checked + label:contains(Close-up)"),
        {
            content: "Add the print to the cart",
            trigger: ".o_studio_lightbox:target button.o_studio_add",
            run: "click",
        },
        {
            content: "Added without leaving the lightbox, said on the screen without scrolling",
            trigger: ".o_studio_lightbox:target [role=status] .o_studio_add_done:not(.d-none)",
            run() {
                const rect = document.querySelector(".o_studio_lightbox:target .o_studio_add_done").getBoundingClientRect();
                if (rect.top < 0 || rect.bottom > window.innerHeight) {
                    throw new Error(`"Added to your cart" is off the screen (${rect.top}-${rect.bottom} of ${window.innerHeight})`);
                }
            },
        },
        axeCheck("the lightbox, the print added", ".o_studio_lightbox:target .o_studio_add_done:not(.d-none)"),
        {
            content: "The cart button counts it",
            trigger: "#studio_cart_link:not(.d-none) .o_studio_cart_quantity:contains(1)",
        },
        {
            content: "Close the lightbox",
            trigger: ".o_studio_lightbox:target .o_studio_close",
            run: "click",
        },
        {
            content: "Back at the photo that was open, which has the focus",
            trigger: ".o_studio_tile:eq(1):target",
            run() {
                const link = document.querySelector(".o_studio_tile:nth-child(2) a.o_studio_open");
                if (document.activeElement !== link) {
                    throw new Error("the focus is not on the photo that was open");
                }
                const rect = link.getBoundingClientRect();
                if (rect.bottom < 0 || rect.top > window.innerHeight) {
                    throw new Error("the photo that was open is off the screen");
                }
            },
        },
        {
            content: "Mark the first photo as a favourite",
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
        screenshot("04-cart", "#cart_products .o_studio_line_child:contains(Ann Lee)"),
        ...checkoutAndPay(
            {
                name: "Tour Parent", phone: "555 0100", email: "tour.parent@example.com",
                street: "1 School Lane", city: "Springfield", zip: "12345",
            },
            { shots: true }
        ),
        screenshot("07-confirmation", ".oe_website_sale_tx_status:contains(successfully processed)"),
    ],
});

/** A step that waits for ``trigger`` and fails with ``message`` when ``selector`` is on the page. */
function withoutStep(content, trigger, selector, message) {
    return {
        content,
        trigger,
        run() {
            if (document.querySelector(selector)) {
                throw new Error(message);
            }
        },
    };
}

// The guest's order page after the gallery order (its link, as the confirmation e-mail gives it): the
// prints carry the photos the parent picked, so no pose is asked; the paid badge and the photo parts pass axe.
registry.category("web_tour.tours").add("studio_prepay_gallery_order_page_tour", {
    steps: () => [
        withoutStep("The paid order, its print and no pose to choose", "#sale_info_table .o_studio_badge_done",
            "#studio_pose_links", "the order page asks to choose the poses of prints the parent picked"),
        axeCheck("the order page's photo parts", "#sale_info_table .o_studio_badge_done", ["#sale_info_table"]),
    ],
});

// A logged-in parent on a phone before picture day: the first child's card opens the prepay shop with
// the child chosen; a package into the cart; back to the shop for the brother, whose code (the
// start URL's "sibling", kept in the tab's session storage) puts his package in the same cart; one
// checkout and one payment for both.
registry.category("web_tour.tours").add("studio_prepay_siblings_tour", {
    steps: () => [
        {
            content: "The code of the first card is filled in: open the prepay shop",
            trigger: "form[action='/studio/code'] button[type=submit]",
            async run(helpers) {
                const sibling = new URLSearchParams(window.location.search).get("sibling");
                window.sessionStorage.setItem("studio_tour_sibling", sibling);
                await helpers.click();
            },
        },
        {
            content: "The child of the card is chosen: one package",
            trigger: "#studio_shop_subject:contains(Ann Lee)",
        },
        {
            content: "The quantity boxes start at 0; the plus button adds one package",
            trigger: ".o_studio_product:contains(Portrait package) input.o_studio_qty:value(0)",
        },
        {
            trigger: ".o_studio_product:contains(Portrait package) .o_studio_qty_plus",
            run: "click",
        },
        axeCheck("the prepay shop", ".o_studio_product:contains(Portrait package) input.o_studio_qty:value(1)"),
        screenshot("09-prepay-shop", ".o_studio_product:contains(Portrait package) input.o_studio_qty:value(1)"),
        {
            trigger: "#studio_shop_submit",
            run: "click",
        },
        {
            content: "The cart says whom the package is for: back to the shop for the brother",
            trigger: "#cart_products .o_studio_line_child:contains(Ann Lee)",
        },
        {
            trigger: "#studio_cart_more",
            run: "click",
        },
        {
            content: "The shop says what the cart holds; the brother's code",
            trigger: "#studio_shop_cart_children:contains(Ann Lee)",
        },
        {
            trigger: "input#subject_code",
            async run(helpers) {
                await helpers.edit(window.sessionStorage.getItem("studio_tour_sibling"));
            },
        },
        {
            trigger: ".o_studio_product:contains(Portrait package) .o_studio_qty_plus",
            run: "click",
        },
        {
            trigger: ".o_studio_product:contains(Portrait package) input.o_studio_qty:value(1)",
        },
        {
            trigger: "#studio_shop_submit",
            run: "click",
        },
        {
            content: "One cart, a package for each child",
            trigger: "#cart_products .o_studio_line_child:contains(Bob Ray)",
        },
        {
            trigger: "#cart_products .o_studio_line_child:contains(Ann Lee)",
        },
        screenshot("10-siblings-cart", "#cart_products .o_studio_line_child:contains(Bob Ray)"),
        ...checkoutAndPay({
            name: "Studio Parent", phone: "555 0101", email: "studio.parent@example.com",
            street: "2 School Lane", city: "Springfield", zip: "12345",
        }),
    ],
});

// The same parent once the job sells: the order page links the galleries whose poses are still to
// choose; the brother's second pose for his package, saved.
registry.category("web_tour.tours").add("studio_prepay_pose_tour", {
    steps: () => [
        {
            content: "Open the prepaid order",
            trigger: "a[href^='/my/orders/']",
            run: "click",
        },
        axeCheck("the order page's photo parts", "#studio_pose_links a:contains(Bob Ray)",
            ["#sale_info_table", "#studio_pose_links"]),
        {
            content: "Choose the poses in the brother's gallery",
            trigger: "#studio_pose_links a:contains(Bob Ray)",
            run: "click",
        },
        axeCheck("the gallery with the pose choice", "#studio_poses label.o_studio_pose"),
        {
            content: "The second pose",
            trigger: "#studio_poses label.o_studio_pose:has(img[alt='Bob Ray, pose 2'])",
            run: "click",
        },
        {
            content: "Save it",
            trigger: "#studio_poses input.btn-check:checked + label:has(img[alt='Bob Ray, pose 2'])",
        },
        {
            trigger: "#studio_poses .o_studio_pose_form button[type=submit]",
            run: "click",
        },
        {
            content: "Saved",
            trigger: "#studio_pose_saved",
        },
        screenshot("08-pose-choice", "#studio_poses input.btn-check:checked + label:has(img[alt='Bob Ray, pose 2'])"),
    ],
});

/** Every element ``selector`` matches (at least one) is a tap target of 44 x 44 px at least. */
function tapTargets(content, selector) {
    return {
        content: `44 px tap targets: ${content}`,
        trigger: selector,
        run() {
            const small = [...document.querySelectorAll(selector)]
                .map((element) => [element, element.getBoundingClientRect()])
                .filter(([, rect]) => rect.width < 44 || rect.height < 44)
                .map(([element, rect]) => `${element.outerHTML.slice(0, 80)} (${rect.width} x ${rect.height})`);
            if (small.length) {
                throw new Error(`${content}: smaller than 44 x 44 px: ${small.join(", ")}`);
            }
        },
    };
}

// The order page of a paid order the studio sent back with a manual refund (tests/test_portal_tour.py):
// the request-for-change form, its photos to choose, and the download paused until the order is paid again.
registry.category("web_tour.tours").add("studio_prepay_change_form_tour", {
    steps: () => [
        {
            content: "The studio's request for change, with the photos to choose from",
            trigger: "#studio_change_form:contains(choose another pose) .o_studio_change_photo img",
            run() {
                const groups = document.querySelectorAll("#studio_change_form [role=radiogroup]");
                if (!groups.length) {
                    throw new Error("the photo radios are in no named group");
                }
                for (const group of groups) {
                    const name = document.getElementById(group.getAttribute("aria-labelledby"));
                    if (!name || !name.textContent.trim()) {
                        throw new Error("a group of photo radios without a name");
                    }
                }
            },
        },
        {
            content: "The download is paused while the order is changed",
            trigger: "#studio_downloads .o_studio_download_paused",
            run() {
                if (document.querySelector("#studio_downloads a")) {
                    throw new Error("a download link of a refunded order");
                }
            },
        },
        tapTargets("the form's controls",
            "#studio_change_form :is(select, input:not([type=hidden], [type=radio]), label.o_studio_change_photo, button)"),
        axeCheck("the request for change and the downloads", "#studio_downloads .o_studio_download_paused",
            ["#studio_change_form", "#studio_downloads"]),
    ],
});

// The order page of a paid order with a digital download: the link to the file.
registry.category("web_tour.tours").add("studio_prepay_downloads_tour", {
    steps: () => [
        withoutStep("The paid order has its download link, and no request for change",
            "#studio_downloads a.o_studio_download:contains(Digital download)",
            "#studio_change_form", "a request-for-change form on an order the studio did not send back"),
        tapTargets("the download links", "#studio_downloads a"),
        axeCheck("the downloads", "#studio_downloads a.o_studio_download", ["#studio_downloads"]),
    ],
});
