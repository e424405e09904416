from ninja import Router

router = Router(tags=["代表"])
