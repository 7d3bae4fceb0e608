import { registry } from "@web/core/registry";

function fillAndSend(email) {
    return [
        {
            content: "Say who you are",
            trigger: "input#rgpd_request_name",
            run: "edit Léa Visitor",
        },
        {
            content: "Give the address the link goes to",
            trigger: "input#rgpd_request_email",
            run: `edit ${email}`,
        },
        {
            content: "Ask for a copy of the data",
            trigger: "select#rgpd_request_type",
            run: "select access",
        },
        {
            content: "Send the request",
            trigger: "button.o_rgpd_request_submit",
            run: "click",
            expectUnloadPage: true,
        },
    ];
}

// A visitor behind an office's or a mobile operator's shared address, after
// ten others of the same network: the request goes through.
registry.category("web_tour.tours").add("rgpd_dsar_public_request_shared_ip", {
    url: "/rgpd/request",
    steps: () => [
        ...fillAndSend("lea.visitor@example.com"),
        {
            content: "The visitor is told to check the mailbox, not refused",
            trigger: ".o_rgpd_request_sent:contains(lea.visitor@example.com)",
        },
    ],
});

// The same visitor once the network's generous limit is reached: told when to
// come back and where to write meanwhile, with a way back to the form.
registry.category("web_tour.tours").add("rgpd_dsar_public_request_limited", {
    url: "/rgpd/request",
    steps: () => [
        ...fillAndSend("late.visitor@example.com"),
        {
            content: "The page says when to try again",
            trigger: ".o_rgpd_request_limited .o_rgpd_retry strong:contains(minutes)",
        },
        {
            content: "and gives the DPO's address to write to meanwhile",
            trigger: ".o_rgpd_request_limited .o_rgpd_dpo_contact a[href='mailto:dpo@example.com']",
        },
        {
            content: "Back to the form",
            trigger: "a.btn[href='/rgpd/request']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The form is there again",
            trigger: "form.o_rgpd_request_form input#rgpd_request_email",
        },
    ],
});
