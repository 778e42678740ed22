//! Hand-made zip files for tests and fuzzing, including deliberately
//! malformed ones (lying sizes, symlinks, duplicate or non-UTF-8 names)
//! that a well-behaved zip writer refuses to produce.
//!
//! Only compiled for this crate's tests and with the `testing` feature.

use std::io::Write as _;

/// Compression of one entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Stored,
    Deflated,
}

/// One entry, with every field a malicious archive could lie about.
#[derive(Debug, Clone)]
pub struct RawEntry {
    pub name: Vec<u8>,
    pub data: Vec<u8>,
    pub method: Method,
    /// Uncompressed size written in the headers (default: the real size).
    pub declared_size: Option<u32>,
    /// CRC-32 written in the headers (default: the real one).
    pub crc: Option<u32>,
    /// External attributes; with `unix_mode`, the made-by system is Unix.
    pub unix_mode: Option<u32>,
    /// General purpose flags (bit 0: encrypted, bit 11: UTF-8 names).
    pub flags: u16,
}

impl RawEntry {
    pub fn stored(name: &str, data: &[u8]) -> RawEntry {
        RawEntry::new(name.as_bytes(), data, Method::Stored)
    }

    pub fn deflated(name: &str, data: &[u8]) -> RawEntry {
        RawEntry::new(name.as_bytes(), data, Method::Deflated)
    }

    pub fn new(name: &[u8], data: &[u8], method: Method) -> RawEntry {
        RawEntry {
            name: name.to_vec(),
            data: data.to_vec(),
            method,
            declared_size: None,
            crc: None,
            unix_mode: None,
            flags: 0,
        }
    }

    pub fn with_unix_mode(mut self, mode: u32) -> RawEntry {
        self.unix_mode = Some(mode);
        self
    }

    pub fn with_declared_size(mut self, size: u32) -> RawEntry {
        self.declared_size = Some(size);
        self
    }

    pub fn with_crc(mut self, crc: u32) -> RawEntry {
        self.crc = Some(crc);
        self
    }

    pub fn with_flags(mut self, flags: u16) -> RawEntry {
        self.flags = flags;
        self
    }
}

fn u16le(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn u32le(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn len16(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

fn len32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Builds a zip file (no zip64) from raw entries, dated 1980-01-01.
pub fn build_zip(entries: &[RawEntry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let payload = match e.method {
            Method::Stored => e.data.clone(),
            Method::Deflated => {
                let mut enc =
                    flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
                let _ = enc.write_all(&e.data);
                enc.finish().unwrap_or_default()
            }
        };
        let method: u16 = match e.method {
            Method::Stored => 0,
            Method::Deflated => 8,
        };
        let crc = e.crc.unwrap_or_else(|| crc32fast::hash(&e.data));
        let usize_ = e.declared_size.unwrap_or(len32(e.data.len()));
        let csize = len32(payload.len());
        let offset = len32(out.len());
        let (made_by, external) = match e.unix_mode {
            Some(mode) => (0x0314u16, mode << 16),
            None => (0x0014u16, 0u32),
        };
        // Local file header.
        u32le(&mut out, 0x0403_4b50);
        u16le(&mut out, 20);
        u16le(&mut out, e.flags);
        u16le(&mut out, method);
        u16le(&mut out, 0); // time 00:00
        u16le(&mut out, 0x21); // date 1980-01-01
        u32le(&mut out, crc);
        u32le(&mut out, csize);
        u32le(&mut out, usize_);
        u16le(&mut out, len16(e.name.len()));
        u16le(&mut out, 0);
        out.extend_from_slice(&e.name);
        out.extend_from_slice(&payload);
        // Central directory header.
        u32le(&mut central, 0x0201_4b50);
        u16le(&mut central, made_by);
        u16le(&mut central, 20);
        u16le(&mut central, e.flags);
        u16le(&mut central, method);
        u16le(&mut central, 0);
        u16le(&mut central, 0x21);
        u32le(&mut central, crc);
        u32le(&mut central, csize);
        u32le(&mut central, usize_);
        u16le(&mut central, len16(e.name.len()));
        u16le(&mut central, 0); // extra
        u16le(&mut central, 0); // comment
        u16le(&mut central, 0); // disk
        u16le(&mut central, 0); // internal attributes
        u32le(&mut central, external);
        u32le(&mut central, offset);
        central.extend_from_slice(&e.name);
    }
    let cd_offset = len32(out.len());
    let cd_size = len32(central.len());
    out.extend_from_slice(&central);
    u32le(&mut out, 0x0605_4b50);
    u16le(&mut out, 0);
    u16le(&mut out, 0);
    u16le(&mut out, len16(entries.len()));
    u16le(&mut out, len16(entries.len()));
    u32le(&mut out, cd_size);
    u32le(&mut out, cd_offset);
    u16le(&mut out, 0);
    out
}

/// Builds a zip from arbitrary bytes, for fuzzing: lets the fuzzer reach
/// deep into the checks with archives that parse. The bytes are a sequence
/// of records `[kind][mode][name_len][name...][data_len][data...]`; `kind`
/// picks the name's base (bits 0-1: `prefix` + `tree`, `prefix`, raw,
/// `prefix` + `special`), deflate
/// (bit 2), a lying declared size (bit 3), a bad CRC (bit 4), reuse of the
/// previous name (bit 5) and the encrypted flag (bit 6); `mode` picks an
/// optional Unix mode (regular, symlink, directory, FIFO, read-only).
pub fn recipe_zip(prefix: &str, tree: &str, special: &str, mut data: &[u8]) -> Vec<u8> {
    fn take<'a>(data: &mut &'a [u8], n: usize) -> &'a [u8] {
        let n = n.min(data.len());
        let (head, tail) = data.split_at(n);
        *data = tail;
        head
    }
    let mut entries: Vec<RawEntry> = Vec::new();
    while !data.is_empty() && entries.len() < 64 {
        let header = take(&mut data, 3);
        let [kind, mode, name_len] = [0, 1, 2].map(|i| header.get(i).copied().unwrap_or(0));
        let name_part = take(&mut data, usize::from(name_len));
        let data_len = usize::from(take(&mut data, 1).first().copied().unwrap_or(0)) * 4;
        let content = take(&mut data, data_len);
        let mut name: Vec<u8> = match kind & 3 {
            0 => [prefix.as_bytes(), tree.as_bytes(), name_part].concat(),
            1 => [prefix.as_bytes(), name_part].concat(),
            2 => name_part.to_vec(),
            _ => format!("{prefix}{special}").into_bytes(),
        };
        if kind & 0x20 != 0 {
            if let Some(prev) = entries.last() {
                name = prev.name.clone();
            }
        }
        let method = if kind & 4 != 0 {
            Method::Deflated
        } else {
            Method::Stored
        };
        let mut e = RawEntry::new(&name, content, method);
        if kind & 8 != 0 {
            e = e.with_declared_size(len32(content.len() / 2));
        }
        if kind & 0x10 != 0 {
            e = e.with_crc(crc32fast::hash(content) ^ 1);
        }
        if kind & 0x40 != 0 {
            e = e.with_flags(1);
        }
        let modes = [0o100_644, 0o120_777, 0o040_755, 0o010_644, 0o100_444];
        if mode != 0 {
            if let Some(m) = modes.get(usize::from(mode) % modes.len()) {
                e = e.with_unix_mode(*m);
            }
        }
        entries.push(e);
    }
    build_zip(&entries)
}
