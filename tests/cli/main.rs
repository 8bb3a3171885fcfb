//! Integration tests: every test runs the real `sesame` binary in an
//! isolated home (see `support`).

mod commands_add;
mod commands_get;
mod commands_info;
mod commands_init;
mod commands_list;
mod commands_rm;
mod completion_ids;
mod config_file;
mod env_cmd;
mod export_cmd;
mod faults;
mod format;
mod generate_cmd;
mod generated;
mod hostile;
mod hygiene_audit;
mod hygiene_journal;
mod hygiene_policy;
mod ids;
mod import_dotenv;
mod import_json;
mod import_pass;
mod inject;
mod lifecycle_history;
mod lifecycle_mv;
mod lifecycle_passwd;
mod lifecycle_rotate;
mod memory;
mod run_cmd;
mod security_unlock;
mod sessions;
mod support;
mod threats;
mod threats_writes;
mod unlock_sources;
