"""The look shared by every figure: a colour-blind-safe palette (Okabe-Ito),
readable fonts in light and dark themes, and compact arrays on the wire."""
from __future__ import annotations

import numpy as np

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every
# common colour-vision deficiency.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
# A perceptually uniform, colour-blind-safe scale for heatmaps.
SEQUENTIAL = "Cividis"
MAX_GRID = 200  # points per axis sent to the browser; more is invisible on a screen


def wire(array) -> np.ndarray:
    """float32 copy of ``array`` for the browser: half the bytes of float64,
    and more digits than a figure can show. inf becomes NaN (JSON has no inf)."""
    out = np.asarray(array, dtype=np.float32)
    return np.where(np.isfinite(out), out, np.float32(np.nan))


def apply_style(fig, *, title=None, x_title=None, y_title=None, height=420):
    """Common layout: transparent background (follows the app's theme),
    palette, margins, legend on top."""
    fig.update_layout(
        title=title, height=height, colorway=PALETTE, margin=dict(l=10, r=10, t=50 if title else 20, b=10),
        paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
        font=dict(size=14),
    )
    if x_title is not None:
        fig.update_xaxes(title=x_title)
    if y_title is not None:
        fig.update_yaxes(title=y_title)
    return fig
