//! fips-binary: find, verify and seal the integrity record that Go's linker
//! writes for its FIPS 140-3 module.
//!
//! Every Go binary built by Go 1.24 or later (on platforms where the FIPS
//! module is enabled) contains a record named `go:fipsinfo`:
//!
//! ```text
//! magic   [16]byte  "\xff Go fipsinfo \xff\x00"
//! sum     [32]byte  HMAC-SHA256 of the FIPS code and data
//! self    uintptr   the record's own address
//! sects   [4]{start, end uintptr}   text, rodata, noptrdata, data
//! ```
//!
//! The sum is an HMAC-SHA256 with a key of 32 zero bytes over
//! `"go fips object v1\n"` followed, for each of the four ranges, by its
//! length as an 8-byte big-endian integer and its bytes. The runtime
//! (`crypto/internal/fips140/check`) recomputes it at start-up when
//! `GODEBUG=fips140=on` and panics if it differs.
//!
//! [`analyze`] reads the record and recomputes the sum from the file with
//! the same address-to-offset mapping Go's linker uses for each format
//! (ELF: the `PT_LOAD` segment holding the range; Mach-O: the masked pointer
//! plus the record's section offset minus its self pointer; PE: the delta
//! between the record's section address and its self pointer). [`seal_bytes`]
//! and [`seal_file`] write the recomputed sum into the record.
//!
//! Nothing in this crate panics on malformed input: every read is bounds
//! checked and every address computation is checked arithmetic.

mod codesign;
mod elf;
mod macho;
mod pe;
mod seal;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

pub use codesign::macho_code_signature_valid;
pub use elf::elf_relative_addends;
pub use seal::{seal_bytes, seal_file, SealError, SealOutcome};

/// The 16-byte magic that starts `go:fipsinfo`.
pub const FIPS_MAGIC: [u8; 16] = *b"\xff Go fipsinfo \xff\x00";
/// Length of the magic.
pub const MAGIC_LEN: usize = 16;
/// Length of the stored HMAC-SHA256 sum.
pub const SUM_LEN: usize = 32;
/// The first bytes of the HMAC input (what `-fipso` writes first).
pub const HMAC_PREFIX: &[u8] = b"go fips object v1\n";
/// The names of the four hashed ranges, in record order.
pub const RANGE_NAMES: [&str; 4] = ["text", "rodata", "noptrdata", "data"];

/// The container format of a binary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Elf,
    MachO,
    Pe,
}

impl Format {
    /// The usual name of the format: `ELF`, `Mach-O` or `PE`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Elf => "ELF",
            Format::MachO => "Mach-O",
            Format::Pe => "PE",
        }
    }
}

/// Byte order of the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endian {
    Little,
    Big,
}

impl Endian {
    pub fn name(self) -> &'static str {
        match self {
            Endian::Little => "little",
            Endian::Big => "big",
        }
    }
}

/// What kind of binary this is, as far as the integrity check cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub format: Format,
    /// 4 or 8.
    pub pointer_size: u8,
    pub endian: Endian,
    /// The GOARCH name of the machine when known (`amd64`, `arm64`, ...),
    /// otherwise a description such as `elf-machine-243`.
    pub arch: String,
    /// ELF `ET_DYN` (PIE or shared object), Mach-O `MH_PIE`/`MH_DYLIB`, PE DLL.
    pub position_independent: bool,
}

/// How `go:fipsinfo` was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// In its own section: `.go.fipsinfo` (ELF) or `__go_fipsinfo` (Mach-O).
    Section(&'static str),
    /// By scanning the PE `.data` section for the magic, as Go's linker does.
    DataScan,
    /// By its magic in a file without section headers (stripped ELF).
    MagicScan,
}

impl Location {
    pub fn describe(self) -> String {
        match self {
            Location::Section(name) => format!("section {name}"),
            Location::DataScan => "scan of .data for the magic".to_string(),
            Location::MagicScan => {
                "scan of the file for the magic (no section headers)".to_string()
            }
        }
    }
}

/// The `go:fipsinfo` record as stored in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FipsInfo {
    /// File offset of the record (of its magic).
    pub offset: u64,
    /// Virtual address of the record when the format tells it.
    pub address: Option<u64>,
    pub location: Location,
    /// Whether the record starts with [`FIPS_MAGIC`]. Go's runtime treats a
    /// record without it like a zero sum.
    pub magic_ok: bool,
    pub stored_sum: [u8; SUM_LEN],
    /// The `self` pointer as stored in the file.
    pub self_ptr: u64,
    /// The four (start, end) pointer pairs as stored in the file.
    pub pointers: [(u64, u64); 4],
}

