from fastapi import APIRouter

from petsage.api.v1.endpoints import items

api_v1_router = APIRouter()
api_v1_router.include_router(items.router)


@api_v1_router.get("/ping")
def ping() -> dict[str, str]:
    return {"ping": "pong"}


api_v1_router.add_api_route("/pong", ping)
