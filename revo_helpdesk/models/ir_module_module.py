# Copyright 2026 REVO
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import suppress

from odoo import api, models
from odoo.tools import file_path
from odoo.tools.translate import TranslationImporter, get_base_langs

# The modules whose terms revo_helpdesk words its own way (i18n_extra/).
REWORDED_MODULES = {"helpdesk_mgmt", "revo_helpdesk"}


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    @api.model
    def _load_module_terms(self, modules, langs, overwrite=False):
        result = super()._load_module_terms(modules, langs, overwrite=overwrite)
        if REWORDED_MODULES & set(modules):
            self._load_revo_wording(langs)
        return result

    @api.model
    def _load_revo_wording(self, langs):
        """Put revo_helpdesk's wording of helpdesk_mgmt's terms over
        helpdesk_mgmt's own, whichever was loaded last: Odoo keeps the
        translations a database already has, and helpdesk_mgmt's Spanish says
        "tíquet" where revo_helpdesk's screens say "ticket"."""
        importer = TranslationImporter(self.env.cr, verbose=False)
        for lang in langs:
            for base_lang in get_base_langs(lang):
                with suppress(FileNotFoundError):
                    importer.load_file(
                        file_path(f"revo_helpdesk/i18n_extra/{base_lang}.po"), lang
                    )
        importer.save(overwrite=True, force_overwrite=True)
