use crate::diag::Diagnostic;
pub(crate) fn sysctl(_t: &str) -> Vec<Diagnostic> {
    Vec::new()
}
pub(crate) fn rabbitmq(_t: &str) -> Vec<Diagnostic> {
    Vec::new()
}
pub(crate) fn chrony(_t: &str) -> Vec<Diagnostic> {
    Vec::new()
}
pub(crate) fn memcached(_t: &str) -> Vec<Diagnostic> {
    Vec::new()
}
