// Copyright 2026 REVO
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {
    StatusBarDurationField,
    statusBarDurationField,
} from "@mail/views/fields/statusbar_duration/statusbar_duration_field";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";

/**
 * The stage bar of a reseller-workflow ticket: a click makes the move of the
 * ticket's button to that stage (its form opens when the move needs input);
 * the stages no move reaches are shown but not clickable. Other tickets keep
 * the usual bar.
 */
export class RevoStatusBarField extends StatusBarDurationField {
    static template = "revo_helpdesk.StatusBarField";

    setup() {
        super.setup();
        this.orm = useService("orm");
        this.action = useService("action");
    }

    get stageMoves() {
        const {record} = this.props;
        return record.data.origin ? record.data.revo_stage_moves || {} : null;
    }

    getAllItems() {
        const items = super.getAllItems();
        const moves = this.stageMoves;
        if (moves) {
            for (const item of items) {
                item.isUnreachable = !item.isSelected && !(item.value in moves);
                item.unreachableTitle =
                    item.isUnreachable &&
                    _t("You cannot move the ticket to this stage from the one it is in.");
            }
        }
        return items;
    }

    getDropdownItemClassNames(item) {
        const classNames = super.getDropdownItemClassNames(item);
        return item.isUnreachable ? `${classNames} disabled` : classNames;
    }

    async selectItem(item) {
        const moves = this.stageMoves;
        if (!moves) {
            return super.selectItem(item);
        }
        const transitionId = moves[item.value];
        if (!transitionId) {
            return;
        }
        const record = this.props.record;
        if (!(await record.save())) {
            return;
        }
        const action = await this.orm.call(record.resModel, "action_move", [
            [record.resId],
            transitionId,
        ]);
        if (action && typeof action === "object") {
            await this.action.doAction(action, {onClose: () => record.load()});
        } else {
            await record.load();
        }
    }
}

registry.category("fields").add("revo_statusbar", {
    ...statusBarDurationField,
    component: RevoStatusBarField,
    fieldDependencies: [
        ...statusBarDurationField.fieldDependencies,
        {name: "origin", type: "selection"},
        {name: "revo_stage_moves", type: "json"},
    ],
});
