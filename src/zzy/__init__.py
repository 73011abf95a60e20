"""zzy — 组织员队伍管理台账, the organizer-team ledger of a college Party Committee."""

__version__ = "0.7.0"
