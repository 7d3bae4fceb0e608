import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("rgpd_lead_phone_consent", {
    steps: () => [
        {
            content: "Open the Privacy tab of the lead",
            trigger: ".o_notebook a[name=rgpd_privacy]",
            run: "click",
        },
        {
            content: "Record a consent given on the phone",
            trigger: "button.o_rgpd_lead_phone",
            run: "click",
        },
        {
            content: "Choose the purpose",
            trigger: ".modal div[name=purpose_id] input",
            run: "edit Tour Lead Newsletter",
        },
        {
            content: "Pick it in the list",
            trigger: ".o-autocomplete--dropdown-item:contains(Tour Lead Newsletter)",
            run: "click",
        },
        {
            content: "Describe the call",
            trigger: ".modal div[name=note] textarea",
            run: "edit Called the customer back; she agreed to receive the newsletter.",
        },
        {
            content: "Record it",
            trigger: ".modal button[name=action_record]",
            run: "click",
        },
        {
            content: "The consent is listed in the Privacy tab",
            trigger: "div[name=rgpd_consent_ids] .o_data_row:contains(Tour Lead Newsletter):contains(Given)",
        },
        {
            content: "The badge shows on the lead",
            trigger: ".o_rgpd_lead_badges .o_tag:contains(Tour Lead Newsletter)",
        },
    ],
});
