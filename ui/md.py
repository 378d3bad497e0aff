"""Upstream text (area, project and file names) shown inside Streamlit Markdown.

Names are text, never markup: a boundary file's '**x** [y](http://…)' must read as written, not
render bold or as a link. CommonMark lets a backslash escape ASCII punctuation, which also
stops GFM autolinks, Streamlit's ':red[…]' / ':icon:' directives and '$' maths.
"""

from __future__ import annotations

import re
import string

# Every ASCII punctuation mark but '&' (common in ward names, and literal unless it starts an entity)
# and quotes/commas/slashes, which Markdown never acts on.
_PUNCTUATION = re.compile(
    "([" + re.escape("".join(c for c in string.punctuation if c not in "&'\",/;=?@%")) + "]|&(?=#?\\w+;))"
)
_BREAKS = re.compile(r"[\r\n\t\x00-\x1f\x7f\u2028\u2029]+")


def md_text(text: object) -> str:
    """`text` escaped for st.markdown/st.title/st.caption/labels: every punctuation mark literal,
    line breaks and control characters read as one space."""
    return _PUNCTUATION.sub(r"\\\1", _BREAKS.sub(" ", str(text)))
