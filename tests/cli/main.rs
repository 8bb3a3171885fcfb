//! Integration tests: every test runs the real `sesame` binary in an
//! isolated home (see `support`).

mod commands_add;
mod commands_get;
mod commands_info;
mod commands_init;
mod commands_list;
mod commands_rm;
mod format;
mod generated;
mod ids;
mod support;
mod threats;
mod threats_writes;
mod unlock_sources;
