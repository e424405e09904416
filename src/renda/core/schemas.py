"""Shared field types for the /api/v1 schemas."""

from typing import Annotated

from ninja import Schema
from pydantic import Field

#: A database id as a client may send it: positive and within JSON's exact-integer range (2^53), so a huge
#: number is a 422 at the door, never an overflow in the database driver.
Id = Annotated[int, Field(ge=1, le=2**53)]


class Page(Schema):
    """One page of a list (renda.core.api_kit.page_out): a list's own page schema adds its `items`."""

    count: int
    page: int
    pages: int
