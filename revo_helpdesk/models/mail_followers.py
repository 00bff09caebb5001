# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.fields import Domain

from .mail_message import AUDIENCE_MODELS


class MailFollowers(models.Model):
    """mail lets every internal user read every document's followers; those
    of a ticket say who works on it, and for which client: they are read
    with the ticket only."""

    _inherit = "mail.followers"

    @api.model
    def _search(self, domain, *args, bypass_access=False, **kwargs):
        if not (self.env.su or bypass_access):
            domain = Domain(domain) & self._get_readable_documents_domain()
        return super()._search(domain, *args, bypass_access=bypass_access, **kwargs)

    @api.model
    def _get_readable_documents_domain(self):
        readable = Domain("res_model", "not in", AUDIENCE_MODELS)
        for model in AUDIENCE_MODELS:
            Documents = self.env[model].with_context(active_test=False)
            # Without the right to read the model at all (an ACL an admin may
            # drop), none of them; searching them would raise.
            if Documents.has_access("read"):
                readable |= Domain("res_model", "=", model) & Domain(
                    "res_id", "in", Documents._search([])
                )
        return readable

    def _check_access(self, operation):
        result = super()._check_access(operation)
        others = self - result[0] if result else self
        forbidden = others._get_unreadable_document_followers()
        if not forbidden:
            return result
        if result:
            return (result[0] + forbidden, result[1])
        return (
            forbidden,
            lambda: self.env["ir.rule"]._make_access_error(operation, forbidden),
        )

    def _get_unreadable_document_followers(self):
        followers = self.sudo().filtered(lambda f: f.res_model in AUDIENCE_MODELS)
        forbidden = self.browse()
        for model, model_followers in followers.grouped("res_model").items():
            documents = self.env[model].browse(set(model_followers.mapped("res_id")))
            readable = documents.exists()._filtered_access("read")
            forbidden += model_followers.filtered(
                lambda f, readable=readable: f.res_id not in readable.ids
            )
        return forbidden.with_env(self.env)
