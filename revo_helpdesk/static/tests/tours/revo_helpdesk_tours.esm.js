// Copyright 2026 REVO
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

const column = (name) => `.o_kanban_group:has(.o_column_title:contains('${name}'))`;
const card = (name) => `.o_kanban_record:contains('${name}')`;
// A board without the other sides' columns: each role's menu opens on its own
// work.
const boardWithout = (...names) =>
    `.o_kanban_renderer${names
        .map((name) => `:not(:has(.o_column_title:contains('${name}')))`)
        .join("")}`;
const moveButton = (label) => `.o_revo_transition_buttons button:contains('${label}')`;
// The statusbar shows the current stage as a checked button, or, when the
// header is crowded, as the label of its dropdown.
const currentStage = (name) =>
    `.o_statusbar_status button[aria-checked='true']:contains('${name}'), ` +
    `.o_statusbar_status button.dropdown-toggle:contains('${name}')`;

// The guide: client tickets are "shown in orange", reseller tickets
// "displayed in white": the card's whole background says which.
function assertCardTint(cardEl, tint) {
    const style = getComputedStyle(cardEl);
    const orange = style.backgroundImage.includes("rgba(244, 164, 96");
    if ((tint === "orange") !== orange) {
        throw new Error(
            `The card should be ${tint}: background ${style.backgroundColor} ${style.backgroundImage}`
        );
    }
}

// After a move, the chatter's newest entry shows whole: its header (author
// and date) is there and inside what the chatter's scroll area shows.
function newestEntryShowsWhole() {
    return {
        content: "The chatter's newest entry shows its author and date",
        trigger: ".o-mail-Chatter .o-mail-Message .o-mail-Message-author",
        run() {
            const entry = document.querySelector(".o-mail-Chatter .o-mail-Message");
            const header = entry.querySelector(".o-mail-Message-header");
            if (!header || !header.querySelector(".o-mail-Message-date")) {
                throw new Error(`The newest entry has no header: ${entry.innerText}`);
            }
            let area = header.parentElement;
            while (area && !["auto", "scroll"].includes(getComputedStyle(area).overflowY)) {
                area = area.parentElement;
            }
            const top = header.getBoundingClientRect().top;
            if (area && top < area.getBoundingClientRect().top) {
                throw new Error("The newest entry's header is cut off at the top");
            }
        },
    };
}

registry.category("web_tour.tours").add("revo_helpdesk_reseller_tour", {
    steps: () => [
        {
            content: "Client tickets are orange on the board, the whole card",
            trigger: `${column("Backlog - Reseller")} ${card("Tour printer")}`,
            run() {
                assertCardTint(this.anchor, "orange");
            },
        },
        {
            content: "The card says the client answered",
            trigger: `${column("Backlog - Reseller")} ${card("Tour printer")} .badge:contains('Client replied')`,
        },
        {
            content: "Reseller tickets are white",
            trigger: `${card("Tour licence")}`,
            run() {
                assertCardTint(this.anchor, "white");
            },
        },
        {
            content: "The reseller's board: its columns and Backlog - REVO Support",
            trigger: `${boardWithout("In Progress - Internal Review", "Pending Release - REVO")} ${column("Backlog - REVO Support")}`,
        },
        {
            content: "A column the case cannot reach refuses the card with the server's reason",
            trigger: `${column("Backlog - Reseller")} ${card("Tour printer")}`,
            run: `drag_and_drop (${column("Confirmation - Reseller")})`,
        },
        {
            trigger: ".modal:contains('You cannot move') .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Start working on the client ticket",
            trigger: `${column("Backlog - Reseller")} ${card("Tour printer")}`,
            run: `drag_and_drop (${column("In Progress - Reseller")})`,
        },
        {
            content: "Waiting on the client: the drop opens the form for the note",
            trigger: `${column("In Progress - Reseller")} ${card("Tour printer")}.o_draggable`,
            run: `drag_and_drop (${column("Backlog - Client")})`,
        },
        {
            trigger: ".modal div[name=body] .odoo-editor-editable",
            run: "editor Which printer model is it?",
        },
        {
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The client answered: back to work",
            trigger: `body:not(:has(.modal)) ${column("Backlog - Client")} ${card("Tour printer")}.o_draggable`,
            run: `drag_and_drop (${column("In Progress - Reseller")})`,
        },
        {
            trigger: `${column("In Progress - Reseller")} ${card("Tour printer")}`,
            run: "click",
        },
        {
            trigger: moveButton("Escalate to REVO"),
            run: "click",
        },
        {
            trigger: ".modal div[name=tests_performed] textarea",
            run: "edit Restarted the printer and reinstalled the driver",
        },
        {
            trigger: ".modal div[name=client_version] input",
            run: "edit App 5.12.1",
        },
        {
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The ticket now waits on REVO support",
            trigger: currentStage("Backlog - REVO Support"),
        },
        newestEntryShowsWhole(),
        {
            content: "The chatter speaks the guide's words",
            trigger: ".o-mail-Chatter-logNote:contains('Add Note')",
            run: "click",
        },
        {
            content: "Add Note says the client reads it",
            trigger: ".o_revo_audience:contains('The client reads this note on the portal')",
        },
        {
            trigger: ".o-mail-Composer-send:contains('Show to Client')",
        },
        {
            content: "A note on a ticket with REVO reaches no agent: warned",
            trigger: ".o_revo_note_warning .o_revo_send_instead",
            run: "click",
        },
        {
            trigger: ".o-mail-Chatter-sendMessage.active:contains('Send Message')",
        },
        {
            content: "Send Message says who reads it",
            trigger: ".o_revo_audience:contains('REVO support and your team read this message')",
        },
        {
            trigger: ".o-mail-Chatter:not(:has(.o_revo_note_warning))",
        },
    ],
});

