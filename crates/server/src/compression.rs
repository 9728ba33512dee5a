//! Compresses what is worth it, for a client that asks: the SPA's files and the larger JSON
//! answers (lists, detail, reports) leave brotli- or gzip-compressed, which matters on warehouse
//! Wi-Fi. Answers under 1 KiB (a scan's result, `/stats`) and formats that are compressed
//! already (XLSX, images) leave as they are: compressing them costs CPU on the busiest paths
//! and saves nothing. (actix's `Compress` would compress every answer.)

use actix_http::encoding::Encoder;
use actix_web::body::{BodySize, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, AcceptEncoding, ContentEncoding, Encoding, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage};

/// Below this an answer is sent as it is.
const MIN_BYTES: u64 = 1024;

const SUPPORTED: [Encoding; 3] = [Encoding::brotli(), Encoding::gzip(), Encoding::identity()];

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let asked = req.get_header::<AcceptEncoding>().and_then(|accept| accept.negotiate(SUPPORTED.iter()));
    let response = next.call(req).await?;
    Ok(response.map_body(move |head, body| {
        head.headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
        let worth_it = !matches!(body.size(), BodySize::Sized(bytes) if bytes < MIN_BYTES)
            && head.headers.get(header::CONTENT_TYPE).and_then(|t| t.to_str().ok()).is_none_or(compressible);
        let encoding = match asked {
            Some(Encoding::Known(encoding)) if worth_it => encoding,
            _ => ContentEncoding::Identity,
        };
        Encoder::response(encoding, head, body)
    }))
}

/// Text and JSON compress; images (but SVG), archives and office files are compressed already.
/// Event streams are left alone: a compressor holds back small messages until it has a block.
fn compressible(content_type: &str) -> bool {
    let content_type = content_type.to_ascii_lowercase();
    if content_type.starts_with("text/event-stream") {
        return false;
    }
    let compressed = (content_type.starts_with("image/") && !content_type.starts_with("image/svg"))
        || content_type.starts_with("video/")
        || content_type.starts_with("audio/")
        || content_type.contains("zip")
        || content_type.contains("openxmlformats")
        || content_type.contains("wasm");
    !compressed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_compresses_and_packed_formats_do_not() {
        for yes in
            ["application/json", "text/csv; charset=utf-8", "text/html", "image/svg+xml", "application/javascript"]
        {
            assert!(compressible(yes), "{yes}");
        }
        for no in [
            "image/png",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/zip",
            "application/wasm",
        ] {
            assert!(!compressible(no), "{no}");
        }
    }
}
