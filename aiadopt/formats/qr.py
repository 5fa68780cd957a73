"""The join link as a scannable picture for the screen in the room."""

from __future__ import annotations

import io

import segno


def join_qr_png(link: str, scale: int = 10) -> bytes:
    """A PNG QR code of the join link (medium error correction, survives a projector)."""
    picture = io.BytesIO()
    segno.make(link, error="m").save(picture, kind="png", scale=scale, border=2)
    return picture.getvalue()
