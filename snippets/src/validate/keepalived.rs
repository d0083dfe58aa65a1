use crate::diag::Diagnostic;
pub(crate) fn check(_t: &str) -> Vec<Diagnostic> {
    Vec::new()
}
