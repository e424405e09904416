"""Attachments: type checked by content (not by name), size-limited, access through the owner.

An app registers how to find an owner for a user (its access helper), so a download
is allowed exactly when the owner is visible: `register_owner("workplan.workplanitem", item_for)`.

The name follows the content: a file's extension is the one of the type detected from its bytes
(`download_name`: a PNG with HTML appended, uploaded as `poly.html`, is stored and downloaded as `poly.png`,
served as image/png), so no program opening the download trusts a name the content does not bear out. Every
download goes through `file_response`, which applies the same rule to rows stored before it.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import zipfile
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404

from renda.core import audit
from renda.core.models import Attachment

logger = logging.getLogger(__name__)

OWNER_LOOKUPS: dict[str, Callable] = {}
MISSING = "没有找到该附件。"

ALLOWED = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/msword": ".doc",
    "application/vnd.ms-excel": ".xls",
}


# The extensions a name may keep for each detected type (the first is given to a name that has none of them).
EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg", ".jpe"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
    "application/msword": (".doc", ".xls"),  # OLE2: Word or Excel 97-2003, not told apart by sniff()
    "application/vnd.ms-excel": (".xls", ".doc"),
}
NAME_MAX = 200


def download_name(name: str | None, media_type: str) -> str:
    """`name` (no path separators, at most NAME_MAX characters) with the extension of `media_type`: the base name
    is kept, an extension the content does not bear out is replaced (`poly.html` with PNG content → `poly.png`)."""
    name = (name or "").replace("/", "_").replace("\\", "_").strip().rstrip(". ") or "附件"
    stem, dot, ext = name.rpartition(".")
    if not (dot and stem and ext.isalnum() and len(ext) <= 8):
        stem, ext = name, ""
    allowed = EXTENSIONS.get(media_type) or (ALLOWED.get(media_type) or ".bin",)
    # the sender's spelling (报告.PDF) is kept when it is right, else the detected type's extension
    ext = f".{ext}" if ext and f".{ext.lower()}" in allowed else allowed[0]
    return stem[:NAME_MAX - len(ext)] + ext


def file_response(att: Attachment) -> FileResponse:
    """The download of an attachment the caller has authorised: its detected type and a name with the matching
    extension, always as a download (never shown inline); a row whose file is gone is a Chinese 404."""
    try:
        handle = att.file.open("rb")
    except OSError:  # the row survived but its file did not (e.g. a partial restore): say so, log it, never 500
        logger.error("attachment %s: file %s is missing from storage", att.pk, att.file.name)
        raise Http404("该附件的文件已不存在，请联系办公厅。") from None
    return FileResponse(handle, as_attachment=True, filename=download_name(att.name, att.media_type),
                        content_type=att.media_type)


def download(att: Attachment | None) -> FileResponse:
    """The file response of an attachment the caller found and authorised; 404 "没有找到该附件。" when there is none."""
    if att is None:
        raise Http404(MISSING)
    return file_response(att)


def for_user(user, pk) -> Attachment | None:
    """The attachment `pk` of the user's congress whose registered owner the user may see (the owner's lookup raises
    404 when not); None when there is no such attachment or its owner is of no registered kind."""
    att = Attachment.objects.filter(pk=pk, congress_id=user.congress_id).first()
    lookup = OWNER_LOOKUPS.get(att.owner_type) if att else None
    if lookup is None or not att.owner_id.isdigit():
        return None
    lookup(user, int(att.owner_id))  # 404 unless the owner is visible to this user
    return att


def register_owner(object_type: str, lookup: Callable) -> None:
    """`lookup(user, pk)` returns the owner or raises Http404 when the user may not see it."""
    OWNER_LOOKUPS[object_type] = lookup


def sniff(head: bytes, fileobj=None) -> str | None:
    """The media type by content (magic bytes); None when not an allowed kind."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "application/msword"  # OLE2: .doc / .xls
    if head.startswith(b"PK\x03\x04") and fileobj is not None:
        try:
            fileobj.seek(0)
            names = set(zipfile.ZipFile(fileobj).namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            fileobj.seek(0)
        if "word/document.xml" in names:
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        if "xl/workbook.xml" in names:
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return None


@transaction.atomic
def attach(*, actor, obj, upload) -> Attachment:
    if upload is None:
        raise ValidationError("请选择要上传的文件。")
    limit = settings.RENDA_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(f"文件过大：不得超过 {limit // (1024 * 1024)} MB。")
    if upload.size == 0:
        raise ValidationError("文件是空的。")
    upload.seek(0)
    head = upload.read(16)
    media_type = sniff(head, upload)
    if media_type is None:
        raise ValidationError("文件类型不允许：仅接受 PDF、Word、Excel 文档和 PNG、JPEG 图片（按文件内容识别）。")
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = download_name(upload.name, media_type)  # the extension of the detected type, not the sender's
    att = Attachment(
        congress_id=obj.congress_id,
        owner_type=audit.object_type(obj),
        owner_id=str(obj.pk),
        name=name,
        size=upload.size,
        media_type=media_type,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
    )
    _store(att, f"{digest.hexdigest()[:16]}{ALLOWED[media_type]}", upload)
    try:
        att.save()
        audit.record(actor=actor, action="attach", obj=obj, after={"attachment": name, "sha256": att.sha256})
    except BaseException:
        _discard(att.file.storage, att.file.name)  # no row: no file either
        raise
    return att


NO_SPACE = "服务器存储空间不足，文件未能保存（已上传的部分已清除）：请稍后重试，或联系系统管理员清理存储空间。"
WRITE_FAILED = "服务器写入文件失败，文件未能保存：请稍后重试，或联系系统管理员。"


def _discard(storage, name: str | None) -> None:
    if not name:
        return
    # Best effort: an unreferenced file is harmless, and a second error must not hide the first.
    with contextlib.suppress(OSError):
        storage.delete(name)


def _store(att: Attachment, name: str, upload) -> None:
    """Write the file; a full disk (or quota) is a Chinese ValidationError and leaves no partial file.

    The name is reserved first (`get_available_name`), so whatever is found at it after a failed write is
    this upload's partial file and is removed."""
    storage = att.file.storage
    target = storage.get_available_name(att.file.field.generate_filename(att, name))
    try:
        att.file = storage.save(target, upload, max_length=att.file.field.max_length)
    except OSError as exc:
        _discard(storage, target)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            raise ValidationError(NO_SPACE) from exc
        raise ValidationError(WRITE_FAILED) from exc


def for_object(obj):
    return Attachment.objects.filter(
        congress_id=obj.congress_id, owner_type=audit.object_type(obj), owner_id=str(obj.pk)
    ).order_by("-uploaded_at")