/// Dynamic relocations that target the pointer fields of `go:fipsinfo`
/// (ELF position-independent binaries with `SHT_RELA` tables only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relocations {
    /// How many of the 9 pointer fields (self + 4 pairs) carry an
    /// `R_*_RELATIVE` relocation.
    pub relocated_fields: usize,
    /// How many of those hold, in the file, a value different from the
    /// relocation's addend (zero when a linker such as lld leaves dynamic
    /// relocations unapplied).
    pub unapplied_fields: usize,
    /// The pointer values the dynamic loader will produce (relative to the
    /// load base): the addend where a relocation exists, else the file value.
    pub self_ptr: u64,
    pub pointers: [(u64, u64); 4],
}

/// One hashed range, mapped to the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HashedRange {
    pub name: &'static str,
    /// The range's start and end as the record gives them (for Mach-O after
    /// masking, for PE after the delta correction).
    pub start: u64,
    pub end: u64,
    /// File offset of `start`.
    pub offset: u64,
    pub len: u64,
}

/// The outcome of an integrity check: a small closed set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The stored sum equals the recomputed one.
    Verified,
    /// The stored sum is not zero and differs from the recomputed one.
    Mismatch,
    /// The stored sum is all zero (or the magic is wrong): the runtime panics
    /// with `fips140: no verification checksum found`.
    NoChecksum,
    /// The record's pointers do not map into the file.
    InvalidPointers,
    /// A PIE whose `go:fipsinfo` pointers are only in `R_*_RELATIVE`
    /// relocation addends (zero in place), and whose stored sum does not
    /// match the ranges those relocations describe.
    UnappliedRelocations,
    /// The binary has no `go:fipsinfo` record.
    NoFipsInfo,
}

