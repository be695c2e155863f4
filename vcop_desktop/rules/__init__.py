"""Rule packs: TOML files that say which duties arise from which events, loaded and validated.

`load_rulebook()` reads the bundled packs in resources/rules/ and any organisation packs from
extra folders; a broken pack raises `PackError` naming the file, the rule and the problem.
"""

from vcop_desktop.rules.loader import (
    PackError,
    bundled_rules_dir,
    default_rulebook,
    load_pack,
    load_rulebook,
)

__all__ = ["PackError", "bundled_rules_dir", "default_rulebook", "load_pack", "load_rulebook"]
