"""The delegations of a draft: changing the short tags its brackets name them by."""

from __future__ import annotations

from collections.abc import Mapping

from charter.drafting import assemble
from charter.drafting.model import DELEGATIONS, Draft
from charter.errors import DraftError
from charter.negotiation.brackets import tags


def set_tags(draft: Draft, changes: Mapping[str, str]) -> Draft:
    """Return the draft with the tags of some delegations changed ("b": "USA"); an empty tag goes back
    to the one made from the party's short name.

    The draft keeps only the tags unlike those made from the short names, so that a renamed party's
    tag follows its new name. Raise DraftError for an unknown delegation, a malformed tag, or two
    delegations that would share a tag.
    """
    unknown = sorted(set(changes) - set(DELEGATIONS))
    if unknown:
        raise DraftError(f"unknown delegation '{unknown[0][:40]}'; expected one of {', '.join(DELEGATIONS)}")
    made = tags(draft.settings.model_copy(update={"tags": None}))
    wanted = {**(draft.settings.tags or {}), **{key: tag.strip() for key, tag in changes.items()}}
    effective = {key: wanted.get(key) or made[key] for key in DELEGATIONS}
    checked = assemble.update_settings(draft, tags=effective)  # every tag well formed, no two the same
    kept = {key: tag for key, tag in effective.items() if tag != made[key]}
    return checked.model_copy(update={"settings": checked.settings.model_copy(update={"tags": kept or None})})
