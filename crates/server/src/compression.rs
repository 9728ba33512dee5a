//! Compresses what is worth it, for a client that asks: the SPA's files and the larger JSON
//! answers (lists, detail, reports) leave brotli- or gzip-compressed, which matters on warehouse
//! Wi-Fi. Answers under 1 KiB (a scan's result, `/stats`) and formats that are compressed
//! already (XLSX, images) leave as they are: compressing them costs CPU on the busiest paths
//! and saves nothing. (actix's `Compress` would compress every answer.)
//!
//! An answer the server holds whole (every JSON answer) is gzipped in place, on the worker, with
//! a compressor each worker thread keeps and resets. actix's encoder hands every chunk over 1 KiB
//! to a blocking thread and builds a new encoder (~250 KiB of state) per answer: under the seed
//! mix that was 48 MiB of the server's peak memory (122 against 74 MiB with compression off) and
//! 15 % of its throughput (2,965 against 3,495 requests/s), loadtest/NOTES.md, session 12.
//! Streams (exports, the SPA's files) and clients that take only brotli still go through it.

use std::cell::RefCell;

use actix_http::encoding::Encoder;
use actix_web::body::{BodySize, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, AcceptEncoding, ContentEncoding, Encoding, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web::Bytes;
use actix_web::{Error, HttpMessage};
use flate2::{Compress, Compression, Crc, FlushCompress, Status};

/// Below this an answer is sent as it is.
const MIN_BYTES: u64 = 1024;
/// Up to this an answer held whole is compressed on the worker (~1 ms at most); larger ones go
/// to actix's encoder, which compresses on a blocking thread.
const IN_PLACE_MAX: u64 = 256 * 1024;

const SUPPORTED: [Encoding; 3] = [Encoding::brotli(), Encoding::gzip(), Encoding::identity()];
const IN_PLACE: [Encoding; 2] = [Encoding::gzip(), Encoding::identity()];

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let accept = req.get_header::<AcceptEncoding>();
    let asked = accept.as_ref().and_then(|accept| accept.negotiate(SUPPORTED.iter()));
    let gzip_asked = accept.and_then(|accept| accept.negotiate(IN_PLACE.iter())) == Some(Encoding::gzip());
    let response = next.call(req).await?;
    Ok(response.map_body(move |head, body| {
        head.headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
        let size = body.size();
        // An answer that is encoded already is left alone, as actix's encoder does.
        let worth_it = !matches!(size, BodySize::Sized(bytes) if bytes < MIN_BYTES)
            && !head.headers.contains_key(header::CONTENT_ENCODING)
            && head.headers.get(header::CONTENT_TYPE).and_then(|t| t.to_str().ok()).is_none_or(compressible);
        let body = match size {
            BodySize::Sized(bytes) if worth_it && gzip_asked && bytes <= IN_PLACE_MAX => match body.try_into_bytes() {
                Ok(whole) => match gzip(&whole) {
                    Some(packed) => {
                        head.headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
                        return EitherBody::right(packed);
                    }
                    None => return EitherBody::right(whole),
                },
                Err(body) => body,
            },
            _ => body,
        };
        let encoding = match asked {
            Some(Encoding::Known(encoding)) if worth_it => encoding,
            _ => ContentEncoding::Identity,
        };
        EitherBody::left(Encoder::response(encoding, head, body))
    }))
}

thread_local! {
    /// Deflate's state is ~250 KiB: made once per worker thread, reset per answer.
    static DEFLATE: RefCell<Compress> = RefCell::new(Compress::new(Compression::fast(), false));
}

/// `body` as one gzip member (RFC 1952): a fixed header, raw deflate, CRC-32 and length.
/// `None` if the compressor fails (the answer then leaves as it is).
fn gzip(body: &[u8]) -> Option<Bytes> {
    const HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    let mut out = Vec::with_capacity(body.len() / 2 + 1024);
    out.extend_from_slice(&HEADER);
    DEFLATE.with_borrow_mut(|deflate| {
        deflate.reset();
        loop {
            if out.capacity() - out.len() < 1024 {
                out.reserve(body.len().max(1024));
            }
            let rest = body.get(usize::try_from(deflate.total_in()).ok()?..)?;
            match deflate.compress_vec(rest, &mut out, FlushCompress::Finish) {
                Ok(Status::StreamEnd) => return Some(()),
                Ok(Status::Ok | Status::BufError) => continue,
                Err(error) => {
                    tracing::warn!(%error, "gzip failed; the answer leaves uncompressed");
                    return None;
                }
            }
        }
    })?;
    let mut crc = Crc::new();
    crc.update(body);
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&crc.amount().to_le_bytes());
    Some(Bytes::from(out))
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
    use std::io::Read;

    use super::*;

    fn gunzip(packed: &[u8]) -> Vec<u8> {
        let mut plain = Vec::new();
        flate2::read::GzDecoder::new(packed).read_to_end(&mut plain).unwrap_or_else(|e| panic!("{e}"));
        plain
    }

    #[actix_web::test]
    async fn an_answer_encoded_already_is_left_alone() {
        use actix_web::{App, HttpResponse, test, web};
        let app = test::init_service(App::new().wrap(actix_web::middleware::from_fn(middleware)).route(
            "/",
            web::get().to(|| async {
                HttpResponse::Ok().insert_header((header::CONTENT_ENCODING, "br")).body(vec![b'a'; 4096])
            }),
        ))
        .await;
        let request = test::TestRequest::get().uri("/").insert_header((header::ACCEPT_ENCODING, "gzip")).to_request();
        let response = test::call_service(&app, request).await;
        assert_eq!(response.headers().get(header::CONTENT_ENCODING).map(|v| v.as_bytes()), Some(&b"br"[..]));
        assert_eq!(test::read_body(response).await.len(), 4096);
    }

    #[test]
    fn gzip_in_place_round_trips_with_one_reused_compressor() {
        let json =
            br#"{"items":[{"qr":"SB00001","kind":"parent","status":"completed"}],"next_cursor":null}"#.repeat(200);
        let noise: Vec<u8> = (0..300_000u32).map(|n| (n.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        for body in [&json[..], b"", b"x", &noise[..], &json[..]] {
            let packed = gzip(body).unwrap_or_else(|| panic!("gzip of {} bytes", body.len()));
            assert_eq!(gunzip(&packed), body, "{} bytes", body.len());
        }
        let packed = gzip(&json).unwrap_or_else(|| panic!("gzip"));
        assert!(packed.len() < json.len() / 10, "{} of {}", packed.len(), json.len());
    }

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
