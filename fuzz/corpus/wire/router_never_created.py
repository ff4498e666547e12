from fastapi import APIRouter

from petsage.api.v1.endpoints import items

router = APIRouter()
router.include_router(items.router)
