from ninja import Router

router = Router(tags=["决定任免"])
