"""Norwegian anonymiser: replaces personal data in chat text by category tags.

>>> anonymiser = Anonymiser.default()
>>> anonymiser.anonymise("jeg heter Emma og bor i Storgata 12")
'jeg heter [NAVN] og bor i [ADRESSE]'
"""

from .checksums import is_d_number, is_identity_number
from .engine import Anonymiser
from .spans import Span, Tag

__all__ = ["Anonymiser", "Span", "Tag", "is_d_number", "is_identity_number"]
