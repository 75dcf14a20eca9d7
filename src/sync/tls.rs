//! TLS to the sync server with rustls (ring provider), with libpq's `sslmode` meanings:
//!
//! | sslmode       | encrypted       | certificate checked                       |
//! |---------------|-----------------|-------------------------------------------|
//! | `disable`     | no              | no                                        |
//! | `prefer`      | if the server can | chain, only if `sslrootcert` is given   |
//! | `require`     | yes             | chain, only if `sslrootcert` is given     |
//! | `verify-ca`   | yes             | chain (`sslrootcert`, else system roots)  |
//! | `verify-full` | yes             | chain and the host name                   |
//!
//! The chain is checked against `sslrootcert` (the desk's CA), or the system trust store
//! when it is absent or `system`. A failed check says which part failed, in words an admin
//! can act on; rustls' own text ("invalid peer certificate: UnknownIssuer") does not.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::{WebPkiServerVerifier, verify_server_cert_signed_by_trust_anchor};
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::server::ParsedCertificate;
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore};
use tokio_postgres::config::SslMode;
use tokio_postgres_rustls::MakeRustlsConnect;

use super::SyncError;

/// How far the server's certificate is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    /// Encrypt, trust any certificate (`prefer`/`require` without `sslrootcert`).
    Nothing,
    /// Signed by a trusted CA, whatever name it is for.
    Chain,
    /// Signed by a trusted CA and made out to the host connected to.
    ChainAndName,
}

/// The TLS half of a sync target: what tokio-postgres is asked for and the connector.
#[derive(Clone)]
pub(super) struct Tls {
    pub(super) mode: SslMode,
    pub(super) connector: MakeRustlsConnect,
    /// Where trusted CAs come from, for messages: the sslrootcert path, or the system store.
    roots: Roots,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Roots {
    None,
    File(PathBuf),
    System,
}

impl Tls {
    /// From the URL's `sslmode` (libpq's default is `prefer`) and `sslrootcert`.
    pub(super) fn new(sslmode: Option<&str>, sslrootcert: Option<&str>) -> Result<Tls, SyncError> {
        let named_roots = match sslrootcert {
            None | Some("") => None,
            Some("system") => Some(Roots::System),
            Some(path) => Some(Roots::File(PathBuf::from(path))),
        };
        let (mode, check) = match sslmode.unwrap_or("prefer") {
            "disable" => (SslMode::Disable, Check::Nothing),
            "prefer" | "require" if named_roots.is_none() => (mode_of(sslmode), Check::Nothing),
            "prefer" | "require" if named_roots == Some(Roots::System) => {
                // As libpq: the public CAs vouch for any name, so only the name check makes
                // the system store mean anything.
                return Err(SyncError::Config(
                    "sslrootcert=system needs sslmode=verify-full (any public CA can sign a \
                     certificate for some other name)"
                        .into(),
                ));
            }
            // As libpq: with a root certificate given, `require` also checks the chain.
            "prefer" | "require" => (mode_of(sslmode), Check::Chain),
            "verify-ca" => (SslMode::Require, Check::Chain),
            "verify-full" => (SslMode::Require, Check::ChainAndName),
            other => {
                return Err(SyncError::Config(format!(
                    "sslmode={other} is not one of disable, prefer, require, verify-ca, \
                     verify-full"
                )));
            }
        };
        let roots = match (check, named_roots) {
            (Check::Nothing, _) => Roots::None,
            (_, None) => Roots::System,
            (_, Some(roots)) => roots,
        };
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let verifier: Arc<dyn ServerCertVerifier> = match check {
            Check::Nothing => Arc::new(ChainCheck {
                roots: None,
                algorithms: provider.signature_verification_algorithms,
            }),
            Check::Chain => Arc::new(ChainCheck {
                roots: Some(Arc::new(load_roots(&roots)?)),
                algorithms: provider.signature_verification_algorithms,
            }),
            // The stock verifier, for the mode that must be exactly right.
            Check::ChainAndName => WebPkiServerVerifier::builder_with_provider(
                Arc::new(load_roots(&roots)?),
                provider.clone(),
            )
            .build()
            .map_err(|e| SyncError::Config(format!("cannot set up TLS: {e}")))?,
        };
        let config = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| SyncError::Config(format!("cannot set up TLS: {e}")))?
            .dangerous()
            .with_custom_certificate_verifier(verifier)
            .with_no_client_auth();
        Ok(Tls {
            mode,
            connector: MakeRustlsConnect::new(config),
            roots,
        })
    }

    /// What went wrong with TLS in `error`, said so that an admin knows what to fix; None
    /// when the failure was not about TLS.
    pub(super) fn explain(&self, error: &tokio_postgres::Error, host: &str) -> Option<String> {
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
        while let Some(cause) = source {
            if cause.to_string() == "server does not support TLS" {
                return Some(
                    "the server does not support TLS, and the sslmode asks for it: turn on \
                     `ssl` in the server's postgresql.conf (never fall back to sslmode=disable \
                     off a loopback link)"
                        .into(),
                );
            }
            if let Some(tls) = rustls_error(cause) {
                return Some(self.explain_rustls(tls, host));
            }
            source = cause.source();
        }
        None
    }

