/** @odoo-module **/

import { onWillUnmount, useEffect } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { ProgressBarField, progressBarField } from "@web/views/fields/progress_bar/progress_bar_field";

/**
 * The progress bar of a photo upload processed in the background (studio.upload): the cron steps
 * move the upload on in their own transactions, and nothing tells the open form. While the upload
 * runs (its state is not "done"), the widget re-reads the record every POLL_DELAY milliseconds, so
 * the percentage, the state and the files move without reloading the page; it stops once the upload
 * is done or the form is left.
 */
export class StudioUploadProgressField extends ProgressBarField {
    static POLL_DELAY = 2000;

    setup() {
        super.setup();
        this.timer = null;
        useEffect(
            (state) => {
                if (state !== "done") {
                    this.schedule();
                }
                return () => this.stop();
            },
            () => [this.props.record.data.state]
        );
        onWillUnmount(() => this.stop());
    }

    schedule() {
        this.stop();
        this.timer = setTimeout(() => this.refresh(), this.constructor.POLL_DELAY);
    }

    stop() {
        clearTimeout(this.timer);
        this.timer = null;
    }

    async refresh() {
        const record = this.props.record;
        if (record.isNew || record.data.state === "done" || (await record.isDirty())) {
            return;
        }
        await record.load();
        if (this.timer !== null && record.data.state !== "done") {
            this.schedule();  // the next read once this one is in (a slow server is not flooded)
        }
    }
}

export const studioUploadProgressField = {
    ...progressBarField,
    component: StudioUploadProgressField,
    fieldDependencies: [{ name: "state", type: "selection" }],
};

registry.category("fields").add("studio_upload_progress", studioUploadProgressField);