registry.category("web_tour.tours").add("revo_helpdesk_support_tour", {
    steps: () => [
        {
            content: "CX's board opens on REVO Support's columns",
            trigger: `${boardWithout("Backlog - Reseller", "Backlog - Dev REVO")} ${column("Backlog - REVO Support")} ${card("Tour card payments")}`,
            run: "click",
        },
        {
            content: "The incident's pill shows its whole name",
            trigger: ".badge:contains('Incident: Tour Uber Eats outage')",
            run() {
                const name = this.anchor.querySelector(".o_field_widget span");
                const pill = this.anchor.getBoundingClientRect();
                const shown = name.getBoundingClientRect();
                const inside =
                    shown.left >= pill.left &&
                    shown.right <= pill.right &&
                    shown.top >= pill.top &&
                    shown.bottom <= pill.bottom;
                if (!inside) {
                    throw new Error("The incident's name is cut off by its pill");
                }
            },
        },
        {
            trigger: currentStage("Backlog - REVO Support"),
        },
        {
            content: "Taking the ticket starts the work on it",
            trigger: "button[name=assign_to_me]",
            run: "click",
        },
        {
            trigger: currentStage("In Progress - REVO Support"),
        },
        {
            trigger: currentStage("In Progress - REVO Support"),
            run: "click",
        },
        {
            content: "The stage bar's move goes where a button goes",
            trigger: ".o-dropdown-item:not(.disabled):contains('Backlog - Dev REVO')",
        },
        {
            content: "A stage no move reaches is shown but not clickable",
            trigger: ".o-dropdown-item.disabled:contains('Pending Release - REVO')",
        },
        {
            content: "The stage bar lists the workflow's stages only",
            trigger: ".o-dropdown--menu:not(:has(.o-dropdown-item:contains('Awaiting')))",
        },
        {
            trigger: currentStage("In Progress - REVO Support"),
            run: "click",
        },
        {
            trigger: moveButton("Ask the reseller"),
            run: "click",
        },
        {
            trigger: ".modal div[name=body] .odoo-editor-editable",
            run: "editor Please send the printer model.",
        },
        {
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            trigger: currentStage("Backlog - Reseller"),
        },
        newestEntryShowsWhole(),
        {
            trigger: ".o-mail-Message:contains('Please send the printer model.')",
        },
    ],
});

registry.category("web_tour.tours").add("revo_helpdesk_developer_tour", {
    steps: () => [
        {
            content: "The developers' board opens on development's columns",
            trigger: `${boardWithout("Backlog - Reseller", "Backlog - REVO Support")} ${column("Backlog - Dev REVO")} ${card("Tour stock")}`,
            run: "click",
        },
        {
            trigger: moveButton("Start development"),
            run: "click",
        },
        {
            trigger: ".modal div[name=dev_reference] input",
            run: "edit POS-7777",
        },
        {
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            trigger: currentStage("In Progress - Dev REVO"),
        },
        {
            trigger: moveButton("Add to a release"),
            run: "click",
        },
        {
            trigger: ".modal div[name=release_id] input",
            run: "edit 5.13",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('5.13.0')",
            run: "click",
        },
        {
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            trigger: currentStage("Pending Release - REVO"),
        },
        {
            content: "The ticket shows when the fix ships",
            trigger: "div[name=expected_release_date]:not(:empty)",
        },
        newestEntryShowsWhole(),
        {
            content: "A developer's note says it stays inside REVO",
            trigger: ".o-mail-Chatter-logNote:contains('Log note')",
            run: "click",
        },
        {
            trigger: ".o_revo_audience:contains('This note stays inside REVO')",
        },
    ],
});

