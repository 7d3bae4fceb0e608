import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("rgpd_impact_assessment_officer", {
    steps: () => [
        {
            content: "Open the processing activity from the register",
            trigger: ".o_data_row td:contains(Tour scoring)",
            run: "click",
        },
        {
            content: "Open its impact assessment tab",
            trigger: ".o_notebook a.nav-link:contains(Impact Assessment (Art. 35))",
            run: "click",
        },
        {
            content: "One criterion: evaluation or scoring",
            trigger: "div[name=dpia_evaluation] input",
            run: "click",
        },
        {
            content: "A second one: large scale",
            trigger: "div[name=dpia_large_scale] input",
            run: "click",
        },
        {
            content: "Two criteria: the form says an assessment is required",
            trigger: ".o_rgpd_dpia_missing:contains(An impact assessment is required)",
        },
        {
            content: "The Officer sees where to attach it",
            trigger: "div[name=dpia_document]",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view:not(:has(.o_form_button_save:visible))",
        },
        {
            content: "Back to the register",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb .breadcrumb-item:first-child a",
            run: "click",
        },
        {
            content: "The register shows the assessment missing",
            trigger: ".o_data_row:contains(Tour scoring) [name=dpia_state]:contains(Missing)",
        },
    ],
});

registry.category("web_tour.tours").add("rgpd_impact_assessment_privacy_user", {
    steps: () => [
        {
            content: "Open its impact assessment tab",
            trigger: ".o_notebook a.nav-link:contains(Impact Assessment (Art. 35))",
            run: "click",
        },
        {
            content: "The Privacy User reads that an assessment is required",
            trigger: ".o_rgpd_dpia_missing:contains(An impact assessment is required)",
        },
        {
            content: "They see the criteria, read-only",
            trigger: "div[name=dpia_evaluation] input:disabled",
        },
        {
            content: "but not the assessment, which is the Officer's",
            trigger: ".o_form_view:not(:has(div[name=dpia_document])):not(:has(div[name=dpia_conclusion]))",
        },
    ],
});
