"""The C library through ctypes: finding it, checking its version, and the
declaration (argtypes and restype) of every function the module calls.

Nothing here is meant for users; the classes of the package wrap it. To wrap
a new function of libpmindex, add its declaration to FUNCTIONS (or, for a
function that older 1.x libraries lack, to OPTIONAL) and call it as
``lib.pmindex_name``. tests/python/test_api.py checks every declaration
against the header, so a wrong type cannot slip through.
"""

import ctypes
import ctypes.util
import os
from ctypes import (POINTER, c_char, c_char_p, c_int, c_int32, c_int64, c_size_t, c_uint32,
                    c_uint64, c_void_p)

#: The major version of libpmindex this module speaks to (its soname).
MAJOR = 1


class LibraryError(ImportError):
    """The library cannot be found or is not a version this module can use."""


# ---- opaque handles ---------------------------------------------------------
# One pointer type per C object, so that ctypes refuses a compound where a
# model is expected instead of letting the library see the wrong object.

def _opaque(name):
    return POINTER(type(name, (ctypes.Structure,), {}))


Error = _opaque("pmindex_error")
Model = _opaque("pmindex_model")
Builder = _opaque("pmindex_builder")
Compound = _opaque("pmindex_compound")
Assessment = _opaque("pmindex_assessment")
Sheet = _opaque("pmindex_sheet")
Batch = _opaque("pmindex_batch")
District = _opaque("pmindex_district")
Merge = _opaque("pmindex_merge")
Ledger = _opaque("pmindex_ledger")
LedgerRows = _opaque("pmindex_ledger_rows")
ModelDiff = _opaque("pmindex_model_diff")
Impact = _opaque("pmindex_impact")
LedgerChanges = _opaque("pmindex_ledger_changes")
LedgerLog = _opaque("pmindex_ledger_log")
Margins = _opaque("pmindex_margins")
Uncertainty = _opaque("pmindex_uncertainty")


class pmindex_ladder_state(ctypes.Structure):
    """struct pmindex_ladder_state: a compound's place on the sanction ladder."""

    _fields_ = [("level", c_int32), ("clean", c_int32), ("period", c_int32),
                ("reserved", c_int32)]


LadderState = POINTER(pmindex_ladder_state)

# Short names for the table below.
i32, i64, u32, u64, size, cstr, buf = (c_int32, c_int64, c_uint32, c_uint64, c_size_t, c_char_p,
                                       POINTER(c_char))
pi32, pi64 = POINTER(c_int32), POINTER(c_int64)


def out(handle):
    """The type of an argument receiving a new handle (pmindex_x **)."""
    return POINTER(handle)


