"""The kind that asks for the right loss function for a described task,
among one framework's functions, as the decision guide answers it."""
from __future__ import annotations

from ..guide import recommend
from . import links
from .drawing import pick
from .exercise import CHOICE, Option
from .formatting import literal_text
from .kind import kind

TASKS = {  # scenario -> the decision guide's answers (the model outputs logits)
    "multi_label": dict(exclusive=False, labels="probabilities", imbalanced=False),
    "index": dict(exclusive=True, labels="index", imbalanced=False),
    "one_hot": dict(exclusive=True, labels="one_hot", imbalanced=False),
    "soft": dict(exclusive=True, labels="probabilities", imbalanced=False),
    "imbalanced": dict(exclusive=False, labels="probabilities", imbalanced=True),
}
LOSS_OPTIONS = {  # per framework, the functions to choose from
    "TensorFlow": ("tf.nn.sigmoid_cross_entropy_with_logits", "tf.nn.softmax_cross_entropy_with_logits",
                   "tf.nn.sparse_softmax_cross_entropy_with_logits", "tf.nn.weighted_cross_entropy_with_logits"),
    "Keras 3": ("keras.losses.binary_crossentropy", "keras.losses.categorical_crossentropy",
                "keras.losses.sparse_categorical_crossentropy", "keras.losses.binary_focal_crossentropy"),
    "PyTorch": ("torch.nn.functional.binary_cross_entropy", "torch.nn.functional.binary_cross_entropy_with_logits",
                "torch.nn.functional.cross_entropy", "torch.nn.functional.nll_loss"),
}


def right_loss(task: str, framework: str):
    """The decision guide's answer for ``task`` among ``framework``'s options:
    a function made for imbalance first when the task is imbalanced, else the
    plain recommendation. Returns the :class:`~xent_core.guide.Recommendation`."""
    answers = TASKS[task]
    plain = recommend(outputs="logits", **{**answers, "imbalanced": False})
    extra = [r for r in recommend(outputs="logits", **answers) if r not in plain]
    return next(r for r in extra + plain if r.name in LOSS_OPTIONS[framework])


def _with_settings(rec) -> str:
    """``keras.losses.binary_crossentropy(from_logits=True)``; the bare name without settings."""
    settings = ", ".join(f"{k}={literal_text(v)}" for k, v in rec.settings.items())
    return f"{rec.name}({settings})" if settings else rec.name


@kind("right_loss", classic="003")
def _right_loss(rng, classic):
    """The right loss function for a described task, among one framework's functions."""
    task, framework = ("multi_label", "Keras 3") if classic else (pick(rng, tuple(TASKS)),
                                                                  pick(rng, tuple(LOSS_OPTIONS)))
    rec = right_loss(task, framework)
    return dict(prompt_key=f"exercises.prompt.right_loss.{task}", prompt_params=dict(framework=framework),
                inputs=dict(task=task, framework=framework),
                answer_type=CHOICE, answer=rec.name,
                options=tuple(Option(name) for name in LOSS_OPTIONS[framework]),
                explanation_key=f"exercises.explain.right_loss.{task}",
                explanation_params=dict(answer=_with_settings(rec)),
                link=links.guide(**TASKS[task]))