impl Status {
    /// The stable name used in reports and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Verified => "fips-verified",
            Status::Mismatch => "integrity-mismatch",
            Status::NoChecksum => "no-checksum",
            Status::InvalidPointers => "invalid-pointers",
            Status::UnappliedRelocations => "unapplied-relocations",
            Status::NoFipsInfo => "no-fipsinfo",
        }
    }

    /// All values, in documentation order.
    pub const ALL: [Status; 6] = [
        Status::Verified,
        Status::Mismatch,
        Status::NoChecksum,
        Status::InvalidPointers,
        Status::UnappliedRelocations,
        Status::NoFipsInfo,
    ];
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything [`analyze`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Integrity {
    pub target: Target,
    pub fipsinfo: Option<FipsInfo>,
    pub relocations: Option<Relocations>,
    /// The hashed ranges (empty when the pointers are invalid or there is no
    /// record).
    pub ranges: Vec<HashedRange>,
    /// The sum recomputed from the file (what the runtime check computes).
    pub computed_sum: Option<[u8; SUM_LEN]>,
    /// When relocations change the pointers: the sum over the pointers as
    /// written in the file, which is what Go's linker computes after a host
    /// link (`hostlinkfips` does not read relocation tables).
    pub in_place_sum: Option<[u8; SUM_LEN]>,
    /// File offset where the sum is stored.
    pub sum_offset: Option<u64>,
    pub status: Status,
    /// One sentence explaining the status.
    pub detail: String,
}

/// Why a file could not be analysed at all.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Error {
    #[error("not an ELF, Mach-O or PE file")]
    UnknownFormat,
    #[error("{0} is not supported (ELF, Mach-O and PE executables and shared libraries are)")]
    Unsupported(&'static str),
    #[error("malformed {format} file: {reason}")]
    Malformed {
        format: &'static str,
        reason: String,
    },
}

impl Error {
    pub(crate) fn malformed(format: Format, reason: impl std::fmt::Display) -> Self {
        Error::Malformed {
            format: format.name(),
            reason: reason.to_string(),
        }
    }
}

/// Analyse a binary held in memory: find `go:fipsinfo`, recompute the sum
/// and classify the result.
pub fn analyze(data: &[u8]) -> Result<Integrity, Error> {
    let located = locate(data)?;
    Ok(finish(data, located))
}

/// Detect the format of `data`.
pub fn detect_format(data: &[u8]) -> Result<Format, Error> {
    use object::FileKind;
    match FileKind::parse(data) {
        Ok(FileKind::Elf32 | FileKind::Elf64) => Ok(Format::Elf),
        Ok(FileKind::MachO32 | FileKind::MachO64) => Ok(Format::MachO),
        Ok(FileKind::Pe32 | FileKind::Pe64) => Ok(Format::Pe),
        Ok(FileKind::MachOFat32 | FileKind::MachOFat64) => {
            Err(Error::Unsupported("a Mach-O universal (fat) binary"))
        }
        Ok(_) => Err(Error::Unsupported("this object file kind")),
        Err(_) if data.starts_with(b"!<arch>\n") => Err(Error::Unsupported(
            "an ar archive (a c-archive must be linked first)",
        )),
        Err(_) => Err(Error::UnknownFormat),
    }
}

/// What a format module found, before hashing.
pub(crate) struct Located {
    pub target: Target,
    pub fipsinfo: Option<FipsInfo>,
    pub relocations: Option<Relocations>,
    /// Mapping of the effective pointers (after relocations) to the file.
    pub ranges: Result<Vec<HashedRange>, String>,
    /// Mapping of the pointers as written in the file, when relocations
    /// changed them.
    pub in_place_ranges: Option<Result<Vec<HashedRange>, String>>,
    /// Why there is no record, when there is none.
    pub absent_reason: String,
}

impl Located {
    /// Nothing found yet in a file of `target`.
    pub(crate) fn new(target: Target) -> Self {
        Located {
            target,
            fipsinfo: None,
            relocations: None,
            ranges: Err(String::new()),
            in_place_ranges: None,
            absent_reason: String::new(),
        }
    }
}

fn locate(data: &[u8]) -> Result<Located, Error> {
    use object::FileKind;
    let Ok(kind) = FileKind::parse(data) else {
        return detect_format(data).and(Err(Error::UnknownFormat));
    };
    match kind {
        FileKind::Elf32 | FileKind::Elf64 => elf::locate(data, kind),
        FileKind::MachO32 | FileKind::MachO64 => macho::locate(data, kind),
        FileKind::Pe32 | FileKind::Pe64 => pe::locate(data, kind),
        _ => detect_format(data).and(Err(Error::UnknownFormat)),
    }
}

fn finish(data: &[u8], located: Located) -> Integrity {
    let Located {
        target,
        fipsinfo,
        relocations,
        ranges,
        in_place_ranges,
        absent_reason,
    } = located;
    let mut out = Integrity {
        target,
        fipsinfo: None,
        relocations,
        ranges: Vec::new(),
        computed_sum: None,
        in_place_sum: None,
        sum_offset: None,
        status: Status::NoFipsInfo,
        detail: String::new(),
    };
    let Some(info) = fipsinfo else {
        out.detail = absent_reason;
        return out;
    };
    out.sum_offset = info.offset.checked_add(MAGIC_LEN as u64);
    let stored = info.stored_sum;
    let magic_ok = info.magic_ok;
    out.fipsinfo = Some(info);
    if let Some(Ok(r)) = &in_place_ranges {
        out.in_place_sum = hmac_sum(data, r);
    }
    match ranges {
        Err(reason) => {
            out.status = Status::InvalidPointers;
            out.detail = reason;
        }
        Ok(ranges) => match hmac_sum(data, &ranges) {
            None => {
                out.status = Status::InvalidPointers;
                out.detail = "a hashed range lies outside the file".to_string();
            }
            Some(sum) => {
                out.computed_sum = Some(sum);
                out.ranges = ranges;
                let unapplied = out.relocations.as_ref().map_or(0, |r| r.unapplied_fields);
                if !magic_ok {
                    out.status = Status::NoChecksum;
                    out.detail = "go:fipsinfo does not start with the FIPS magic; the runtime \
                                  check panics with \"fips140: no verification checksum found\""
                        .to_string();
                } else if stored == [0u8; SUM_LEN] {
                    out.status = Status::NoChecksum;
                    out.detail = "the stored sum is zero (the binary was linked by a tool that \
                                  did not seal it, e.g. a C linker over a Go c-archive); the \
                                  runtime check panics with \"fips140: no verification checksum \
                                  found\"; run `fipstool seal`"
                        .to_string();
                } else if stored == sum {
                    out.status = Status::Verified;
                    out.detail = if unapplied > 0 {
                        "the stored sum matches the FIPS code and data (the go:fipsinfo pointers \
                         come from dynamic relocations that the linker did not apply in place)"
                            .to_string()
                    } else {
                        "the stored sum matches the FIPS code and data".to_string()
                    };
                } else if unapplied > 0 {
                    out.status = Status::UnappliedRelocations;
                    let matches_in_place = out.in_place_sum == Some(stored);
                    out.detail = format!(
                        "{unapplied} of the go:fipsinfo pointer fields are zero in the file and \
                         set only by R_*_RELATIVE dynamic relocations (a linker such as lld that \
                         does not apply dynamic relocations in place); {} the runtime check \
                         panics with \"fips140: verification mismatch\"; link with \
                         -Wl,--apply-dynamic-relocs or run `fipstool seal`",
                        if matches_in_place {
                            "Go's linker hashed the empty ranges those zero pointers describe, so"
                        } else {
                            "the stored sum matches neither reading, and"
                        }
                    );
                } else {
                    out.status = Status::Mismatch;
                    out.detail = "the stored sum differs from the FIPS code and data: the binary \
                                  was modified after linking; the runtime check panics with \
                                  \"fips140: verification mismatch\""
                        .to_string();
                }
            }
        },
    }
    out
}

/// The exact HMAC input (what the linker's `-fipso` flag writes) for the
/// given ranges, or `None` if a range is outside `data`.
pub fn hmac_input(data: &[u8], ranges: &[HashedRange]) -> Option<Vec<u8>> {
    let mut total = HMAC_PREFIX.len();
    for r in ranges {
        total = total
            .checked_add(8)?
            .checked_add(usize::try_from(r.len).ok()?)?;
    }
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(HMAC_PREFIX);
    for r in ranges {
        out.extend_from_slice(&r.len.to_be_bytes());
        out.extend_from_slice(range_bytes(data, r)?);
    }
    Some(out)
}

/// Compares a FIPS object as Go's linker writes it with `-fipso` (go build
/// passes it whenever GOFIPS140 is set) with the one recomputed from
/// `data`'s ranges: `Ok(length)` when they are equal byte for byte, else
/// where they first differ, in words (the part of the object and the byte).
pub fn compare_fips_object(
    data: &[u8],
    ranges: &[HashedRange],
    fipso: &[u8],
) -> Result<usize, String> {
    let ours = hmac_input(data, ranges)
        .ok_or_else(|| "the binary's hashed ranges lie outside the file".to_string())?;
    if ours == fipso {
        return Ok(ours.len());
    }
    let first = ours
        .iter()
        .zip(fipso)
        .position(|(a, b)| a != b)
        .unwrap_or(ours.len().min(fipso.len()));
    let length = if ours.len() == fipso.len() {
        String::new()
    } else {
        format!(
            " (the object has {} bytes, the binary's ranges give {})",
            fipso.len(),
            ours.len()
        )
    };
    Err(format!(
        "they differ from byte {first}: {}{length}",
        object_part(ranges, first)
    ))
}

/// What byte `at` of a FIPS object is: the header, a range's length, or a
/// byte of a range.
fn object_part(ranges: &[HashedRange], at: usize) -> String {
    if at < HMAC_PREFIX.len() {
        return "the header \"go fips object v1\"".to_string();
    }
    let mut pos = HMAC_PREFIX.len();
    for r in ranges {
        if at < pos + 8 {
            return format!("the length of {}", r.name);
        }
        pos += 8;
        let len = usize::try_from(r.len).unwrap_or(usize::MAX);
        if at - pos < len {
            return format!(
                "byte {} of {} (address {:#x}, file offset {:#x})",
                at - pos,
                r.name,
                r.start.saturating_add((at - pos) as u64),
                r.offset.saturating_add((at - pos) as u64)
            );
        }
        pos = pos.saturating_add(len);
    }
    "past the last range".to_string()
}

/// HMAC-SHA256 (key: 32 zero bytes) over the FIPS object for the given
/// ranges, or `None` if a range is outside `data`.
pub fn hmac_sum(data: &[u8], ranges: &[HashedRange]) -> Option<[u8; SUM_LEN]> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&[0u8; 32]).ok()?;
    mac.update(HMAC_PREFIX);
    for r in ranges {
        mac.update(&r.len.to_be_bytes());
        mac.update(range_bytes(data, r)?);
    }
    let out = mac.finalize().into_bytes();
    let mut sum = [0u8; SUM_LEN];
    sum.copy_from_slice(out.as_slice());
    Some(sum)
}

