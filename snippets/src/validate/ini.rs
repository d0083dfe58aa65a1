use crate::diag::Diagnostic;
pub(crate) enum Dialect {
    Generic,
    Oslo,
    Mariadb,
}
pub(crate) fn check(_t: &str, _d: Dialect) -> Vec<Diagnostic> {
    Vec::new()
}
