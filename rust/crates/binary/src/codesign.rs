//! Mach-O code signatures. On darwin/arm64 every binary carries at least an
//! ad-hoc signature whose CodeDirectory holds a SHA-256 hash per 4 KiB page;
//! the kernel refuses pages whose hash does not match. Sealing changes the
//! page holding the sum, so it must update that page's hash. A signature
//! made with a certificate (a non-empty CMS blob) cannot be updated: it must
//! be re-signed, so sealing refuses it.

use sha2::{Digest, Sha256};

const SUPERBLOB_MAGIC: u32 = 0xfade_0cc0;
const CODEDIRECTORY_MAGIC: u32 = 0xfade_0c02;
const BLOBWRAPPER_MAGIC: u32 = 0xfade_0b01;
const HASH_SHA256: u8 = 2;

fn be32(data: &[u8], off: usize) -> Option<u32> {
    let b: [u8; 4] = data.get(off..off.checked_add(4)?)?.try_into().ok()?;
    Some(u32::from_be_bytes(b))
}

fn be64(data: &[u8], off: usize) -> Option<u64> {
    let b: [u8; 8] = data.get(off..off.checked_add(8)?)?.try_into().ok()?;
    Some(u64::from_be_bytes(b))
}

/// One CodeDirectory, located in the file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CodeDirectory {
    /// File offset of the first code-slot hash.
    pub hashes: usize,
    pub n_code_slots: usize,
    pub code_limit: u64,
    pub hash_size: u8,
    pub hash_type: u8,
    pub page_shift: u8,
}

/// The parts of a signature superblob that matter for sealing.
#[derive(Debug, Clone, Default)]
pub(crate) struct Signature {
    pub directories: Vec<CodeDirectory>,
    /// A CMS blob with content (a certificate signature), not ad-hoc.
    pub has_cms: bool,
}

/// Parse the superblob at `[dataoff, dataoff+datasize)`.
pub(crate) fn parse(data: &[u8], dataoff: u32, datasize: u32) -> Result<Signature, String> {
    let sb = usize::try_from(dataoff).map_err(|e| e.to_string())?;
    let size = usize::try_from(datasize).map_err(|e| e.to_string())?;
    let blob = data
        .get(
            sb..sb
                .checked_add(size)
                .ok_or("code signature size overflows")?,
        )
        .ok_or("code signature lies outside the file")?;
    if be32(blob, 0) != Some(SUPERBLOB_MAGIC) {
        return Err("code signature does not start with the superblob magic".into());
    }
    let count = be32(blob, 8).ok_or("code signature is cut short")? as usize;
    let mut sig = Signature::default();
    for i in 0..count.min(64) {
        let idx = 12usize + 8 * i;
        let off = be32(blob, idx + 4).ok_or("code signature index is cut short")? as usize;
        let magic = be32(blob, off).ok_or("code signature blob lies outside the signature")?;
        let len = be32(blob, off + 4).unwrap_or(0) as usize;
        match magic {
            CODEDIRECTORY_MAGIC => {
                let cd = off;
                let version = be32(blob, cd + 8).ok_or("CodeDirectory is cut short")?;
                let hash_offset = be32(blob, cd + 16).ok_or("CodeDirectory is cut short")? as usize;
                let n_code_slots =
                    be32(blob, cd + 28).ok_or("CodeDirectory is cut short")? as usize;
                let mut code_limit =
                    u64::from(be32(blob, cd + 32).ok_or("CodeDirectory is cut short")?);
                let hash_size = *blob.get(cd + 36).ok_or("CodeDirectory is cut short")?;
                let hash_type = *blob.get(cd + 37).ok_or("CodeDirectory is cut short")?;
                let page_shift = *blob.get(cd + 39).ok_or("CodeDirectory is cut short")?;
                if version >= 0x20300 && code_limit == 0 {
                    code_limit = be64(blob, cd + 0x38).unwrap_or(0);
                }
                let hashes = sb
                    .checked_add(cd)
                    .and_then(|x| x.checked_add(hash_offset))
                    .ok_or("CodeDirectory hash offset overflows")?;
                sig.directories.push(CodeDirectory {
                    hashes,
                    n_code_slots,
                    code_limit,
                    hash_size,
                    hash_type,
                    page_shift,
                });
            }
            BLOBWRAPPER_MAGIC if len > 8 => sig.has_cms = true,
            _ => {}
        }
    }
    Ok(sig)
}

