//! Sealing: write the recomputed sum into `go:fipsinfo` (at its offset 16),
//! as cmd/link's `hostlinkfips` does after a host link, for binaries whose
//! final link Go's linker did not perform (a C program linked against a Go
//! `c-archive`) or whose FIPS ranges were rewritten after linking.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::{analyze, codesign, macho, pe, Error, Format, Status, SUM_LEN};

/// What [`seal_bytes`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealOutcome {
    pub format: Format,
    /// File offset of the sum.
    pub sum_offset: u64,
    pub previous_sum: [u8; SUM_LEN],
    pub previous_status: Status,
    pub sum: [u8; SUM_LEN],
    /// Whether any byte changed.
    pub changed: bool,
    /// Other fields updated along with the sum (code signature, checksum).
    pub notes: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error(transparent)]
    Format(#[from] Error),
    #[error("cannot seal: {0}")]
    Cannot(String),
    #[error("sealing is not supported for this file: {0}")]
    NotSupported(String),
    #[error("cannot {action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("internal error: the sealed image does not verify ({0})")]
    Internal(String),
}

/// Seal an in-memory image. The slice keeps its length; only the sum (and,
/// where present, the Mach-O page hash or PE checksum covering it) change.
pub fn seal_bytes(data: &mut [u8]) -> Result<SealOutcome, SealError> {
    let integrity = analyze(data)?;
    let format = integrity.target.format;
    let info = match (&integrity.fipsinfo, integrity.status) {
        (None, _) => {
            return Err(SealError::Cannot(format!(
                "no go:fipsinfo record: {}",
                integrity.detail
            )))
        }
        (Some(_), Status::InvalidPointers) => return Err(SealError::Cannot(integrity.detail)),
        (Some(info), _) if !info.magic_ok => {
            return Err(SealError::Cannot(
                "the go:fipsinfo section does not start with the FIPS magic".to_string(),
            ))
        }
        (Some(info), _) => info.clone(),
    };
    let (Some(sum), Some(sum_offset)) = (integrity.computed_sum, integrity.sum_offset) else {
        return Err(SealError::Internal("no sum was computed".to_string()));
    };

    // A range that covers the sum itself cannot be sealed: writing the sum
    // would change what it is a sum of.
    let sum_end = sum_offset.saturating_add(SUM_LEN as u64);
    if let Some(r) = integrity
        .ranges
        .iter()
        .find(|r| r.offset < sum_end && sum_offset < r.offset.saturating_add(r.len))
    {
        return Err(SealError::Cannot(format!(
            "the hashed {} range covers the stored sum itself",
            r.name
        )));
    }

    // Refuse what cannot be kept valid, before touching anything.
    let mut signature = None;
    let mut pe_facts = None;
    match format {
        Format::MachO => {
            let facts = macho::facts(data)?;
            if let Some((off, size)) = facts.code_signature {
                let sig = codesign::parse(data, off, size).map_err(|e| {
                    SealError::NotSupported(format!("unreadable Mach-O code signature: {e}"))
                })?;
                if sig.has_cms {
                    return Err(SealError::NotSupported(
                        "the Mach-O file is signed with a certificate; seal it before signing \
                         (or re-sign it after sealing)"
                            .to_string(),
                    ));
                }
                signature = Some(sig);
            }
        }
        Format::Pe => {
            let facts = pe::facts(data)?;
            if facts.security_size != 0 {
                return Err(SealError::NotSupported(
                    "the PE file carries an Authenticode signature; seal it before signing"
                        .to_string(),
                ));
            }
            pe_facts = Some(facts);
        }
        Format::Elf => {}
    }

    let mut outcome = SealOutcome {
        format,
        sum_offset,
        previous_sum: info.stored_sum,
        previous_status: integrity.status,
        sum,
        changed: false,
        notes: Vec::new(),
    };
    if info.stored_sum == sum {
        return Ok(outcome);
    }
    let start = usize::try_from(sum_offset).map_err(|e| SealError::Internal(e.to_string()))?;
    let slot = start
        .checked_add(SUM_LEN)
        .and_then(|end| data.get_mut(start..end))
        .ok_or_else(|| SealError::Internal("sum offset outside the file".to_string()))?;
    slot.copy_from_slice(&sum);
    outcome.changed = true;

    if let Some(sig) = signature {
        let n = codesign::update_pages(data, &sig, sum_offset, sum_offset + SUM_LEN as u64)
            .map_err(SealError::NotSupported)?;
        outcome
            .notes
            .push(format!("updated {n} code signature page hash(es)"));
    }
    if let Some(facts) = pe_facts {
        if facts.checksum != 0 {
            let c = pe::pe_checksum(data, facts.checksum_offset)
                .ok_or_else(|| SealError::Internal("PE checksum".to_string()))?;
            let at = facts.checksum_offset;
            let field = at
                .checked_add(4)
                .and_then(|end| data.get_mut(at..end))
                .ok_or_else(|| {
                    SealError::Internal("PE checksum field outside the file".to_string())
                })?;
            field.copy_from_slice(&c.to_le_bytes());
            outcome
                .notes
                .push(format!("updated the PE checksum to {c:#010x}"));
        }
    }

    let after = analyze(data)?;
    if after.status != Status::Verified {
        return Err(SealError::Internal(format!(
            "{}: {}",
            after.status, after.detail
        )));
    }
    Ok(outcome)
}

