import { registry } from "@web/core/registry";

// The Officer, logged in as herself, carries an erasure request from New to Done.
registry.category("web_tour.tours").add("rgpd_dsar_officer_erasure", {
    steps: () => [
        {
            content: "The request is new",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(New)",
        },
        {
            content: "Ask the person for a proof of identity",
            trigger: ".o_form_view button[name=action_ask_identity]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(Identity Check)",
        },
        {
            content: "Say how the identity was checked",
            trigger: ".o_form_view .o_field_widget[name=identity_method] .o_select_menu_toggler",
            run: "click",
        },
        {
            trigger: ".o_select_menu_menu .o_select_menu_item:contains(Identity document checked)",
            run: "click",
        },
        {
            content: "The identity is verified",
            trigger: ".o_form_view button[name=action_verify_identity]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(In Progress)",
        },
        {
            content: "Erase the person's data",
            trigger: ".o_form_view button[name=action_erase]",
            run: "click",
        },
        {
            content: "Confirm the erasure",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The erasure certificate is there",
            trigger: ".o_form_view .o_notebook .nav-link:contains(Erasure Certificate)",
        },
        {
            content: "Send the answer",
            trigger: ".o_form_view button[name=action_done]",
            run: "click",
        },
        {
            content: "The request is done",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(Done)",
        },
    ],
});
