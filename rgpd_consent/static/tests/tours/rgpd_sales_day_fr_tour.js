import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// A sales user's day, in French (Privacy / User and Sales, nothing more): a
// consent given on the phone from the Privacy app, another from a contact's
// Privacy tab (the row's own "Par téléphone"), and a confirmation mail sent.
registry.category("web_tour.tours").add("rgpd_sales_day_fr", {
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Privacy app (Confidentialité)",
            trigger: ".o_app[data-menu-xmlid='rgpd_consent.menu_rgpd_root']:contains(Confidentialité)",
            run: "click",
        },
        {
            content: "Record a consent from the consents list",
            trigger: ".o_list_view .o_control_panel button:contains(Enregistrer un consentement)",
            run: "click",
        },
        {
            content: "The wizard opens in French, without any access error",
            trigger: ".modal .modal-title:contains(Enregistrer un consentement)",
        },
        {
            content: "Choose the contact",
            trigger: ".modal .o_field_widget[name=partner_ids] input",
            run: "edit Appelant Tour",
        },
        {
            trigger: ".ui-autocomplete .dropdown-item:contains(Appelant Tour)",
            run: "click",
        },
        {
            content: "Choose the purpose",
            trigger: ".modal .o_field_widget[name=purpose_id] input",
            run: "edit Lettre Tour",
        },
        {
            trigger: ".ui-autocomplete .dropdown-item:contains(Lettre Tour)",
            run: "click",
        },
        {
            content: "The text to read is shown, with the instruction in French",
            trigger: ".modal .alert-info:contains(Lisez ce texte à la personne):contains(Notre lettre mensuelle)",
        },
        {
            content: "Describe the call",
            trigger: ".modal .o_field_widget[name=note] textarea",
            run: "edit Appel à 10h05, identité vérifiée, accepte la lettre.",
        },
        {
            content: "Record",
            trigger: ".modal button[name=action_record]",
            run: "click",
        },
        {
            content: "The consent is listed as given (Donné)",
            trigger: "body:not(:has(.modal)) .o_list_view .o_data_row:contains(Appelant Tour):contains(Lettre Tour):contains(Donné)",
        },
        {
            content: "Open the caller's contact from the consent",
            trigger: ".o_list_view .o_data_row:contains(Appelant Tour) td[name=purpose_id]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=partner_id] a",
            run: "click",
        },
        {
            content: "Open the Privacy tab (Confidentialité)",
            trigger: ".o_notebook a:contains(Confidentialité)",
            run: "click",
        },
        {
            content: "Names, badges and buttons of the Privacy tab are whole, not cut",
            trigger: ".o_rgpd_overview .o_data_row:contains(Événements Tour)",
            run: function () {
                const row = this.anchor;
                const parts = [
                    row.querySelector("td[name=purpose_id]"),
                    row.querySelector("td[name=state] .badge"),
                    ...row.querySelectorAll("td.o_list_button button"),
                ];
                if (parts.length < 4 || parts.some((el) => !el)) {
                    throw new Error("The row lacks its name, badge or buttons");
                }
                for (const el of parts) {
                    if (el.scrollWidth > el.clientWidth + 1) {
                        throw new Error(`Cut in the Privacy tab: ${el.textContent.trim()}`);
                    }
                }
            },
        },
        {
            content: "The offers were never asked: record them from their own row",
            trigger: ".o_rgpd_overview .o_data_row:contains(Offres Tour):contains(Jamais demandé) button[name=action_record_phone]:contains(Par téléphone)",
            run: "click",
        },
        {
            content: "The wizard opens on that row's purpose",
            trigger: ".modal .o_field_widget[name=purpose_id] input:value(Offres Tour)",
        },
        {
            content: "Describe the call",
            trigger: ".modal .o_field_widget[name=note] textarea",
            run: "edit Rappel du client, accepte les offres.",
        },
        {
            content: "Record",
            trigger: ".modal button[name=action_record]",
            run: "click",
        },
        {
            content: "The offers are given in the Privacy tab",
            trigger: "body:not(:has(.modal)) .o_rgpd_overview .o_data_row:contains(Offres Tour):contains(Donné)",
        },
        {
            content: "Ask for the events by mail: send the confirmation",
            trigger: ".o_rgpd_overview .o_data_row:contains(Événements Tour) button[name=action_send_confirmation]:contains(Envoyer la confirmation)",
            run: "click",
        },
        {
            content: "The user is told, in French",
            trigger: ".o_notification:contains(L'e-mail de confirmation est en cours d'envoi)",
        },
        {
            content: "The row now awaits the person's answer (En attente)",
            trigger: ".o_rgpd_overview .o_data_row:contains(Événements Tour):contains(En attente)",
        },
    ],
});
