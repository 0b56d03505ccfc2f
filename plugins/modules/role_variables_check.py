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
  deprecated_aliases:
    description:
      - Old names of the role's variables, kept for one release, each mapped to its new name (for example
        V(retention_archive_dir) to V(retention_archive_dest)).
      - An old name that is defined is not reported as unknown; the task emits a deprecation warning naming the new
        one and returns it in RV(deprecated). The role maps the old name to the new one in its defaults.
    type: dict
    default: {}
    version_added: 2.0.0
  values:
    description:
      - The role's variables that its own checks read (which go together, which exclude each other), by name. Only
        roles with such checks read it (V(retention)); the checks run after the misspelled-variable check, and the
        first problem fails the task naming the variable (RV(variable)).
      - Give secrets as whether they are set (C(retention_admin_token | length > 0)), never their value.
    type: dict
    version_added: 2.0.0
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
deprecated:
  description: The deprecated aliases defined (O(deprecated_aliases)), each with the name to use and the warning.
  returned: always
  type: list
  elements: dict
  sample: [{name: retention_archive_dir, use: retention_archive_dest, msg: retention_archive_dir is a deprecated name...}]
  version_added: 2.0.0
variable:
  description: The variable a check of O(values) found wrong, named in the message.
  returned: when a check of O(values) fails
  type: str
  sample: retention_quota_target_gb
  version_added: 2.0.0
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.wxc.recordings.plugins.module_utils._role_vars import ROLE_VARIABLES_ARGUMENT_SPEC, check_role_variables


def main():
    module = AnsibleModule(argument_spec=ROLE_VARIABLES_ARGUMENT_SPEC, supports_check_mode=True)
    result = check_role_variables(module.params)
    result["check_mode"] = module.check_mode
    for row in result.get("deprecated") or []:
        module.deprecate(row["msg"], version="3.0.0", collection_name="wxc.recordings")  # _role_vars.ALIASES_REMOVED_IN
    if result.pop("failed"):
        module.fail_json(**result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
