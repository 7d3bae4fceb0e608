import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("rgpd_anonymize_wizard", {
    steps: () => [
        {
            content: "Open the Privacy tab of the contact",
            trigger: ".o_notebook_headers a[name='rgpd_privacy']",
            run: "click",
        },
        {
            content: "Anonymize the contact",
            trigger: "button.o_rgpd_anonymize",
            run: "click",
        },
        {
            content: "The wizard shows, per model, what will change: the contact's email",
            trigger: ".modal .o_data_row:contains(Contact):contains(Email)",
        },
        {
            content: "and the lead found by the email",
            trigger: ".modal .o_data_row:contains(Lead)",
        },
        {
            content: "Confirm",
            trigger: ".modal button.o_rgpd_anonymize_confirm",
            run: "click",
        },
        {
            content: "The log of the anonymization is shown",
            trigger: ".o_list_view .o_data_row:contains(Anonymized)",
        },
    ],
});
