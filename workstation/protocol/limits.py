"""Size limits of the wire contract (PROTOCOL.md, Transport)."""

#: Largest frame the hub reads; a larger one closes the connection with 1009.
MAX_FRAME_BYTES = 64 * 1024
#: Longest message text; longer is answered ``too_large`` and nothing is stored.
MAX_TEXT_CHARS = 4000
#: Longest request ``id`` a client may choose.
MAX_ID_CHARS = 64
#: Longest note, summary line or reason.
MAX_SHORT_TEXT_CHARS = 1000
