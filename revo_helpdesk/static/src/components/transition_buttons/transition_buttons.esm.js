// Copyright 2026 REVO
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {Component, onWillStart, onWillUpdateProps, useState} from "@odoo/owl";
import {registry} from "@web/core/registry";
import {standardFieldProps} from "@web/views/fields/standard_field_props";
import {useService} from "@web/core/utils/hooks";

const TRANSITION_MODEL = "revo.helpdesk.transition";

/**
 * The moves the current user may make from the ticket's stage, as buttons.
 * The server computes them from the move table and sends their ids only; the
 * labels come from the table of all moves, asked once per session, so that
 * opening a ticket reads no move. A click asks the server to make the move,
 * which opens a form when the move needs input.
 */
export class TransitionButtons extends Component {
    static template = "revo_helpdesk.TransitionButtons";
    static props = {...standardFieldProps};

    setup() {
        this.action = useService("action");
        this.orm = useService("orm");
        this.state = useState({buttons: {}});
        onWillStart(() => this.loadButtons(this.transitionIds(this.props)));
        onWillUpdateProps((nextProps) =>
            this.loadButtons(this.transitionIds(nextProps))
        );
    }

    transitionIds(props) {
        return props.record.data[props.name].currentIds;
    }

    async loadButtons(ids) {
        let buttons = await this.orm
            .cache({type: "ram"})
            .call(TRANSITION_MODEL, "get_transition_buttons", []);
        if (ids.some((id) => !(id in buttons))) {
            // A move added since the session's table was read.
            buttons = await this.orm.call(TRANSITION_MODEL, "get_transition_buttons", []);
        }
        this.state.buttons = buttons;
    }

    get transitions() {
        return this.transitionIds(this.props)
            .filter((id) => id in this.state.buttons)
            .map((id) => ({id, ...this.state.buttons[id]}));
    }

    buttonClass(transition) {
        return transition.style === "primary" ? "btn btn-primary" : "btn btn-secondary";
    }

    async onClick(transition) {
        const record = this.props.record;
        if (!(await record.save())) {
            return;
        }
        const action = await this.orm.call(record.resModel, "action_move", [
            [record.resId],
            transition.id,
        ]);
        if (action && typeof action === "object") {
            await this.action.doAction(action, {onClose: () => record.load()});
        } else {
            await record.load();
        }
    }
}

registry.category("fields").add("revo_transition_buttons", {
    component: TransitionButtons,
});
