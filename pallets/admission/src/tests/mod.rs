mod admit;
mod check_admission;
mod genesis;
mod revoke;
