//! The whole open path with a known master key: any file must give a vault
//! or an error, never a panic, a hang or a huge allocation. Seeds are real
//! vaults made with the fuzzing master key (`examples/fuzz_seeds.rs`).
#![no_main]
use libfuzzer_sys::fuzz_target;
use sesame::secret::Key;
use sesame::{OpenOptions, Prefix, Unlock, Vault};

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("v.sesame");
    std::fs::write(&path, data).expect("write");
    let options = OpenOptions { rollback_state: None, journal: None, ..OpenOptions::default() };
    let unlock = Unlock::MasterKey(Key::from_bytes(sesame::vault::FUZZ_MASTER_KEY));
    if let Ok(mut vault) = Vault::open(&path, unlock, &options) {
        let _ = vault.list(&Prefix::all(), None, true);
        let _ = vault.info();
    }
});
