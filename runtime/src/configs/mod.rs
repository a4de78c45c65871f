//! Configuration of the runtime's pallets, one module per concern.

mod agreements;
mod catalog;
mod consensus;
mod governance;
mod identity;
mod no_tokens;
mod notary;
mod system;

pub use consensus::*;
pub use governance::*;
pub use identity::*;
pub use no_tokens::NoTokens;
pub use system::*;
