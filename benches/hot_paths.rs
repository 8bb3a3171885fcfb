//! Micro-benchmarks of sesame's hot paths, on the public library API only.
//!
//! Run with `cargo bench --bench hot_paths` (add a filter to run a subset,
//! e.g. `cargo bench --bench hot_paths -- section`). See bench/README.md.
//!
//! - `kdf`: Argon2id key derivation at the default (64 MiB, t=3, p=4) and
//!   the smallest allowed (19 MiB, t=2, p=1) parameters.
//! - `section`: one owner's section of 100 secrets (the unit a `get`
//!   decrypts): serialize, serialize + seal, decode, open + decode.
//! - `index`: the index of a 100,000-secret vault (1,000 owners).
//! - `vault`: `Vault::open` by passphrase (fast KDF) and by session, and a
//!   whole warm `get` (session open + one value), on vaults of 1,000 and
//!   100,000 secrets built in a temporary directory.
//! - `tree`: format 2's page tree of a 100,000-entry scope (pages kept in
//!   memory, unsealed): a `get`, a `range` matching 100 entries, and a
//!   one-entry change.
//!
//! Nothing here asserts a time: the numbers are reported, not checked.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use divan::Bencher;
use sesame::secret::Key;
use sesame::secret_type::{Fields, SecretType};
use sesame::vault::crypto::{self, KdfParams, derive_kek, open, seal};
use sesame::vault::format::{Header, Index, IndexEntry, decode_section, encode_section};
use sesame::vault::model::{Entry, Sealed, Section, VersionRecord};
use sesame::{NewSecret, OpenOptions, Owner, OwnerType, SecretId, SecretString, Unlock, Vault};

const PASSPHRASE: &str = "bench passphrase";
/// Secrets per owner, as in bench/compare.sh.
const PER_OWNER: usize = 100;
/// The smallest KDF the bounds allow, so that building vaults is quick.
const FAST_KDF: KdfParams = KdfParams {
    memory_mib: 19,
    iterations: 2,
    parallelism: 1,
};

/// The temporary directory everything is built in (removed at the end).
static BASE: OnceLock<PathBuf> = OnceLock::new();

fn main() {
    let dir = std::env::temp_dir().join(format!("sesame-hot-paths-{}", std::process::id()));
    let run = dir.join("run");
    std::fs::create_dir_all(&run).expect("temp dir");
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&run, std::fs::Permissions::from_mode(0o700)).expect("chmod 0700");
    }
    // SAFETY: set before divan starts any thread; session files must go to a
    // private directory of ours, never the real one.
    unsafe {
        std::env::set_var("XDG_RUNTIME_DIR", &run);
        std::env::set_var("XDG_CACHE_HOME", dir.join("cache"));
        std::env::set_var("XDG_STATE_HOME", dir.join("state"));
    }
    BASE.set(dir.clone()).expect("set once");
    divan::main();
    let _ = std::fs::remove_dir_all(&dir);
}

fn options() -> OpenOptions {
    OpenOptions {
        rollback_state: None,
        journal: None,
        ..Default::default()
    }
}

fn owner(o: usize) -> Owner {
    Owner::new(OwnerType::Project, &format!("p{o:05}")).expect("valid owner")
}

fn secret_id(i: usize) -> SecretId {
    SecretId::new(owner(i / PER_OWNER), &format!("secret/Custom/s{i:06}")).expect("valid id")
}

fn value(i: usize) -> String {
    format!("v{i:032}")
}

// ---------------------------------------------------------------- kdf

mod kdf {
    use super::*;

    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn derive_kek_default_64mib_t3_p4() -> Key {
        derive_kek(
            &SecretString::from("password"),
            &[0u8; 32],
            KdfParams {
                memory_mib: 64,
                iterations: 3,
                parallelism: 4,
            },
        )
        .expect("kdf")
    }

    #[divan::bench(sample_count = 20, sample_size = 1)]
    fn derive_kek_fast_19mib_t2_p1() -> Key {
        derive_kek(&SecretString::from("password"), &[0u8; 32], FAST_KDF).expect("kdf")
    }
}

// ---------------------------------------------------------------- section

/// A section of `PER_OWNER` secrets like the ones compare.sh imports, its
/// padded plaintext, and that plaintext sealed.
struct SectionFixture {
    section: Section,
    plain: Vec<u8>,
    key: Key,
    nonce: [u8; crypto::NONCE_LEN],
    sealed: Vec<u8>,
}

const SECTION_AAD: &[u8] = b"bench section aad";

fn section_fixture() -> &'static SectionFixture {
    static F: OnceLock<SectionFixture> = OnceLock::new();
    F.get_or_init(|| {
        let key = Key::random();
        let mut section = Section::new(owner(42));
        for i in 4200..4200 + PER_OWNER {
            let id = secret_id(i);
            let (nonce, ciphertext) = seal(&key, b"bench value aad", value(i).as_bytes());
            section.entries.insert(
                id.path().to_string(),
                Entry {
                    kind: SecretType::Variable,
                    created: 1_700_000_000,
                    updated: 1_700_000_000,
                    description: None,
                    rotate_every: None,
                    expires: None,
                    versions: vec![VersionRecord {
                        number: 1,
                        created: 1_700_000_000,
                        sealed: Sealed { nonce, ciphertext },
                    }],
                },
            );
        }
        let plain = encode_section(&section).to_vec();
        let (nonce, sealed) = seal(&key, SECTION_AAD, &plain);
        SectionFixture {
            section,
            plain,
            key,
            nonce,
            sealed,
        }
    })
}

