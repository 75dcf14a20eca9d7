//! Sync over TLS against the real PostgreSQL of this machine, which these tests give a
//! certificate of a throwaway desk CA (for the name `db.desk.test`): `require` encrypts,
//! `verify-full` trusts the desk's CA and the name on the certificate and nothing else.
//!
//! The first test to run installs the certificate through SQL as the superuser (files in the
//! data directory, `ALTER SYSTEM SET ssl…`, `pg_reload_conf()`), under an advisory lock and
//! only if it is not there yet, so parallel tests and test runs share one. Connections
//! without TLS (every other test uses sslmode=disable) work as before.
//!
//! A test that cannot reach the server fails; SOUDAN_SKIP_POSTGRES=1 skips them, except in CI.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};
use soudan::domain::Change;
use soudan::store::Store;
use soudan::sync::{self, Options, PasswordSources, Station, SyncError, Target};
use uuid::Uuid;

#[path = "common/postgres.rs"]
mod postgres_server;
use postgres_server::admin;

/// The name on the server's certificate; it resolves nowhere, so URLs add hostaddr=127.0.0.1.
const CERT_NAME: &str = "db.desk.test";
/// Any number, the same in every run: two processes installing the certificate take turns.
const SETUP_LOCK: i64 = 0x536f_7564_616e_0715;

/// A CA and a server certificate signed by it, for `names`.
struct Issued {
    ca_pem: String,
    cert_pem: String,
    key_pem: String,
}

fn issue(names: &[&str]) -> Issued {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(DnType::CommonName, "soudan test desk CA");
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca_pem = ca.self_signed(&ca_key).unwrap().pem();
    let issuer = Issuer::new(ca, ca_key);
    let key = KeyPair::generate().unwrap();
    let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    let cert = CertificateParams::new(names)
        .unwrap()
        .signed_by(&key, &issuer)
        .unwrap();
    Issued {
        ca_pem,
        cert_pem: cert.pem(),
        key_pem: key.serialize_pem(),
    }
}

/// Writes `text` to `path` in the server's data directory `dir`, owned by the server's user
/// (the directory's owner) and readable by it alone, as PostgreSQL wants a key file it owns.
/// SQL cannot do this (`lo_export` makes files others can read), so it takes root here.
fn write_server_file(dir: &Path, path: &str, text: &str) {
    use std::os::unix::fs::{MetadataExt, PermissionsExt, chown};
    let owner = std::fs::metadata(dir).unwrap();
    let written = std::fs::write(path, text)
        .and_then(|()| std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)))
        .and_then(|()| chown(path, Some(owner.uid()), Some(owner.gid())));
    if let Err(error) = written {
        panic!("cannot install {path} for PostgreSQL ({error}): run the tests as root (CI does)");
    }
}

/// The desk CA's certificate as a file on this side, once the server presents a
/// certificate it signed.
fn desk_ca() -> Option<&'static PathBuf> {
    static CA: OnceLock<Option<PathBuf>> = OnceLock::new();
    CA.get_or_init(|| {
        let mut client = admin("postgres")?;
        client
            .execute("SELECT pg_advisory_lock($1)", &[&SETUP_LOCK])
            .unwrap();
        let dir: String = client.query_one("SHOW data_directory", &[]).unwrap().get(0);
        let [ca, cert, key] =
            ["ca.crt", "server.crt", "server.key"].map(|f| format!("{dir}/soudan-test-{f}"));
        let configured: bool = client
            .query_one(
                "SELECT current_setting('ssl') = 'on' AND current_setting('ssl_cert_file') = $1",
                &[&cert],
            )
            .unwrap()
            .get(0);
        let key_private = std::fs::metadata(&key)
            .is_ok_and(|m| std::os::unix::fs::PermissionsExt::mode(&m.permissions()) & 0o077 == 0);
        let installed = configured && key_private && Path::new(&ca).exists();
        if !installed {
            let issued = issue(&[CERT_NAME]);
            let dir = Path::new(&dir);
            write_server_file(dir, &ca, &issued.ca_pem);
            write_server_file(dir, &cert, &issued.cert_pem);
            write_server_file(dir, &key, &issued.key_pem);
            // ALTER SYSTEM takes no parameters and runs alone, outside a transaction.
            for (name, value) in [("ssl_cert_file", &cert), ("ssl_key_file", &key)] {
                client
                    .batch_execute(&format!("ALTER SYSTEM SET {name} = '{value}'"))
                    .unwrap();
            }
            client.batch_execute("ALTER SYSTEM SET ssl = on").unwrap();
            client.batch_execute("SELECT pg_reload_conf()").unwrap();
        }
        let ca_pem = std::fs::read(&ca).unwrap();
        // The reload is a signal: wait (a bounded number of tries) until new sessions see it.
        let loaded = (0..200).any(|_| {
            let now: String = admin("postgres")
                .unwrap()
                .query_one("SHOW ssl_cert_file", &[])
                .unwrap()
                .get(0);
            now == cert || {
                std::thread::sleep(std::time::Duration::from_millis(50));
                false
            }
        });
        assert!(loaded, "PostgreSQL did not load {cert}: see its log");
        client
            .execute("SELECT pg_advisory_unlock($1)", &[&SETUP_LOCK])
            .unwrap();
        let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("soudan-desk-ca-{}.crt", std::process::id()));
        std::fs::write(&path, ca_pem).unwrap();
        Some(path)
    })
    .as_ref()
}

/// A database of its own with the central schema, which refuses a workstation that
/// registers over a connection without TLS: a sync that gets through was encrypted.
struct Central {
    name: String,
}

