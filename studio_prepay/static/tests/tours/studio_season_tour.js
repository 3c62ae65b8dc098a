/** @odoo-module **/

import { registry } from "@web/core/registry";
import { browser } from "@web/core/browser/browser";
import { download } from "@web/core/network/download";

/**
 * Each role's season in the back office (tests/test_backoffice_tour.py, TestSeasonTours): the studio
 * administrator, the studio user and the billing-only accountant, each with exactly its groups, on
 * fixtures made in Python. Every tour is short and starts on the record the test gives it.
 */

const tours = registry.category("web_tour.tours");

const noError = {
    content: "No error dialog",
    trigger: "body:not(:has(.o_error_dialog))",
};

function notification(text) {
    return [
        { content: `Notification: ${text}`, trigger: `.o_notification:contains(${text})` },
        noError,
    ];
}

function clickButton(name, content) {
    return { content, trigger: `.o_form_view button[name=${name}]:enabled`, run: "click" };
}

/** The order form's notebook page ``name`` (studio_photo_job, order_lines). */
function openPage(name) {
    return { content: `Open the ${name} page`, trigger: `.o_notebook a.nav-link[name=${name}]`, run: "click" };
}

/** On the order's Photo job page: the field ``name`` shows ``text``. */
function photoJobShows(name, text, content) {
    return [
        openPage("studio_photo_job"),
        { content, trigger: `.o_form_view .o_field_widget[name=${name}]:contains(${text})` },
    ];
}

/** Record downloads instead of making them: the report's URL (a PDF is not rendered) and act_url downloads. */
function recordDownloads() {
    return {
        content: "Record downloads instead of making them",
        trigger: "body",
        run() {
            const mark = (url) => {
                document.body.dataset.studioDownload = url;
            };
            download._download = async (options) => {
                mark(JSON.parse(options.data.data)[0]);
            };
            Object.defineProperty(browser, "location", {
                value: { assign: mark, href: window.location.href, origin: window.location.origin },
                configurable: true,
            });
        },
    };
}

function actionMenu(item) {
    return [
        { content: "Open the Actions menu", trigger: ".o_cp_action_menus button", run: "click" },
        { content: `Action ${item}`, trigger: `.o-dropdown--menu .o-dropdown-item:contains(${item})`, run: "click" },
    ];
}

