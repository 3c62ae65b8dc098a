/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * The form of a photo upload running in the background, left open: the Python test
 * (tests/test_upload_progress_tour.py) runs a background step when a step logs
 * "studio_upload_step" (one step) or "studio_upload_finish" (all the steps left); the form must
 * follow without being reloaded.
 */
const PROGRESS = ".o_field_studio_upload_progress .o_progress";

registry.category("web_tour.tours").add("studio_upload_progress_tour", {
    steps: () => [
        {
            content: "The open upload has read nothing yet",
            trigger: `${PROGRESS}[aria-valuenow='0']`,
            run() {
                console.log("studio_upload_step");
            },
        },
        {
            content: "A background step read files: the percentage moves past 0 without a reload",
            trigger: `${PROGRESS}:not([aria-valuenow='0'])`,
            timeout: 15000,
        },
        {
            content: "and the files read with it",
            trigger: ".o_field_widget[name=read_count]:contains(2)",
            run() {
                console.log("studio_upload_finish");
            },
        },
        {
            content: "The upload is done: the report shows, the progress bar goes",
            trigger: ".o_field_widget[name=report]:contains(6 photos imported)",
            timeout: 15000,
        },
        {
            content: "The progress bar is gone",
            trigger: `body:not(:has(${PROGRESS}))`,
        },
    ],
});
