"""Just enough ELF reading for tests: map a virtual address to a file offset."""

import struct


def vaddr_to_offset(data: bytes, vaddr: int) -> int:
    """File offset of `vaddr` in a 64-bit little-endian ELF, via its PT_LOAD segments."""
    assert data[:4] == b"\x7fELF" and data[4] == 2 and data[5] == 1, "not a 64-bit LE ELF"
    phoff = struct.unpack_from("<Q", data, 0x20)[0]
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    for i in range(phnum):
        p_type, _, p_offset, p_vaddr, _, p_filesz = struct.unpack_from("<IIQQQQ", data, phoff + i * phentsize)
        if p_type == 1 and p_vaddr <= vaddr < p_vaddr + p_filesz:
            return vaddr - p_vaddr + p_offset
    raise ValueError(f"address {vaddr:#x} is in no PT_LOAD segment")