#: name: (restype, argtypes), in the order of the header.
FUNCTIONS = {
    # Versions and errors
    "pmindex_version": (u32, []),
    "pmindex_version_string": (cstr, []),
    "pmindex_strerror": (cstr, [c_int]),
    "pmindex_error_new": (c_int, [out(Error)]),
    "pmindex_error_free": (None, [Error]),
    "pmindex_error_code": (c_int, [Error]),
    "pmindex_error_message": (cstr, [Error]),
    "pmindex_error_file": (cstr, [Error]),
    "pmindex_error_line": (i64, [Error]),
    "pmindex_error_column": (i32, [Error]),
    "pmindex_error_section": (cstr, [Error]),
    "pmindex_error_field": (cstr, [Error]),
    "pmindex_error_value": (cstr, [Error]),
    "pmindex_error_format": (i64, [Error, buf, size]),
    # Exact numbers
    "pmindex_decimal_parse": (c_int, [cstr, size, pi64]),
    "pmindex_decimal_format": (i64, [i64, buf, size]),
    "pmindex_centi_format": (i64, [i64, buf, size]),
    # Models
    "pmindex_model_default": (c_int, [out(Model)]),
    "pmindex_model_free": (None, [Model]),
    "pmindex_model_name": (cstr, [Model, i32]),
    "pmindex_model_indicator_count": (i32, [Model]),
    "pmindex_model_item_count": (i32, [Model]),
    "pmindex_model_veto_count": (i32, [Model]),
    "pmindex_model_tier_count": (i32, [Model]),
    "pmindex_model_find_indicator": (i32, [Model, cstr]),
    "pmindex_model_find_item": (i32, [Model, cstr]),
    "pmindex_model_find_veto": (i32, [Model, cstr]),
    "pmindex_model_find_tier": (i32, [Model, cstr]),
    "pmindex_model_indicator_id": (cstr, [Model, i32]),
    "pmindex_model_indicator_name": (cstr, [Model, i32, i32]),
    "pmindex_model_indicator_points": (i64, [Model, i32]),
    "pmindex_model_item_id": (cstr, [Model, i32]),
    "pmindex_model_item_name": (cstr, [Model, i32, i32]),
    "pmindex_model_item_indicator": (i32, [Model, i32]),
    "pmindex_model_item_max": (i64, [Model, i32]),
    "pmindex_model_item_type": (i32, [Model, i32]),
    "pmindex_model_item_penalty": (i64, [Model, i32]),
    "pmindex_model_item_goalposts": (c_int, [Model, i32, pi64, pi64]),
    "pmindex_model_item_level_count": (i32, [Model, i32]),
    "pmindex_model_item_level_value": (i64, [Model, i32, i32]),
    "pmindex_model_item_level_label": (cstr, [Model, i32, i32, i32]),
    "pmindex_model_veto_id": (cstr, [Model, i32]),
    "pmindex_model_veto_description": (cstr, [Model, i32, i32]),
    "pmindex_model_veto_item": (i32, [Model, i32]),
    "pmindex_model_veto_legal": (i32, [Model, i32]),
    "pmindex_model_tier_key": (cstr, [Model, i32]),
    "pmindex_model_tier_label": (cstr, [Model, i32, i32]),
    "pmindex_model_tier_threshold": (i64, [Model, i32]),
    "pmindex_model_rule": (c_int, [Model, i32, i32, pi32, pi64, pi64]),
    "pmindex_model_black_share_count": (i32, [Model]),
    "pmindex_model_black_tier": (i32, [Model]),
    "pmindex_model_black_on_veto": (i32, [Model]),
    "pmindex_model_red_tier": (i32, [Model]),
    "pmindex_model_company_rules": (c_int, [Model, pi64, pi32, pi64, pi32]),
    "pmindex_model_period_kind": (i32, [Model]),
    "pmindex_model_ladder_max_level": (i32, [Model]),
    "pmindex_model_ladder_clean_periods": (i32, [Model]),
    "pmindex_model_ladder_legal_level": (i32, [Model]),
    "pmindex_model_measure_key": (cstr, [Model, i32]),
    "pmindex_model_measure_label": (cstr, [Model, i32, i32]),
    "pmindex_model_inspection": (cstr, [Model, i32, i32]),
    # Building a model in code
    "pmindex_builder_new": (c_int, [out(Builder)]),
    "pmindex_builder_free": (None, [Builder]),
    "pmindex_builder_error": (Error, [Builder]),
    "pmindex_builder_set_name": (c_int, [Builder, cstr, cstr]),
    "pmindex_builder_add_indicator": (c_int, [Builder, cstr, cstr, cstr, i64]),
    "pmindex_builder_add_item": (c_int, [Builder, cstr, cstr, cstr, cstr, i64, i32]),
    "pmindex_builder_set_penalty": (c_int, [Builder, i64]),
    "pmindex_builder_set_goalposts": (c_int, [Builder, i64, i64]),
    "pmindex_builder_add_item_level": (c_int, [Builder, i64, cstr, cstr]),
    "pmindex_builder_add_veto": (c_int, [Builder, cstr, cstr, cstr, cstr, i32]),
    "pmindex_builder_add_tier": (c_int, [Builder, cstr, cstr, cstr, i64]),
    "pmindex_builder_set_rule": (c_int, [Builder, i32, i64, i64]),
    "pmindex_builder_add_black_share": (c_int, [Builder, cstr, i64, i64]),
    "pmindex_builder_set_cards": (c_int, [Builder, cstr, i32, cstr]),
    "pmindex_builder_set_company_rules": (c_int, [Builder, i64, i32, i64, i32]),
    "pmindex_builder_set_ladder": (c_int, [Builder, i32, i32, i32, i32]),
    "pmindex_builder_set_level": (c_int, [Builder, i32, cstr, cstr, cstr, cstr, cstr]),
    "pmindex_builder_build": (c_int, [Builder, out(Model)]),
    # Compounds
    "pmindex_compound_new": (c_int, [Model, out(Compound)]),
    "pmindex_compound_free": (None, [Compound]),
    "pmindex_compound_clear": (None, [Compound]),
    "pmindex_compound_error": (Error, [Compound]),
    "pmindex_compound_set_text": (c_int, [Compound, cstr, cstr, size]),
    "pmindex_compound_set_value": (c_int, [Compound, i32, i64]),
    "pmindex_compound_set_na": (c_int, [Compound, i32]),
    "pmindex_compound_set_veto": (c_int, [Compound, i32, i32]),
    "pmindex_compound_value": (c_int, [Compound, i32, pi64]),
    "pmindex_compound_veto": (i32, [Compound, i32]),
    "pmindex_compound_managed": (i32, [Compound]),
    "pmindex_compound_households": (i64, [Compound]),
    "pmindex_compound_field": (cstr, [Compound, i32]),
    "pmindex_compound_line": (i64, [Compound]),
    # Assessing a compound
    "pmindex_assessment_new": (c_int, [Model, out(Assessment)]),
    "pmindex_assessment_free": (None, [Assessment]),
    "pmindex_assess": (c_int, [Model, Compound, Assessment]),
    "pmindex_assessment_index": (c_int, [Assessment, pi64]),
    "pmindex_assessment_tier": (i32, [Assessment]),
    "pmindex_assessment_card": (i32, [Assessment]),
    "pmindex_assessment_coverage": (i64, [Assessment, pi64, pi64]),
    "pmindex_assessment_item": (c_int, [Assessment, i32, pi64, pi64]),
    "pmindex_assessment_indicator": (c_int, [Assessment, i32, pi64, pi64, pi64, pi64]),
    "pmindex_assessment_reason_count": (i32, [Assessment]),
    "pmindex_assessment_reason": (i32, [Assessment, i32, pi32]),
    "pmindex_assessment_reason_key": (i64, [Assessment, i32, buf, size]),
    "pmindex_assessment_reason_text": (i64, [Assessment, i32, i32, buf, size]),
    "pmindex_assessment_losses": (i32, [Assessment, pi32, size]),
    # Reading score sheets
    "pmindex_sheet_open": (c_int, [Model, cstr, cstr, u32, out(Sheet)]),
    "pmindex_sheet_open_memory": (c_int, [Model, c_void_p, size, cstr, cstr, u32, out(Sheet)]),
    "pmindex_sheet_free": (None, [Sheet]),
    "pmindex_sheet_next": (c_int, [Sheet, out(Compound)]),
    "pmindex_sheet_error": (Error, [Sheet]),
    "pmindex_sheet_has_column": (i32, [Sheet, cstr]),
    # Writing results
    "pmindex_csv_header": (i64, [Model, buf, size]),
    "pmindex_csv_record": (i64, [Assessment, Compound, buf, size]),
    "pmindex_jsonl_record": (i64, [Assessment, Compound, buf, size]),
    # For bindings: rows kept, sheets scored in bulk
    "pmindex_compound_copy": (c_int, [Compound, Compound]),
    "pmindex_batch_new": (c_int, [Model, Sheet, i32, u32, out(Batch)]),
    "pmindex_batch_free": (None, [Batch]),
    "pmindex_batch_fill": (i64, [Batch, buf, size, pi64, pi32]),
}

