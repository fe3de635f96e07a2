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
                $name::parse(value.as_str()?).map_err(|e| FromSqlError::Other(Box::new(e)))
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
