/** @odoo-module **/

import { registry } from "@web/core/registry";
import saleTourUtils from "@sale/js/tours/tour_utils";

/**
 * The staff's side in the backend (tests/test_backoffice_tour.py): the web client's form sends every
 * field of a new order and of its lines, the empty ones too, and the write guards must let it save.
 */

/** Save the form, then wait until it shows a saved record (a refused save leaves it new and dirty). */
function saveAndCheck(name) {
    return [
        {
            content: `Save the ${name}`,
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: `The ${name} is saved`,
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "No error dialog",
            trigger: "body:not(:has(.o_error_dialog))",
        },
    ];
}

/** Sales > Quotations > New: a customer, a plain product, Save. */
registry.category("web_tour.tours").add("studio_prepay_backoffice_quotation_tour", {
    url: "/odoo/action-sale.action_quotations_with_onboarding",
    steps: () => [
        {
            content: "New quotation",
            trigger: ".o_list_button_add",
            run: "click",
        },
        ...saleTourUtils.selectCustomer("Office Customer"),
        ...saleTourUtils.addProduct("Front Desk Lamp"),
        ...saleTourUtils.clickSomewhereElse(),
        ...saveAndCheck("quotation"),
        {
            content: "The saved quotation has its line",
            trigger: ".o_field_widget[name=order_line] .o_data_row:contains(Front Desk Lamp)",
        },
    ],
});

/** A photo job's order collection > Add order: a paper order of a parent for a subject of the job, Save. */
registry.category("web_tour.tours").add("studio_prepay_backoffice_paper_order_tour", {
    steps: () => [
        {
            content: "Add a paper order to the collection",
            trigger: ".o_form_view button[name=action_add_order]",
            run: "click",
        },
        {
            content: "The new order is for the collection's job",
            trigger: ".o_field_widget[name=studio_job_id] input:value(Paper School 2026)",
        },
        ...saleTourUtils.selectCustomer("Paper Parent"),
        {
            content: "Choose the subject",
            trigger: ".o_field_widget[name=studio_subject_id] input",
            run: "edit Dora Paper",
        },
        {
            trigger: "ul.ui-autocomplete > li > a:contains(Dora Paper)",
            run: "click",
        },
        ...saleTourUtils.addProduct("Paper Print 8x10"),
        ...saleTourUtils.clickSomewhereElse(),
        {
            content: "The line is added (no product configurator for paper orders)",
            trigger: "body:not(:has(.modal)) .o_field_widget[name=order_line] .o_data_row:contains(Paper Print 8x10)",
        },
        ...saveAndCheck("paper order"),
        {
            content: "Open the Photo job page",
            trigger: ".o_notebook a.nav-link[name=studio_photo_job]",
            run: "click",
        },
        {
            content: "The saved order is in the collection",
            trigger: ".o_field_widget[name=studio_collection_id]:contains(Paper School 2026)",
        },
    ],
});
