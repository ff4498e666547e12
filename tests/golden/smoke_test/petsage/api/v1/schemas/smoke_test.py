"""Smoke Test: response schema.

Ensure builder functional
"""

from pydantic import BaseModel, ConfigDict, Field


class SmokeTestResponse(BaseModel):
    """The Smoke Test response."""

    model_config = ConfigDict(from_attributes=True)

    status: str = Field(
        ...,
        examples=["ok"],
        description="The operational status of the service.",
    )
    message: str = Field(
        ...,
        examples=["PetSage Backend Builder is functional!"],
        description="A confirmation message from the service.",
    )
