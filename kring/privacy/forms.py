from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ConfirmErasureForm(forms.Form):
    email = forms.EmailField(label=_("Type the person's e-mail address to confirm"), max_length=254)
