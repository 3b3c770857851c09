"""Who may see what: documents belong to collections, collections have access levels, API keys
(kept only as SHA-256 hashes in the settings) name the collections they open.

Levels: ``public`` collections are open to anyone the deployment lets in (anonymous requests
too, when allowed); ``staff`` ones to any valid key; ``restricted`` ones (exempt "Part B"
reports, confidential papers) only to keys that name them, or to admin keys. A collection not
configured is restricted, except the default collection "public".
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field

Level = Literal["public", "staff", "restricted"]
DEFAULT_COLLECTION = "public"


class ApiKey(BaseModel):
    """One key as configured: its name (for logs and rate limits), the SHA-256 of the key in
    hex (`assistant key` makes both), the restricted collections it opens ("*": all) and
    whether it may do admin actions."""

    name: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    collections: list[str] = []
    admin: bool = False


class AccessDenied(Exception):
    """The request's key is not one the deployment knows, or anonymous access is off."""


@dataclass(frozen=True)
class Access:
    """What one request may see: ``who`` names it (a key's name, or "anonymous")."""

    who: str
    levels: frozenset[str]
    collections: frozenset[str] = frozenset()
    everything: bool = False
    admin: bool = False

    def sees(self, collection: str, levels: Mapping[str, Level]) -> bool:
        if self.everything or collection in self.collections:
            return True
        return level_of(collection, levels) in self.levels

    def documents(
        self, documents: Mapping[str, Mapping], levels: Mapping[str, Level]
    ) -> frozenset[str] | None:
        """The IDs of the documents this request may see; None when it may see them all."""
        allowed = frozenset(
            doc_id
            for doc_id, info in documents.items()
            if self.sees(info.get("collection") or DEFAULT_COLLECTION, levels)
        )
        return None if len(allowed) == len(documents) else allowed


def level_of(collection: str, levels: Mapping[str, Level]) -> Level:
    if collection in levels:
        return levels[collection]
    return "public" if collection == DEFAULT_COLLECTION else "restricted"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_key() -> tuple[str, str]:
    """A fresh random key and its hash (only the hash goes in the settings)."""
    key = secrets.token_urlsafe(32)
    return key, hash_key(key)


def resolve_access(presented: str | None, keys: list[ApiKey], anonymous: bool) -> Access:
    """The access of a request that presented ``presented`` (None: no key). With no keys
    configured, a key is ignored (chat clients such as openai's always send one)."""
    if not presented or not keys:
        if not anonymous:
            raise AccessDenied("an API key is required (Authorization: Bearer KEY)")
        return Access("anonymous", frozenset({"public"}))
    digest = hash_key(presented)
    for key in keys:
        if hmac.compare_digest(digest, key.sha256):
            return Access(
                who=f"key:{key.name}",
                levels=frozenset({"public", "staff"}),
                collections=frozenset(key.collections),
                everything=key.admin or "*" in key.collections,
                admin=key.admin,
            )
    raise AccessDenied("the API key is not valid")
