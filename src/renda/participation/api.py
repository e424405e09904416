from ninja import Router

router = Router(tags=["联系群众"])
