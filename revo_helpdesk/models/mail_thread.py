# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import codecs

from odoo import models


def _is_known_charset(charset):
    try:
        codecs.lookup(charset or "utf-8")
    except LookupError:
        return False
    return True


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _message_parse_extract_payload(
        self, message, message_dict, save_original=False
    ):
        try:
            return super()._message_parse_extract_payload(
                message, message_dict, save_original=save_original
            )
        except LookupError:
            # A charset Python does not know must not stop the mail gateway
            # (the email would be neither routed nor bounced): read such text
            # as UTF-8, replacing what does not decode.
            for part in message.walk():
                if part.get_content_maintype() == "text" and not _is_known_charset(
                    part.get_content_charset()
                ):
                    part.set_param("charset", "utf-8")
            return super()._message_parse_extract_payload(
                message, message_dict, save_original=save_original
            )
