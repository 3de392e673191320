"""The playground's pure helpers, one job a module. No Streamlit here: the
page draws what these functions return, and texts the learner reads come
back as ``(code, params)`` pairs that the page translates.

- ``roles``: which argument holds the labels, the scores, the weights; which
  functions compute the same quantity.
- ``arguments``: the controls an API needs, and the values its widgets start from.
- ``call_inputs``: the call's keyword arguments from the controls' values;
  table edits put back into an array.
- ``formatting``: numbers and arrays as the framework prints them.
- ``non_finite``: why a result holds NaN or inf.
- ``conversions``: logits, probabilities, class indices and one-hot rows into each other.
- ``plans``: how to give the selected API's inputs to another function, or why not.
- ``comparison``: the same inputs through every function of the family, one loss per example.
- ``charts``: what the charts show (element terms, probabilities, class terms).
- ``formulas``: the formula with the first example's numbers put in.
- ``presets``: the learners' questions as playground settings.

The code that reproduces the numbers is in :mod:`xent_core.snippets`.
"""
