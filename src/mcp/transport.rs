//! The server's stdio transport: one JSON-RPC message per line, as rmcp's, except that no
//! input goes unanswered. rmcp drops a line that is not JSON, and one over its size limit,
//! without a word (it logs them), so a client waits for a reply that never comes. Here
//! every such line is answered as JSON-RPC 2.0 says: a parse error (-32700) for what is
//! not JSON, an invalid request (-32600) for JSON that is no message and for a message
//! over the limit, which names the limit. Only notifications get no reply, as JSON-RPC
//! wants, and a line is never buffered beyond the limit.

use std::sync::Arc;

use rmcp::RoleServer;
use rmcp::model::{ErrorData, NumberOrString};
use rmcp::service::{RxJsonRpcMessage, TxJsonRpcMessage};
use tokio::io::{AsyncBufReadExt as _, AsyncRead, AsyncWrite, AsyncWriteExt as _, BufReader};
use tokio::sync::Mutex;

/// The largest message read, as rmcp's own stdio limit.
pub const MAX_MESSAGE: usize = 16 * 1024 * 1024;

/// Messages in from `R`, out to `W`, one per line.
pub struct LineTransport<R, W> {
    read: BufReader<R>,
    line: Vec<u8>,
    /// Skipping the rest of a line already answered as too large.
    discarding: bool,
    out: Arc<Mutex<Outbox<W>>>,
    /// Error replies not yet handed to the outbox.
    pending: Vec<u8>,
    /// The outbox holds bytes that `receive` put there and has not flushed yet.
    unflushed: bool,
}

/// Bytes on their way out: kept until written, so that a write cancelled half-way (the
/// service polls `receive` in a `select!`) resumes where it stopped and no line is torn.
struct Outbox<W> {
    write: W,
    buf: Vec<u8>,
}

impl<W: AsyncWrite + Unpin> Outbox<W> {
    async fn flush(&mut self) -> std::io::Result<()> {
        while !self.buf.is_empty() {
            let n = self.write.write(&self.buf).await?;
            if n == 0 {
                return Err(std::io::ErrorKind::WriteZero.into());
            }
            self.buf.drain(..n);
        }
        self.write.flush().await
    }
}

/// One line read, or why not.
enum Line {
    Whole,
    TooLong,
    End,
}

impl<R: AsyncRead + Unpin, W: AsyncWrite + Unpin> LineTransport<R, W> {
    pub fn new(read: R, write: W) -> Self {
        LineTransport {
            read: BufReader::new(read),
            line: Vec::new(),
            discarding: false,
            out: Arc::new(Mutex::new(Outbox {
                write,
                buf: Vec::new(),
            })),
            pending: Vec::new(),
            unflushed: false,
        }
    }

    /// Reads up to a newline into `self.line`, never holding more than [`MAX_MESSAGE`].
    /// Cancel-safe: what was read stays in `self.line` for the next call.
    async fn read_line(&mut self) -> std::io::Result<Line> {
        loop {
            let available = self.read.fill_buf().await?;
            if available.is_empty() {
                return Ok(Line::End);
            }
            let newline = available.iter().position(|b| *b == b'\n');
            let take = newline.map_or(available.len(), |i| i + 1);
            let mut too_long = false;
            if !self.discarding {
                if self.line.len() + take > MAX_MESSAGE + 1 {
                    self.line.clear();
                    self.discarding = true;
                    too_long = true;
                } else {
                    self.line.extend_from_slice(&available[..take]);
                }
            }
            self.read.consume(take);
            if newline.is_some() {
                let was_discarding = std::mem::take(&mut self.discarding);
                if !was_discarding {
                    return Ok(Line::Whole);
                }
            }
            if too_long {
                return Ok(Line::TooLong);
            }
        }
    }

    /// Queues an error reply; `receive` sends it before it reads on.
    fn answer(&mut self, error: ErrorData, id: Option<NumberOrString>) {
        let reply = TxJsonRpcMessage::<RoleServer>::error(error, id);
        // An error reply always serialises; if it did not, there is nothing to send.
        if let Ok(mut bytes) = serde_json::to_vec(&reply) {
            bytes.push(b'\n');
            self.pending.extend(bytes);
        }
    }

    /// What a line holds: a message, nothing to answer, or an error reply queued.
    fn parse(&mut self, line: &[u8]) -> Option<RxJsonRpcMessage<RoleServer>> {
        let line = line.strip_suffix(b"\n").unwrap_or(line);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        let value: serde_json::Value = match serde_json::from_slice(line) {
            Ok(value) => value,
            Err(e) => {
                self.answer(
                    ErrorData::parse_error(format!("Parse error: {e}"), None),
                    None,
                );
                return None;
            }
        };
        let id = match value.get("id") {
            Some(serde_json::Value::Number(n)) => n.as_i64().map(NumberOrString::Number),
            Some(serde_json::Value::String(s)) => Some(NumberOrString::String(s.as_str().into())),
            _ => None,
        };
        let notification = value.get("id").is_none() && value.get("method").is_some();
        match serde_json::from_value(value) {
            Ok(message) => Some(message),
            // A notification is never answered, also one this server does not know.
            Err(_) if notification => None,
            Err(e) => {
                self.answer(
                    ErrorData::invalid_request(format!("Invalid Request: {e}"), None),
                    id,
                );
                None
            }
        }
    }
}

impl<R, W> rmcp::transport::Transport<RoleServer> for LineTransport<R, W>
where
    R: AsyncRead + Unpin + Send + 'static,
    W: AsyncWrite + Unpin + Send + 'static,
{
    type Error = std::io::Error;

    fn send(
        &mut self,
        item: TxJsonRpcMessage<RoleServer>,
    ) -> impl Future<Output = Result<(), Self::Error>> + Send + 'static {
        let out = self.out.clone();
        let bytes = serde_json::to_vec(&item).map(|mut b| {
            b.push(b'\n');
            b
        });
        async move {
            let bytes = bytes.map_err(std::io::Error::other)?;
            let mut out = out.lock().await;
            out.buf.extend(bytes);
            out.flush().await
        }
    }

    async fn receive(&mut self) -> Option<RxJsonRpcMessage<RoleServer>> {
        loop {
            if !self.pending.is_empty() || self.unflushed {
                let mut out = self.out.lock().await;
                out.buf.append(&mut self.pending);
                self.unflushed = true;
                out.flush().await.ok()?;
                self.unflushed = false;
            }
            match self.read_line().await.ok()? {
                Line::End => return None,
                Line::TooLong => self.answer(
                    ErrorData::invalid_request(
                        format!(
                            "Invalid Request: the message is larger than {} MiB, the most this \
                             server reads",
                            MAX_MESSAGE / (1024 * 1024)
                        ),
                        None,
                    ),
                    None,
                ),
                Line::Whole => {
                    let line = std::mem::take(&mut self.line);
                    let message = self.parse(&line);
                    // The buffer is kept for the next line, its capacity with it.
                    self.line = line;
                    self.line.clear();
                    if let Some(message) = message {
                        return Some(message);
                    }
                }
            }
        }
    }

    async fn close(&mut self) -> Result<(), Self::Error> {
        self.out.lock().await.flush().await
    }
}
