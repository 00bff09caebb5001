// Copyright 2026 REVO
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {Component} from "@odoo/owl";
import {registry} from "@web/core/registry";
import {standardFieldProps} from "@web/views/fields/standard_field_props";
import {useService} from "@web/core/utils/hooks";

/**
 * The moves the current user may make from the ticket's stage, as buttons.
 * The server computes them from the move table; a click asks the server to
 * make the move, which opens a form when the move needs input.
 */
export class TransitionButtons extends Component {
    static template = "revo_helpdesk.TransitionButtons";
    static props = {...standardFieldProps};

    setup() {
        this.action = useService("action");
        this.orm = useService("orm");
    }

    get transitions() {
        return this.props.record.data[this.props.name].records;
    }

    buttonClass(transition) {
        return transition.data.button_style === "primary"
            ? "btn btn-primary"
            : "btn btn-secondary";
    }

    async onClick(transition) {
        const record = this.props.record;
        if (!(await record.save())) {
            return;
        }
        const action = await this.orm.call(record.resModel, "action_move", [
            [record.resId],
            transition.resId,
        ]);
        if (action && typeof action === "object") {
            await this.action.doAction(action, {onClose: () => record.load()});
        } else {
            await record.load();
        }
    }
}

export const transitionButtons = {
    component: TransitionButtons,
    relatedFields: [
        {name: "display_name", type: "char"},
        {
            name: "button_style",
            type: "selection",
            selection: [
                ["primary", "Primary"],
                ["secondary", "Secondary"],
            ],
        },
    ],
};

registry.category("fields").add("revo_transition_buttons", transitionButtons);
