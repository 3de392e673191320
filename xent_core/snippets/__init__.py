"""Code that reproduces the playground's numbers, one job a module:

- ``dialects``: how each framework writes imports, arrays, conversions, calls and prints.
- ``exact``: the selected API's own call, as its framework spells it.
- ``equivalents``: each other framework's nearest function, and the code running it.
- ``numpy_common``: numpy pieces several transcriptions share (log-softmax,
  stable sigmoid cross-entropy, Keras's clip, label smoothing).
- ``numpy_tensorflow``, ``numpy_keras``, ``numpy_torch``, ``numpy_optax``,
  ``numpy_sklearn``: each framework's losses transcribed into plain numpy.
- ``numpy_code``: the numpy transcription of the selected API, framed with its arrays.
- ``tabs``: the code of every framework tab.

These build on :mod:`xent_core.playground`, which never imports them.
"""
