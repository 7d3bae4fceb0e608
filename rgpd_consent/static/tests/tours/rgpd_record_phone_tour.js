import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("rgpd_record_phone_consent", {
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Privacy app",
            trigger: ".o_app[data-menu-xmlid='rgpd_consent.menu_rgpd_root']",
            run: "click",
        },
        {
            content: "Record a consent from the consents list",
            trigger: ".o_list_view .o_control_panel button:contains(Record a Consent)",
            run: "click",
        },
        {
            content: "Choose the contact",
            trigger: ".modal .o_field_widget[name=partner_ids] input",
            run: "edit Tour Phone Caller",
        },
        {
            trigger: ".ui-autocomplete .dropdown-item:contains(Tour Phone Caller)",
            run: "click",
        },
        {
            content: "Choose the purpose",
            trigger: ".modal .o_field_widget[name=purpose_id] input",
            run: "edit Tour Phone Newsletter",
        },
        {
            trigger: ".ui-autocomplete .dropdown-item:contains(Tour Phone Newsletter)",
            run: "click",
        },
        {
            content: "The text to read to the caller is shown",
            trigger: ".modal .o_field_widget[name=purpose_text]:contains(Our phone newsletter)",
        },
        {
            content: "Describe the call",
            trigger: ".modal .o_field_widget[name=note] textarea",
            run: "edit Called at 10:05, identity checked, agreed to the newsletter.",
        },
        {
            content: "Record",
            trigger: ".modal button[name=action_record]",
            run: "click",
        },
        {
            content: "Back on the list",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The consent is listed as given",
            trigger: ".o_list_view .o_data_row:contains(Tour Phone Caller):contains(Given) td[name=purpose_id]",
            run: "click",
        },
        {
            content: "Open the contact from the consent",
            trigger: ".o_form_view .o_field_widget[name=partner_id] a",
            run: "click",
        },
        {
            content: "Open its Privacy tab",
            trigger: ".o_notebook a:contains(Privacy)",
            run: "click",
        },
        {
            content: "The newsletter is given there, and the never-asked purposes are listed too",
            trigger: ".o_rgpd_overview .o_data_row:contains(Tour Phone Newsletter):contains(Given)",
        },
        {
            trigger: ".o_rgpd_overview .o_data_row:contains(Tour Phone Offers):contains(Never Asked)",
        },
    ],
});
