mod add_validator;
mod remove_validator;
mod session_manager;
