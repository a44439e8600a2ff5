// Zadarma's signing, as its official PHP client (github.com/zadarma/user-api-v1) does it. PHP's
// hash_hmac returns lowercase hex by default, and Zadarma base64-encodes that hex string (not the
// raw digest): signature = base64(hex(HMAC-SHA1(data, secret))).
import { createHash, createHmac } from 'node:crypto';

export function zadarmaHmac(data: string, secret: string): string {
  return Buffer.from(createHmac('sha1', secret).update(data, 'utf8').digest('hex'), 'utf8').toString('base64');
}

/** PHP urlencode / http_build_query (RFC 1738): unreserved are [A-Za-z0-9_.-], space is "+". */
export function phpUrlencode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*~]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** http_build_query of params sorted by key (ksort), as the API signature requires. */
export function zadarmaQueryString(params: Record<string, string>): string {
  return Object.keys(params)
    .sort()
    .map((key) => `${phpUrlencode(key)}=${phpUrlencode(params[key] ?? '')}`)
    .join('&');
}

/** `Authorization: <key>:<sign>` for an API call; `method` is the path, e.g. "/v1/pbx/record/request/". */
export function zadarmaAuthorization(method: string, params: Record<string, string>, key: string, secret: string): string {
  const query = zadarmaQueryString(params);
  const md5 = createHash('md5').update(query, 'utf8').digest('hex');
  return `${key}:${zadarmaHmac(method + query + md5, secret)}`;
}
