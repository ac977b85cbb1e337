// The renderer's Content Security Policy, the same in every shell: its own origin only, no
// 'unsafe-inline' anywhere (the renderer sets dynamic colours through CSSOM, which CSP allows),
// no plug-ins, no framing.

export interface CspOptions {
  /**
   * Where a form may submit. The renderer's forms never submit (their handlers prevent it); the
   * web shell still allows its own origin, the desktop app, which has no server, allows none.
   */
  formAction: "'self'" | "'none'";
}

export function contentSecurityPolicy(opts: CspOptions): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    `form-action ${opts.formAction}`,
    "frame-ancestors 'none'",
  ].join('; ');
}
