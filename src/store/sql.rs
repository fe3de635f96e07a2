//! How the domain's enumerations are stored: each as its stable code, which
//! the schema checks with a `CHECK` constraint.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::domain::{
    ActivityStage, CardStyle, ChannelKind, ChannelStatus, EndingMode, GroupStatus, MeetingMode, MemberStatus, Openness,
    Role,
};

macro_rules! stored_as_code {
    ($($name:ident),* $(,)?) => {$(
        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(self.code().into())
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                // What circle stored is the exact code; the forgiving parse
                // (case, spaces, labels) costs allocations on every row read.
                let text = value.as_str()?;
                match $name::ALL.iter().find(|v| v.code() == text) {
                    Some(found) => Ok(*found),
                    None => $name::parse(text).map_err(|e| FromSqlError::Other(Box::new(e))),
                }
            }
        }
    )*};
}

stored_as_code!(
    Openness,
    GroupStatus,
    MemberStatus,
    Role,
    MeetingMode,
    EndingMode,
    CardStyle,
    ActivityStage,
    ChannelKind,
    ChannelStatus
);
