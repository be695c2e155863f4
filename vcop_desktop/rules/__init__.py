"""Rule packs: TOML files that say which duties arise from which events, loaded and validated.

`load_rulebook()` reads the bundled packs in resources/rules/ and any organisation packs from
extra folders; a broken pack raises `PackError` naming the file, the rule and the problem.
Settings uses `read_standards`/`write_standards` (the organisation's figures for its service
standards) and `install_form`/`organisation_forms_dir` (a service's own risk forms).
"""

from vcop_desktop.rules.loader import (
    bundled_rules_dir,
    default_rulebook,
    load_pack,
    load_rulebook,
)
from vcop_desktop.rules.pack_parser import PackError
from vcop_desktop.rules.risk_forms import (
    RiskFormError,
    install_form,
    load_forms,
    organisation_forms_dir,
)
from vcop_desktop.rules.standards import Figure, FiguresError, ServiceStandard
from vcop_desktop.rules.standards_settings import read_standards, write_standards

__all__ = [
    "Figure",
    "FiguresError",
    "PackError",
    "RiskFormError",
    "ServiceStandard",
    "bundled_rules_dir",
    "default_rulebook",
    "install_form",
    "load_forms",
    "load_pack",
    "load_rulebook",
    "organisation_forms_dir",
    "read_standards",
    "write_standards",
]
