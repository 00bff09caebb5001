# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import request

from odoo.addons.mail.controllers.attachment import AttachmentController


class RevoAttachmentController(AttachmentController):
    @http.route()
    def mail_attachement_update_thumbnail(
        self, attachment_id, thumbnail=None, access_token=None
    ):
        # The chatter of whoever may write a ticket draws the first page of
        # its PDFs. A reseller may not write the files it did not upload (a
        # client's, an email's), only their picture: mail saves it as
        # superuser once access is granted.
        attachment = request.env["ir.attachment"].browse(int(attachment_id)).exists()
        if self._is_ticket_pdf_without_picture(attachment):
            request.update_env(su=True)
        return super().mail_attachement_update_thumbnail(
            attachment_id, thumbnail=thumbnail, access_token=access_token
        )

    def _is_ticket_pdf_without_picture(self, attachment):
        return (
            attachment
            and attachment.has_access("read")
            and attachment.sudo().res_model == "helpdesk.ticket"
            and attachment.sudo().mimetype == "application/pdf"
            and not attachment.sudo().thumbnail
        )
