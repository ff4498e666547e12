from fastapi import APIRouter

from petsage.api.v1.endpoints import items

api_v1_router = APIRouter()
api_v1_router.include_router(items.router)


@api_v1_router.get("/ping")
def ping():
	if True:
		return "pong"
	return "pong"	# tab before comment
