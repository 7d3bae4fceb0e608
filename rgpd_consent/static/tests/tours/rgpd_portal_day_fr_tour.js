import { registry } from "@web/core/registry";

// The portal customer's day, in French: /my/privacy (withdraw one consent,
// give another) ...
registry.category("web_tour.tours").add("rgpd_portal_privacy_fr", {
    url: "/my/privacy",
    steps: () => [
        {
            content: "The letter's consent is given (Consentement donné)",
            trigger: ".o_rgpd_purpose_rgpd_fr_letter.o_rgpd_state_given .o_rgpd_state:contains(Consentement donné)",
        },
        {
            content: "Withdraw it (Retirer)",
            trigger: ".o_rgpd_purpose_rgpd_fr_letter button.o_rgpd_withdraw:contains(Retirer)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The choice is saved, in French",
            trigger: ".o_rgpd_purpose_rgpd_fr_letter.o_rgpd_state_withdrawn .alert-success:contains(Votre choix a bien été enregistré)",
        },
        {
            content: "Its history says what changed, in French",
            trigger: ".o_rgpd_purpose_rgpd_fr_letter .o_rgpd_history summary:contains(Historique)",
            run: "click",
        },
        {
            trigger: ".o_rgpd_purpose_rgpd_fr_letter .o_rgpd_event:contains(Donné → Retiré)",
        },
        {
            content: "Say 15 or older (Oui, j'ai 15 ans ou plus)",
            trigger: ".o_rgpd_purpose_rgpd_fr_offers input[value=over]",
            run: "click",
        },
        {
            content: "Give the offers (Donner mon consentement)",
            trigger: ".o_rgpd_purpose_rgpd_fr_offers button.o_rgpd_give:contains(Donner mon consentement)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The offers are given",
            trigger: ".o_rgpd_purpose_rgpd_fr_offers.o_rgpd_state_given .o_rgpd_state:contains(Consentement donné)",
        },
    ],
});

// ... then the preference centre of a mail: a consent asked by mail is
// pending (not "off"), switched on and saved; everything withdrawn, then
// brought back with "Revenir en arrière" (not "Annuler").
registry.category("web_tour.tours").add("rgpd_preferences_fr", {
    steps: () => [
        {
            content: "The events, asked by mail, await the person's answer",
            trigger: ".o_rgpd_pref_rgpd_fr_events:has(input:not(:checked)) .o_rgpd_pref_pending:contains(En attente de votre confirmation)",
        },
        {
            content: "Switch them on",
            trigger: ".o_rgpd_pref_rgpd_fr_events input",
            run: "click",
        },
        {
            content: "Save (Enregistrer mes choix)",
            trigger: "button.o_rgpd_save:contains(Enregistrer mes choix)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Saved, and the events are on, no longer pending",
            trigger: ".o_rgpd_saved:contains(Vos choix sont enregistrés)",
        },
        {
            trigger: ".o_rgpd_pref_rgpd_fr_events:not(:has(.o_rgpd_pref_pending)) input:checked",
        },
        {
            content: "Withdraw from all (Tout retirer)",
            trigger: "button.o_rgpd_withdraw_all:contains(Tout retirer)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Everything is off",
            trigger: ".o_rgpd_pref_rgpd_fr_events input:not(:checked)",
        },
        {
            content: "Undo reads as going back, not as cancel",
            trigger: "button.o_rgpd_undo:contains(Revenir en arrière)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The events are on again",
            trigger: ".o_rgpd_pref_rgpd_fr_events input:checked",
        },
    ],
});
