//! The central schema: numbered migrations (never edited once shipped), the check that a
//! server is neither older nor newer than this soudan, and the workstation role.

use tokio_postgres::Client;

use super::SyncError;

/// The central migrations in order; the last number is the version this soudan writes.
const MIGRATIONS: &[(i32, &str)] = &[
    (1, include_str!("migrations/0001_central_op_log.sql")),
    (2, include_str!("migrations/0002_erasure_rewrites.sql")),
    (
        3,
        include_str!("migrations/0003_dense_check_per_statement.sql"),
    ),
];

/// The central schema version this soudan reads and writes.
pub const CENTRAL_SCHEMA_VERSION: i32 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// The role `sync init` suggests (or creates with `--roles`) for workstations.
pub const DEFAULT_ROLE: &str = "soudan_workstation";

/// Any number, the same in every soudan: two `sync init`s at once take turns.
const INIT_LOCK: i64 = 0x50_75_64_61_6e_00_00_01;

/// What `sync init` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitReport {
    /// The schema version found (0 on an empty database) and the one left.
    pub from: i32,
    pub to: i32,
    /// The statements that set up the workstation role.
    pub role_sql: String,
    /// Whether they were run (`--roles`) or only printed.
    pub roles_created: bool,
}

/// The schema version the server holds, 0 if it has none.
async fn version(client: &impl tokio_postgres::GenericClient) -> Result<i32, SyncError> {
    let exists: bool = client
        .query_one("SELECT to_regclass('soudan_schema') IS NOT NULL", &[])
        .await?
        .get(0);
    if !exists {
        return Ok(0);
    }
    let row = client
        .query_one("SELECT COALESCE(MAX(version), 0) FROM soudan_schema", &[])
        .await?;
    Ok(row.get(0))
}

/// Refuses a server whose schema is not the one this soudan writes, before any change.
pub(super) async fn check(client: &Client) -> Result<(), SyncError> {
    match version(client).await? {
        v if v == CENTRAL_SCHEMA_VERSION => Ok(()),
        v if v > CENTRAL_SCHEMA_VERSION => Err(SyncError::NewerSchema {
            found: v,
            supported: CENTRAL_SCHEMA_VERSION,
        }),
        v => Err(SyncError::OlderSchema {
            found: v,
            wanted: CENTRAL_SCHEMA_VERSION,
        }),
    }
}

/// Creates or upgrades the central schema, all or nothing, and sets up (or only describes)
/// the workstation role. Safe to run again.
pub(super) async fn init(
    client: &mut Client,
    role: &str,
    create_roles: bool,
) -> Result<InitReport, SyncError> {
    check_role_name(role)?;
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&INIT_LOCK])
        .await?;
    let from = version(&tx).await?;
    if from > CENTRAL_SCHEMA_VERSION {
        return Err(SyncError::NewerSchema {
            found: from,
            supported: CENTRAL_SCHEMA_VERSION,
        });
    }
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS soudan_schema (
             version    integer PRIMARY KEY,
             applied_at timestamptz NOT NULL DEFAULT now()
         )",
    )
    .await?;
    for (number, sql) in MIGRATIONS.iter().filter(|(n, _)| *n > from) {
        tx.batch_execute(sql).await?;
        tx.execute("INSERT INTO soudan_schema (version) VALUES ($1)", &[number])
            .await?;
    }
    let role_sql = role_sql(role);
    if create_roles {
        let exists: bool = tx
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)",
                &[&role],
            )
            .await?
            .get(0);
        if !exists {
            tx.batch_execute(&format!("CREATE ROLE {role} NOLOGIN;"))
                .await?;
        }
        tx.batch_execute(&grants(role)).await?;
    }
    tx.commit().await?;
    Ok(InitReport {
        from,
        to: CENTRAL_SCHEMA_VERSION,
        role_sql,
        roles_created: create_roles,
    })
}

/// A role name soudan writes into SQL itself: plain lower-case letters, digits and `_`.
fn check_role_name(role: &str) -> Result<(), SyncError> {
    let ok = !role.is_empty()
        && role.len() <= 63
        && role.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && role
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(SyncError::Config(format!(
            "role name `{role}` must be lower-case letters, digits and _ (at most 63)"
        )))
    }
}

/// A workstation reads everything and adds ops and its own registration; it can change or
/// remove nothing, so a stolen workstation password cannot rewrite the desk's history. The
/// one change it may ask for is an erasure's, through a function that checks and records it.
fn grants(role: &str) -> String {
    format!(
        "GRANT USAGE ON SCHEMA public TO {role};\n\
         GRANT SELECT ON soudan_schema TO {role};\n\
         GRANT SELECT, INSERT ON workstations, ops, syncs TO {role};\n\
         GRANT EXECUTE ON FUNCTION soudan_erase_payloads(bytea[], bytea[], bigint[], bytea[]) \
         TO {role};\n"
    )
}

fn role_sql(role: &str) -> String {
    format!(
        "CREATE ROLE {role} NOLOGIN;\n{}\
         -- then one login per workstation, for example:\n\
         -- CREATE ROLE desk_n1 LOGIN PASSWORD '…' IN ROLE {role};\n",
        grants(role)
    )
}