mod section {
    use super::*;

    /// Serialize: a section's plaintext.
    #[divan::bench]
    fn encode(b: Bencher) {
        let f = section_fixture();
        b.bench(|| encode_section(divan::black_box(&f.section)));
    }

    /// Serialize and seal, as a write does for each changed section.
    #[divan::bench]
    fn encode_and_seal(b: Bencher) {
        let f = section_fixture();
        b.bench(|| {
            let plain = encode_section(divan::black_box(&f.section));
            seal(&f.key, SECTION_AAD, &plain)
        });
    }

    /// Decode an (already authenticated) plaintext.
    #[divan::bench]
    fn decode(b: Bencher) {
        let f = section_fixture();
        b.bench(|| decode_section(divan::black_box(&f.plain)).expect("decodes"));
    }

    /// Section decrypt: authenticate, decrypt and decode, as `get` does.
    #[divan::bench]
    fn open_and_decode(b: Bencher) {
        let f = section_fixture();
        b.bench(|| {
            let plain = open(&f.key, &f.nonce, SECTION_AAD, divan::black_box(&f.sealed))
                .expect("authentic");
            decode_section(&plain).expect("decodes")
        });
    }

    /// Open one value (what `get` does after the section).
    #[divan::bench]
    fn open_value(b: Bencher) {
        let f = section_fixture();
        let v = &f
            .section
            .entries
            .values()
            .next()
            .expect("one entry")
            .versions[0];
        b.bench(|| {
            open(
                &f.key,
                &v.sealed.nonce,
                b"bench value aad",
                &v.sealed.ciphertext,
            )
            .expect("authentic")
        });
    }
}

// ---------------------------------------------------------------- index

/// The index of a 100,000-secret vault: 1,000 owners.
fn index_fixture() -> &'static (Index, Vec<u8>) {
    static F: OnceLock<(Index, Vec<u8>)> = OnceLock::new();
    F.get_or_init(|| {
        let mut offset = 4096u64;
        let entries = (0..1000)
            .map(|o| {
                let e = IndexEntry {
                    owner: owner(o),
                    offset,
                    len: 20_000,
                    nonce: crypto::random_nonce(),
                    secrets: PER_OWNER as u32,
                    mac: Some([0; 32]),
                };
                offset += 20_000;
                e
            })
            .collect();
        let index = Index {
            data_end: offset,
            entries,
        };
        let bytes = index.encode().to_vec();
        (index, bytes)
    })
}

mod index {
    use super::*;

    #[divan::bench]
    fn encode_1000_owners(b: Bencher) {
        let (index, _) = index_fixture();
        b.bench(|| divan::black_box(index).encode());
    }

    #[divan::bench]
    fn decode_1000_owners(b: Bencher) {
        let (_, bytes) = index_fixture();
        b.bench(|| Index::decode(divan::black_box(bytes)).expect("decodes"));
    }

    #[divan::bench]
    fn find_owner(b: Bencher) {
        let (index, _) = index_fixture();
        let o = owner(421);
        b.bench(|| divan::black_box(index).find(&o).map(|e| e.offset));
    }
}

// ---------------------------------------------------------------- vault

/// A vault of `n` secrets (fast KDF) and a session token for it.
struct VaultFixture {
    path: PathBuf,
    token: SecretString,
}

fn build_vault(n: usize) -> VaultFixture {
    let base = BASE.get().expect("main sets BASE");
    let path = base.join(format!("vault-{n}.sesame"));
    let pass = SecretString::from(PASSPHRASE);
    Vault::create(&path, &pass, FAST_KDF, &options()).expect("create");
    Vault::edit(&path, Unlock::Passphrase(pass.clone()), &options(), |v| {
        for i in 0..n {
            let fields = Fields::single(SecretString::new(value(i)), false)?;
            v.add(
                &secret_id(i),
                NewSecret {
                    fields,
                    description: None,
                },
                false,
            )?;
        }
        Ok(())
    })
    .expect("fill");
    let vault = Vault::open(&path, Unlock::Passphrase(pass), &options()).expect("open");
    let (token, _) = vault
        .start_session(Duration::from_secs(3600))
        .expect("session");
    VaultFixture { path, token }
}

fn vault_fixture(n: usize) -> &'static VaultFixture {
    static SMALL: OnceLock<VaultFixture> = OnceLock::new();
    static LARGE: OnceLock<VaultFixture> = OnceLock::new();
    match n {
        1_000 => SMALL.get_or_init(|| build_vault(n)),
        100_000 => LARGE.get_or_init(|| build_vault(n)),
        _ => unreachable!("only 1,000 and 100,000 are built"),
    }
}

