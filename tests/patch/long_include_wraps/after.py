from fastapi import APIRouter

from petsage.api.v1.endpoints import veterinary_appointment_reminders

api_v1_router = APIRouter()
api_v1_router.include_router(
    veterinary_appointment_reminders.router,
    prefix="/veterinary-appointment-reminders",
    tags=["reminders"],
)
