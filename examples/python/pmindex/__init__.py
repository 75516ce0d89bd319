"""pmindex: the property-management index of residential compounds, from
Python. A thin layer over libpmindex through ctypes (standard library only):
the same exact results as the C library and its programs, to the last 0.01.

    import pmindex
    model = pmindex.Model.default()
    a = model.assess({"compound_id": "LH-1", "A1": "1", "A2": "符合", "B2": "87.5%", ...})
    a.index, a.tier, a.card, a.reasons          # Decimal('87.50'), 'good', 'none', (...)
    a.as_dict(numbers="float")                  # plain data; exact Decimals by default
    print(a.explain("en"))                      # as pmindex-score --explain
    model.score_sheet("district.csv", "results.csv")   # as pmindex-score --format csv

Numbers are exact: Decimal points with 2 places, never floats, unless
as_dict(numbers="float") or the DataFrames of pmindex.pandas (which needs
pandas; nothing else does) are asked for.

The library is loaded from $PMINDEX_LIBRARY if set, else by its soname
(libpmindex.so.1), else through ctypes.util.find_library("pmindex"); a
library of another major version is refused at import.
"""

import importlib

from ._native import LIBRARY_PATH, VERSION_NUMBER, VERSION_STRING, LibraryError
from ._exact import VALUE_SCALE
from .assessment import Assessment, Compound, Flip, IndicatorScore, ItemScore, Margins, Reason
from .errors import PmindexError, Status, strerror
from .model import (BlackShare, CompanyRules, Indicator, Item, Ladder, LadderLevel, Level, Model,
                    Rules, Tier, Veto)
from .sheet import ScoreReport, Sheet, score_sheet

#: The version of this module; it works with any libpmindex 1.x.
__version__ = "1.2.0"

# The district, the ledger and the impact are imported when first used
# (PEP 562), so that scoring a sheet (python3 -m pmindex, score_sheet) does
# not pay for modules it never touches: about 25 ms of a start of 120.
_LAZY = {
    "district": ("CompoundUncertainty", "District", "Estimate", "GroupUncertainty",
                 "Probability", "Ranked", "Sensitivity", "Summary", "Uncertainty",
                 "merge_sheets"),
    "ledger": ("Change", "LadderState", "Ledger", "LedgerRow", "LogEntry", "Outlook",
               "SanctionLadder", "Step", "compare_periods", "next_period", "period",
               "period_kind", "period_name"),
    "impact": ("Impact", "model_diff"),
}
_LAZY_NAMES = {name: module for module, names in _LAZY.items() for name in names}


def __getattr__(name):
    module = _LAZY_NAMES.get(name)
    if module is None:
        raise AttributeError("module %r has no attribute %r" % (__name__, name))
    value = getattr(importlib.import_module("." + module, __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY_NAMES))

__all__ = [
    "Assessment", "BlackShare", "Change", "CompanyRules", "Compound", "CompoundUncertainty",
    "District", "Estimate", "Flip", "GroupUncertainty", "Impact", "Indicator", "IndicatorScore",
    "Item", "ItemScore", "Ladder", "LadderLevel", "LadderState", "Ledger", "LedgerRow", "Level",
    "LibraryError", "LogEntry", "Margins", "Model", "Outlook", "PmindexError", "Probability",
    "Ranked", "Reason", "Rules", "SanctionLadder", "ScoreReport", "Sensitivity", "Sheet", "Status",
    "Step", "Summary", "Tier", "Uncertainty", "Veto", "LIBRARY_PATH", "VALUE_SCALE",
    "VERSION_NUMBER", "VERSION_STRING", "compare_periods", "merge_sheets", "model_diff",
    "next_period", "period", "period_kind", "period_name", "score_sheet", "strerror",
]
