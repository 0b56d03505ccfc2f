#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, wxc.recordings contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: role_variables_check
short_description: Fail on a role variable that the role does not declare (a misspelling)
version_added: 1.0.0
description:
  - Ansible ignores a variable that nothing reads, so a misspelled role variable (C(retention_legal_hold) for
    C(retention_legal_holds)) silently does nothing. This module fails when one of O(names) starts with O(prefix)
    and is not an option of the role's argument specification, naming it and the closest declared name.
  - The roles of this collection run it first, before any request. It makes no request itself.
author:
  - wxc.recordings contributors (@wxc-recordings)
extends_documentation_fragment:
  - wxc.recordings.attributes
attributes:
  check_mode:
    support: full
  diff_mode:
    support: none
  idempotent:
    support: full
options:
  role:
    description: The role's name, for the message.
    type: str
    required: true
  prefix:
    description: The prefix of the role's variables, such as V(retention_). Names starting with V(__) are never checked.
    type: str
    required: true
  names:
    description:
      - The variables defined, for example C(lookup('ansible.builtin.varnames', '^retention_.+')).
    type: list
    elements: str
    required: true
  argument_specs:
    description: The role's C(meta/argument_specs.yml), parsed.
    type: dict
    required: true
  outputs:
    description:
      - Variables with the prefix that the role sets itself, for later tasks (a fact such as C(storage_report_result));
        not reported, although a second run of the role in the same play finds them defined.
    type: list
    elements: str
    default: []
  entry_point:
    description: The entry point of O(argument_specs) whose options are declared.
    type: str
    default: main
"""

EXAMPLES = r"""
- name: Fail on a misspelled variable of this role
  wxc.recordings.role_variables_check:
    role: retention
    prefix: retention_
    names: "{{ lookup('ansible.builtin.varnames', '^retention_.+', wantlist=True) }}"
    argument_specs: "{{ lookup('ansible.builtin.file', role_path ~ '/meta/argument_specs.yml') | from_yaml }}"
"""

RETURN = r"""
check_mode:
  description:
    - Whether the task ran in check mode. A role can read it where C(ansible_check_mode) misses the C(check_mode)
      keyword of C(include_role) or a block.
  returned: always
  type: bool
declared:
  description: How many variables the entry point declares.
  returned: success
  type: int
unknown:
  description: The undeclared variables, each with the closest declared name (null when none is close).
  returned: always
  type: list
  elements: dict
  sample: [{name: retention_legal_hold, closest: retention_legal_holds}]
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.wxc.recordings.plugins.module_utils._role_vars import (
    RoleVariableError,
    declared_options,
    undeclared_message,
    undeclared_variables,
)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            role=dict(type="str", required=True),
            prefix=dict(type="str", required=True),
            names=dict(type="list", elements="str", required=True),
            argument_specs=dict(type="dict", required=True),
            entry_point=dict(type="str", default="main"),
            outputs=dict(type="list", elements="str", default=[]),
        ),
        supports_check_mode=True,
    )
    params = module.params
    try:
        declared = declared_options(params["argument_specs"], params["entry_point"])
    except RoleVariableError as error:
        module.fail_json(msg=str(error), unknown=[], check_mode=module.check_mode)
    unknown = undeclared_variables(params["names"], declared, params["prefix"], params["outputs"])
    rows = [{"name": name, "closest": closest} for name, closest in unknown]
    if unknown:
        module.fail_json(msg=undeclared_message(params["role"], unknown), unknown=rows, check_mode=module.check_mode)
    module.exit_json(changed=False, declared=len(declared), unknown=rows, check_mode=module.check_mode)


if __name__ == "__main__":
    main()
