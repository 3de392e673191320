"""Exercises, "predict, then reveal": the learner is shown inputs and asked
for a loss value, the right loss for a task, the sign of a gradient, or which
of two cases costs more; the answer is checked with a tolerance and
explained, with a link to the page that shows it.

Callers import from the module that holds what they need (this package
re-exports nothing):

- :mod:`.exercise`: what an exercise is (:class:`~.exercise.Exercise`, the
  answer types ``NUMBER``, ``CHOICE``, ``SIGN``, the tolerances), ``check``,
  ``answer_text`` and ``catalogue_keys``;
- :mod:`.registry`: ``KINDS`` (the page's menu, the docs and the tests),
  ``make_exercise(kind, seed)``, ``MAX_SEED`` and ``random_seed``;
- :mod:`.kind`: what a kind is, and the ``@kind`` decorator the kinds
  modules record their generators with;
- the kinds, one small generator each: :mod:`.computing` (a loss value, the
  sign of a gradient, the entropy floor), :mod:`.comparing` (which of two
  cases costs more), :mod:`.conventions` (the same loss written another way:
  one-hot labels, two classes, label smoothing), :mod:`.choosing` (the right
  loss for a task) and :mod:`.framework_quirks` (Keras's clipping and
  unchecked targets, PyTorch's edges);
- what the generators share: :mod:`.drawing` (the numbers drawn),
  :mod:`.formatting` (numbers as text), :mod:`.calls` (a framework call's
  text and value), :mod:`.links` (the page that shows an exercise) and
  :mod:`.plots` (an explanation's figure data).

Every correct answer is computed by the core: what the framework function
returns (:func:`xent_core.frameworks.call`, :func:`~xent_core.frameworks.gradient`),
or the information-theory identity it illustrates (:mod:`xent_core.information`,
:mod:`xent_core.losses`). Text is never stored here: an exercise carries
catalogue keys and their parameters (numbers already formatted), and the
page translates them.
"""