#: Functions that a 1.x library may lack: declared when present; the classes
#: that need them check has() and say what is missing.
OPTIONAL = {
    # Models in INI files (issue 3).
    "pmindex_model_load_ini": (c_int, [cstr, out(Model), Error]),
    "pmindex_model_load_ini_memory": (c_int, [c_void_p, size, cstr, out(Model), Error]),
    "pmindex_model_write_ini": (i64, [Model, buf, size]),
    "pmindex_model_check_ini": (i64, [cstr, buf, size]),
    # A district's period: rankings and summaries (1.1, issue 4).
    "pmindex_district_new": (c_int, [Model, out(District)]),
    "pmindex_district_free": (None, [District]),
    "pmindex_district_error": (Error, [District]),
    "pmindex_district_add": (c_int, [District, Compound, Assessment]),
    "pmindex_district_compute": (c_int, [District]),
    "pmindex_district_count": (i64, [District]),
    "pmindex_district_ranked_count": (i64, [District]),
    "pmindex_district_listed": (i64, [District, i64]),
    "pmindex_district_compound_field": (cstr, [District, i64, i32]),
    "pmindex_district_compound_index": (c_int, [District, i64, pi64]),
    "pmindex_district_compound_tier": (i32, [District, i64]),
    "pmindex_district_compound_card": (i32, [District, i64]),
    "pmindex_district_compound_households": (i64, [District, i64]),
    "pmindex_district_compound_rank": (i64, [District, i64, i32]),
    "pmindex_district_group_count": (i32, [District, i32]),
    "pmindex_district_group_name": (cstr, [District, i32, i32]),
    "pmindex_district_group_compounds": (i64, [District, i32, i32]),
    "pmindex_district_group_tier_count": (i64, [District, i32, i32, i32]),
    "pmindex_district_group_card_count": (i64, [District, i32, i32, i32]),
    "pmindex_district_group_households": (i64, [District, i32, i32]),
    "pmindex_district_group_stat": (c_int, [District, i32, i32, i32, pi64]),
    "pmindex_district_group_rank": (i32, [District, i32, i32]),
    "pmindex_district_group_lists": (i32, [District, i32, i32]),
    "pmindex_district_group_black": (i64, [District, i32, i32, pi64, size]),
    "pmindex_district_csv_header": (i64, [District, i32, buf, size]),
    "pmindex_district_csv_record": (i64, [District, i32, i64, buf, size]),
    "pmindex_district_jsonl_record": (i64, [District, i32, i64, buf, size]),
    # Merging partial sheets (1.1, issue 4).
    "pmindex_merge_new": (c_int, [Model, u32, out(Merge)]),
    "pmindex_merge_free": (None, [Merge]),
    "pmindex_merge_add_sheet": (c_int, [Merge, Sheet]),
    "pmindex_merge_finish": (c_int, [Merge]),
    "pmindex_merge_error_count": (i64, [Merge]),
    "pmindex_merge_error": (Error, [Merge, i64]),
    "pmindex_merge_count": (i64, [Merge]),
    "pmindex_merge_compound": (Compound, [Merge, i64]),
    # Periods (1.1, issue 5)
    "pmindex_period_parse": (c_int, [cstr, size, pi32]),
    "pmindex_period_kind": (i32, [i32]),
    "pmindex_period_format": (i64, [i32, buf, size]),
    "pmindex_period_compare": (c_int, [i32, i32, pi32]),
    "pmindex_period_next": (c_int, [i32, pi32]),
    # The sanction ladder (1.1, issue 5)
    "pmindex_ladder_events": (i32, [Model, Compound, Assessment]),
    "pmindex_ladder_step": (c_int, [Model, LadderState, i32, i32, LadderState, pi32, pi32]),
    # The ledger (1.1, issue 5)
    "pmindex_ledger_open": (c_int, [cstr, u32, out(Ledger), Error]),
    "pmindex_ledger_free": (None, [Ledger]),
    "pmindex_ledger_error": (Error, [Ledger]),
    "pmindex_ledger_set_busy_timeout": (c_int, [Ledger, i32]),
    "pmindex_ledger_begin": (c_int, [Ledger, Model, i32, u32]),
    "pmindex_ledger_add": (c_int, [Ledger, Compound]),
    "pmindex_ledger_commit": (c_int, [Ledger]),
    "pmindex_ledger_rollback": (None, [Ledger]),
    "pmindex_ledger_period_count": (i32, [Ledger]),
    "pmindex_ledger_period": (i32, [Ledger, i32]),
    "pmindex_ledger_period_model": (i64, [Ledger, i32, buf, size]),
    "pmindex_ledger_state": (c_int, [Ledger, cstr, LadderState]),
    "pmindex_ledger_rows_new": (c_int, [Ledger, i32, cstr, u32, out(LedgerRows)]),
    "pmindex_ledger_rows_free": (None, [LedgerRows]),
    "pmindex_ledger_rows_next": (c_int, [LedgerRows]),
    "pmindex_ledger_rows_int": (i64, [LedgerRows, i32]),
    "pmindex_ledger_rows_text": (cstr, [LedgerRows, i32]),
    "pmindex_ledger_csv_header": (i64, [buf, size]),
    "pmindex_ledger_rows_record": (i64, [LedgerRows, i32, buf, size]),
    # Tolerances, legal bases, rectification days (1.2, issues 14 and 15)
    "pmindex_model_item_tolerance": (i64, [Model, i32]),
    "pmindex_model_item_basis": (cstr, [Model, i32, i32]),
    "pmindex_model_veto_basis": (cstr, [Model, i32, i32]),
    "pmindex_model_rectification_days": (i32, [Model]),
    "pmindex_builder_set_tolerance": (c_int, [Builder, i64]),
    "pmindex_builder_set_item_basis": (c_int, [Builder, cstr, cstr]),
    "pmindex_builder_set_veto_basis": (c_int, [Builder, cstr, cstr]),
    "pmindex_builder_set_rectification_days": (c_int, [Builder, i32]),
    # Explanations and text for terminals (1.2, issue 12)
    "pmindex_assessment_explain": (i64, [Assessment, Compound, i32, u32, buf, size]),
    "pmindex_compound_observation": (i64, [Compound, i32, i32, buf, size]),
    "pmindex_text_width": (i32, [cstr]),
    "pmindex_text_pad": (i64, [cstr, i32, u32, buf, size]),
    # One shape for every record (1.2, issue 12)
    "pmindex_assessment_header": (i64, [Model, i32, u32, buf, size]),
    "pmindex_assessment_record": (i64, [Assessment, Compound, i32, u32, buf, size]),
    "pmindex_assessment_reason_label": (i64, [Assessment, i32, i32, buf, size]),
    "pmindex_model_reason_label": (i64, [Model, cstr, i32, buf, size]),
    "pmindex_district_header": (i64, [District, i32, i32, u32, buf, size]),
    "pmindex_district_record": (i64, [District, i32, i64, i32, u32, buf, size]),
    "pmindex_ledger_row_header": (i64, [i32, u32, buf, size]),
    "pmindex_ledger_row_record": (i64, [LedgerRows, i32, u32, buf, size]),
    # Before adopting a new model: the parameter diff and the impact (1.2, issue 17)
    "pmindex_model_diff_new": (c_int, [Model, Model, out(ModelDiff), Error]),
    "pmindex_model_diff_free": (None, [ModelDiff]),
    "pmindex_model_diff_count": (i64, [ModelDiff]),
    "pmindex_model_diff_change": (i32, [ModelDiff, i64]),
    "pmindex_model_diff_section": (cstr, [ModelDiff, i64]),
    "pmindex_model_diff_key": (cstr, [ModelDiff, i64]),
    "pmindex_model_diff_value": (cstr, [ModelDiff, i64, i32]),
    "pmindex_model_diff_title": (cstr, [ModelDiff, i64, i32]),
    "pmindex_model_diff_decides": (i32, [ModelDiff, i64]),
    "pmindex_model_diff_header": (i64, [i32, u32, buf, size]),
    "pmindex_model_diff_record": (i64, [ModelDiff, i64, i32, u32, buf, size]),
    "pmindex_compound_translate": (c_int, [Compound, Compound]),
    "pmindex_impact_new": (c_int, [Model, Model, out(Impact)]),
    "pmindex_impact_free": (None, [Impact]),
    "pmindex_impact_error": (Error, [Impact]),
    "pmindex_impact_add": (c_int, [Impact, Compound]),
    "pmindex_impact_compute": (c_int, [Impact]),
    "pmindex_impact_district": (District, [Impact, i32]),
    "pmindex_impact_events": (i32, [Impact, i64, i32]),
    "pmindex_impact_index_tier": (i32, [Impact, i64, i32]),
    "pmindex_impact_count": (i64, [Impact, i32]),
    "pmindex_impact_transitions": (i64, [Impact, i32, i32, i32]),
    "pmindex_impact_compound": (i64, [Impact, i32, i64]),
    "pmindex_impact_group": (i32, [Impact, i32, i32, i32]),
    "pmindex_impact_column": (cstr, [Impact, i64, pi32, pi32]),
    "pmindex_impact_item_count": (i32, [Impact, i64]),
    "pmindex_impact_item": (c_int, [Impact, i64, i32, pi32, pi32, pi64, pi64, pi64]),
    "pmindex_impact_rule_count": (i32, [Impact, i64, i32]),
    "pmindex_impact_rule": (i32, [Impact, i64, i32, i32, pi32]),
    "pmindex_impact_rule_label": (i64, [Impact, i64, i32, i32, i32, buf, size]),
    "pmindex_impact_header": (i64, [Impact, i32, i32, u32, buf, size]),
    "pmindex_impact_record": (i64, [Impact, i32, i64, i32, u32, buf, size]),
    "pmindex_impact_add_ledger": (c_int, [Impact, Ledger, i32, u32]),
    "pmindex_impact_period": (i32, [Impact, i64]),
    "pmindex_impact_period_total": (i64, [Impact, i64, i32, i32]),
    "pmindex_impact_ladder_int": (i64, [Impact, i64, i32, i32]),
    "pmindex_impact_ladder_text": (cstr, [Impact, i64, i32, i32]),
    "pmindex_impact_ladder_model": (Model, [Impact, i64, i32]),
    # Structured builder errors: every problem, element kind and id (1.2, issue 12)
    "pmindex_builder_error_count": (i64, [Builder]),
    "pmindex_builder_error_at": (Error, [Builder, i64]),
    "pmindex_error_element": (i32, [Error]),
    "pmindex_error_element_id": (cstr, [Error]),
    # Corrections and the audit log (1.2, issue 13)
    "pmindex_sheet_digest": (c_int, [Sheet, POINTER(ctypes.c_uint8)]),
    "pmindex_ledger_create": (c_int, [cstr, cstr, cstr, out(Ledger), Error]),
    "pmindex_ledger_set_actor": (c_int, [Ledger, cstr]),
    "pmindex_ledger_set_reason": (c_int, [Ledger, cstr]),
    "pmindex_ledger_add_input": (c_int, [Ledger, cstr, POINTER(ctypes.c_uint8)]),
    "pmindex_ledger_add_next": (c_int, [Ledger, Sheet, out(Compound)]),
    "pmindex_ledger_set_threads": (c_int, [Ledger, i32]),
    "pmindex_ledger_last_entry": (i64, [Ledger]),
    "pmindex_ledger_begin_apply": (c_int, [Ledger, Model, i32, u32]),
    "pmindex_ledger_step_down": (c_int, [Ledger, cstr, pi32, pi32]),
    "pmindex_ledger_revoke": (c_int, [Ledger, i32, u32]),
    "pmindex_ledger_begin_review": (c_int, [Ledger, Model, i32, u32]),
    "pmindex_ledger_review_add": (c_int, [Ledger, Compound, POINTER(cstr), i32]),
    "pmindex_ledger_rows_observations": (c_int, [LedgerRows, Compound]),
    "pmindex_ledger_changes_new": (c_int, [Ledger, u32, out(LedgerChanges)]),
    "pmindex_ledger_changes_free": (None, [LedgerChanges]),
    "pmindex_ledger_changes_next": (c_int, [LedgerChanges]),
    "pmindex_ledger_changes_int": (i64, [LedgerChanges, i32, i32]),
    "pmindex_ledger_changes_text": (cstr, [LedgerChanges, i32, i32]),
    "pmindex_ledger_change_header": (i64, [i32, u32, buf, size]),
    "pmindex_ledger_change_record": (i64, [LedgerChanges, i32, u32, buf, size]),
    "pmindex_ledger_log_new": (c_int, [Ledger, i32, i64, u32, out(LedgerLog)]),
    "pmindex_ledger_log_free": (None, [LedgerLog]),
    "pmindex_ledger_log_next": (c_int, [LedgerLog]),
    "pmindex_ledger_log_int": (i64, [LedgerLog, i32]),
    "pmindex_ledger_log_text": (cstr, [LedgerLog, i32]),
    "pmindex_ledger_log_input": (cstr, [LedgerLog, i32, i32]),
    "pmindex_ledger_log_header": (i64, [i32, u32, buf, size]),
    "pmindex_ledger_log_record": (i64, [LedgerLog, i32, u32, buf, size]),
    # How sure a verdict is: margins and flips (1.2, issue 14)
    "pmindex_margins_new": (c_int, [Model, out(Margins)]),
    "pmindex_margins_free": (None, [Margins]),
    "pmindex_margins_compute": (c_int, [Margins, Compound]),
    "pmindex_margins_verdict": (c_int, [Margins, pi32, pi32]),
    "pmindex_margins_index": (c_int, [Margins, pi64, pi64]),
    "pmindex_margins_fragile": (i32, [Margins]),
    "pmindex_margins_flip_count": (i32, [Margins]),
    "pmindex_margins_flip": (c_int, [Margins, i32, pi32, pi32, pi64, pi64, pi32, pi32]),
    "pmindex_margins_flip_steps": (i64, [Margins, i32]),
    "pmindex_margins_flip_text": (i64, [Margins, i32, i32, buf, size]),
    "pmindex_margins_record": (i64, [Margins, Compound, i32, u32, buf, size]),
    # How sure a district's verdicts are: Monte Carlo (1.2, issue 14)
    "pmindex_uncertainty_new": (c_int, [Model, out(Uncertainty)]),
    "pmindex_uncertainty_free": (None, [Uncertainty]),
    "pmindex_uncertainty_error": (Error, [Uncertainty]),
    "pmindex_uncertainty_add": (c_int, [Uncertainty, Compound]),
    "pmindex_uncertainty_set": (c_int, [Uncertainty, i32, i64]),
    "pmindex_uncertainty_run": (c_int, [Uncertainty, District, i64, u64, i32]),
    "pmindex_uncertainty_samples": (i64, [Uncertainty]),
    "pmindex_uncertainty_tier_count": (i64, [Uncertainty, i64, i32]),
    "pmindex_uncertainty_card_count": (i64, [Uncertainty, i64, i32]),
    "pmindex_uncertainty_rank": (c_int, [Uncertainty, i32, i64, pi64, pi64, pi64]),
    "pmindex_uncertainty_list_count": (i64, [Uncertainty, i32, i32]),
    "pmindex_uncertainty_input_count": (i32, [Uncertainty]),
    "pmindex_uncertainty_input": (i32, [Uncertainty, i32, pi32]),
    "pmindex_uncertainty_sensitivity": (c_int, [Uncertainty, i32, i32, pi64, pi64, pi64]),
    "pmindex_uncertainty_rank_shift": (c_int, [Uncertainty, pi64, pi64, pi64]),
    "pmindex_probability_interval": (c_int, [i64, i64, pi64, pi64]),
    "pmindex_uncertainty_header": (i64, [Uncertainty, i32, i32, u32, buf, size]),
    "pmindex_uncertainty_record": (i64, [Uncertainty, i32, i64, i32, u32, buf, size]),
    "pmindex_uncertainty_input_header": (i64, [Uncertainty, i32, u32, buf, size]),
    "pmindex_uncertainty_input_record": (i64, [Uncertainty, i32, i32, u32, buf, size]),
    # Reading a sheet on several threads (1.2, issue 16)
    "pmindex_sheet_set_threads": (c_int, [Sheet, i32]),
    "pmindex_district_records": (i64, [District, i32, i32, u32, i32, pi64, buf, size]),
    "pmindex_district_add_sheet": (c_int, [District, Sheet, pi64]),
}


