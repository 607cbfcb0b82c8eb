"""Launching fine-tuning jobs: values, preview, safe submit, clone, presets and the draft.

Pure Python (no Textual): the CLI (``ftui launch``) and the launch pane both use it.
"""

from __future__ import annotations

from ftui.launch.form import LAUNCH_TAG, LaunchForm, clone_job, field_errors, is_remote
from ftui.launch.preview import Preview, Resolved, build_preview
from ftui.launch.submit import (
    LaunchPlan,
    check_data,
    create_once,
    explain_refusal,
    find_launched,
    find_prior,
    new_launch_id,
    region_warning,
    submit,
)
from ftui.launch.values import (
    ValueProblem,
    parse_assignment,
    parse_value,
    range_text,
    validate,
)

__all__ = [
    "LAUNCH_TAG",
    "LaunchForm",
    "LaunchPlan",
    "Preview",
    "Resolved",
    "ValueProblem",
    "build_preview",
    "check_data",
    "clone_job",
    "create_once",
    "explain_refusal",
    "field_errors",
    "find_launched",
    "find_prior",
    "is_remote",
    "new_launch_id",
    "parse_assignment",
    "parse_value",
    "profile_role_problem",
    "range_text",
    "region_warning",
    "submit",
    "validate",
]
