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


class RoleVariableError(ValueError):
    pass


def declared_options(argument_specs, entry_point="main"):
    """The option names of one entry point of a role's ``meta/argument_specs.yml`` (as parsed YAML)."""
    if not isinstance(argument_specs, dict):
        raise RoleVariableError("argument_specs must be the parsed meta/argument_specs.yml (a mapping)")
    specs = argument_specs.get("argument_specs", argument_specs)
    entry = specs.get(entry_point) if isinstance(specs, dict) else None
    if not isinstance(entry, dict) or not isinstance(entry.get("options"), dict):
        raise RoleVariableError("argument_specs has no options for the entry point %r" % entry_point)
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


def undeclared_message(role, unknown):
    """One sentence per unknown variable, the closest declared name first, for a person fixing the playbook."""
    parts = []
    for name, closest in unknown:
        if closest:
            parts.append("%s is not a variable of the %s role (did you mean %s?)" % (name, role, closest))
        else:
            parts.append("%s is not a variable of the %s role" % (name, role))
    return "; ".join(parts) + ". Nothing was done: a misspelled variable is ignored by Ansible, so the run would not do what it says."
