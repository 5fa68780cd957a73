"""This machine's address on the local network, found without sending anything anywhere."""

from __future__ import annotations

import fcntl
import ipaddress
import socket
import struct

_SIOCGIFADDR = 0x8915  # Linux: read an interface's IPv4 address


def _interface_address(name: str) -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            packed = fcntl.ioctl(probe.fileno(), _SIOCGIFADDR, struct.pack("256s", name[:15].encode()))
        except OSError:
            return None
    return socket.inet_ntoa(packed[20:24])


def lan_addresses() -> list[str]:
    """IPv4 addresses of this machine's network interfaces, private ones (a room's network) first."""
    found: list[str] = []
    try:
        names = [name for _, name in socket.if_nameindex()]
    except OSError:
        names = []
    for name in names:
        address = _interface_address(name)
        if address and not ipaddress.ip_address(address).is_loopback and address not in found:
            found.append(address)
    return sorted(found, key=lambda a: (not ipaddress.ip_address(a).is_private, a))


def lan_address() -> str | None:
    """The address phones on the same network would use, or None when there is none."""
    addresses = lan_addresses()
    return addresses[0] if addresses else None
