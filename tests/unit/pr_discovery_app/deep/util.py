from ..constants import EXCLAIM


def shout(text: str) -> str:
    return text + EXCLAIM
