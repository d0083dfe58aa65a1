use crate::diag::Diagnostic;
pub(crate) enum Expect {
    Any,
    Pcs,
    Crmsh,
}
pub(crate) fn check(_t: &str, _e: Expect) -> Vec<Diagnostic> {
    Vec::new()
}
pub(crate) fn check_console(_t: &str) -> Vec<Diagnostic> {
    Vec::new()
}
