"""Run a page with Streamlit, as `streamlit run` does, but without asking any other machine anything.

Streamlit finds this machine's addresses by asking checkip.amazonaws.com (at start-up, and whenever a
websocket arrives from a foreign web address, blocking every session for seconds when the room's
DNS does not answer) and by pointing a socket at 8.8.8.8. A workshop room is often offline, and the
app promises to send nothing to a third party: here both look-ups are answered from this machine's
own interfaces (`aiadopt.services.network`, read without sending anything). Same-origin browsers
are unaffected; a foreign origin is refused at once.

    python -m scripts.serve server.py --server.port 8501
"""

from __future__ import annotations

import sys

from streamlit import net_util
from streamlit.web import cli

from aiadopt.services.network import lan_address


def no_external_address() -> None:
    """This machine's address as the internet sees it: not asked for (nothing leaves the machine)."""
    return None


def run(argv: list[str]) -> int:
    """`streamlit run` with the look-ups answered locally."""
    net_util.get_external_ip = no_external_address
    net_util.get_internal_ip = lan_address
    return cli.main(["run", *argv], prog_name="streamlit", standalone_mode=False) or 0


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
