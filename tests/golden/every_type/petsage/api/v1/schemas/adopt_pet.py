"""Adopt Pet: response schema.

Adopt a pet from the shelter. Records who adopted which pet, when, and what it cost, so
that the shelter can follow up with the new family.

Requirements:
- The pet must be available for adoption.
- The adopter must be at least 18 years old and provide a valid address that the shelter
can visit before the adoption is final.
"""

from pydantic import BaseModel, ConfigDict, Field


class AdoptionResult(BaseModel):
    """The Adopt Pet response."""

    model_config = ConfigDict(from_attributes=True)

    pet_name: str = Field(
        ...,
        examples=["Rex"],
        description="The adopted pet's name.",
    )
    age_months: int = Field(
        ...,
        examples=[14],
        description="Age in months.",
    )
    fee: float = Field(
        ...,
        examples=[49.5],
        description="Adoption fee in EUR.",
    )
    whole_fee: float = Field(
        ...,
        examples=[50.0],
    )
    vaccinated: bool = Field(
        ...,
        examples=[True],
    )
    traits: list[str] = Field(
        ...,
        examples=[["friendly", "house-trained"]],
        description="Notable traits.",
    )
    kennel_ids: list[int] = Field(
        ...,
        examples=[[3, 14, 15]],
    )
    chip_id: int | None = Field(
        default=None,
        examples=[None],
        description="No chip yet.",
    )
    nickname: str | None = Field(
        default=None,
        examples=["Rexy"],
    )
    weight_kg: float | None = Field(
        default=None,
        examples=[12.25],
    )
    neutered: bool | None = Field(
        default=None,
        examples=[None],
    )
    notes: list[str] | None = Field(
        default=None,
        examples=[[]],
    )
    siblings: list[int] | None = Field(
        default=None,
        examples=[[-1, 9007199254740993]],
    )
