"""Shared facts, projected once in the kit: each owner's facts that several departments'
rules need (settlement's identity, hukou, permits and residence; social security's poverty
registrations), as fact packs a department declares (`servicekit.facts.pack`)."""
