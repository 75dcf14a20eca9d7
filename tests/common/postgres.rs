//! The test PostgreSQL of this machine (127.0.0.1:5432, user postgres, trust auth), shared
//! by the sync test files (`#[path]`-included, so the pty helpers stay out of them).

/// A superuser connection to `db`. No server is a failure; SOUDAN_SKIP_POSTGRES=1 makes it
/// a skip (None), except in CI, where a sync test that cannot connect must fail.
pub fn admin(db: &str) -> Option<postgres::Client> {
    let url = format!("postgres://postgres@127.0.0.1:5432/{db}");
    match postgres::Client::connect(&url, postgres::NoTls) {
        Ok(client) => Some(client),
        Err(error)
            if std::env::var_os("SOUDAN_SKIP_POSTGRES").is_some()
                && std::env::var("CI").as_deref() != Ok("true") =>
        {
            eprintln!("skipped: no PostgreSQL at {url}: {error}");
            None
        }
        Err(error) => panic!(
            "no PostgreSQL at {url} ({error}): start it (.ci/run does) or set \
             SOUDAN_SKIP_POSTGRES=1"
        ),
    }
}

/// Drops a test's own database, sessions still on it included (a failed test's).
pub fn drop_database(name: &str) {
    if let Some(mut client) = admin("test") {
        let _ = client.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
    }
}