fn range_bytes<'a>(data: &'a [u8], r: &HashedRange) -> Option<&'a [u8]> {
    let start = usize::try_from(r.offset).ok()?;
    let len = usize::try_from(r.len).ok()?;
    data.get(start..start.checked_add(len)?)
}

/// Read an unsigned integer of `size` bytes (4 or 8) at `off`.
pub(crate) fn read_uint(data: &[u8], off: usize, size: u8, endian: Endian) -> Option<u64> {
    match size {
        4 => {
            let b: [u8; 4] = data.get(off..off.checked_add(4)?)?.try_into().ok()?;
            Some(u64::from(match endian {
                Endian::Little => u32::from_le_bytes(b),
                Endian::Big => u32::from_be_bytes(b),
            }))
        }
        8 => {
            let b: [u8; 8] = data.get(off..off.checked_add(8)?)?.try_into().ok()?;
            Some(match endian {
                Endian::Little => u64::from_le_bytes(b),
                Endian::Big => u64::from_be_bytes(b),
            })
        }
        _ => None,
    }
}

/// The size of a `go:fipsinfo` record for a pointer size.
pub fn record_len(pointer_size: u8) -> usize {
    MAGIC_LEN + SUM_LEN + 9 * usize::from(pointer_size)
}

/// The raw fields of a record starting at `bytes[0]`.
pub(crate) struct RawRecord {
    pub magic_ok: bool,
    pub stored_sum: [u8; SUM_LEN],
    pub self_ptr: u64,
    pub pointers: [(u64, u64); 4],
}

