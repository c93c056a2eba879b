from __future__ import annotations

from django import forms

from kring.methods.models import Method, Phase


class MethodForm(forms.ModelForm):
    class Meta:
        model = Method
        fields = ["name", "summary", "when_to_use", "min_group_size", "max_group_size", "min_minutes", "max_minutes"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3}), "when_to_use": forms.Textarea(attrs={"rows": 3})}


class PhaseForm(forms.ModelForm):
    class Meta:
        model = Phase
        fields = ["title", "purpose", "chair_instructions", "prompts", "speaker", "minutes", "collects",
                  "bringer_outside"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3}), "chair_instructions": forms.Textarea(attrs={"rows": 3}),
                   "prompts": forms.Textarea(attrs={"rows": 4})}
