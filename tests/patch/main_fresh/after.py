from fastapi import FastAPI

from petsage.api.v1.api import api_v1_router
from petsage.core.config import settings

app = FastAPI(title=settings.PROJECT_NAME)
app.include_router(api_v1_router, prefix="/api/v1")


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}
