//! The `Allow` header of a 405: the methods the documented operation of the matched path has.
//! Read from the OpenAPI document, which a test keeps equal to what is served.

use std::collections::HashMap;
use std::sync::LazyLock;

static ALLOWED: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    let document = crate::openapi::document();
    document
        .paths
        .paths
        .iter()
        .map(|(path, item)| {
            let methods = [
                ("GET", item.get.is_some()),
                ("HEAD", item.get.is_some()),
                ("POST", item.post.is_some()),
                ("PUT", item.put.is_some()),
                ("PATCH", item.patch.is_some()),
                ("DELETE", item.delete.is_some()),
            ];
            let allowed: Vec<&str> = methods.iter().filter(|(_, on)| *on).map(|(name, _)| *name).collect();
            (path.clone(), allowed.join(", "))
        })
        .collect()
});

/// The methods of the route pattern `pattern` (e.g. `/api/v1/bills/{bill_id}`), if documented.
pub fn methods_of(pattern: &str) -> Option<&'static str> {
    ALLOWED.get(pattern).map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_documented_path_lists_its_methods() {
        assert_eq!(methods_of("/api/v1/bills/{bill_id}"), Some("GET, HEAD, PATCH, DELETE"));
        assert_eq!(methods_of("/api/v1/auth/login"), Some("POST"));
        assert_eq!(methods_of("/nowhere"), None);
    }
}
