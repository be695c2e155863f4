"""Subject access requests (issue 20 §3): a bundle of everything held about the victim.

`bundle` builds it in memory (JSON, PDF, attached documents), `names` finds third parties'
names to redact, `pdf` lays it out, `export` writes it into the folder the user chooses and
records that it was made. The request's clock is a rule (resources/rules/data-protection.toml).
"""
