// Reading a request body up to a limit, from a Node stream or a Fetch API Request. An oversize body is
// refused from Content-Length when it is declared, and otherwise as soon as the limit is passed.
import type { IncomingMessage } from 'node:http';
import type { BodyRead } from './webhook-processor.js';

/** A declared Content-Length above the limit; unparsable values are left to the stream count. */
function declaredTooLarge(contentLength: string | null | undefined, limit: number): boolean {
  return typeof contentLength === 'string' && /^[0-9]+$/.test(contentLength) && Number(contentLength) > limit;
}

export function readNodeBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  // A body parser that ran first leaves nothing to read; hashing "nothing" must not look like success.
  if (req.readableDidRead || req.readableEnded)
    return Promise.resolve({ ok: false, reason: 'already-consumed' });
  if (declaredTooLarge(req.headers['content-length'], limit))
    return Promise.resolve({ ok: false, reason: 'too-large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyRead) => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onError);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop buffering; the rest is discarded while the 413 goes out and the connection closes.
        finish({ ok: false, reason: 'too-large' });
        req.resume();
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      finish({ ok: true, body: Buffer.concat(chunks, size) });
    };
    // 'close' before 'end' means the client went away mid-body.
    const onError = () => {
      finish({ ok: false, reason: 'aborted' });
    };
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onError);
  });
}

export async function readRequestBody(request: Request, limit: number): Promise<BodyRead> {
  if (request.bodyUsed) return { ok: false, reason: 'already-consumed' };
  if (declaredTooLarge(request.headers.get('content-length'), limit))
    return { ok: false, reason: 'too-large' };
  if (request.body === null) return { ok: true, body: new Uint8Array(0) };
  const reader = (request.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, reason: 'too-large' };
      }
      chunks.push(value);
    }
  } catch {
    return { ok: false, reason: 'aborted' };
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return { ok: true, body };
}
