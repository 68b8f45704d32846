"""Markup that PDF-to-text converters leave in documents: HTML tags, LaTeX commands and markdown emphasis.

Letters, tables and reference lists all read names and numbers through `strip_markup`, so the three share one
definition of what is markup.
"""

from __future__ import annotations

import re

__all__ = ["strip_markup"]

_LATEX = {r"\ddagger": "‡", r"\dagger": "†", r"\S": "§", r"\P": "¶", r"\ast": "*", r"\alpha": "α",
          r"\beta": "β", r"\gamma": "γ", r"\delta": "δ", r"\kappa": "κ", r"\lambda": "λ", r"\mu": "μ",
          r"\times": "×", r"\geq": "≥", r"\leq": "≤", r"\ge": "≥", r"\le": "≤", r"\pm": "±", r"\%": "%"}
_LATEX_COMMAND = re.compile("|".join(re.escape(k) for k in sorted(_LATEX, key=len, reverse=True)) + r"(?![A-Za-z])")
_TAG = re.compile(r"</?(?:i|b|em|strong|sup|sub|span|br|u)\b[^>]*>", re.IGNORECASE)


def strip_markup(text: str) -> str:
    """Plain text of a markdown/HTML/LaTeX fragment as PDF converters write it.

    Examples
    --------
    >>> strip_markup("sepsis, $n = 2$ ; <i>n</i> = 3, $NR^{\\\\ddagger}$")
    'sepsis, n = 2 ; n = 3, NR‡'
    >>> strip_markup("**Clinical studies**")
    'Clinical studies'
    """
    text = _TAG.sub("", text)
    text = _LATEX_COMMAND.sub(lambda m: _LATEX[m.group(0)], text)
    text = re.sub(r"\^\{([^}]*)\}", r"\1", text)
    text = re.sub(r"\\mathrm\{([^}]*)\}", r"\1", text)
    text = text.replace("$", "").replace("\\*", "*").replace("\\_", "_").replace("{", "").replace("}", "")
    text = re.sub(r"\*\*|__", "", text)
    return " ".join(text.split())
