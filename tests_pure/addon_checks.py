"""Static checks of the revo_helpdesk addon that need no Odoo.

Used by the pytest tests beside this file and, as a script, by the static tier
of scripts/test. Each check returns a list of problems (empty when fine).
"""

import ast
import csv
import re
import sys
from pathlib import Path

from lxml import etree

ADDON = Path(__file__).resolve().parent.parent / "revo_helpdesk"
MANIFEST_FILE_KEYS = ("data", "demo")
ACL_HEADER = [
    "id",
    "name",
    "model_id:id",
    "group_id:id",
    "perm_read",
    "perm_write",
    "perm_create",
    "perm_unlink",
]


def load_manifest():
    return ast.literal_eval((ADDON / "__manifest__.py").read_text(encoding="utf-8"))


def manifest_files(manifest=None):
    manifest = load_manifest() if manifest is None else manifest
    return [
        path
        for key in MANIFEST_FILE_KEYS
        for path in manifest.get(key, [])
        if "*" not in path
    ]


def missing_manifest_files():
    return [
        f"__manifest__.py lists {path}, which does not exist"
        for path in manifest_files()
        if not (ADDON / path).is_file()
    ]


def _rel(path):
    return path.relative_to(ADDON.parent)


def xml_files():
    return sorted(ADDON.rglob("*.xml"))


def xml_errors():
    problems = []
    for path in xml_files():
        try:
            etree.parse(str(path))
        except etree.XMLSyntaxError as err:
            problems.append(f"{_rel(path)}: {err}")
    return problems


def po_files():
    return sorted(
        p
        for folder in ("i18n", "i18n_extra")
        for ext in ("*.po", "*.pot")
        for p in (ADDON / folder).glob(ext)
    )


def po_errors():
    import polib

    problems = []
    for path in po_files():
        try:
            polib.pofile(str(path), check_for_duplicates=True)
        except (OSError, ValueError) as err:
            problems.append(f"{_rel(path)}: {err}")
    return problems


def addon_model_names():
    """Model names the addon defines itself (``_name = "..."``)."""
    names = set()
    for path in ADDON.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Assign)
                and any(getattr(t, "id", None) == "_name" for t in node.targets)
                and isinstance(node.value, ast.Constant)
            ):
                names.add(node.value.value)
    return names


def addon_xml_ids(model):
    """XML ids of the addon's records of ``model`` (in any of its XML files)."""
    ids = set()
    for path in xml_files():
        try:
            tree = etree.parse(str(path))
        except etree.XMLSyntaxError:
            continue
        ids.update(r.get("id") for r in tree.iterfind(f".//record[@model='{model}']"))
    return ids


def acl_problems():
    path = ADDON / "security" / "ir.model.access.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    if not rows or rows[0] != ACL_HEADER:
        return [f"{_rel(path)}: header must be {','.join(ACL_HEADER)}"]
    local_models = {"model_" + name.replace(".", "_") for name in addon_model_names()}
    local_groups = addon_xml_ids("res.groups")
    problems, seen = [], set()
    for lineno, row in enumerate(rows[1:], start=2):
        where = f"{_rel(path)}:{lineno}"
        if len(row) != len(ACL_HEADER):
            problems.append(f"{where}: {len(row)} columns, expected {len(ACL_HEADER)}")
            continue
        xmlid, _name, model, group, *perms = row
        if xmlid in seen:
            problems.append(f"{where}: duplicate id {xmlid}")
        seen.add(xmlid)
        if not re.fullmatch(r"([a-z0-9_]+\.)?model_[a-z0-9_]+", model):
            problems.append(f"{where}: model_id:id {model!r} is not like model_<name>")
        elif "." not in model and model not in local_models:
            problems.append(f"{where}: {model} is not a model defined by the addon")
        if group and not re.fullmatch(r"([a-z0-9_]+\.)?[a-z0-9_]+", group):
            problems.append(f"{where}: group_id:id {group!r} is not an XML id")
        elif group and "." not in group and group not in local_groups:
            problems.append(f"{where}: group {group} is not defined in the addon")
        if any(p not in ("0", "1") for p in perms):
            problems.append(f"{where}: permissions must be 0 or 1, got {perms}")
    return problems


def main():
    problems = missing_manifest_files() + xml_errors() + po_errors() + acl_problems()
    for problem in problems:
        print(problem)
    counts = f"{len(xml_files())} XML, {len(po_files())} PO/POT"
    print(f"addon files: {len(problems)} problem(s) in {counts} files and the manifest")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