/** Studio administrator: the job's wizards. */
tours.add("studio_season_admin_job_tour", {
    steps: () => [
        clickButton("action_open_names_import", "Import names list"),
        {
            content: "Upload a small CSV names list through the file input",
            trigger: ".modal .o_field_widget[name=file]",
            run() {
                const input = this.anchor.querySelector("input[type=file]");
                const file = new File(["Name,Group\nEve Import,4D\nFinn Import,4D\n"], "names.csv",
                                      { type: "text/csv" });
                const transfer = new DataTransfer();
                transfer.items.add(file);
                input.files = transfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        { content: "The file is loaded", trigger: ".modal .o_field_widget[name=file] input.o_input:value(names.csv)" },
        { content: "Import", trigger: ".modal button[name=action_import]", run: "click" },
        ...notification("2 subjects created"),
        { content: "The wizard is closed", trigger: "body:not(:has(.modal))" },
        recordDownloads(),
        clickButton("action_open_qr_cards", "Print QR cards"),
        { content: "The QR cards wizard lists the subjects", trigger: ".modal .o_data_row:contains(Eve Import)" },
        { content: "Print", trigger: ".modal button[name=action_print]", run: "click" },
        {
            content: "The QR cards' PDF is requested",
            trigger: "body[data-studio-download*='/report/pdf/studio_prepay.']",
        },
        noError,
        { content: "Close the wizard if still open", trigger: "body", run() {
            document.querySelector(".modal .btn-close")?.click();
        } },
        { content: "The wizard is closed", trigger: "body:not(:has(.modal))" },
        clickButton("action_open_photo_upload", "Upload photos"),
        { content: "The upload wizard opens", trigger: ".modal .o_field_widget[name=attachment_ids]" },
        noError,
        { content: "Cancel", trigger: ".modal-footer button:contains(Cancel)", run: "click" },
        { content: "The wizard is closed", trigger: "body:not(:has(.modal))" },
    ],
});

/** Populate photos and place the orders of the collection the tour starts on. */
function populateAndPlace() {
    return [
        clickButton("action_populate_photos", "Populate photos"),
        ...notification("have all their photos"),
        clickButton("action_place_orders", "Place order(s) now"),
        { content: "Confirm placing", trigger: ".modal-footer .btn-primary", run: "click" },
        ...notification("in manual revision"),
    ];
}

/** Manual revision > the order of ``subject``: optionally another photo, then Release to batch. */
function reviseAndRelease(subject, newPhoto) {
    const steps = [
        {
            content: "Go to Manual revision",
            trigger: "body",
            run: "goToUrl /odoo/action-studio_prepay.action_studio_manual_revision",
        },
        { content: `Open the order of ${subject}`, trigger: `.o_data_row:contains(${subject}) td.o_data_cell`, run: "click" },
        ...photoJobShows("studio_pipeline_state", "Manual revision", "The order form"),
    ];
    if (newPhoto) {
        steps.push(
            openPage("order_lines"),
            {
                content: "Edit the line's photo",
                trigger: ".o_field_widget[name=order_line] .o_data_row td[name=studio_photo_id]",
                run: "click",
            },
            {
                content: "Type the child's name in the photo picker",
                trigger: ".o_field_widget[name=order_line] .o_data_row .o_field_widget[name=studio_photo_id] input",
                run: `edit ${subject}`,
            },
            {
                content: `Pick ${newPhoto}`,
                trigger: `.o-autocomplete--dropdown-menu li a:contains(${subject}):contains(${newPhoto})`,
                run: "click",
            },
            { content: "Save", trigger: ".o_form_button_save", run: "click" },
            { content: "Saved", trigger: ".o_form_view .o_form_saved" },
            noError,
            {
                content: "The line shows the new photo",
                trigger: `.o_field_widget[name=order_line] .o_data_row td[name=studio_photo_id]:contains(${newPhoto})`,
            },
        );
    }
    steps.push(
        clickButton("action_release_from_revision", "Release to batch"),
        ...notification("released from manual revision"),
        ...photoJobShows("studio_pipeline_state", "In batch", "The order is in the batch"),
    );
    return steps;
}

tours.add("studio_season_admin_collection_tour", {
    steps: () => [...populateAndPlace(), ...reviseAndRelease("Ann Lee", "_2.jpg")],
});

tours.add("studio_season_user_collection_tour", {
    steps: () => [...populateAndPlace(), ...reviseAndRelease("Ann Lee", null)],
});

/** The batch: Release to the lab, then download its order sheet. */
tours.add("studio_season_admin_batch_tour", {
    steps: () => [
        clickButton("action_release", "Release to the lab"),
        { content: "Confirm", trigger: ".modal-footer .btn-primary", run: "click" },
        { content: "The batch is released", trigger: ".o_field_widget[name=state] .o_arrow_button_current:contains(Released)" },
        noError,
        recordDownloads(),
        clickButton("action_download_sheet", "Order sheet"),
        { content: "The order sheet is downloaded", trigger: "body[data-studio-download*='download=true']" },
        noError,
    ],
});

/** Request for change on the order the tour starts on: a line, a message, then ``button``. */
function requestChange(button, notice) {
    return [
        { content: "Request for change", trigger: ".o_form_statusbar button:contains(Request for change)", run: "click" },
        {
            content: "Choose the line to change",
            trigger: ".modal .o_field_widget[name=line_ids] input",
            run: "edit Print",
        },
        { content: "The line", trigger: ".o-autocomplete--dropdown-menu li a:contains(Print)", run: "click" },
        {
            content: "Write the message",
            trigger: ".modal .o_field_widget[name=message] .odoo-editor-editable",
            run: "editor Please choose another pose.",
        },
        { content: button, trigger: `.modal-footer button:contains(${button})`, run: "click" },
        ...notification(notice),
        ...photoJobShows("studio_change_state", "Request for change", "The order is sent back"),
    ];
}

tours.add("studio_season_change_request_tour", {
    steps: () => requestChange("OK", "Request for change sent to the customer."),
});

tours.add("studio_season_change_request_refund_by_hand_tour", {
    steps: () => [
        ...photoJobShows("studio_payment_state", "Paid", "The order is paid"),
        ...requestChange("I refund by hand", "Request for change sent to the customer."),
    ],
});

/** A studio user may not send a paid order back: refused as the dialog opens. */
tours.add("studio_season_change_request_refused_tour", {
    steps: () => [
        { content: "Request for change", trigger: ".o_form_statusbar button:contains(Request for change)", run: "click" },
        {
            content: "Refused: the refund right is the administrator's and the accountant's",
            trigger: ".o_error_dialog:contains(only accountants and studio administrators)",
        },
        { content: "Close the message", trigger: ".o_error_dialog .modal-footer .btn-primary", run: "click" },
        { content: "No request form was opened", trigger: "body:not(:has(.modal))" },
    ],
});

/** Refund & restock from the Actions menu of the order the tour starts on. */
tours.add("studio_season_refund_tour", {
    steps: () => [
        ...photoJobShows("studio_payment_state", "Paid", "The order is paid"),
        ...actionMenu("Refund & restock"),
        { content: "Give a reason", trigger: ".modal .o_field_widget[name=reason] input", run: "edit Duplicate order" },
        { content: "Refund now", trigger: ".modal button[name=action_refund]", run: "click" },
        ...notification("Refund sent."),
        ...photoJobShows("studio_payment_state", "Refunded", "The order is refunded"),
    ],
});

/** Accountant: Invoicing > Customers > Invoices, a photo order's invoice and its Sale Orders button. */
tours.add("studio_season_invoice_to_order_tour", {
    steps: () => [
        { content: "Open the photo order's invoice", trigger: ".o_data_row:contains(Ivy Parent) td.o_data_cell", run: "click" },
        { content: "The invoice", trigger: ".o_form_view .o_field_widget[name=partner_id]:contains(Ivy Parent)" },
        {
            content: "Open its sale order",
            trigger: "button[name=action_view_source_sale_orders]:contains(Sale Orders)",
            run: "click",
        },
        { content: "The photo order's form", trigger: ".o_form_view .o_field_widget[name=studio_job_id]" },
        noError,
    ],
});

/** Accountant: a bank-transfer order's form, Action > Mark as paid. */
tours.add("studio_season_mark_paid_tour", {
    steps: () => [
        ...photoJobShows("studio_payment_state", "Pending", "The order waits for its transfer"),
        { content: "Action menu", trigger: ".o_cp_action_menus button", run: "click" },
        { content: "Mark as paid", trigger: ".o-dropdown--menu .o-dropdown-item:contains(Mark as paid)", run: "click" },
        { content: "The wizard", trigger: ".modal button[name=action_mark_paid]", run: "click" },
        ...photoJobShows("studio_payment_state", "Paid", "Now paid"),
        noError,
    ],
});

/** Accountant: Invoicing > Customers > Stripe payouts, a booked payout, its booking and journal entry. */
tours.add("studio_season_payout_tour", {
    steps: () => [
        { content: "Open the booked payout", trigger: ".o_data_row:contains(po_season) td.o_data_cell", run: "click" },
        { content: "The Booking page", trigger: ".o_notebook a.nav-link:contains(Booking)", run: "click" },
        { content: "Its lines", trigger: ".o_field_widget[name=move_line_ids] .o_data_row:nth-child(4)" },
        { content: "Open the journal entry", trigger: ".o_field_widget[name=move_id] a", run: "click" },
        { content: "The posted entry", trigger: ".o_form_view .o_field_widget[name=state] .o_arrow_button_current:contains(Posted)" },
        noError,
        {
            content: "Reset to Draft is refused",
            trigger: ".o_form_view",
            run() {
                const button = document.querySelector(".o_form_statusbar button[name=button_draft]");
                if (button) {
                    button.click();
                } else {
                    document.body.dataset.studioNoResetButton = "1";
                }
            },
        },
        {
            content: "No button, or the refusal",
            trigger: "body[data-studio-no-reset-button], .o_error_dialog:contains(cannot be reset to draft)",
        },
    ],
});
