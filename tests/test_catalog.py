import itertools

import pytest
from pydantic import ValidationError

from taleweaver.catalog import UnknownChoiceError, allowed_ids, entries, require_choice
from taleweaver.contracts import Choices


def test_catalog_has_enough_curated_choices():
    assert len(entries("theme")) >= 10
    assert len(entries("hero")) >= 16
    assert len(entries("color")) >= 10
    assert len(entries("adjective")) >= 10


@pytest.mark.parametrize("kind", ["theme", "hero", "color", "adjective"])
def test_every_entry_has_id_name_description_and_picture_hint(kind):
    ids = [e.id for e in entries(kind)]
    assert len(ids) == len(set(ids)), "ids must be unique"
    for entry in entries(kind):
        assert entry.id.isidentifier() and entry.id == entry.id.lower()
        assert entry.name and entry.description and entry.emoji
        assert len(entry.description) <= 90, "descriptions stay short for children"


def test_colors_carry_a_hex_signature():
    for entry in entries("color"):
        assert entry.hex and entry.hex.startswith("#") and len(entry.hex) == 7


def test_every_combination_is_a_valid_choice():
    kinds = ("theme", "hero", "color", "adjective")
    combos = itertools.product(*(allowed_ids(k) for k in kinds))
    count = 0
    for combo in combos:
        Choices(**dict(zip(kinds, combo)))
        count += 1
    assert count == 10 * 18 * 12 * 12


def test_unknown_hero_is_refused_with_the_allowed_values():
    with pytest.raises(UnknownChoiceError) as err:
        require_choice("hero", "vampire")
    message = str(err.value)
    assert "'vampire'" in message
    for hero in allowed_ids("hero"):
        assert hero in message


def test_choices_reject_free_text_and_extra_fields():
    with pytest.raises(ValidationError, match="allowed: underwater"):
        Choices(theme="a dark alley", hero="pirate", color="red", adjective="silly")
    with pytest.raises(ValidationError):
        Choices(theme="underwater", hero="pirate", color="red", adjective="silly", wish="anything")
    with pytest.raises(ValidationError):
        Choices(theme="underwater", hero="pirate", color="red")
