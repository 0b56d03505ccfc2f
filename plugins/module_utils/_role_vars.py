# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# BSD 2-Clause License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Misspelled role variables: a variable with the role's prefix that the role does not declare.

Internal use only: this module is not part of the collection's public API and may change at any time.

Ansible ignores a variable nobody reads, so ``retention_legal_hold`` (for ``retention_legal_holds``) silently does
nothing, and the held recordings get trashed. Each role therefore compares the variables defined with its prefix to
its ``meta/argument_specs.yml`` before any request.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import difflib

from ansible_collections.wxc.recordings.plugins.module_utils._errors import OptionError
from ansible_collections.wxc.recordings.plugins.module_utils._role_checks import check_role_values

# The parameters of role_variables_check, shared by the module and its action plugin.
ROLE_VARIABLES_ARGUMENT_SPEC = dict(
    role=dict(type="str", required=True),
    prefix=dict(type="str", required=True),
    names=dict(type="list", elements="str", required=True),
    argument_specs=dict(type="dict", required=True),
    entry_point=dict(type="str", default="main"),
    outputs=dict(type="list", elements="str", default=[]),
    deprecated_aliases=dict(type="dict", default={}),
    values=dict(type="dict"),
)
# The release that drops the deprecated aliases of role variables.
ALIASES_REMOVED_IN = "3.0.0"


def declared_options(argument_specs, entry_point="main"):
    """The option names of one entry point of a role's ``meta/argument_specs.yml`` (as parsed YAML)."""
    if not isinstance(argument_specs, dict):
        raise OptionError("argument_specs", "argument_specs must be the parsed meta/argument_specs.yml (a mapping)")
    specs = argument_specs.get("argument_specs", argument_specs)
    entry = specs.get(entry_point) if isinstance(specs, dict) else None
    if not isinstance(entry, dict) or not isinstance(entry.get("options"), dict):
        raise OptionError("argument_specs", "argument_specs has no options for the entry point %r" % entry_point)
    return sorted(entry["options"])


def undeclared_variables(defined, declared, prefix, outputs=()):
    """``[(name, closest declared name or None)]`` for each variable of ``defined`` with ``prefix`` not in ``declared``.

    Variables starting with ``__`` (a role's private facts) are not the user's and are never reported, nor are the
    role's ``outputs`` (facts it sets for later tasks, such as ``storage_report_result``, defined again when the role
    runs a second time in a play).
    """
    declared = set(declared)
    outputs = set(outputs or ())
    unknown = []
    for name in sorted(set(defined)):
        if not name.startswith(prefix) or name in declared or name in outputs:
            continue
        # Compared without the prefix every name shares, which would make any two names look alike.
        suffixes = dict((option[len(prefix) :], option) for option in sorted(declared) if option.startswith(prefix))
        close = difflib.get_close_matches(name[len(prefix) :], list(suffixes), n=1, cutoff=0.6)
        unknown.append((name, suffixes[close[0]] if close else None))
    return unknown


def deprecated_in_use(defined, aliases):
    """``[(old name, new name)]`` for each deprecated alias (``aliases``: old -> new) among the ``defined`` variables."""
    defined = set(defined)
    return [(old, aliases[old]) for old in sorted(aliases or {}) if old in defined]


def deprecation_message(role, old, new):
    return "%s is a deprecated name of the %s role's variable %s: it still works, and is removed in %s. Use %s." % (
        old,
        role,
        new,
        ALIASES_REMOVED_IN,
        new,
    )


def undeclared_message(role, unknown):
    """One sentence per unknown variable, the closest declared name first, for a person fixing the playbook."""
    parts = []
    for name, closest in unknown:
        if closest:
            parts.append("%s is not a variable of the %s role (did you mean %s?)" % (name, role, closest))
        else:
            parts.append("%s is not a variable of the %s role" % (name, role))
    return "; ".join(parts) + ". Nothing was done: a misspelled variable is ignored by Ansible, so the run would not do what it says."


def check_role_variables(params):
    """The result of a role's variables check (``role_variables_check``'s parameters in): a dict with ``failed``.

    One function for the module and its action plugin, which runs it on the controller without a module process.
    """
    try:
        declared = declared_options(params["argument_specs"], params.get("entry_point") or "main")
    except OptionError as error:
        return {"failed": True, "msg": str(error), "unknown": []}
    aliases = params.get("deprecated_aliases") or {}
    # An old name kept for one release is known, not a misspelling: it is reported as deprecated instead.
    unknown = undeclared_variables(params["names"], list(declared) + list(aliases), params["prefix"], params.get("outputs") or ())
    deprecated = [
        {"name": old, "use": new, "msg": deprecation_message(params["role"], old, new)} for old, new in deprecated_in_use(params["names"], aliases)
    ]
    rows = [{"name": name, "closest": closest} for name, closest in unknown]
    if unknown:
        return {"failed": True, "msg": undeclared_message(params["role"], unknown), "unknown": rows, "deprecated": deprecated}
    # Only with every name right: a misspelled variable would make these checks read a default instead.
    problem = check_role_values(params["role"], params.get("values"))
    if problem is not None:
        return {"failed": True, "msg": problem[1], "variable": problem[0], "unknown": rows, "deprecated": deprecated}
    return {"failed": False, "changed": False, "declared": len(declared), "unknown": rows, "deprecated": deprecated}
