from fastapi import APIRouter

api_v1_router = APIRouter(
    prefix="/v1",
    tags=["v1"],
)


@api_v1_router.get("/ping")
def ping() -> dict[str, str]:
    return {"ping": "pong"}