pub(crate) fn parse_record(bytes: &[u8], ps: u8, endian: Endian) -> Option<RawRecord> {
    let magic_ok = bytes.get(..MAGIC_LEN)? == FIPS_MAGIC;
    let stored_sum: [u8; SUM_LEN] = bytes.get(MAGIC_LEN..MAGIC_LEN + SUM_LEN)?.try_into().ok()?;
    let base = MAGIC_LEN + SUM_LEN;
    let p = usize::from(ps);
    let field = |i: usize| read_uint(bytes, base + i * p, ps, endian);
    let self_ptr = field(0)?;
    let mut pointers = [(0u64, 0u64); 4];
    for (i, pair) in pointers.iter_mut().enumerate() {
        *pair = (field(1 + 2 * i)?, field(2 + 2 * i)?);
    }
    Some(RawRecord {
        magic_ok,
        stored_sum,
        self_ptr,
        pointers,
    })
}

impl RawRecord {
    pub(crate) fn into_info(
        self,
        offset: u64,
        address: Option<u64>,
        location: Location,
    ) -> FipsInfo {
        FipsInfo {
            offset,
            address,
            location,
            magic_ok: self.magic_ok,
            stored_sum: self.stored_sum,
            self_ptr: self.self_ptr,
            pointers: self.pointers,
        }
    }
}

/// File offsets (16-byte aligned) where the magic occurs, in file order.
pub(crate) fn magic_candidates(data: &[u8]) -> Vec<usize> {
    memchr::memmem::find_iter(data, &FIPS_MAGIC)
        .filter(|off| off % 16 == 0)
        .collect()
}

/// `true` if `data` contains at least one occurrence of the magic.
pub fn contains_magic(data: &[u8]) -> bool {
    memchr::memmem::find(data, &FIPS_MAGIC).is_some()
}