fn session_unlock(token: &SecretString) -> Unlock {
    Unlock::Session {
        token: token.clone(),
        fallback: Box::new(Unlock::Passphrase(PASSPHRASE.into())),
        warn: Box::new(|why| panic!("the bench session is not usable: {why}")),
    }
}

fn open_vault(path: &Path, unlock: Unlock) -> Vault {
    Vault::open(path, unlock, &options()).expect("open")
}

mod vault {
    use super::*;

    /// Open by passphrase: includes one 19 MiB Argon2id derivation.
    #[divan::bench(args = [1_000, 100_000], sample_count = 20, sample_size = 1)]
    fn open_passphrase_fast_kdf(b: Bencher, n: usize) {
        let f = vault_fixture(n);
        b.with_inputs(|| Unlock::Passphrase(PASSPHRASE.into()))
            .bench_values(|u| open_vault(&f.path, u));
    }

    /// Open by session (no KDF): header, session file, index.
    #[divan::bench(args = [1_000, 100_000], sample_count = 200)]
    fn open_session(b: Bencher, n: usize) {
        let f = vault_fixture(n);
        b.with_inputs(|| session_unlock(&f.token))
            .bench_values(|u| open_vault(&f.path, u));
    }

    /// A whole warm `get`: session open, one section decrypt, one value.
    #[divan::bench(args = [1_000, 100_000], sample_count = 200)]
    fn get_with_session(b: Bencher, n: usize) {
        let f = vault_fixture(n);
        let id = secret_id(n / 2 + 42);
        b.with_inputs(|| session_unlock(&f.token))
            .bench_values(|u| {
                let mut v = open_vault(&f.path, u);
                v.fields(&id, None).expect("fields")
            });
    }
}

// ---------------------------------------------------------------- header

mod header {
    use super::*;

    #[divan::bench]
    fn decode(b: Bencher) {
        let f = vault_fixture(1_000);
        let bytes = std::fs::read(&f.path).expect("read vault");
        let len = Header::peek_len(&bytes).expect("a vault");
        b.bench(|| Header::decode(divan::black_box(&bytes[..len])).expect("decodes"));
    }
}

// ---------------------------------------------------------------- tree

mod tree {
    use std::borrow::Cow;
    use std::collections::{BTreeMap, HashMap};

    use sesame::vault::v2::record::{Id, hash};
    use sesame::vault::v2::tree::{PageStore, Root, Tree, TreeError};

    use super::*;

    /// Pages in memory by their hash (a real store also seals them).
    struct Pages(HashMap<Id, Vec<u8>>);

    impl PageStore for Pages {
        fn load(&self, id: &Id) -> Result<Cow<'_, [u8]>, TreeError> {
            self.0
                .get(id)
                .map(|p| Cow::Borrowed(p.as_slice()))
                .ok_or(TreeError::MissingPage)
        }

        fn store(&mut self, plaintext: Vec<u8>) -> Id {
            let id = hash(&plaintext);
            self.0.insert(id, plaintext);
            id
        }
    }

    /// Reads the fixture, hashes and drops what it is given: the cost of
    /// a change without growing the fixture.
    struct Scratch<'a>(&'a Pages);

    impl PageStore for Scratch<'_> {
        fn load(&self, id: &Id) -> Result<Cow<'_, [u8]>, TreeError> {
            self.0.load(id)
        }

        fn store(&mut self, plaintext: Vec<u8>) -> Id {
            hash(&plaintext)
        }
    }

    fn path(i: usize) -> String {
        format!(
            "team{:02}/service{:03}/secret{i:06}",
            i % 1000 % 37,
            i % 1000
        )
    }

    fn fixture() -> &'static (Pages, Root) {
        static F: OnceLock<(Pages, Root)> = OnceLock::new();
        F.get_or_init(|| {
            let mut entries: Vec<(String, Vec<u8>)> = (0..100_000)
                .map(|i| (path(i), vec![i as u8; 100]))
                .collect();
            entries.sort();
            let mut pages = Pages(HashMap::new());
            let root = Tree::build(&mut pages, entries).expect("sorted");
            (pages, root)
        })
    }

    /// A `get` of one entry: a root-to-leaf path of pages.
    #[divan::bench]
    fn get(b: Bencher) {
        let (pages, root) = fixture();
        let key = path(54_321);
        b.bench(|| Tree::get(pages, root, divan::black_box(&key)).expect("reads"));
    }

    /// A `list` of a prefix that 100 of the 100,000 entries match.
    #[divan::bench]
    fn range_100(b: Bencher) {
        let (pages, root) = fixture();
        b.bench(|| {
            Tree::range(pages, root, divan::black_box("team07/service007/")).expect("reads")
        });
    }

    /// A one-entry change: one leaf, its index page and the root.
    #[divan::bench]
    fn apply_one(b: Bencher) {
        let (pages, root) = fixture();
        b.with_inputs(|| BTreeMap::from([(path(12_345), Some(vec![7u8; 120]))]))
            .bench_values(|changes| {
                Tree::apply(&mut Scratch(pages), root, changes).expect("writes")
            });
    }
}
