"""RFC 6901 JSON pointers."""


def child(pointer: str, token: str | int) -> str:
    """The pointer of ``token`` under ``pointer``, escaping ``~`` and ``/``."""
    text = str(token).replace("~", "~0").replace("/", "~1")
    return f"{pointer}/{text}"