# ---- finding the library -------------------------------------------------------

def _load():
    """Loads libpmindex: $PMINDEX_LIBRARY, else the soname, else find_library."""
    path = os.environ.get("PMINDEX_LIBRARY")
    if path:
        try:
            return ctypes.CDLL(path), path
        except OSError as e:
            raise LibraryError("pmindex: cannot load the library named by PMINDEX_LIBRARY (%s): %s"
                               % (path, e)) from None
    tried = []
    soname = "libpmindex.so.%d" % MAJOR
    try:
        return ctypes.CDLL(soname), soname
    except OSError as e:
        tried.append("%s (%s)" % (soname, e))
    found = ctypes.util.find_library("pmindex")
    if found:
        try:
            return ctypes.CDLL(found), found
        except OSError as e:
            tried.append("%s (%s)" % (found, e))
    else:
        tried.append("ctypes.util.find_library('pmindex') found nothing")
    raise LibraryError("pmindex: cannot find libpmindex %d; tried %s. Install it, or set "
                       "PMINDEX_LIBRARY to the path of libpmindex.so.%d"
                       % (MAJOR, "; ".join(tried), MAJOR))


def _declare(lib, name, restype, argtypes):
    f = getattr(lib, name)
    f.restype = restype
    f.argtypes = argtypes