fn page_hash(data: &[u8], cd: &CodeDirectory, page: usize) -> Option<[u8; 32]> {
    let shift = u32::from(cd.page_shift);
    let psize = 1usize.checked_shl(shift)?;
    let start = page.checked_mul(psize)?;
    let limit = usize::try_from(cd.code_limit).ok()?;
    let end = start.checked_add(psize)?.min(limit);
    let bytes = data.get(start..end)?;
    let mut out = [0u8; 32];
    out.copy_from_slice(Sha256::digest(bytes).as_slice());
    Some(out)
}

/// Recompute the hashes of the pages touching `[from, to)` in every
/// CodeDirectory. Returns how many slots were rewritten.
pub(crate) fn update_pages(
    data: &mut [u8],
    sig: &Signature,
    from: u64,
    to: u64,
) -> Result<usize, String> {
    let mut updated = 0;
    for cd in &sig.directories {
        if cd.hash_type != HASH_SHA256 || cd.hash_size != 32 {
            return Err(format!(
                "the code signature uses hash type {} (only SHA-256 page hashes can be updated)",
                cd.hash_type
            ));
        }
        if cd.page_shift == 0 || cd.page_shift > 30 {
            return Err(format!(
                "unsupported code signature page size 2^{}",
                cd.page_shift
            ));
        }
        if to > cd.code_limit {
            return Err("the sum lies outside the signed range of the file".into());
        }
        let first = usize::try_from(from >> cd.page_shift).map_err(|e| e.to_string())?;
        let last =
            usize::try_from(to.saturating_sub(1) >> cd.page_shift).map_err(|e| e.to_string())?;
        for page in first..=last {
            if page >= cd.n_code_slots {
                return Err("the code signature has fewer page slots than pages".into());
            }
            let h = page_hash(data, cd, page).ok_or("page outside the file")?;
            let slot = page
                .checked_mul(32)
                .and_then(|x| x.checked_add(cd.hashes))
                .ok_or("slot offset overflows")?;
            let dst = data
                .get_mut(slot..slot.checked_add(32).ok_or("slot offset overflows")?)
                .ok_or("hash slot lies outside the file")?;
            dst.copy_from_slice(&h);
            updated += 1;
        }
    }
    Ok(updated)
}

/// For a Mach-O file with a code signature: whether every SHA-256 page hash
/// matches the file (`Some(true)`), some do not (`Some(false)`); `None` when
/// there is no signature or it cannot be checked.
pub fn macho_code_signature_valid(data: &[u8]) -> Option<bool> {
    let facts = crate::macho::facts(data).ok()?;
    let (off, size) = facts.code_signature?;
    let sig = parse(data, off, size).ok()?;
    if sig.directories.is_empty() {
        return None;
    }
    for cd in &sig.directories {
        if cd.hash_type != HASH_SHA256
            || cd.hash_size != 32
            || cd.page_shift == 0
            || cd.page_shift > 30
        {
            return None;
        }
        for page in 0..cd.n_code_slots {
            let want = page_hash(data, cd, page)?;
            let slot = cd.hashes.checked_add(page.checked_mul(32)?)?;
            if data.get(slot..slot.checked_add(32)?)? != want {
                return Some(false);
            }
        }
    }
    Some(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::MachOBuilder;

    #[test]
    fn synthetic_signature_roundtrip() {
        let mut b = MachOBuilder::new();
        b.code_signature = true;
        let mut f = b.build(false);
        assert_eq!(macho_code_signature_valid(&f), Some(true));
        f[0x2050] ^= 0xff;
        assert_eq!(macho_code_signature_valid(&f), Some(false));
        let facts = crate::macho::facts(&f).unwrap();
        let (o, s) = facts.code_signature.unwrap();
        let sig = parse(&f, o, s).unwrap();
        assert!(!sig.has_cms);
        assert_eq!(update_pages(&mut f, &sig, 0x2050, 0x2070), Ok(1));
        assert_eq!(macho_code_signature_valid(&f), Some(true));
    }

    #[test]
    fn garbage_signature_is_an_error() {
        let data = vec![0u8; 64];
        assert!(parse(&data, 0, 64).is_err());
        assert!(parse(&data, 60, 64).is_err());
        assert!(parse(&data, u32::MAX, u32::MAX).is_err());
        let mut sb = vec![0u8; 64];
        sb[..4].copy_from_slice(&SUPERBLOB_MAGIC.to_be_bytes());
        sb[8..12].copy_from_slice(&1000u32.to_be_bytes());
        assert!(parse(&sb, 0, 64).is_err());
    }
}