    fn explain_rustls(&self, error: &rustls::Error, host: &str) -> String {
        let trusted_by = match &self.roots {
            Roots::File(path) => format!("the CA in sslrootcert {}", path.display()),
            Roots::System => "any CA in the system trust store (set sslrootcert to the desk's \
                              CA certificate)"
                .into(),
            Roots::None => "a trusted CA".into(),
        };
        let rustls::Error::InvalidCertificate(problem) = error else {
            return format!("the TLS handshake failed: {error}");
        };
        match problem {
            CertificateError::UnknownIssuer | CertificateError::BadSignature => {
                format!("the server's certificate is not trusted: it is not signed by {trusted_by}")
            }
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
                format!(
                    "host name mismatch: the server's certificate is not made out to {host} \
                     (sslmode=verify-full checks the name in the URL; use the name on the \
                     certificate, with hostaddr=IP if it does not resolve)"
                )
            }
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
                "the server's certificate has expired".into()
            }
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
                "the server's certificate is not valid yet (is this machine's clock right?)".into()
            }
            other => format!("the server's certificate was refused: {other:?}"),
        }
    }
}

fn mode_of(sslmode: Option<&str>) -> SslMode {
    match sslmode {
        Some("require") => SslMode::Require,
        _ => SslMode::Prefer,
    }
}

/// A rustls error inside `cause`, which tokio-rustls wraps in an `io::Error`.
fn rustls_error<'a>(cause: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    cause.downcast_ref::<rustls::Error>().or_else(|| {
        cause
            .downcast_ref::<std::io::Error>()?
            .get_ref()?
            .downcast_ref::<rustls::Error>()
    })
}

fn load_roots(roots: &Roots) -> Result<RootCertStore, SyncError> {
    let mut store = RootCertStore::empty();
    match roots {
        Roots::File(path) => {
            for cert in read_certificates(path)? {
                store.add(cert).map_err(|e| {
                    SyncError::Config(format!("sslrootcert {}: {e}", path.display()))
                })?;
            }
        }
        Roots::System => {
            let found = rustls_native_certs::load_native_certs();
            store.add_parsable_certificates(found.certs);
            if store.is_empty() {
                return Err(SyncError::Config(
                    "no CA certificates in the system trust store: set sslrootcert=PATH to the \
                     desk's CA certificate"
                        .into(),
                ));
            }
        }
        Roots::None => {}
    }
    Ok(store)
}

/// Every certificate in a PEM file, and at least one.
fn read_certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>, SyncError> {
    let named = |what: String| SyncError::Config(format!("sslrootcert {}: {what}", path.display()));
    let bytes = std::fs::read(path).map_err(|e| named(e.to_string()))?;
    let certs = CertificateDer::pem_slice_iter(&bytes)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| named(format!("not a PEM certificate file ({e})")))?;
    if certs.is_empty() {
        return Err(named(
            "holds no certificate (-----BEGIN CERTIFICATE-----)".into(),
        ));
    }
    Ok(certs)
}

/// Checks the chain against `roots` but not the name (`verify-ca`, `require` with
/// `sslrootcert`), or nothing when there are no roots (`require` alone: encrypted against
/// eavesdroppers, not against an impostor). The handshake signature is checked always.
#[derive(Debug)]
struct ChainCheck {
    roots: Option<Arc<RootCertStore>>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for ChainCheck {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Some(roots) = &self.roots {
            let cert = ParsedCertificate::try_from(end_entity)?;
            verify_server_cert_signed_by_trust_anchor(
                &cert,
                roots,
                intermediates,
                now,
                self.algorithms.all,
            )?;
        }
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libpq_modes_map_to_what_is_encrypted_and_checked() {
        let tls = |mode: &str, root: Option<&str>| Tls::new(Some(mode), root).unwrap();
        assert_eq!(Tls::new(None, None).unwrap().mode, SslMode::Prefer);
        assert_eq!(tls("disable", None).mode, SslMode::Disable);
        assert_eq!(tls("require", None).mode, SslMode::Require);
        assert_eq!(tls("require", None).roots, Roots::None);
        assert_eq!(tls("verify-full", None).mode, SslMode::Require);
        assert_eq!(tls("verify-full", None).roots, Roots::System);
        assert_eq!(tls("verify-ca", None).roots, Roots::System);
    }

    #[test]
    fn a_missing_or_empty_root_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.crt");
        let err = Tls::new(Some("require"), missing.to_str())
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.contains("sslrootcert") && err.contains("nope.crt"),
            "{err}"
        );
        let empty = dir.path().join("empty.crt");
        std::fs::write(&empty, "not a certificate\n").unwrap();
        let err = Tls::new(Some("verify-full"), empty.to_str())
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("holds no certificate"), "{err}");
    }

    #[test]
    fn unknown_modes_and_system_roots_without_the_name_check_are_refused() {
        let err = Tls::new(Some("allow"), None).err().unwrap().to_string();
        assert!(err.contains("sslmode=allow is not one of"), "{err}");
        let err = Tls::new(Some("require"), Some("system"))
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("needs sslmode=verify-full"), "{err}");
    }
}
