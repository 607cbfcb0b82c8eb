"""Side-by-side evaluation of a fine-tuned model against another model (usually its base).

Never imports Textual: the Evaluate screen and ``ftui eval`` both drive :class:`EvalRun`.

* :mod:`ftui.evaluate.plan`: the plan, sampling examples from a JSONL chat file, the cost estimate;
* :mod:`ftui.evaluate.scores`: exact match, token F1, valid JSON;
* :mod:`ftui.evaluate.runner`: the bounded worker pool that asks both models;
* :mod:`ftui.evaluate.summary`: counts, mean scores and the win rate;
* :mod:`ftui.evaluate.results`: the results JSONL (save, load, save verdicts again).
"""
