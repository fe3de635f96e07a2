//! Pure rules and the entities they work on: no I/O and no SQL here, so
//! everything can be tested quickly and reused by the store, the use cases,
//! the console and the command line alike.

pub mod agreement;
pub mod deal;
pub mod endings;
pub mod group;
pub mod health;
pub mod kinds;
pub mod meeting;
pub mod member;
pub mod members_csv;
pub mod promotion;
pub mod redeal;
pub mod roster;
pub mod round;
pub mod sample;
pub mod size;
pub mod text;

pub use agreement::{AgreementVersion, Signup};
pub use endings::{Activity, Card, DealEntry, NewActivity};
pub use group::{Group, GroupSettings, NewGroup};
pub use kinds::*;
pub use meeting::{Attendance, Meeting, NewMeeting};
pub use member::{Member, MemberFields, StatusChange};
pub use promotion::{Channel, NewChannel};
pub use roster::{RATE_WINDOW, RosterQuery, RosterRow, RosterSort};