registry.category("web_tour.tours").add("revo_helpdesk_client_tour", {
    steps: () => [
        {
            content: "The list says which tickets wait on the client",
            trigger: "tr:contains('Tour drawer'):contains('Your answer is needed')",
        },
        {
            content: "The list fits the screen without sideways scroll",
            trigger: ".table-responsive",
            run() {
                const list = document.querySelector(".table-responsive");
                if (list.scrollWidth > list.clientWidth) {
                    const widths = [...list.querySelectorAll("thead th")].map(
                        (th) => `${th.innerText.trim()} ${Math.round(th.offsetWidth)}`
                    );
                    throw new Error(
                        `The list scrolls sideways: ${list.scrollWidth} > ${list.clientWidth} (${widths.join(", ")})`
                    );
                }
            },
        },
        {
            content: "The client reads its reseller's note",
            trigger: "a:contains('Tour drawer')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The history comes right under the one box to write in",
            trigger: "form[name=revo_view_mode] + #task_chat",
        },
        {
            // The portal chatter lives in a shadow root.
            content: "The reseller's note shows with its author and date",
            trigger:
                "#chatterRoot:shadow .o-mail-Message:contains('Please restart the terminal'):has(.o-mail-Message-author:contains('revo_test_reseller_a')):has(.o-mail-Message-date)",
        },
        {
            content: "No second composer: the box above is the one way to write",
            trigger: "#chatterRoot:shadow .o-mail-Thread:not(:has(.o-mail-Composer))",
        },
        {
            content: "The client answers with the terminal's log",
            trigger: "form[name=revo_view_mode] textarea[name=comment]",
            run: "edit The drawer still sticks, here is the log.",
        },
        {
            trigger: "form[name=revo_view_mode] input[type=file][name=attachments]",
            run() {
                const files = new DataTransfer();
                files.items.add(
                    new File(["E42 drawer"], "drawer-log.txt", {type: "text/plain"})
                );
                this.anchor.files = files.files;
            },
        },
        {
            trigger: "form[name=revo_view_mode] button[value=update]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The reply shows in the history with its file",
            trigger:
                "#chatterRoot:shadow .o-mail-Message:contains('still sticks'):has(.o-mail-AttachmentList:contains('drawer-log.txt'))",
        },
        {
            trigger: ".breadcrumb a:contains('Tickets')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: "button[name=create_new_ticket]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The category sets the response target",
            trigger: "select[name=category]",
            run: "selectByLabel Issue Without Error",
        },
        {
            trigger: "input[name=subject]",
            run: "edit Kitchen display is blank",
        },
        {
            trigger: "textarea[name=description]",
            run: "edit Since the update this morning.",
        },
        {
            trigger: "button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: "h3:contains('Kitchen display is blank')",
        },
        {
            content: "The new ticket is confirmed with its number",
            trigger: ".o_revo_ticket_created:contains('has been created')",
        },
        {
            content: "The view mode: a comment, then Close Ticket",
            trigger: "form[name=revo_view_mode] textarea[name=comment]",
            run: "edit It works again after a restart.",
        },
        {
            trigger: "form[name=revo_view_mode] button[value=close]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "A closed ticket offers Reopen",
            trigger: "form[name=revo_view_mode] button[value=reopen]",
        },
    ],
});

registry.category("web_tour.tours").add("revo_helpdesk_similar_tour", {
    steps: () => [
        {
            content: "The Similar Tickets tab suggests resolved tickets",
            trigger: "a.nav-link:contains('Similar Tickets')",
            run: "click",
        },
        {
            trigger: "div.o_revo_similar_tickets tr.o_revo_similar_ticket:contains('Tour twin resolved')",
        },
        {
            content: "A suggestion marked unhelpful disappears",
            trigger:
                "div.o_revo_similar_tickets tr.o_revo_similar_ticket:contains('Tour twin resolved') button[name=action_similar_unhelpful]",
            run: "click",
        },
        {
            trigger: "div.o_revo_similar_tickets tr.o_revo_similar_ticket:contains('Tour cousin resolved')",
        },
        {
            trigger:
                "div.o_revo_similar_tickets:not(:has(tr.o_revo_similar_ticket:contains('Tour twin resolved')))",
        },
        {
            content: "A helpful one opens in one click",
            trigger:
                "div.o_revo_similar_tickets tr.o_revo_similar_ticket:contains('Tour cousin resolved') button[name=action_open_ticket]",
            run: "click",
        },
        {
            trigger: ".o_breadcrumb:contains('Tour cousin resolved')",
        },
    ],
});
