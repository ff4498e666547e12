"""The domain errors the services raise, and where they become HTTP responses.

The services know nothing of HTTP: they raise these. Each resource's router is built
with `route_class=DomainErrorRoute`, which answers them with their status and an
`ErrorBody`, in one place, without an exception handler added to the app.
"""

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel


class ErrorBody(BaseModel):
    """The body of an error response, as FastAPI writes an HTTPException."""

    detail: str


class DomainError(Exception):
    """A request the domain refuses; `status` is the HTTP status it is answered with."""

    status = 400

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFoundError(DomainError):
    """No row has the id."""

    status = 404


class ConflictError(DomainError):
    """The change conflicts with what is stored (a duplicate, a referenced row)."""

    status = 409


class UnknownReferenceError(DomainError):
    """A referenced id that no row has: answered as FastAPI answers any invalid body."""

    status = 422

    def __init__(self, field: str, value: object, detail: str) -> None:
        super().__init__(detail)
        self.field = field
        self.value = value


class DomainErrorRoute(APIRoute):
    """A route that answers the domain errors its endpoint raises."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def answer(request: Request) -> Response:
            try:
                return await handler(request)
            except UnknownReferenceError as error:
                # FastAPI's own 422, which the routes document, naming the field.
                error_detail = {
                    "type": "foreign_key",
                    "loc": ("body", error.field),
                    "msg": error.detail,
                    "input": error.value,
                }
                raise RequestValidationError([error_detail]) from None
            except DomainError as error:
                body = ErrorBody(detail=error.detail)
                return JSONResponse(body.model_dump(), status_code=error.status)

        return answer
