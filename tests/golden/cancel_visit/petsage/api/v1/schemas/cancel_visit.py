"""Cancel Visit: schemas.

None: the endpoint takes no body and answers 204 without one.

Cancel a planned visit.
"""