/// Seal `input`, writing to `output` (or `input` itself). The result is
/// written to a temporary file beside the destination and renamed over it,
/// so a failure never leaves a partial file; the input's permissions are
/// kept. An in-place seal of an already sealed file writes nothing.
pub fn seal_file(input: &Path, output: Option<&Path>) -> Result<SealOutcome, SealError> {
    let io = |action: &'static str, path: &Path| {
        let path = path.to_path_buf();
        move |source| SealError::Io {
            action,
            path,
            source,
        }
    };
    let mut data = std::fs::read(input).map_err(io("read", input))?;
    let permissions = std::fs::metadata(input)
        .map_err(io("stat", input))?
        .permissions();
    let outcome = seal_bytes(&mut data)?;
    let dest = output.unwrap_or(input);
    if !outcome.changed && output.is_none() {
        return Ok(outcome);
    }
    let dir = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".fipstool-seal-")
        .tempfile_in(&dir)
        .map_err(io("create a temporary file in", &dir))?;
    tmp.write_all(&data).map_err(io("write", tmp.path()))?;
    tmp.as_file().sync_all().map_err(io("write", dest))?;
    std::fs::set_permissions(tmp.path(), permissions).map_err(io("set permissions on", dest))?;
    tmp.persist(dest).map_err(|e| SealError::Io {
        action: "rename the sealed file to",
        path: dest.to_path_buf(),
        source: e.error,
    })?;
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::{ElfBuilder, MachOBuilder, PeBuilder};

    #[test]
    fn seals_elf_in_memory() {
        let b = ElfBuilder::new(8, false);
        let mut f = b.build(false);
        let out = seal_bytes(&mut f).unwrap();
        assert!(out.changed);
        assert_eq!(out.previous_status, Status::NoChecksum);
        assert_eq!(f, b.build(true));
        let again = seal_bytes(&mut f).unwrap();
        assert!(!again.changed);
        assert_eq!(again.previous_status, Status::Verified);
    }

    #[test]
    fn seals_lld_style_pie_with_relocation_addends() {
        let mut b = ElfBuilder::new(8, false);
        b.pie = true;
        b.rela_for_fields = true;
        b.zero_fields_in_place = true;
        let mut f = b.build_with_sum(|in_place, _| in_place);
        let out = seal_bytes(&mut f).unwrap();
        assert_eq!(out.previous_status, Status::UnappliedRelocations);
        assert_eq!(analyze(&f).unwrap().status, Status::Verified);
    }

    #[test]
    fn seals_macho_and_updates_signature() {
        let mut b = MachOBuilder::new();
        b.code_signature = true;
        let mut f = b.build(false);
        let out = seal_bytes(&mut f).unwrap();
        assert!(out.changed);
        assert_eq!(out.notes.len(), 1, "{:?}", out.notes);
        assert_eq!(analyze(&f).unwrap().status, Status::Verified);
        assert_eq!(crate::macho_code_signature_valid(&f), Some(true));
    }

    #[test]
    fn seals_pe_and_updates_checksum() {
        let mut b = PeBuilder::new();
        b.with_checksum = true;
        let mut f = b.build(false);
        let out = seal_bytes(&mut f).unwrap();
        assert!(
            out.notes.iter().any(|n| n.contains("checksum")),
            "{:?}",
            out.notes
        );
        let facts = pe::facts(&f).unwrap();
        assert_eq!(
            pe::pe_checksum(&f, facts.checksum_offset),
            Some(facts.checksum)
        );
        assert_eq!(analyze(&f).unwrap().status, Status::Verified);
    }

    #[test]
    fn refuses_signed_pe_and_invalid_pointers() {
        let mut b = PeBuilder::new();
        b.signed = true;
        let mut f = b.build(false);
        assert!(matches!(
            seal_bytes(&mut f),
            Err(SealError::NotSupported(_))
        ));
        let mut e = ElfBuilder::new(8, false);
        e.pointers[0] = (0x9000_0000, 0x9000_0010);
        let mut f = e.build(false);
        assert!(matches!(seal_bytes(&mut f), Err(SealError::Cannot(_))));
        let mut junk = b"not a binary".to_vec();
        assert!(matches!(
            seal_bytes(&mut junk),
            Err(SealError::Format(Error::UnknownFormat))
        ));
    }

    #[test]
    fn seal_file_writes_atomically_and_keeps_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("prog");
        std::fs::write(&input, ElfBuilder::new(8, false).build(false)).unwrap();
        std::fs::set_permissions(&input, std::fs::Permissions::from_mode(0o751)).unwrap();
        let out = dir.path().join("sealed");
        seal_file(&input, Some(&out)).unwrap();
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o751);
        assert_eq!(
            analyze(&std::fs::read(&out).unwrap()).unwrap().status,
            Status::Verified
        );
        // input untouched
        assert_eq!(
            analyze(&std::fs::read(&input).unwrap()).unwrap().status,
            Status::NoChecksum
        );
        // in place
        seal_file(&input, None).unwrap();
        assert_eq!(
            analyze(&std::fs::read(&input).unwrap()).unwrap().status,
            Status::Verified
        );
        // only the two files: no temporary left behind
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
        // a failure leaves nothing behind either
        std::fs::write(dir.path().join("junk"), b"junk").unwrap();
        assert!(seal_file(&dir.path().join("junk"), Some(&dir.path().join("x"))).is_err());
        assert!(!dir.path().join("x").exists());
        assert!(matches!(
            seal_file(&dir.path().join("missing"), None),
            Err(SealError::Io { .. })
        ));
    }
}
