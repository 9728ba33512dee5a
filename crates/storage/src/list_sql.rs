//! List statements built from the filters a caller actually gave. Each combination of filters is
//! its own SQL text, so sqlx prepares it once per connection and PostgreSQL plans it for that
//! shape, instead of planning one catch-all statement (`$1 is null or …`) on every call (the
//! planning cost more than running the query). Values from closed sets (kinds, statuses) are
//! written as literals so a plan can use the partial indexes made for them; everything a user
//! typed stays a bound parameter.

use sqlx::postgres::{PgArguments, PgRow};
use sqlx::query::QueryAs;
use sqlx::{Encode, FromRow, Postgres, QueryBuilder, Type};

pub struct ListSql<'a> {
    builder: QueryBuilder<'a, Postgres>,
    per_call: bool,
}

impl<'a> ListSql<'a> {
    /// `head` ends in a `where` clause (`where true` when there is nothing else).
    pub fn new(head: impl Into<String>) -> Self {
        Self { builder: QueryBuilder::new(head), per_call: false }
    }

    /// SQL written by the program, never by a caller.
    pub fn text(&mut self, sql: &str) {
        self.builder.push(sql);
    }

    pub fn bind<T: 'a + Encode<'a, Postgres> + Type<Postgres>>(&mut self, value: T) {
        self.builder.push_bind(value);
    }

    /// ` and column = $n` when `value` is given.
    pub fn equal<T: 'a + Encode<'a, Postgres> + Type<Postgres>>(&mut self, column: &str, value: Option<T>) {
        if let Some(value) = value {
            self.builder.push(" and ").push(column).push(" = ").push_bind(value);
        }
    }

    /// ` and <comparison>$n` (e.g. `b.id < `) when `value` is given.
    pub fn compare<T: 'a + Encode<'a, Postgres> + Type<Postgres>>(&mut self, comparison: &str, value: Option<T>) {
        if let Some(value) = value {
            self.builder.push(" and ").push(comparison).push_bind(value);
        }
    }

    /// ` and column = 'value'` as a literal when `value` is one of `allowed`, which it returns; a
    /// value outside the set matches nothing.
    pub fn closed(&mut self, column: &str, value: Option<&str>, allowed: &[&'static str]) -> Option<&'static str> {
        let value = value?;
        let known = allowed.iter().copied().find(|allowed| *allowed == value);
        match known {
            Some(literal) => self.builder.push(" and ").push(column).push(" = '").push(literal).push("'"),
            None => self.builder.push(" and false"),
        };
        known
    }

    /// Plans the statement with this call's values instead of caching it: for filters whose best
    /// plan depends on the value (a QR prefix, a date range), where a generic plan cannot use
    /// the index and walks the list instead.
    pub fn plan_per_call(&mut self) {
        self.per_call = true;
    }

    pub fn build_query_as<O: for<'r> FromRow<'r, PgRow>>(&mut self) -> QueryAs<'_, Postgres, O, PgArguments> {
        let cached = !self.per_call;
        self.builder.build_query_as().persistent(cached)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_given_filters_appear_and_closed_values_are_literals() {
        let mut sql = ListSql::new("select * from bags b where true");
        assert_eq!(sql.closed("b.kind", Some("parent"), &["parent", "child"]), Some("parent"));
        sql.equal("b.area", Some("lucknow"));
        sql.equal::<&str>("b.parent_type", None);
        sql.compare("b.id < ", Some(7_i64));
        assert_eq!(
            sql.builder.sql(),
            "select * from bags b where true and b.kind = 'parent' and b.area = $1 and b.id < $2"
        );
    }

    #[test]
    fn a_value_outside_a_closed_set_matches_nothing_and_is_never_written() {
        let mut sql = ListSql::new("select * from bags b where true");
        assert_eq!(sql.closed("b.kind", Some("x' or '1'='1"), &["parent", "child"]), None);
        assert_eq!(sql.builder.sql(), "select * from bags b where true and false");
    }
}
