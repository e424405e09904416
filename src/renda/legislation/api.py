from ninja import Router

router = Router(tags=["立法"])