/// Small synthetic binaries with a valid `go:fipsinfo`, for unit tests and
/// fuzzing (feature `synth`).
#[cfg(any(test, feature = "synth"))]
pub mod synth;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_of_empty_ranges_matches_reference() {
        // Independent: HMAC-SHA256(key=0^32, "go fips object v1\n" || 4 x be64(0)).
        let ranges: Vec<HashedRange> = RANGE_NAMES
            .iter()
            .map(|n| HashedRange {
                name: n,
                start: 0,
                end: 0,
                offset: 0,
                len: 0,
            })
            .collect();
        let input = hmac_input(&[], &ranges).unwrap();
        assert_eq!(input.len(), 18 + 32);
        assert_eq!(&input[..18], HMAC_PREFIX);
        let sum = hmac_sum(&[], &ranges).unwrap();
        // Computed independently with Python's hmac module. It is also the sum
        // that Go's linker stores in an lld-linked PIE (four empty ranges).
        assert_eq!(
            hex::encode(sum),
            "5bfb56251f1cb36dde368c0bc98bf6b0ded874dfa5a2d3fab76e326fff6c112a"
        );
    }

    #[test]
    fn fips_object_comparison() {
        let data: Vec<u8> = (0u8..64).collect();
        let ranges = [
            HashedRange {
                name: "text",
                start: 0x1000,
                end: 0x1010,
                offset: 0,
                len: 16,
            },
            HashedRange {
                name: "rodata",
                start: 0x2000,
                end: 0x2008,
                offset: 32,
                len: 8,
            },
        ];
        let object = hmac_input(&data, &ranges).unwrap();
        assert_eq!(
            compare_fips_object(&data, &ranges, &object),
            Ok(object.len())
        );
        let mut flipped = object.clone();
        let at = HMAC_PREFIX.len() + 8 + 16 + 8 + 3;
        flipped[at] ^= 1;
        assert_eq!(
            compare_fips_object(&data, &ranges, &flipped),
            Err(format!(
                "they differ from byte {at}: byte 3 of rodata (address 0x2003, file offset 0x23)"
            ))
        );
        let short = &object[..object.len() - 1];
        assert_eq!(
            compare_fips_object(&data, &ranges, short),
            Err(format!(
                "they differ from byte {}: byte 7 of rodata (address 0x2007, file offset 0x27) (the object has {} bytes, \
                 the binary's ranges give {})",
                object.len() - 1,
                object.len() - 1,
                object.len()
            ))
        );
        assert!(compare_fips_object(&data, &ranges, b"go fips object v2\n")
            .unwrap_err()
            .contains("the header"));
        assert!(
            compare_fips_object(&data, &ranges, &object[..HMAC_PREFIX.len() + 2])
                .unwrap_err()
                .contains("the length of text")
        );
        let outside = [HashedRange {
            name: "data",
            start: 0,
            end: 0,
            offset: 60,
            len: 10,
        }];
        assert!(compare_fips_object(&data, &outside, b"").is_err());
    }

    #[test]
    fn hmac_input_layout() {
        let data = b"0123456789abcdef";
        let ranges = vec![
            HashedRange {
                name: "text",
                start: 0,
                end: 4,
                offset: 0,
                len: 4,
            },
            HashedRange {
                name: "rodata",
                start: 8,
                end: 10,
                offset: 8,
                len: 2,
            },
        ];
        let input = hmac_input(data, &ranges).unwrap();
        let mut want = HMAC_PREFIX.to_vec();
        want.extend_from_slice(&4u64.to_be_bytes());
        want.extend_from_slice(b"0123");
        want.extend_from_slice(&2u64.to_be_bytes());
        want.extend_from_slice(b"89");
        assert_eq!(input, want);
        assert_eq!(
            hex::encode(hmac_sum(data, &ranges).unwrap()),
            "5da2f3a35c5453ee82cda06ca9582b9cb308a66091c9221ff9514e5ae8e84643"
        );
        let out_of_range = vec![HashedRange {
            name: "text",
            start: 0,
            end: 0,
            offset: 10,
            len: 10,
        }];
        assert!(hmac_input(data, &out_of_range).is_none());
        assert!(hmac_sum(data, &out_of_range).is_none());
    }

    #[test]
    fn read_uint_bounds_and_order() {
        let b = [1, 2, 3, 4, 5, 6, 7, 8];
        assert_eq!(read_uint(&b, 0, 4, Endian::Little), Some(0x04030201));
        assert_eq!(read_uint(&b, 0, 4, Endian::Big), Some(0x01020304));
        assert_eq!(read_uint(&b, 0, 8, Endian::Big), Some(0x0102030405060708));
        assert_eq!(read_uint(&b, 1, 8, Endian::Big), None);
        assert_eq!(read_uint(&b, usize::MAX, 4, Endian::Big), None);
        assert_eq!(read_uint(&b, 0, 3, Endian::Big), None);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert_eq!(analyze(b""), Err(Error::UnknownFormat));
        assert_eq!(
            analyze(b"hello world, not a binary"),
            Err(Error::UnknownFormat)
        );
        assert!(analyze(b"\x7fELF\x02\x01\x01").is_err());
        assert!(analyze(b"MZ\0\0").is_err());
        assert!(analyze(&[0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]).is_err());
    }

    #[test]
    fn status_names_are_stable() {
        let names: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(
            names,
            [
                "fips-verified",
                "integrity-mismatch",
                "no-checksum",
                "invalid-pointers",
                "unapplied-relocations",
                "no-fipsinfo"
            ]
        );
    }
}
