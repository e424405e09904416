from ninja import Router

router = Router(tags=["议案建议"])
