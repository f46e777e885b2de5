/**
 * Which API base addresses may receive credentials. Shared by the CLI and the app's settings so both refuse the
 * same addresses with the same words.
 */

/** Whether `hostname` (as `URL.hostname` gives it) is this machine: 127.0.0.0/8, `localhost`, `[::1]`. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]') return true;
  // URL has already normalised IPv4 forms (`127.1`, `0x7f.1`) to dotted decimal.
  const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return octets !== null && octets[1] === '127' && octets.slice(2).every((octet) => Number(octet) <= 255);
}

/**
 * Checks an API base address; returns why it is refused, or `null` when it may be used. `https://` is required,
 * except for loopback (a local proxy or the sandbox), because plain `http://` sends the token in clear text.
 * Credentials inside the address are refused too: they would be sent and logged with it.
 */
export function checkApiBase(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return `"${value}" is not a full http(s) address`;
  }
  if (url.username || url.password) return 'the API address must not contain a user name or password';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:') {
    if (isLoopbackHost(url.hostname)) return null;
    return `plain http:// would send the API token in clear text to ${url.hostname}: use https:// (http:// is allowed only for 127.0.0.1, localhost and [::1])`;
  }
  return `"${value}" is not a full http(s) address`;
}
