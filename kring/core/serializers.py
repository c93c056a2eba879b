"""Django's JSON serializer (``dumpdata``, ``loaddata``) with encrypted fields kept sealed:
a dump carries tokens, never the plain text, so a dump is as safe as the database (and as
useless without the data key). Loading opens tokens again (the model seals them anew on
save), and plain text in a hand-written fixture still loads. Registered for "json" in
``SERIALIZATION_MODULES``; other formats are not used for data."""
from __future__ import annotations

import json as jsonlib
from collections.abc import Iterator
from typing import IO, Any

from django.apps import apps
from django.core.serializers import base, json, python
from django.db import models

from kring.core import crypto
from kring.core.fields import EncryptedTextField


def _encrypted_names(model: type[models.Model]) -> set[str]:
    return {f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)}


class Serializer(json.Serializer):
    def get_dump_object(self, obj: models.Model) -> dict[str, Any]:
        data = super().get_dump_object(obj)
        for name in _encrypted_names(type(obj)) & set(data["fields"]):
            value = data["fields"][name]
            data["fields"][name] = crypto.encrypt(value) if value else value
        return data


def _opened(objects: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for obj in objects:
        try:
            model = apps.get_model(str(obj.get("model")))
        except (LookupError, ValueError):
            yield obj  # the base class reports a bad model name in its own words
            continue
        fields = dict(obj.get("fields") or {})
        for name in _encrypted_names(model) & set(fields):
            if isinstance(fields[name], str) and crypto.is_encrypted(fields[name]):
                fields[name] = crypto.decrypt(fields[name])
        yield {**obj, "fields": fields}


class Deserializer(python.Deserializer):
    def __init__(self, stream_or_string: IO[Any] | bytes | str, **options: Any) -> None:
        raw = stream_or_string if isinstance(stream_or_string, (bytes, str)) else stream_or_string.read()
        try:
            objects = jsonlib.loads(raw.decode() if isinstance(raw, bytes) else raw)
        except ValueError as exc:
            raise base.DeserializationError() from exc
        super().__init__(_opened(objects), **options)
