"""VCOP Desktop: the Victims' Code duties owed to one victim, computed, reminded and enforced."""

__version__ = "0.1.0"
