//! Pure rules of circle: no I/O here, so everything can be tested quickly and
//! reused by the store, the console and the command line alike.

pub mod deal;
pub mod endings;
pub mod kinds;
pub mod member;
pub mod members_csv;
pub mod redeal;
pub mod size;
pub mod text;

pub use kinds::*;
