"""Checks of revo_helpdesk that run without Odoo or a database."""

import re

import addon_checks
import pytest


@pytest.fixture(scope="module")
def manifest():
    return addon_checks.load_manifest()


def test_manifest_version_is_19(manifest):
    assert re.fullmatch(r"19\.0\.\d+\.\d+\.\d+", manifest["version"])


def test_manifest_license(manifest):
    assert manifest["license"] == "AGPL-3"


def test_manifest_depends(manifest):
    assert {"helpdesk_mgmt", "mail", "portal"} <= set(manifest["depends"])


def test_manifest_installable(manifest):
    assert manifest.get("installable", True)


def test_manifest_lists_files(manifest):
    assert addon_checks.manifest_files(manifest), "no data files in the manifest"


def test_manifest_files_exist():
    assert addon_checks.missing_manifest_files() == []


def test_xml_files_parse():
    assert addon_checks.xml_files(), "no XML files found"
    assert addon_checks.xml_errors() == []


def test_po_files_parse():
    assert addon_checks.po_errors() == []


def test_access_csv_is_sane():
    assert addon_checks.acl_problems() == []
