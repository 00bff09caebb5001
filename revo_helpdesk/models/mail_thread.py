# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import codecs
from contextlib import contextmanager

from odoo import api, models
from odoo.exceptions import AccessError

# Marks, in the cursor's cache (out of reach of RPC, unlike the context), the
# messages being created through a thread's API (message_post and mail's
# logging), which checks their author and gives them their audience.
MESSAGES_BY_THREAD = "revo_helpdesk.messages_by_thread"


@contextmanager
def cursor_flag(env, key):
    """Set `key` in the cursor's cache while the block runs."""
    cache = env.cr.cache
    previous = cache.get(key, False)
    cache[key] = True
    try:
        yield
    finally:
        cache[key] = previous


def has_cursor_flag(env, key):
    return env.cr.cache.get(key, False)


def _is_known_charset(charset):
    try:
        codecs.lookup(charset or "utf-8")
    except LookupError:
        return False
    return True


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.model
    def message_process(
        self,
        model,
        message,
        custom_values=None,
        save_original=False,
        strip_attachments=False,
        thread_id=None,
    ):
        # The mail gateway routes an email as superuser, to any record and in
        # the name of any sender: it is fed by the scheduler's mail servers or
        # by an administrator's mailgate script, never by another user over
        # RPC (a reseller's staff could post on any reseller's ticket).
        if not (self.env.su or self.env.user._is_system()):
            raise AccessError(
                self.env._(
                    "Incoming emails are processed by the mail gateway, run by "
                    "an administrator or the scheduler."
                )
            )
        return super().message_process(
            model,
            message,
            custom_values=custom_values,
            save_original=save_original,
            strip_attachments=strip_attachments,
            thread_id=thread_id,
        )

    def _message_create(self, values_list):
        with cursor_flag(self.env, MESSAGES_BY_THREAD):
            return super()._message_create(values_list)

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
