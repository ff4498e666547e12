from fastapi import APIRouter

from petsage.api.v1.endpoints import appointments, clinics, medications, owners, visits

api_v1_router = APIRouter()
api_v1_router.include_router(appointments.router)
api_v1_router.include_router(clinics.router)
api_v1_router.include_router(medications.router)
api_v1_router.include_router(owners.router)
api_v1_router.include_router(visits.router)