def _open():
    lib, path = _load()
    # The version first, with nothing else declared: a library of another
    # major version may lack functions or give them other types.
    try:
        _declare(lib, "pmindex_version", *FUNCTIONS["pmindex_version"])
        _declare(lib, "pmindex_version_string", *FUNCTIONS["pmindex_version_string"])
    except AttributeError:
        raise LibraryError("pmindex: %s is not libpmindex (it has no pmindex_version)"
                           % path) from None
    number = lib.pmindex_version()
    text = (lib.pmindex_version_string() or b"?").decode("utf-8", "replace")
    if number // 10000 != MAJOR:
        raise LibraryError("pmindex: %s is libpmindex %s, but this module works with "
                           "libpmindex %d.x only; install libpmindex %d or the Python module "
                           "of version %d" % (path, text, MAJOR, MAJOR, number // 10000))
    missing = []
    for name, (restype, argtypes) in FUNCTIONS.items():
        try:
            _declare(lib, name, restype, argtypes)
        except AttributeError:
            missing.append(name)
    if missing:
        raise LibraryError("pmindex: %s (libpmindex %s) lacks %s: install a complete "
                           "libpmindex %d" % (path, text, ", ".join(missing), MAJOR))
    available = set(FUNCTIONS)
    for name, (restype, argtypes) in OPTIONAL.items():
        if hasattr(lib, name):
            _declare(lib, name, restype, argtypes)
            available.add(name)
    return lib, path, number, text, frozenset(available)


lib, LIBRARY_PATH, VERSION_NUMBER, VERSION_STRING, _AVAILABLE = _open()


def has(name):
    """Whether the loaded library has (and this module declared) a function."""
    return name in _AVAILABLE


def require(name, what):
    """Raises NotImplementedError naming what needs a function the loaded
    library lacks (a 1.0 library has none of the 1.1 functions)."""
    if not has(name):
        raise NotImplementedError(
            "%s needs %s, which the loaded libpmindex (%s, %s) does not have"
            % (what, name, VERSION_STRING, LIBRARY_PATH))


# ---- small helpers shared by the classes ----------------------------------------

def encode(s, what="text"):
    """str to the UTF-8 bytes C expects; refuses NUL, which C would cut at."""
    if not isinstance(s, str):
        raise TypeError("%s must be a str, not %s" % (what, type(s).__name__))
    b = s.encode("utf-8")
    if b"\0" in b:
        raise ValueError("%s holds a NUL character: %r" % (what, s))
    return b


def decode(b):
    """A C string the library returned (always UTF-8) as str; None as ''."""
    return b.decode("utf-8") if b else ""


def text(fn, *args, first=256):
    """Calls a function of the (buf, cap) -> length pattern and returns the
    whole text: retries once with the length it asked for."""
    cap = first
    while True:
        b = ctypes.create_string_buffer(cap)
        n = fn(*args, b, cap)
        if n < 0:
            return n
        if n < cap:
            return b.raw[:n].decode("utf-8")
        cap = n + 1


class Handle:
    """A Python object that owns a C object through an Owner: ``_ptr`` (an
    error once closed), ``close()`` and ``with`` blocks. ``_what`` names the
    object in that error."""

    _what = "object"
    _owner = None

    @property
    def _ptr(self):
        if self._owner is None:
            raise ValueError("the %s is closed" % self._what)
        return self._owner.ptr

    def close(self):
        """Lets go of the C object: it is freed now, or when the last object
        made from it goes."""
        self._owner = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Owner:
    """Owns one C object and frees it when no Python object needs it any
    longer: when the last reference goes, which CPython sees at once.
    Objects made from another (a compound from its model) keep that one's
    Owner in `parents`, so the C objects are freed children first, whatever
    order Python drops them in. The wrappers' close() drops their reference;
    release() frees at once and is only for an Owner nothing else holds."""

    __slots__ = ("ptr", "_free", "parents", "__weakref__")

    def __init__(self, ptr, free, parents=()):
        self.ptr = ptr
        self._free = free
        self.parents = parents

    def release(self):
        ptr, self.ptr = self.ptr, None
        if ptr:
            self._free(ptr)
        self.parents = ()

    def __del__(self):
        # At interpreter exit, ctypes may already be gone: ignore that.
        try:
            self.release()
        except Exception:  # pragma: no cover
            pass
