"""The dataset engine: detect, validate, count, price and transform JSONL fine-tuning data.

Pure Python: it imports neither Textual nor ``ftui.providers``. Entry points:

- :func:`open_dataset` - lazy, instant view of any file (first examples in milliseconds);
- :func:`scan` - full parallel validation + tokens + stats -> frozen :class:`ScanReport`;
- :func:`split`, :func:`drop_invalid`, :func:`convert` - write NEW files atomically;
- :func:`fix_file` (:func:`to_jsonl`, :func:`strip_bom`) - a JSON Lines / UTF-8 copy of a
  JSON array, a pretty-printed JSON file, a file with a BOM or in UTF-16.
"""

from __future__ import annotations

from ftui.datasets.cost import Cost, default_epochs, estimate_cost
from ftui.datasets.dataset import Dataset, Example, open_dataset
from ftui.datasets.display import pretty_json, printable
from ftui.datasets.document import describe_document, fix_file, strip_bom, to_jsonl
from ftui.datasets.fileinfo import DatasetPathError, describe_path
from ftui.datasets.formats import FORMATS
from ftui.datasets.limits import MODELS, ModelLimits, default_model, resolve_model
from ftui.datasets.problems import CODES, Problem
from ftui.datasets.report import ScanReport, ValidationSummary
from ftui.datasets.scan import scan
from ftui.datasets.stats import TokenStats
from ftui.datasets.transform import TransformResult, convert, drop_invalid, split

__all__ = [
    "CODES",
    "FORMATS",
    "MODELS",
    "Cost",
    "Dataset",
    "DatasetPathError",
    "Example",
    "ModelLimits",
    "Problem",
    "ScanReport",
    "TokenStats",
    "TransformResult",
    "ValidationSummary",
    "convert",
    "default_epochs",
    "default_model",
    "describe_document",
    "describe_path",
    "drop_invalid",
    "estimate_cost",
    "fix_file",
    "open_dataset",
    "pretty_json",
    "printable",
    "resolve_model",
    "scan",
    "split",
    "strip_bom",
    "to_jsonl",
]
