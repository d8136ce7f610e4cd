"""newsarchive: raw newspaper page text -> issue and article records -> a static archive."""

__version__ = "0.1.0"