impl Central {
    fn new() -> Option<Central> {
        desk_ca()?;
        let name = format!("soudan_tls_{}", Uuid::new_v4().simple());
        admin("test")?
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        let central = Central { name };
        sync::init(
            &central.target("sslmode=disable"),
            sync::DEFAULT_ROLE,
            false,
        )
        .unwrap();
        central
            .sql()
            .batch_execute(
                "CREATE FUNCTION tls_only() RETURNS trigger LANGUAGE plpgsql AS $$
                 BEGIN
                     IF NOT (SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()) THEN
                         RAISE EXCEPTION 'this test server takes syncs over TLS only';
                     END IF;
                     RETURN NEW;
                 END $$;
                 CREATE TRIGGER tls_only BEFORE INSERT ON workstations
                     FOR EACH ROW EXECUTE FUNCTION tls_only();",
            )
            .unwrap();
        Some(central)
    }

    /// `host` as the URL's host (with hostaddr=127.0.0.1 for the certificate's name).
    fn url(&self, host: &str, query: &str) -> String {
        let addr = if host == CERT_NAME {
            "hostaddr=127.0.0.1&"
        } else {
            ""
        };
        format!(
            "postgres://postgres:s3cret@{host}:5432/{}?{addr}{query}",
            self.name
        )
    }

    fn target(&self, query: &str) -> Target {
        target(&self.url("127.0.0.1", query))
    }

    fn sql(&self) -> postgres::Client {
        admin(&self.name).unwrap()
    }

    fn workstations(&self) -> i64 {
        self.sql()
            .query_one("SELECT count(*) FROM workstations", &[])
            .unwrap()
            .get(0)
    }
}

impl Drop for Central {
    fn drop(&mut self) {
        postgres_server::drop_database(&self.name);
    }
}

fn target(url: &str) -> Target {
    Target::parse(url, &PasswordSources::default()).unwrap()
}

/// A workstation with one change, synced to `target`.
fn sync_one(target: &Target) -> Result<sync::Summary, SyncError> {
    let mut store = Store::open_in_memory().unwrap();
    store
        .commit(
            "A",
            chrono::Utc::now(),
            &[Change::set_priority(Uuid::now_v7(), 1)],
        )
        .unwrap();
    let station = Station {
        code: "N1".into(),
        host: "test".into(),
    };
    sync::sync(&mut store, target, &station, &Options::default())
}

fn ca_query(ca: &std::path::Path, mode: &str) -> String {
    format!("sslmode={mode}&sslrootcert={}", ca.display())
}

/// The error of a sync expected to fail, checked never to quote the URL's password.
fn refusal(result: Result<sync::Summary, SyncError>) -> String {
    let error = result.expect_err("the sync should have been refused");
    let text = error.to_string();
    assert!(!text.contains("s3cret"), "{text}");
    text
}

#[test]
fn tls_require_connects() {
    let Some(central) = Central::new() else {
        return;
    };
    // The server's guard is real: a plain sync does not get through it.
    let plain = refusal(sync_one(&central.target("sslmode=disable")));
    assert!(plain.contains("over TLS only"), "{plain}");
    // require trusts a certificate it has no CA for: encrypted, not authenticated.
    let summary = sync_one(&central.target("sslmode=require")).unwrap();
    assert_eq!(summary.pushed, 1);
    assert_eq!(central.workstations(), 1);
}

#[test]
fn verify_full_connects_with_the_desk_ca() {
    let Some(central) = Central::new() else {
        return;
    };
    let ca = desk_ca().unwrap();
    let url = central.url(CERT_NAME, &ca_query(ca, "verify-full"));
    assert_eq!(sync_one(&target(&url)).unwrap().pushed, 1);
    assert_eq!(central.workstations(), 1);
}

#[test]
fn verify_full_refuses_a_wrong_host_name() {
    let Some(central) = Central::new() else {
        return;
    };
    let ca = desk_ca().unwrap();
    // The certificate is for db.desk.test, the URL names 127.0.0.1.
    let error = refusal(sync_one(&central.target(&ca_query(ca, "verify-full"))));
    assert!(error.contains("host name mismatch"), "{error}");
    assert!(error.contains("not made out to 127.0.0.1"), "{error}");
    assert_eq!(central.workstations(), 0);
    // verify-ca checks the chain only, so the same URL gets through.
    assert!(sync_one(&central.target(&ca_query(ca, "verify-ca"))).is_ok());
}

#[test]
fn verify_full_refuses_an_untrusted_certificate() {
    let Some(central) = Central::new() else {
        return;
    };
    let other_ca = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("soudan-other-ca-{}.crt", std::process::id()));
    std::fs::write(&other_ca, issue(&[CERT_NAME]).ca_pem).unwrap();
    let url = central.url(CERT_NAME, &ca_query(&other_ca, "verify-full"));
    let error = refusal(sync_one(&target(&url)));
    assert!(
        error.contains("certificate is not trusted: it is not signed by the CA in sslrootcert"),
        "{error}"
    );
    // As libpq: require with a root certificate checks the chain too.
    let error = refusal(sync_one(&central.target(&ca_query(&other_ca, "require"))));
    assert!(error.contains("not trusted"), "{error}");
    assert_eq!(central.workstations(), 0);
    let _ = std::fs::remove_file(other_ca);
}

#[test]
fn require_refuses_a_server_without_tls() {
    // A server that answers PostgreSQL's SSLRequest with "N" (no TLS), once.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut request = [0u8; 8];
        stream.read_exact(&mut request).unwrap();
        stream.write_all(b"N").unwrap();
    });
    let url = format!("postgres://desk:s3cret@127.0.0.1:{port}/db?sslmode=require");
    let error = refusal(sync_one(&target(&url)));
    assert!(error.contains("does not support TLS"), "{error}");
    server.join().unwrap();
}
