//! Finding the upstream tools and their versions.
//!
//! A tool that is not installed gives [`Status::Missing`] with the Debian package that brings
//! it, never a pass. Versions are the Debian package versions (`dpkg-query`), one format for
//! every tool instead of a dozen `--version` dialects.

use crate::outcome::Status;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::sync::{Mutex, OnceLock};

/// A program and the Debian package that ships it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tool {
    /// The program name.
    pub(crate) bin: &'static str,
    /// The Debian package.
    pub(crate) package: &'static str,
}

/// `unshare`, for the namespaces every sandbox uses.
pub(crate) const UNSHARE: Tool = Tool {
    bin: "unshare",
    package: "util-linux",
};
/// `ip`, to create the veth interfaces and addresses inside a namespace.
pub(crate) const IP: Tool = Tool {
    bin: "ip",
    package: "iproute2",
};

// The sbin directories are searched even when PATH lacks them (a non-login shell, CI).
const EXTRA_DIRS: &[&str] = &["/usr/sbin", "/sbin", "/usr/bin", "/bin"];

impl Tool {
    /// The program's path, or the [`Status::Missing`] to report.
    pub(crate) fn find(&self) -> Result<PathBuf, Status> {
        find_program(self.bin, self.package)
    }

    /// The installed package version (`2.6.12-1+deb12u4`), cached for the whole run.
    pub(crate) fn version(&self) -> Option<String> {
        static CACHE: OnceLock<Mutex<BTreeMap<&'static str, Option<String>>>> = OnceLock::new();
        let cache = CACHE.get_or_init(|| Mutex::new(BTreeMap::new()));
        if let Ok(map) = cache.lock()
            && let Some(v) = map.get(self.package)
        {
            return v.clone();
        }
        let found = Command::new("dpkg-query")
            .args(["-W", "-f", "${Version}", self.package])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .filter(|v| !v.is_empty());
        if let Ok(mut map) = cache.lock() {
            map.insert(self.package, found.clone());
        }
        found
    }
}

/// Finds every tool, or returns the first one missing.
pub(crate) fn find_all(tools: &[Tool]) -> Result<Vec<PathBuf>, Status> {
    tools.iter().map(Tool::find).collect()
}

/// `name version` for the outcome, joining several tools with ` + `.
pub(crate) fn versions(tools: &[Tool]) -> Option<String> {
    let parts: Vec<String> = tools
        .iter()
        .filter_map(|t| t.version().map(|v| format!("{} {v}", t.package)))
        .collect();
    (!parts.is_empty()).then(|| parts.join(" + "))
}

/// The path of `bin`, or the [`Status::Missing`] naming `package`.
pub(crate) fn find_program(bin: &str, package: &str) -> Result<PathBuf, Status> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(EXTRA_DIRS.iter().map(PathBuf::from))
        .map(|d| d.join(bin))
        .find(|p| is_executable(p))
        .ok_or_else(|| Status::Missing {
            tool: bin.to_string(),
            install_hint: format!(
                "apt-get install --no-install-recommends {package} (or bash ci/install-upstream-tools.sh)"
            ),
        })
}

fn is_executable(path: &std::path::Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Whether a user exists in the local passwd file (the one a bind mount can extend).
pub(crate) fn user_exists(name: &str) -> bool {
    std::fs::read_to_string("/etc/passwd")
        .is_ok_and(|t| t.lines().any(|l| l.split(':').next() == Some(name)))
}
